//! The slip as a PDF page 80 mm wide (receipt-roll width; an office printer prints it as is on
//! any paper), as long as the slip needs, with the built-in Helvetica and Courier fonts and
//! the QR code drawn as filled squares with its quiet zone. It is dated when it was made (the
//! caller says when), never the 1970 a PDF writer puts in by default.

use chrono::{DateTime, Utc};
use printpdf::{
    BuiltinFont, Color, Greyscale, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem,
};

use super::layout::{self, Block};
use super::qr_image::QrImage;
use super::text::{ascii_spelling, link_lines_by, one_line, wrap_by};
use super::{PrintError, Slip};

/// Page width: 80 mm.
const PAGE_W: f32 = 80.0 * MM;
/// Margin on every side.
const MARGIN: f32 = 5.0 * MM;
/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
/// The QR code with its quiet zone spans at most this much...
const QR_MAX: f32 = 60.0 * MM;
/// ...with modules no larger than this.
const QR_MAX_MODULE: f32 = 1.2 * MM;

/// How a line of text is set.
#[derive(Clone, Copy)]
struct Style {
    font: BuiltinFont,
    size: f32,
    /// Distance from one baseline to the next.
    leading: f32,
    centred: bool,
}

impl Style {
    const fn new(font: BuiltinFont, size: f32, leading: f32, centred: bool) -> Self {
        Self {
            font,
            size,
            leading,
            centred,
        }
    }
}

const TITLE: Style = Style::new(BuiltinFont::HelveticaBold, 15.0, 19.0, true);
const HEADING: Style = Style::new(BuiltinFont::HelveticaBold, 10.0, 13.0, false);
const BODY: Style = Style::new(BuiltinFont::Helvetica, 9.0, 11.5, false);
const LINK: Style = Style::new(BuiltinFont::Courier, 8.0, 10.0, false);

/// Something placed on the page, `top` measured down from the top edge.
enum Piece {
    Text {
        style: Style,
        x: f32,
        baseline: f32,
        text: String,
    },
    Square {
        x: f32,
        top: f32,
        w: f32,
        h: f32,
    },
}

/// The slip as PDF bytes, created and modified at `made_at`.
pub(crate) fn bytes(slip: &Slip, made_at: DateTime<Utc>) -> Result<Vec<u8>, PrintError> {
    let blocks = layout::blocks(slip)?;
    let qr = QrImage::encode(&slip.link)?;
    let text_w = PAGE_W - 2.0 * MARGIN;

    let mut pieces = Vec::new();
    let mut y = MARGIN; // top of the next line
    for block in &blocks {
        match block {
            Block::Title(t) => set(&mut pieces, &mut y, TITLE, t, "", text_w),
            Block::Heading(t) => set(&mut pieces, &mut y, HEADING, t, "", text_w),
            Block::Text(t) => set(&mut pieces, &mut y, BODY, t, "", text_w),
            Block::Check { done, text } => set(
                &mut pieces,
                &mut y,
                BODY,
                text,
                if *done { "[x] " } else { "[  ] " },
                text_w,
            ),
            Block::Bullet(t) => set(&mut pieces, &mut y, BODY, t, "\u{2022} ", text_w),
            Block::Link(link) => {
                for line in link_lines_by(&pdf_text(link), text_w, |c| char_width(c, LINK)) {
                    y += LINK.leading;
                    pieces.push(Piece::Text {
                        style: LINK,
                        x: MARGIN,
                        baseline: y - 0.25 * LINK.leading,
                        text: line,
                    });
                }
            }
            Block::Gap => y += BODY.leading * 0.6,
            Block::Qr => {
                let module = (QR_MAX / qr.size() as f32).min(QR_MAX_MODULE);
                let span = module * qr.size() as f32;
                let left = (PAGE_W - span) / 2.0;
                y += 2.0;
                for row in 0..qr.size() {
                    let mut col = 0;
                    while col < qr.size() {
                        if !qr.is_dark(col, row) {
                            col += 1;
                            continue;
                        }
                        let start = col;
                        while col < qr.size() && qr.is_dark(col, row) {
                            col += 1;
                        }
                        pieces.push(Piece::Square {
                            x: left + start as f32 * module,
                            top: y + row as f32 * module,
                            w: (col - start) as f32 * module,
                            h: module,
                        });
                    }
                }
                y += span + 2.0;
            }
        }
    }
    let page_h = y + MARGIN;

    let black = Color::Greyscale(Greyscale {
        percent: 0.0,
        icc_profile: None,
    });
    let mut ops = vec![Op::SetFillColor { col: black }];
    for piece in pieces {
        match piece {
            Piece::Text {
                style,
                x,
                baseline,
                text,
            } => ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::Builtin(style.font),
                    size: Pt(style.size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(page_h - baseline),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]),
            Piece::Square { x, top, w, h } => ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(page_h - top - h),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            }),
        }
    }

    let title = format!("Offer slip {}", pdf_text(&slip.reference));
    let page = PdfPage::new(Mm(PAGE_W / MM), Mm(page_h / MM), ops);
    let mut warnings = Vec::new();
    // Uncompressed: the slip is a few kilobytes either way, and its text stays searchable by
    // anything that reads the file.
    let options = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut document = PdfDocument::new(&title);
    let when = pdf_date(made_at)?;
    let info = &mut document.metadata.info;
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    info.creator = "fairfloor".into();
    info.producer = "fairfloor".into();
    let bytes = document
        .with_pages(vec![page])
        .save(&options, &mut warnings);
    if bytes.starts_with(b"%PDF") {
        Ok(bytes)
    } else {
        Err(PrintError::Render {
            format: "PDF",
            detail: format!("the PDF writer produced no document ({warnings:?})"),
        })
    }
}

/// `at` as the PDF writer's date (written in UTC, as `D:YYYYMMDDHHmmSS+00'00'`).
fn pdf_date(at: DateTime<Utc>) -> Result<printpdf::date::OffsetDateTime, PrintError> {
    printpdf::date::OffsetDateTime::from_unix_timestamp(at.timestamp()).map_err(|e| {
        PrintError::Render {
            format: "PDF",
            detail: format!("the date {at} cannot be written in a PDF ({e})"),
        }
    })
}

/// Wraps `text` in `style` to `width` after `marker` (continuation lines indented to match)
/// and places the lines, moving `y` down.
fn set(pieces: &mut Vec<Piece>, y: &mut f32, style: Style, text: &str, marker: &str, width: f32) {
    let text = pdf_text(text);
    let marker_w = text_width(marker, style);
    let lines = wrap_by(&text, width - marker_w, |c| char_width(c, style));
    for (i, line) in lines.into_iter().enumerate() {
        *y += style.leading;
        let line = if i == 0 {
            format!("{marker}{line}")
        } else {
            line
        };
        let x = if style.centred {
            MARGIN + ((width - text_width(&line, style)) / 2.0).max(0.0)
        } else if i == 0 {
            MARGIN
        } else {
            MARGIN + marker_w
        };
        pieces.push(Piece::Text {
            style,
            x,
            baseline: *y - 0.25 * style.leading,
            text: line,
        });
    }
}

/// One line of text the built-in fonts can show: control characters removed, and characters
/// outside their WinAnsi (Windows-1252) encoding spelt in ASCII.
fn pdf_text(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if win_ansi(c) {
            out.push(c);
        } else {
            out.push_str(ascii_spelling(c).unwrap_or("?"));
        }
    }
    out
}

/// Whether the built-in fonts' WinAnsi encoding has `c`.
fn win_ansi(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{FF}') || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

fn text_width(text: &str, style: Style) -> f32 {
    text.chars().map(|c| char_width(c, style)).sum()
}

/// Advance width of `c` in points: exact for Courier and for Helvetica's ASCII (the font's
/// published metrics), accented letters as their base letter, bold a little wider.
fn char_width(c: char, style: Style) -> f32 {
    let per_mille = match style.font {
        BuiltinFont::Courier
        | BuiltinFont::CourierBold
        | BuiltinFont::CourierOblique
        | BuiltinFont::CourierBoldOblique => 600.0,
        _ => {
            let base = match ascii_spelling(c) {
                Some(s) => s.chars().map(helvetica).sum(),
                None => 1000.0,
            };
            if matches!(style.font, BuiltinFont::HelveticaBold) {
                base * 1.1
            } else {
                base
            }
        }
    };
    per_mille * style.size / 1000.0
}

/// Helvetica's advance widths (per 1000 em) for printable ASCII; anything else is wide.
fn helvetica(c: char) -> f32 {
    const WIDTHS: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '../
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
        556, // 0..?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
        778, // @..O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
        556, // P.._
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
        556, // `..o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
    ];
    (c as usize)
        .checked_sub(0x20)
        .and_then(|i| WIDTHS.get(i))
        .map_or(1000.0, |&w| f32::from(w))
}
