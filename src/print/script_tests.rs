//! Names in other scripts on the PDF slip, read back by poppler (pdftotext for the text,
//! pdftoppm and a QR decoder for the code): shaped in a system font and embedded, or spelt in
//! Latin letters with a note when this machine has no font for them.

use std::path::Path;
use std::process::Command;

use super::escpos;
use super::fonts::FontSearch;
use super::pdf::render;
use super::tests::{Cmd, LINK, decode_png, decode_qr, made_at, parse, slip, text_lines};
use super::*;

/// The names of the issue, one per script.
const NAMES: [&str; 9] = [
    "Nguyễn Thị Minh Khai",
    "محمد عبد الله",
    "王芳",
    "সুমাইয়া",
    "Анна Иванова",
    "Γιώργος Παπαδόπουλος",
    "דוד כהן",
    "प्रिया शर्मा",
    "ਹਰਪ੍ਰੀਤ ਕੌਰ",
];

fn named(name: &str) -> Slip {
    Slip {
        candidate_name: name.into(),
        ..slip()
    }
}

/// Runs a poppler tool on `pdf`; `None` (the test says it skipped) when poppler-utils is not
/// installed.
fn poppler(tool: &str, args: &[&str], pdf: &[u8], out: &str) -> Option<std::process::Output> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("slip.pdf");
    std::fs::write(&file, pdf).expect("write");
    let target = dir.path().join(out);
    let run = Command::new(tool)
        .args(args)
        .arg(&file)
        .arg(&target)
        .output();
    // pdftoppm -singlefile adds the extension itself.
    let written = if tool == "pdftoppm" {
        target.with_extension("png")
    } else {
        target
    };
    match run {
        Ok(run) => {
            assert!(
                run.status.success(),
                "{tool}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            let mut run = run;
            run.stdout = std::fs::read(&written).expect("output");
            Some(run)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: {tool} is not installed (apt-get install poppler-utils)");
            None
        }
        Err(e) => panic!("{tool}: {e}"),
    }
}

/// The PDF's text as pdftotext reads it, one entry a line.
fn pdftotext(pdf: &[u8]) -> Option<Vec<String>> {
    let run = poppler("pdftotext", &["-enc", "UTF-8"], pdf, "slip.txt")?;
    Some(
        String::from_utf8(run.stdout)
            .expect("UTF-8")
            .lines()
            .map(|l| l.trim().to_string())
            .collect(),
    )
}

/// Whether fontconfig knows a font with every character of `text` (else the machine lacks the
/// fonts scripts/test installs, and the test says so rather than pass).
fn machine_has_font_for(text: &str) -> bool {
    let charset: Vec<String> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| format!("{:x}", c as u32))
        .collect();
    Command::new("fc-list")
        .arg(format!(":charset={}", charset.join(" ")))
        .output()
        .is_ok_and(|out| !out.stdout.is_empty())
}

#[test]
fn a_name_in_any_script_prints_as_written_and_reads_back() {
    for name in NAMES {
        assert!(
            machine_has_font_for(name),
            "no font for {name}: run scripts/test, which installs fontconfig, fonts-dejavu-core, fonts-noto-core and fonts-wqy-microhei"
        );
        let rendered = render(&doc(&named(name)), made_at(), FontSearch::default()).expect("pdf");
        assert!(rendered.notes.is_empty(), "{name}: {:?}", rendered.notes);
        let text = String::from_utf8_lossy(&rendered.bytes);
        assert!(text.contains("/Subtype /Type0"), "{name}: a font embedded");
        assert!(text.contains("/Identity-H"), "{name}");
        assert!(text.contains("/ToUnicode"), "{name}");
        let Some(lines) = pdftotext(&rendered.bytes) else {
            return;
        };
        assert!(
            lines
                .iter()
                .any(|l| l == name || (is_rtl(name) && same_rtl(l, name))),
            "{name} not read back whole: {lines:?}"
        );
        // The rest of the slip is still there, in the built-in fonts.
        assert!(
            lines.iter().any(|l| l == "Conditional job offer"),
            "{lines:?}"
        );
    }
}

#[test]
fn an_arabic_name_is_joined_and_right_to_left() {
    let name = "محمد عبد الله";
    let rendered = render(&doc(&named(name)), made_at(), FontSearch::default()).expect("pdf");
    assert!(rendered.notes.is_empty(), "{:?}", rendered.notes);
    // Glyphs are numbered in the subset as they are drawn, left to right: glyph 1 is the
    // leftmost, which in right-to-left text is the name's last letter (ه), not its first (م).
    let text = String::from_utf8_lossy(&rendered.bytes);
    let map = &text[text.find("beginbfchar").expect("a ToUnicode map")..];
    let mapped = |unicode: &str| -> Vec<&str> {
        map.lines()
            .filter(|l| l.ends_with(&format!(" <{unicode}>")))
            .map(|l| &l[1..5])
            .collect()
    };
    assert_eq!(mapped("0647"), vec!["0001"], "{map}");
    // Joined: the first م (initial form) and the last (final form) are different glyphs.
    assert_eq!(mapped("0645").len(), 2, "{map}");
    // And pdftotext reads the letters back, in logical order or in the visual order it
    // leaves right-to-left text in.
    if let Some(lines) = pdftotext(&rendered.bytes) {
        assert!(
            lines.iter().any(|l| same_rtl(l, name)),
            "{name} not read back: {lines:?}"
        );
    }
}

/// Whether `read` (a pdftotext line) is `name` in logical order, or in visual order marked as
/// right-to-left embedding (U+202B ... U+202C), as poppler writes it.
fn same_rtl(read: &str, name: &str) -> bool {
    let letters: String = read
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect();
    letters == name || letters.chars().rev().collect::<String>() == name
}

#[test]
fn a_slip_with_a_name_in_another_script_keeps_a_readable_qr() {
    for name in ["王芳", "সুমাইয়া"] {
        let pdf = render(&doc(&named(name)), made_at(), FontSearch::default())
            .expect("pdf")
            .bytes;
        let Some(page) = poppler(
            "pdftoppm",
            &["-r", "200", "-gray", "-png", "-singlefile"],
            &pdf,
            "page",
        ) else {
            return;
        };
        let (width, height, pixels) = decode_png(&page.stdout);
        assert_eq!(
            decode_qr(width, height, |x, y| pixels[y * width + x]),
            vec![LINK.to_string()],
            "{name}"
        );
    }
}

/// No font anywhere: an empty fonts folder and a fontconfig that knows none.
fn no_fonts(dir: &Path) -> FontSearch {
    let config = dir.join("fonts.conf");
    std::fs::write(&config, "<fontconfig></fontconfig>").expect("config");
    FontSearch {
        dirs: vec![dir.to_path_buf()],
        fontconfig_file: Some(config),
    }
}

#[test]
fn without_a_font_the_name_is_spelt_in_latin_letters_and_the_result_says_what_to_install() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rendered = render(&doc(&named("王芳")), made_at(), no_fonts(dir.path())).expect("pdf");
    assert_eq!(rendered.notes.len(), 1, "{:?}", rendered.notes);
    assert_eq!(
        rendered.notes[0].to_string(),
        "no font on this computer can show \"王芳\", so the PDF slip spells it \"Wang Fang\": install fonts for it (sudo apt-get install fonts-noto-cjk fontconfig) and print again to show it as written"
    );
    let text = String::from_utf8_lossy(&rendered.bytes);
    assert!(!text.contains("/Type0"), "no font embedded");
    if let Some(lines) = pdftotext(&rendered.bytes) {
        assert!(lines.iter().any(|l| l == "Wang Fang"), "{lines:?}");
    }

    let rendered = render(&doc(&named("سارة")), made_at(), no_fonts(dir.path())).expect("pdf");
    assert!(
        rendered.notes[0]
            .to_string()
            .contains("sudo apt-get install fonts-noto-core fontconfig"),
        "{}",
        rendered.notes[0]
    );
}

#[test]
fn a_printed_file_says_when_a_name_was_spelt_in_latin_letters() {
    // Through print(): with the machine's fonts the Chinese name needs no note.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("slip.pdf");
    let target: Target = format!("file:{}", path.display()).parse().expect("target");
    let said = print(&named("王芳"), &target, PrintOptions::default()).expect("prints");
    assert_eq!(said, format!("written to {}", path.display()));
    // And the note joins the result when a font is missing.
    assert_eq!(
        with_notes(
            said.clone(),
            &[PrintError::NoFont {
                text: "王芳".into(),
                spelt: "Wang Fang".into(),
                package: "fonts-noto-cjk",
            }]
        ),
        format!(
            "{said}; note: no font on this computer can show \"王芳\", so the PDF slip spells it \"Wang Fang\": install fonts for it (sudo apt-get install fonts-noto-cjk fontconfig) and print again to show it as written"
        )
    );
}

#[test]
fn fonts_in_the_packs_folder_come_before_the_computers() {
    // The computer would choose Noto Sans Bengali Bold for the name; the pack's folder has
    // Noto Serif Bengali, and that is the one embedded.
    let serif = Path::new("/usr/share/fonts/truetype/noto/NotoSerifBengali-Regular.ttf");
    assert!(
        serif.exists(),
        "no {}: run scripts/test, which installs fonts-noto-core",
        serif.display()
    );
    let pack = tempfile::tempdir().expect("tempdir");
    std::fs::copy(serif, pack.path().join("NotoSerifBengali-Regular.ttf")).expect("copy");
    let path = pack.path().join("slip.pdf");
    let target: Target = format!("file:{}", path.display()).parse().expect("target");
    let options = PrintOptions {
        fonts_dir: Some(pack.path().to_path_buf()),
        ..PrintOptions::default()
    };
    let said = print(&named("সুমাইয়া"), &target, options).expect("prints");
    assert_eq!(said, format!("written to {}", path.display()));
    let pdf = std::fs::read(&path).expect("written");
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("+NotoSerifBengali-Regular"),
        "the pack's font"
    );
    assert!(!text.contains("+NotoSansBengali"), "not the computer's");

    // Without the pack's folder, the computer's font.
    let pdf = pdf_bytes(&named("সুমাইয়া"), made_at()).expect("pdf");
    assert!(String::from_utf8_lossy(&pdf).contains("+NotoSansBengali-Bold"));
}

/// The raster images of an ESC/POS slip (the QR sent natively, so any image is text) and its
/// text lines.
fn escpos_images(slip: &Slip, search: FontSearch) -> (Vec<(usize, usize, Vec<u8>)>, String) {
    let bytes = escpos::bytes_searching(
        &doc(slip),
        &PrintOptions::default(),
        escpos::ROLL_80MM,
        search,
    )
    .expect("escpos");
    let cmds = parse(&bytes).expect("parses");
    let images = cmds.iter().filter_map(Cmd::raster).collect();
    (images, text_lines(&cmds).join("\n"))
}

#[test]
fn a_receipt_printer_prints_a_name_in_another_script_as_an_image() {
    for name in ["محمد عبد الله", "王芳", "সুমাইয়া", "Nguyễn Thị Minh Khai"]
    {
        let (images, text) = escpos_images(&named(name), FontSearch::default());
        assert_eq!(images.len(), 1, "{name}: the name as one image");
        let (row_bytes, rows, data) = &images[0];
        // Within the 42 columns of 12 dots, about as tall as a line of font A.
        assert!(
            *row_bytes * 8 <= escpos::COLUMNS * 12 + 7,
            "{name}: {row_bytes}"
        );
        assert!((24..=48).contains(rows), "{name}: {rows} rows");
        let ink = data.iter().map(|b| b.count_ones()).sum::<u32>() as f64;
        let share = ink / (data.len() * 8) as f64;
        assert!(
            (0.05..0.6).contains(&share),
            "{name}: {share} of the dots print"
        );
        // And not also spelt out in ASCII.
        let spelt = super::text::to_ascii_keeping(name, &[]);
        assert!(!text.contains(spelt.trim()), "{name} also as {spelt:?}");
        assert!(text.contains("Conditional job"), "{text}");
    }
    // A name the code page shows with its accents dropped stays text.
    let (images, text) = escpos_images(&slip(), FontSearch::default());
    assert!(images.is_empty());
    assert!(text.contains("Zoe O'Brien"));
}

#[test]
fn a_receipt_printer_without_a_font_spells_the_name_in_ascii() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (images, text) = escpos_images(&named("王芳"), no_fonts(dir.path()));
    assert!(images.is_empty());
    assert!(text.contains("Wang Fang"), "{text}");
}

#[test]
fn glyph_outlines_are_filled_by_the_winding_rule() {
    let data = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        .expect("DejaVu Sans: run scripts/test, which installs fonts-dejavu-core");
    let face = rustybuzz::Face::from_slice(&data, 0).expect("font");
    let em = 100.0;
    let scale = em / f32::from(face.units_per_em() as i16);
    let baseline = (f32::from(face.ascender()) * scale) as usize;
    let outline = face
        .glyph_index('O')
        .and_then(|g| face.glyph_bounding_box(g))
        .expect("an O");
    let cap = (f32::from(outline.y_max) * scale) as usize;
    let o = super::glyph_raster::draw(&face, &super::fonts::shape(&face, "O"), em);
    let middle = baseline - cap / 2;
    let row: Vec<bool> = (0..o.width).map(|x| o.is_dark(x, middle)).collect();
    // Across the middle of an O: light, the left stroke, the hole, the right stroke, light.
    let runs = row.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(runs, 4, "{row:?}");
    assert!(!o.is_dark(o.width / 2, middle), "the hole stays white");
    // Nothing above the O's top or below its bottom (it overshoots the baseline a little).
    assert!((0..o.width).all(|x| !o.is_dark(x, baseline - cap - 1)));
    assert!((0..o.width).all(|x| !o.is_dark(x, baseline + 3)));
    assert!((0..o.width).any(|x| o.is_dark(x, baseline - 1)));
}

#[test]
#[ignore = "writes slips with the names of every script to the temp folder for a person to look at"]
fn write_script_samples() {
    for (n, name) in NAMES.iter().enumerate() {
        let pdf = pdf_bytes(&named(name), made_at()).expect("pdf");
        std::fs::write(
            std::env::temp_dir().join(format!("fairfloor-slip-{n}.pdf")),
            pdf,
        )
        .expect("write");
        // The receipt printer's image of the name, as a PBM (the same bits as GS v 0).
        let (images, _) = escpos_images(&named(name), FontSearch::default());
        if let Some((row_bytes, rows, data)) = images.first() {
            let mut pbm = format!("P4\n{} {rows}\n", row_bytes * 8).into_bytes();
            pbm.extend_from_slice(data);
            std::fs::write(
                std::env::temp_dir().join(format!("fairfloor-name-{n}.pbm")),
                pbm,
            )
            .expect("write");
        }
    }
}

/// A slip as the renderers take it.
fn doc(slip: &Slip) -> Document {
    Document::slip(slip).expect("a complete slip")
}

/// Issue 14: the kiosk could print the candidate's ticket where it has a receipt printer. The
/// ticket says the event and the number, large, and what to do now, on every kind of printer.
#[test]
fn a_kiosk_ticket_prints_the_event_and_the_number_large() {
    let ticket = Ticket {
        demo: false,
        event_name: "Leeds Jobs Fair · First Direct Arena".into(),
        ticket: "B-042".into(),
        lines: vec!["Take a seat. We will call your number when it is your turn.".into()],
    };
    let document = Document::ticket(&ticket);
    let pdf = render(&document, made_at(), FontSearch::default()).expect("pdf");
    if let Some(lines) = pdftotext(&pdf.bytes) {
        let text = lines.join(" ");
        for said in [
            "Leeds Jobs Fair",
            "Your ticket number is",
            "B-042",
            "Take a seat. We will call your number when it is your turn.",
        ] {
            assert!(text.contains(said), "{said}: {text}");
        }
    }
    // On a receipt printer: the number in double width and height, and no QR code.
    let bytes = escpos::bytes(&document, PrintOptions::default()).expect("escpos");
    let cmds = parse(&bytes).expect("well-formed ESC/POS");
    let big = cmds
        .iter()
        .position(|c| matches!(c, Cmd::CharSize(0x11)))
        .expect("double size");
    assert!(
        matches!(&cmds[big + 1], Cmd::Text(t) if t.starts_with(b"B-042")),
        "{:?}",
        &cmds[big..big + 2]
    );
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Qr { .. })));
    // Written to a file target as a kiosk set up with `event --printer file:…` does.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket.pdf");
    let target: Target = format!("file:{}", path.display()).parse().unwrap();
    let said = print_ticket(&ticket, &target, PrintOptions::default()).expect("printed");
    assert!(said.contains("ticket.pdf"), "{said}");
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
}

/// Whether `text` is written right to left (Arabic, Hebrew): pdftotext gives its letters in
/// the order they are drawn.
fn is_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{0590}'..='\u{05FF}' | '\u{0600}'..='\u{06FF}'))
}
