//! Every rendering is read back and decoded by a real QR decoder (`rqrr`) to the exact link.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

use super::widget::{DARK, LIGHT};
use super::*;

/// A realistic onboarding link: base URL plus a 22-character URL-safe base64 token (128 bits).
const LINK: &str = "https://onboarding.example.nhs.uk/start/q3Xz-9_bKf2LmN0pQrStUw";

/// Decodes every QR code found in a greyscale image (0 black, 255 white).
fn decode_greyscale(
    width: usize,
    height: usize,
    pixel: impl Fn(usize, usize) -> u8,
) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, pixel);
    image
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a detected grid decodes").1)
        .collect()
}

fn decode_png(bytes: &[u8]) -> Vec<String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut pixels).expect("PNG frame");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let width = info.width as usize;
    decode_greyscale(width, info.height as usize, |x, y| {
        pixels[y * info.line_size + x]
    })
}

/// Rasterises the SVG with resvg at `scale` times its own size and decodes the pixels.
fn decode_svg(svg: &str, scale: f32) -> Vec<String> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("SVG parses");
    let size = tree.size();
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    // Transparent pixels would read as black: start from a mid grey so a missing background shows.
    let mut pixmap = tiny_skia::Pixmap::new(width, height).expect("pixmap");
    pixmap.fill(tiny_skia::Color::from_rgba8(128, 128, 128, 255));
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let data = pixmap.data();
    decode_greyscale(width as usize, height as usize, |x, y| {
        let i = 4 * (y * width as usize + x);
        // RGB are equal for black / white / grey; take the mean anyway.
        ((u16::from(data[i]) + u16::from(data[i + 1]) + u16::from(data[i + 2])) / 3) as u8
    })
}

/// Draws the widget into a `width × height` TestBackend and returns its buffer.
fn render(matrix: &QrMatrix, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| frame.render_widget(QrWidget { matrix }, frame.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// Parses `to_ansi()` back into modules, checking each line's colours and reset.
fn modules_from_ansi(text: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let body = line
            .strip_prefix(ANSI_DARK_ON_LIGHT)
            .expect("every line sets black on white first");
        let body = body
            .strip_suffix(ANSI_RESET)
            .expect("every line resets its colours at the end");
        assert!(
            !body.contains('\x1b'),
            "no other escape sequences: {body:?}"
        );
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for ch in body.chars() {
            let (t, b) = match ch {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?} in the ANSI code"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// Asserts a full grid (quiet zone included) has `QUIET_ZONE` light modules on every side.
fn assert_quiet_zone(rows: &[Vec<bool>], matrix: &QrMatrix) {
    let size = matrix.width() + 2 * QUIET_ZONE;
    assert!(rows.len() >= size);
    for (y, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), size);
        for (x, &dark) in row.iter().enumerate() {
            let in_code = (QUIET_ZONE..QUIET_ZONE + matrix.width()).contains(&x)
                && (QUIET_ZONE..QUIET_ZONE + matrix.width()).contains(&y);
            if in_code {
                assert_eq!(
                    dark,
                    matrix.is_dark(x - QUIET_ZONE, y - QUIET_ZONE),
                    "module {x},{y}"
                );
            } else {
                assert!(!dark, "quiet zone module {x},{y} is dark");
            }
        }
    }
}

/// A picture of a buffer for snapshots: the block each cell shows, '·' where nothing was drawn,
/// '?' for any cell not in black and white.
fn picture(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            let ch = match (cell.symbol(), cell.fg, cell.bg) {
                (" ", Color::Reset, Color::Reset) => '·',
                ("▀", DARK, DARK) => '█',
                ("▀", DARK, LIGHT) => '▀',
                ("▀", LIGHT, DARK) => '▄',
                ("▀", LIGHT, LIGHT) => ' ',
                _ => '?',
            };
            out.push(ch);
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_link_is_a_small_code_at_level_m() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    // 62 bytes fit version 4 (33 modules) at level M: 41 columns by 21 rows on screen.
    assert_eq!(matrix.width(), 33);
    assert_eq!(matrix.terminal_size(), (41, 21));
    assert!(!matrix.is_dark(33, 0), "outside the code is light");
    assert!(matrix.is_dark(0, 0), "finder pattern corner is dark");
}

#[test]
fn png_decodes_to_the_link() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    for module_px in [1, 3, 8] {
        let png = matrix.to_png(module_px).expect("png");
        let decoded = decode_png(&png);
        if module_px == 1 {
            // One pixel per module is below what the decoder reliably reads; it must at least not lie.
            assert!(decoded.iter().all(|text| text == LINK), "{decoded:?}");
        } else {
            assert_eq!(
                decoded,
                vec![LINK.to_string()],
                "at {module_px} px per module"
            );
        }
    }
}

#[test]
fn png_size_includes_the_quiet_zone() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let png = matrix.to_png(5).expect("png");
    let reader = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .expect("header");
    let info = reader.info();
    assert_eq!((info.width, info.height), (41 * 5, 41 * 5));
}

#[test]
fn png_module_size_out_of_range_is_refused_with_the_range() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    for module_px in [0, MAX_MODULE_PX + 1] {
        let error = matrix.to_png(module_px).expect_err("refused");
        assert!(matches!(error, QrError::ModuleSize { .. }));
        let message = error.to_string();
        assert!(message.contains("1 to 32 pixels per module"), "{message}");
    }
}

#[test]
fn svg_rasterised_by_resvg_decodes_to_the_link() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let svg = matrix.to_svg(6);
    assert!(
        svg.contains("width=\"246\" height=\"246\" viewBox=\"0 0 41 41\""),
        "{svg}"
    );
    assert_eq!(svg.matches("<path").count(), 1, "one path of dark squares");
    assert!(svg.contains("<rect x=\"0\" y=\"0\" width=\"41\" height=\"41\" fill=\"#ffffff\"/>"));
    // At its own size, and scaled to a fractional 3.5 px per module (anti-aliased edges).
    assert_eq!(decode_svg(&svg, 1.0), vec![LINK.to_string()]);
    assert_eq!(decode_svg(&svg, 3.5 / 6.0), vec![LINK.to_string()]);
    // Module size 0 is taken as 1 rather than an empty image.
    assert!(matrix.to_svg(0).contains("width=\"41\" height=\"41\""));
}

#[test]
fn terminal_widget_read_back_from_the_test_backend_decodes_to_the_link() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let buffer = render(&matrix, 80, 24);
    let area = placement(&matrix, *buffer.area()).expect("fits in 80x24");
    assert_eq!(area, Rect::new(19, 1, 41, 21), "centred");
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            assert_eq!(cell.symbol(), "▀");
            assert!(matches!(cell.fg, DARK | LIGHT), "fg {:?}", cell.fg);
            assert!(matches!(cell.bg, DARK | LIGHT), "bg {:?}", cell.bg);
        }
    }
    // Outside the code nothing is drawn.
    assert_eq!(buffer[(area.left() - 1, area.top())].symbol(), " ");
    assert_eq!(buffer[(area.left() - 1, area.top())].bg, Color::Reset);
    let rows = matrix_from_buffer(&buffer, area).expect("QR cells");
    // 41 modules need 21 rows; the last half-row below the quiet zone is light too.
    assert_eq!(rows.len(), 42);
    assert!(rows[41].iter().all(|&dark| !dark));
    assert_quiet_zone(&rows[..41], &matrix);
    assert_eq!(decode_modules(&rows), vec![LINK.to_string()]);
}

#[test]
fn matrix_from_buffer_refuses_cells_the_widget_did_not_draw() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let mut buffer = render(&matrix, 80, 24);
    let area = placement(&matrix, *buffer.area()).expect("fits");
    assert!(
        matrix_from_buffer(&buffer, Rect::new(0, 0, 5, 5)).is_none(),
        "blank cells"
    );
    assert!(
        matrix_from_buffer(&buffer, Rect::new(78, 0, 5, 5)).is_none(),
        "off the buffer"
    );
    buffer[(area.x + 5, area.y + 5)].set_fg(Color::Reset);
    assert!(
        matrix_from_buffer(&buffer, area).is_none(),
        "a Reset colour"
    );
}

#[test]
fn ansi_text_parsed_back_decodes_to_the_link() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let ansi = matrix.to_ansi();
    assert_eq!(ansi.lines().count(), 21);
    assert!(ansi.ends_with("\x1b[0m\n"));
    let rows = modules_from_ansi(&ansi);
    assert_eq!(rows.len(), 42);
    assert!(rows[41].iter().all(|&dark| !dark));
    assert_quiet_zone(&rows[..41], &matrix);
    assert_eq!(decode_modules(&rows), vec![LINK.to_string()]);
}

#[test]
fn every_renderer_agrees_on_the_modules() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let buffer = render(&matrix, 41, 21);
    let from_widget = matrix_from_buffer(&buffer, *buffer.area()).expect("QR cells");
    assert_eq!(from_widget, modules_from_ansi(&matrix.to_ansi()));
}

#[test]
fn longer_links_need_bigger_codes_and_still_decode() {
    for length in [20, 100, 300, 900] {
        let link = format!(
            "https://onboarding.example.nhs.uk/{}",
            "a1B2-_".repeat(length / 6)
        );
        let matrix = QrMatrix::encode(&link).expect("encode");
        let png = matrix.to_png(4).expect("png");
        assert_eq!(
            decode_png(&png),
            vec![link.clone()],
            "PNG of {} bytes",
            link.len()
        );
        let (columns, rows) = matrix.terminal_size();
        let buffer = render(&matrix, columns, rows);
        let modules = matrix_from_buffer(&buffer, *buffer.area()).expect("QR cells");
        assert_eq!(decode_modules(&modules), vec![link.clone()], "widget");
    }
}

#[test]
fn too_long_a_link_says_how_long_and_what_to_do() {
    let link = format!("https://onboarding.example.nhs.uk/{}", "x".repeat(2400));
    let error = QrMatrix::encode(&link).expect_err("too long");
    assert!(
        matches!(
            error,
            QrError::TooLong {
                length: 2434,
                max: 2331
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the link is 2434 characters; a QR code holds at most 2331 at this error-correction \
         level (M): use a shorter onboarding base URL"
    );
    // The largest that fits does fit.
    let longest = "x".repeat(MAX_LINK_BYTES);
    assert_eq!(QrMatrix::encode(&longest).expect("fits").width(), 177);
}

#[test]
fn an_empty_link_is_refused() {
    let error = QrMatrix::encode("").expect_err("empty");
    assert!(matches!(error, QrError::Empty));
    assert!(error.to_string().contains("onboarding base URL"));
}

#[test]
fn a_too_small_area_draws_nothing() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    for (width, height) in [(40, 21), (41, 20), (10, 5)] {
        let area = Rect::new(0, 0, width, height);
        assert!(!fits(&matrix, area));
        assert_eq!(placement(&matrix, area), None);
        let buffer = render(&matrix, width, height);
        assert_eq!(buffer, Buffer::empty(area), "{width}x{height}");
    }
    assert!(fits(&matrix, Rect::new(3, 7, 41, 21)));
}

#[test]
fn an_area_partly_outside_the_buffer_is_clipped_without_panicking() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 10));
    ratatui::widgets::Widget::render(
        QrWidget { matrix: &matrix },
        Rect::new(5, 5, 60, 30),
        &mut buffer,
    );
    // Nothing panicked; whatever was drawn is black and white.
    assert!(picture(&buffer).chars().all(|ch| ch != '?'));
}

#[test]
fn snapshot_small_code_centred() {
    let matrix = QrMatrix::encode("https://nhs.uk").expect("encode");
    assert_eq!(matrix.terminal_size(), (29, 15));
    let buffer = render(&matrix, 33, 17);
    insta::assert_snapshot!(picture(&buffer));
}

#[test]
fn snapshot_does_not_fit() {
    let matrix = QrMatrix::encode("https://nhs.uk").expect("encode");
    let buffer = render(&matrix, 28, 15);
    insta::assert_snapshot!(picture(&buffer));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any 128-bit URL-safe token, on any https base, decodes from the PNG and the widget.
    #[test]
    fn any_token_decodes(token in "[A-Za-z0-9_-]{22}", host in "[a-z]{1,20}") {
        let link = format!("https://{host}.example.nhs.uk/start/{token}");
        let matrix = QrMatrix::encode(&link).expect("encode");
        prop_assert_eq!(decode_png(&matrix.to_png(3).expect("png")), vec![link.clone()]);
        let (columns, rows) = matrix.terminal_size();
        let buffer = render(&matrix, columns + 3, rows + 2);
        let area = placement(&matrix, *buffer.area()).expect("fits");
        let modules = matrix_from_buffer(&buffer, area).expect("QR cells");
        prop_assert_eq!(decode_modules(&modules), vec![link]);
    }
}

/// Draws a [`FittedQr`] for `matrix` into a `width × height` buffer.
fn render_fitted(matrix: &QrMatrix, width: u16, height: u16) -> (Buffer, FittedQr<'_>) {
    let fitted = FittedQr::new(matrix, Rect::new(0, 0, width, height)).expect("fits");
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| frame.render_widget(fitted, frame.area()))
        .expect("draw");
    (terminal.backend().buffer().clone(), fitted)
}

#[test]
fn a_fitted_code_keeps_the_full_quiet_zone_when_there_is_room() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let (buffer, fitted) = render_fitted(&matrix, 50, 30);
    assert_eq!(fitted.quiet_zone, QUIET_ZONE);
    assert_eq!(drawn_area(&buffer), Some(fitted.target));
    // The same cells as the standard widget draws.
    assert_eq!(buffer, render(&matrix, 50, 30));
}

#[test]
fn a_narrower_quiet_zone_down_to_two_modules_still_decodes() {
    let matrix = QrMatrix::encode(LINK).expect("encode");
    let (columns, rows) = matrix.terminal_size();
    // One and two modules narrower on each side than the standard border.
    for (narrower, quiet_zone) in [(2, 3), (4, 2)] {
        let (buffer, fitted) = render_fitted(&matrix, columns - narrower, rows - narrower / 2);
        assert_eq!(fitted.quiet_zone, quiet_zone);
        let area = drawn_area(&buffer).expect("a code on screen");
        assert_eq!(area, fitted.target);
        let modules = matrix_from_buffer(&buffer, area).expect("QR cells");
        assert_eq!(
            modules[..quiet_zone],
            vec![vec![false; modules[0].len()]; quiet_zone][..]
        );
        assert_eq!(
            decode_modules(&modules),
            vec![LINK.to_string()],
            "quiet zone {quiet_zone}"
        );
    }
    // Narrower than MIN_QUIET_ZONE is never drawn.
    let (smallest_columns, smallest_rows) = FittedQr::smallest_size(&matrix);
    assert_eq!(
        usize::from(smallest_columns),
        matrix.width() + 2 * MIN_QUIET_ZONE
    );
    let area = Rect::new(0, 0, smallest_columns - 1, smallest_rows + 5);
    assert_eq!(FittedQr::new(&matrix, area), None);
}

#[test]
fn any_link_up_to_a_hundred_characters_fits_beside_text_in_an_80_by_24_terminal() {
    // 23 rows (one for the key hints) by 45 columns leaves 35 columns for the words beside it.
    let link = format!("https://onboarding.example.nhs.uk/{}", "x".repeat(66));
    assert_eq!(link.len(), 100);
    let matrix = QrMatrix::encode(&link).expect("encode");
    let (buffer, _) = render_fitted(&matrix, 45, 23);
    let area = drawn_area(&buffer).expect("a code on screen");
    let modules = matrix_from_buffer(&buffer, area).expect("QR cells");
    assert_eq!(decode_modules(&modules), vec![link]);
}
