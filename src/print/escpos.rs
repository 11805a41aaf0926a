//! ESC/POS bytes for an 80 mm receipt printer (Epson TM-T20/T88 and the many compatibles); the
//! same layout fits a 58 mm roll.

use super::fonts::{self, FontSearch, Fonts};
use super::glyph_raster::{self, Bitmap};
use super::layout::{Block, Document, NO_BREAK_SPACE};
use super::qr_image::QrImage;
use super::text::{
    link_lines_columns, one_line, to_ascii_keeping, win_ansi, wrap_by, wrap_columns,
};
use super::{PrintError, PrintOptions};

const ESC: u8 = 0x1b;
const GS: u8 = 0x1d;
const LF: u8 = 0x0a;

/// Characters per line in the printer's standard font (font A, 12 dots) on 80 mm paper, kept
/// at 42 so printers with a 512-dot head (72 mm) do not wrap either.
pub(crate) const COLUMNS: usize = 42;
/// Dots the QR code (with its quiet zone) may span: fits a 512-dot and a 576-dot head.
pub(crate) const QR_MAX_DOTS: usize = 512;
/// Largest module size in dots (1 mm at 203 dpi): big enough to scan at arm's length.
pub(crate) const QR_MAX_MODULE: usize = 8;
/// Dots a character of the standard font (font A) is wide.
const FONT_A_DOTS: usize = 12;
/// Dots to the em for a heading drawn as an image: about as tall as font A's 24-dot letters.
const IMAGE_EM: f32 = 26.0;
/// Code page 437 is what every ESC/POS printer starts in; its £ is 0x9C.
const CP437_POUND: u8 = 0x9c;

/// The width of a receipt roll, as the printer's standard font and dots see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roll {
    /// Characters per line in font A.
    pub(crate) columns: usize,
    /// Dots the QR code with its quiet zone may span.
    pub(crate) qr_max_dots: usize,
}

/// 80 mm paper: the printers fairfloor is set up for.
pub(crate) const ROLL_80MM: Roll = Roll {
    columns: COLUMNS,
    qr_max_dots: QR_MAX_DOTS,
};

/// 58 mm paper (a 384-dot head, 32 characters of font A). No printer setting chooses it yet;
/// the tests hold the layout to it so a narrow printer can be added without a new layout.
#[cfg(test)]
pub(crate) const ROLL_58MM: Roll = Roll {
    columns: 32,
    qr_max_dots: 384,
};

/// The slip as ESC/POS commands for 80 mm paper.
pub(crate) fn bytes(document: &Document, options: PrintOptions) -> Result<Vec<u8>, PrintError> {
    bytes_on(document, options, ROLL_80MM)
}

/// The slip as ESC/POS commands for `roll`: init, text, QR code, feed and partial cut.
pub(crate) fn bytes_on(
    document: &Document,
    options: PrintOptions,
    roll: Roll,
) -> Result<Vec<u8>, PrintError> {
    let search = FontSearch {
        dirs: options.fonts_dir.clone().into_iter().collect(),
        fontconfig_file: None,
    };
    bytes_searching(document, &options, roll, search)
}

/// [`bytes_on`] with fonts for headings in other scripts looked for as `search` says.
pub(crate) fn bytes_searching(
    document: &Document,
    options: &PrintOptions,
    roll: Roll,
    search: FontSearch,
) -> Result<Vec<u8>, PrintError> {
    let mut fonts = Fonts::new(search);
    let columns = roll.columns;

    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(&[ESC, b'@']); // initialise
    out.extend_from_slice(&[ESC, b't', 0]); // code page 437
    for block in &document.blocks {
        match block {
            Block::Title(t) => {
                out.extend_from_slice(&[ESC, b'a', 1, ESC, b'E', 1, GS, b'!', 0x11]);
                lines(&mut out, t, columns / 2, "");
                out.extend_from_slice(&[GS, b'!', 0, ESC, b'E', 0, ESC, b'a', 0]);
            }
            Block::Heading(t) => match heading_image(&mut fonts, t, columns * FONT_A_DOTS) {
                Some(image) => {
                    raster(&mut out, image.width, image.height, |x, y| {
                        image.is_dark(x, y)
                    })
                    .ok_or_else(|| PrintError::Render {
                        format: "ESC/POS",
                        detail: format!("the line \"{t}\" is too large to print as an image"),
                    })?;
                    out.push(LF);
                }
                None => {
                    out.extend_from_slice(&[ESC, b'E', 1]);
                    lines(&mut out, t, columns, "");
                    out.extend_from_slice(&[ESC, b'E', 0]);
                }
            },
            Block::Text(t) => lines(&mut out, t, columns, ""),
            Block::Check { done, text } => {
                lines(&mut out, text, columns, if *done { "[x] " } else { "[ ] " });
            }
            Block::Bullet(t) => lines(&mut out, t, columns, "- "),
            Block::Link(link) => {
                for line in link_lines_columns(&to_ascii_keeping(link, &[]), columns) {
                    out.extend_from_slice(line.as_bytes());
                    out.push(LF);
                }
            }
            Block::Gap => out.push(LF),
            Block::Qr => {
                let qr = QrImage::encode(&document.link)?;
                let module = qr.scale_for(roll.qr_max_dots, QR_MAX_MODULE);
                out.extend_from_slice(&[ESC, b'a', 1]);
                if options.escpos_raster_qr {
                    raster_qr(&mut out, &qr, module)?;
                } else {
                    native_qr(&mut out, document.link.as_bytes(), module)?;
                }
                out.push(LF);
                out.extend_from_slice(&[ESC, b'a', 0]);
            }
        }
    }
    out.extend_from_slice(&[ESC, b'd', 4]); // feed past the tear bar
    out.extend_from_slice(&[GS, b'V', 66, 0]); // feed to the cutter and cut partially
    Ok(out)
}

/// Writes `text` wrapped to `columns`, the first line after `marker` and the rest indented to
/// line up with it; in printable ASCII (and CP437's £) only. No-break spaces hold words
/// together and print as spaces.
fn lines(out: &mut Vec<u8>, text: &str, columns: usize, marker: &str) {
    let text = to_ascii_keeping(text, &['£', NO_BREAK_SPACE]);
    let indent = marker.len();
    let wrapped = wrap_columns(&text, columns.saturating_sub(indent).max(1));
    for (i, line) in wrapped.iter().enumerate() {
        if i == 0 {
            out.extend_from_slice(marker.as_bytes());
        } else {
            out.extend(std::iter::repeat_n(b' ', indent));
        }
        out.extend(line.chars().map(|c| match c {
            '£' => CP437_POUND,
            NO_BREAK_SPACE => b' ',
            // `to_ascii_keeping` left nothing else outside printable ASCII.
            c => u8::try_from(c).unwrap_or(b'?'),
        }));
        out.push(LF);
    }
}

/// The printer's own QR command, `GS ( k`: model 2, module size, error correction M, store
/// the data, print it.
fn native_qr(out: &mut Vec<u8>, data: &[u8], module: usize) -> Result<(), PrintError> {
    let stored = u16::try_from(data.len() + 3)
        .map_err(|_| PrintError::Qr("the link is too long for the printer's QR command".into()))?;
    let [pl, ph] = stored.to_le_bytes();
    let module = u8::try_from(module.clamp(1, 16)).unwrap_or(6);
    // fn 165: model 2
    out.extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
    // fn 167: module size in dots
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 67, module]);
    // fn 169: error correction level M (49)
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
    // fn 180: store the data
    out.extend_from_slice(&[GS, b'(', b'k', pl, ph, 49, 80, 48]);
    out.extend_from_slice(data);
    // fn 181: print the stored symbol
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
    Ok(())
}

/// The QR code drawn as a 1-bit raster image, `GS v 0`, quiet zone included, for printers
/// without the QR command.
fn raster_qr(out: &mut Vec<u8>, qr: &QrImage, module: usize) -> Result<(), PrintError> {
    let dots = qr.size() * module;
    raster(out, dots, dots, |x, y| qr.is_dark(x / module, y / module))
        .ok_or_else(|| PrintError::Qr("the QR code is too large for a raster image".into()))
}

/// A `width` × `height` dot image as `GS v 0`; `None` if it is too large for the command.
/// Bit 7 of each byte is the leftmost dot; 1 prints.
fn raster(
    out: &mut Vec<u8>,
    width: usize,
    height: usize,
    is_dark: impl Fn(usize, usize) -> bool,
) -> Option<()> {
    let row_bytes = width.div_ceil(8);
    let [xl, xh] = u16::try_from(row_bytes).ok()?.to_le_bytes();
    let [yl, yh] = u16::try_from(height).ok()?.to_le_bytes();
    out.extend_from_slice(&[GS, b'v', b'0', 0, xl, xh, yl, yh]);
    let mut row = vec![0u8; row_bytes];
    for y in 0..height {
        row.fill(0);
        for x in 0..width {
            if is_dark(x, y) {
                row[x / 8] |= 0x80 >> (x % 8);
            }
        }
        out.extend_from_slice(&row);
    }
    Some(())
}

/// A heading (the candidate's name) in a script the printer's code page cannot show, drawn
/// as an image `dots` wide at most in a bold font from this computer; `None` when ASCII
/// spelling loses no more than accents, or no font has the letters (then it is spelt in
/// ASCII, as on every receipt printer before).
fn heading_image(fonts: &mut Fonts, text: &str, dots: usize) -> Option<Bitmap> {
    let text = one_line(text);
    if text.chars().all(win_ansi) {
        return None;
    }
    let font = fonts.covering(&text, true)?;
    let face = fonts.get(font).face()?;
    let scale = IMAGE_EM / face.units_per_em() as f32;
    let advance = |c: char| {
        face.glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(0.0, |a| f32::from(a) * scale)
    };
    wrap_by(&text, dots as f32, advance)
        .iter()
        .map(|line| glyph_raster::draw(&face, &fonts::shape(&face, line), IMAGE_EM))
        .reduce(|image, line| image.stacked(&line))
}
