//! Rendering tests: the PNG and PDF read back by real decoders, and what a candidate acts on
//! (the link kept whole or broken only after a `/`, the employer's name and phone, pay and
//! hours, the PDF's date) checked in the real ESC/POS stream at 80 mm and 58 mm, in the PDF's
//! text and in the QR codes read back.

use std::path::Path;

use super::escpos::{self, ROLL_58MM, ROLL_80MM, Roll};
use super::tests::{Cmd, LINK, decode_png, decode_qr, made_at, parse, slip, text_lines};
use super::*;
use crate::domain::offer::{TOKEN_LEN, new_token, onboarding_link};
use crate::qr::{QUIET_ZONE, QrMatrix};

/// A token in the new alphabet, fixed so the expected lines can be written out.
const TOKEN: &str = "7kq3m9xwzr2b4c5d6e7f8g9h2jk";
const BASE: &str = "https://jobs.example.nhs.uk/start";

/// The sample slip with everything a candidate acts on filled in, linking with `link`.
fn full_slip(link: &str) -> Slip {
    Slip {
        demo: false,
        employer_name: Some("Example NHS Trust".into()),
        employer_phone: Some("01632 960000".into()),
        pay: Some("£24,071 a year".into()),
        hours: "37.5 hours a week".into(),
        link: link.into(),
        ..slip()
    }
}

/// The text lines of the slip as ESC/POS for `roll`.
fn escpos_lines(slip: &Slip, options: PrintOptions, roll: Roll) -> (Vec<Cmd>, Vec<String>) {
    let bytes = escpos::bytes_on(&Document::slip(slip).unwrap(), options, roll).expect("escpos");
    let cmds = parse(&bytes).expect("parses");
    let lines = text_lines(&cmds);
    (cmds, lines)
}

/// The lines the link is written on: from the first line starting with `https://` until they
/// spell the whole link.
fn link_lines(lines: &[String], link: &str) -> Vec<String> {
    let start = lines
        .iter()
        .position(|l| l.starts_with("https://"))
        .expect("the link is written out");
    let mut joined = String::new();
    let mut out = Vec::new();
    for line in &lines[start..] {
        if joined.len() >= link.len() {
            break;
        }
        joined.push_str(line);
        out.push(line.clone());
    }
    assert_eq!(joined, link, "the link is written out in full, unaltered");
    out
}

/// The link is on one line when it fits in `columns`, otherwise every line but the last ends
/// with a `/` and the token after the last `/` is whole on a line of its own.
fn assert_kept_whole(lines: &[String], link: &str, columns: usize) {
    assert!(lines.iter().all(|l| l.len() <= columns), "{lines:?}");
    if link.len() <= columns {
        assert_eq!(lines, [link], "fits, so on one line");
        return;
    }
    for line in &lines[..lines.len() - 1] {
        assert!(line.ends_with('/'), "broken only after a '/': {lines:?}");
    }
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(lines.last().map(String::as_str), Some(token), "{lines:?}");
}

/// The module size the native QR command asks for.
fn native_module(cmds: &[Cmd]) -> usize {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Qr {
                func: 67, params, ..
            } => Some(usize::from(params[0])),
            _ => None,
        })
        .expect("module size command")
}

// ---------------------------------------------------------------------------------------------
// The link

#[test]
fn escpos_link_is_never_cut_inside_the_token_at_80mm_or_58mm() {
    let long = format!("{BASE}/{TOKEN}");
    let fresh = onboarding_link(BASE, &new_token().unwrap());
    let short = format!("https://a.uk/{TOKEN}");
    for roll in [ROLL_80MM, ROLL_58MM] {
        for link in [long.as_str(), fresh.as_str(), short.as_str(), LINK] {
            let (_, lines) = escpos_lines(&full_slip(link), PrintOptions::default(), roll);
            assert_kept_whole(&link_lines(&lines, link), link, roll.columns);
        }
    }
    // Written out, as a person reads them.
    let (_, lines) = escpos_lines(&full_slip(&long), PrintOptions::default(), ROLL_80MM);
    assert_eq!(
        link_lines(&lines, &long),
        ["https://jobs.example.nhs.uk/start/", TOKEN]
    );
    let (_, lines) = escpos_lines(&full_slip(&long), PrintOptions::default(), ROLL_58MM);
    assert_eq!(
        link_lines(&lines, &long),
        ["https://jobs.example.nhs.uk/", "start/", TOKEN]
    );
    let (_, lines) = escpos_lines(&full_slip(&short), PrintOptions::default(), ROLL_80MM);
    assert_eq!(link_lines(&lines, &short), vec![short]);
}

#[test]
fn pdf_link_is_on_one_line_or_broken_after_a_slash() {
    let long = format!("{BASE}/{TOKEN}");
    let pdf = pdf_bytes(&full_slip(&long), made_at()).expect("pdf");
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("(https://jobs.example.nhs.uk/start/)"),
        "{text}"
    );
    assert!(text.contains(&format!("({TOKEN})")));

    let short = format!("https://a.uk/{TOKEN}");
    let pdf = pdf_bytes(&full_slip(&short), made_at()).expect("pdf");
    assert!(String::from_utf8_lossy(&pdf).contains(&format!("({short})")));

    // An old base64 link too: broken at its last '/', its token whole.
    let pdf = pdf_bytes(&slip(), made_at()).expect("pdf");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("(https://onboarding.example.nhs.uk/o/)"));
    assert!(text.contains("(Xq3vT9kLm2Pz7RbWc4YhNA)"));
}

#[test]
fn new_token_links_decode_from_every_rendering() {
    let link = onboarding_link(BASE, &new_token().unwrap());
    assert_eq!(link.len(), BASE.len() + 1 + TOKEN_LEN);
    let s = full_slip(&link);
    // PNG
    let (width, height, pixels) = decode_png(&png_bytes(&s).expect("png"));
    assert_eq!(
        decode_qr(width, height, |x, y| pixels[y * width + x]),
        vec![link.clone()]
    );
    // ESC/POS raster, on both rolls, within the head's dots.
    let raster = PrintOptions {
        escpos_raster_qr: true,
        ..PrintOptions::default()
    };
    for roll in [ROLL_80MM, ROLL_58MM] {
        let (cmds, _) = escpos_lines(&s, raster.clone(), roll);
        let (row_bytes, rows, data) = cmds.iter().find_map(Cmd::raster).expect("raster QR");
        assert!(rows <= roll.qr_max_dots, "{rows} dots on a {roll:?}");
        let dot = |x: usize, y: usize| data[y * row_bytes + x / 8] & (0x80 >> (x % 8)) != 0;
        let decoded = decode_qr(row_bytes * 8, rows, |x, y| if dot(x, y) { 0 } else { 255 });
        assert_eq!(decoded, vec![link.clone()]);
    }
}

// ---------------------------------------------------------------------------------------------
// What a candidate acts on

#[test]
fn escpos_says_who_to_call_and_the_pay_and_hours_at_80mm_and_58mm() {
    let link = format!("{BASE}/{TOKEN}");
    for roll in [ROLL_80MM, ROLL_58MM] {
        let (cmds, lines) = escpos_lines(&full_slip(&link), PrintOptions::default(), roll);
        let all = lines.join("\n");
        assert!(
            lines.iter().all(|l| l.chars().count() <= roll.columns),
            "{all}"
        );
        for expected in [
            "Employer: Example NHS Trust",
            "Pay: £24,071 a year",
            "Hours: 37.5 hours a week",
        ] {
            assert!(
                lines.iter().any(|l| l == expected),
                "{expected:?} in\n{all}"
            );
        }
        let flowing = lines.join(" ");
        for expected in [
            "Example NHS Trust is pleased to offer you this job.",
            "Questions? Call Example NHS Trust on 01632 960000",
        ] {
            assert!(flowing.contains(expected), "{expected:?} in\n{all}");
        }
        // The phone number is never split across two lines.
        assert!(lines.iter().any(|l| l.contains("01632 960000")), "{all}");
        // The native QR code fits the roll's head.
        let size = QrMatrix::encode(&link).expect("encodes").width() + 2 * QUIET_ZONE;
        assert!(size * native_module(&cmds) <= roll.qr_max_dots, "{roll:?}");
    }
}

#[test]
fn a_slip_without_employer_or_pay_leaves_them_out() {
    let (_, lines) = escpos_lines(&slip(), PrintOptions::default(), ROLL_80MM);
    let all = lines.join("\n");
    assert!(!all.contains("Employer:"), "{all}");
    assert!(!all.contains("Pay:"), "{all}");
    assert!(!all.contains("Questions?"), "{all}");
    assert!(
        lines
            .join(" ")
            .contains("We are pleased to offer you this job.")
    );

    // A phone without an employer name still says who to call.
    let mut s = slip();
    s.employer_phone = Some(" 0113 496 0000 ".into());
    s.employer_name = Some("  ".into());
    for roll in [ROLL_80MM, ROLL_58MM] {
        let (_, lines) = escpos_lines(&s, PrintOptions::default(), roll);
        assert!(
            lines
                .join(" ")
                .contains("Questions? Call us on 0113 496 0000"),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("0113 496 0000")),
            "{lines:?}"
        );
    }
}

#[test]
fn pdf_and_png_carry_the_employer_pay_and_phone() {
    let s = full_slip(LINK);
    let pdf = pdf_bytes(&s, made_at()).expect("pdf");
    let text = String::from_utf8_lossy(&pdf);
    for expected in [
        "(Employer: Example NHS Trust)",
        "(Hours: 37.5 hours a week)",
    ] {
        assert!(text.contains(expected), "missing {expected}");
    }
    // Lines with characters beyond ASCII are written in hex: £ in WinAnsi is A3, and the
    // phone's no-break space A0, so the number is shown whole on one line.
    assert!(text.contains(&format!("<{}> Tj", hex(b"Pay: \xa324,071 a year"))));
    assert!(text.contains(&hex(b"01632\xa0960000")), "{text}");
    // And the PNG still reads back to the link.
    let (width, height, pixels) = decode_png(&png_bytes(&s).expect("png"));
    assert_eq!(
        decode_qr(width, height, |x, y| pixels[y * width + x]),
        vec![LINK.to_string()]
    );
}

/// WinAnsi bytes as the PDF writes them in a hex string.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

// ---------------------------------------------------------------------------------------------
// The PDF's date

/// The value of `/KEY(...)` in the PDF's document information.
fn info_date(pdf: &[u8], key: &str) -> String {
    let text = String::from_utf8_lossy(pdf);
    let at = text
        .find(&format!("/{key}"))
        .unwrap_or_else(|| panic!("no /{key} in the PDF"));
    let rest = &text[at..];
    let open = rest.find('(').expect("a string follows");
    let close = rest.find(')').expect("and ends");
    rest[open + 1..close].to_string()
}

#[test]
fn pdf_is_dated_when_the_slip_is_made_not_1970() {
    let pdf = pdf_bytes(&slip(), made_at()).expect("pdf");
    assert_eq!(info_date(&pdf, "CreationDate"), "D:20261123110500+00'00'");
    assert_eq!(info_date(&pdf, "ModDate"), "D:20261123110500+00'00'");
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        !text.contains("1970"),
        "no date in 1970 anywhere, XMP included"
    );
    // Given the same time, the dates are the same: the render reads no clock.
    let again = pdf_bytes(&slip(), made_at()).expect("pdf");
    assert_eq!(
        info_date(&again, "CreationDate"),
        info_date(&pdf, "CreationDate")
    );
}

#[test]
fn a_printed_pdf_file_is_dated_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("slip.pdf");
    let target: Target = format!("file:{}", path.display()).parse().expect("target");
    let before = chrono::Utc::now().format("D:%Y%m%d").to_string();
    print(&slip(), &target, PrintOptions::default()).expect("prints");
    let after = chrono::Utc::now().format("D:%Y%m%d").to_string();
    let created = info_date(&std::fs::read(&path).expect("written"), "CreationDate");
    assert!(
        created.starts_with(&before) || created.starts_with(&after),
        "{created}"
    );
}

// ---------------------------------------------------------------------------------------------
// PNG and PDF

#[test]
fn png_is_576_wide_and_its_qr_decodes_to_the_link() {
    let bytes = png_bytes(&slip()).expect("png");
    let info = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .expect("header")
        .info()
        .clone();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let dims = info.pixel_dims.expect("pHYs says 203 dpi");
    assert_eq!((dims.xppu, dims.unit), (7992, png::Unit::Meter));
    let (width, height, pixels) = decode_png(&bytes);
    assert_eq!(width, 576);
    assert!(height > 576, "a slip is longer than it is wide: {height}");
    assert!(
        pixels.iter().all(|&p| p == 0 || p == 255),
        "pure black and white"
    );
    let decoded = decode_qr(width, height, |x, y| pixels[y * width + x]);
    assert_eq!(decoded, vec![LINK.to_string()]);
}

#[test]
fn png_matches_the_reference_rendering() {
    // tests/fixtures/print/slip.png is how the sample slip looks; compare pixels, not file
    // bytes, so a new PNG compressor does not matter. FAIRFLOOR_UPDATE_FIXTURES=1 rewrites it.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/print/slip.png");
    let bytes = png_bytes(&slip()).expect("png");
    if std::env::var_os("FAIRFLOOR_UPDATE_FIXTURES").is_some() {
        std::fs::write(&fixture, &bytes).expect("write fixture");
    }
    let expected = std::fs::read(&fixture).expect("fixture exists");
    assert!(
        decode_png(&bytes) == decode_png(&expected),
        "the slip PNG changed; look at it and rerun with FAIRFLOOR_UPDATE_FIXTURES=1 if intended"
    );
}

#[test]
fn pdf_is_a_pdf_with_the_slip_text() {
    let bytes = pdf_bytes(&slip(), made_at()).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"));
    let text = String::from_utf8_lossy(&bytes);
    for expected in [
        "(Reference: B-042-7K3Q)",
        "(Conditional job offer)",
        "(Recruiter: Amaka Mensah)",
        "/BaseFont /Helvetica\n",
        "/Encoding /WinAnsiEncoding",
    ] {
        assert!(text.contains(expected), "missing {expected}");
    }
    // 80 mm wide page.
    assert!(text.contains("226.77"), "80 mm = 226.77 pt wide");
}

/// The PDF drawn by a real PDF renderer (poppler's pdftoppm), and its QR code read back.
#[test]
fn pdf_rendered_by_pdftoppm_has_a_readable_qr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("slip.pdf");
    std::fs::write(&pdf, pdf_bytes(&slip(), made_at()).expect("pdf")).expect("write");
    let out = dir.path().join("page");
    let run = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&out)
        .output();
    let run = match run {
        Ok(run) => run,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: pdftoppm is not installed (apt-get install poppler-utils)");
            return;
        }
        Err(e) => panic!("pdftoppm: {e}"),
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read(out.with_extension("png")).expect("page image");
    let (width, height, pixels) = decode_png(&page);
    // 80 mm at 200 dpi.
    assert!((628..=632).contains(&width), "{width}");
    let decoded = decode_qr(width, height, |x, y| pixels[y * width + x]);
    assert_eq!(decoded, vec![LINK.to_string()]);
}
