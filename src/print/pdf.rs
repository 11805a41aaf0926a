//! The slip as a PDF page 80 mm wide (receipt-roll width; an office printer prints it as is on
//! any paper), as long as the slip needs, with the QR code drawn as filled squares with its
//! quiet zone. It is dated when it was made (the caller says when).
//!
//! Text the built-in Helvetica and Courier can show (WinAnsi: English and western European
//! letters) is set in them, as every PDF reader has them. A line with other letters (a name in
//! Vietnamese, Arabic, Chinese, Bengali, Cyrillic, Greek, ...) is shaped in a font found on this
//! machine ([`super::fonts`]) and that font embedded, cut down to the glyphs used, with a map
//! back to the characters so the name can be searched and copied. When no font has the
//! characters, the line is spelt in Latin letters as before and the result says what to install.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rustybuzz::ttf_parser;

use super::PrintError;
use super::fonts::{self, FontSearch, Fonts, Glyph};
use super::layout::{Block, Document};
use super::qr_image::QrImage;
use super::text::{WIN_ANSI_HIGH, ascii_spelling, link_lines_by, one_line, win_ansi, wrap_by};

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

/// The PDF's built-in fonts the slip uses, each with its resource name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Builtin {
    Helvetica,
    HelveticaBold,
    Courier,
}

impl Builtin {
    const ALL: [Self; 3] = [Self::Helvetica, Self::HelveticaBold, Self::Courier];

    fn resource(self) -> Name<'static> {
        Name(match self {
            Self::Helvetica => b"F1",
            Self::HelveticaBold => b"F2",
            Self::Courier => b"F3",
        })
    }

    fn base_font(self) -> Name<'static> {
        Name(match self {
            Self::Helvetica => b"Helvetica",
            Self::HelveticaBold => b"Helvetica-Bold",
            Self::Courier => b"Courier",
        })
    }
}

/// How a line of text is set.
#[derive(Clone, Copy)]
struct Style {
    font: Builtin,
    size: f32,
    /// Distance from one baseline to the next.
    leading: f32,
    centred: bool,
}

impl Style {
    const fn new(font: Builtin, size: f32, leading: f32, centred: bool) -> Self {
        Self {
            font,
            size,
            leading,
            centred,
        }
    }
}

const TITLE: Style = Style::new(Builtin::HelveticaBold, 15.0, 19.0, true);
const HEADING: Style = Style::new(Builtin::HelveticaBold, 10.0, 13.0, false);
const BODY: Style = Style::new(Builtin::Helvetica, 9.0, 11.5, false);
const LINK: Style = Style::new(Builtin::Courier, 8.0, 10.0, false);

/// Something placed on the page, `top` measured down from the top edge.
enum Piece {
    /// A line in a built-in font, only WinAnsi characters.
    Text {
        style: Style,
        x: f32,
        baseline: f32,
        text: String,
    },
    /// A line shaped in an embedded font: glyphs positioned in font units.
    Shaped {
        font: usize,
        size: f32,
        units_per_em: f32,
        x: f32,
        baseline: f32,
        glyphs: Vec<Glyph>,
        /// The line as written, for copying and searching.
        text: String,
    },
    Square {
        x: f32,
        top: f32,
        w: f32,
        h: f32,
    },
}

/// A drawn slip and what the reader should know about it (text spelt in Latin letters for
/// want of a font).
pub(crate) struct Rendered {
    pub bytes: Vec<u8>,
    pub notes: Vec<PrintError>,
}

/// The slip as PDF bytes, created and modified at `made_at`, with fonts for other scripts
/// looked for as `search` says.
pub(crate) fn render(
    document: &Document,
    made_at: DateTime<Utc>,
    search: FontSearch,
) -> Result<Rendered, PrintError> {
    let text_w = PAGE_W - 2.0 * MARGIN;

    let mut page = Page {
        pieces: Vec::new(),
        y: MARGIN, // top of the next line
        fonts: Fonts::new(search),
        notes: Vec::new(),
    };
    for block in &document.blocks {
        match block {
            Block::Title(t) => page.set(TITLE, t, "", text_w),
            Block::Heading(t) => page.set(HEADING, t, "", text_w),
            Block::Text(t) => page.set(BODY, t, "", text_w),
            Block::Check { done, text } => {
                page.set(BODY, text, if *done { "[x] " } else { "[  ] " }, text_w)
            }
            Block::Bullet(t) => page.set(BODY, t, "\u{2022} ", text_w),
            Block::Link(link) => {
                for line in link_lines_by(&pdf_text(link), text_w, |c| char_width(c, LINK)) {
                    let baseline = next_baseline(&mut page.y, LINK);
                    page.pieces.push(Piece::Text {
                        style: LINK,
                        x: MARGIN,
                        baseline,
                        text: line,
                    });
                }
            }
            Block::Gap => page.y += BODY.leading * 0.6,
            Block::Qr => {
                let qr = QrImage::encode(&document.link)?;
                let module = (QR_MAX / qr.size() as f32).min(QR_MAX_MODULE);
                let span = module * qr.size() as f32;
                let left = (PAGE_W - span) / 2.0;
                page.y += 2.0;
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
                        page.pieces.push(Piece::Square {
                            x: left + start as f32 * module,
                            top: page.y + row as f32 * module,
                            w: (col - start) as f32 * module,
                            h: module,
                        });
                    }
                }
                page.y += span + 2.0;
            }
        }
    }
    let page_h = page.y + MARGIN;
    let bytes = write(&page.pieces, &page.fonts, page_h, &document.title, made_at)?;
    Ok(Rendered {
        bytes,
        notes: page.notes,
    })
}

/// The page being laid out.
struct Page {
    pieces: Vec<Piece>,
    /// Top of the next line, from the top edge.
    y: f32,
    fonts: Fonts,
    notes: Vec<PrintError>,
}

impl Page {
    /// Wraps `text` in `style` to `width` after `marker` (continuation lines indented to
    /// match) and places the lines, moving `y` down.
    fn set(&mut self, style: Style, text: &str, marker: &str, width: f32) {
        let text = one_line(text);
        if !text.chars().all(win_ansi) {
            let bold = style.font == Builtin::HelveticaBold;
            if let Some(font) = self.fonts.covering(&format!("{marker}{text}"), bold)
                && self.set_shaped(font, style, &text, marker, width)
            {
                return;
            }
            let spelt = pdf_text(&text).trim().to_string();
            self.notes.push(PrintError::NoFont {
                package: fonts::package_for(&text),
                text: text.clone(),
                spelt,
            });
        }
        let text = pdf_text(&text);
        let marker_w = text_width(marker, style);
        let lines = wrap_by(&text, width - marker_w, |c| char_width(c, style));
        for (first, line) in with_marker(lines, marker) {
            let baseline = next_baseline(&mut self.y, style);
            self.pieces.push(Piece::Text {
                style,
                x: line_x(style, width, text_width(&line, style), first, marker_w),
                baseline,
                text: line,
            });
        }
    }

    /// [`Page::set`] in the embedded `font`, each line shaped; false (nothing placed) if the
    /// font cannot be read after all.
    fn set_shaped(
        &mut self,
        font: usize,
        style: Style,
        text: &str,
        marker: &str,
        width: f32,
    ) -> bool {
        let Some(face) = self.fonts.get(font).face() else {
            return false;
        };
        let units_per_em = face.units_per_em() as f32;
        let scale = style.size / units_per_em;
        let advance = |c: char| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(0.0, |a| f32::from(a) * scale)
        };
        let marker_w: f32 = marker.chars().map(advance).sum();
        let lines = wrap_by(text, width - marker_w, advance);
        for (first, line) in with_marker(lines, marker) {
            let shaped = fonts::shape(&face, &line);
            let baseline = next_baseline(&mut self.y, style);
            self.pieces.push(Piece::Shaped {
                font,
                size: style.size,
                units_per_em,
                x: line_x(style, width, shaped.width as f32 * scale, first, marker_w),
                baseline,
                glyphs: shaped.glyphs,
                text: line,
            });
        }
        true
    }
}

/// Moves `y` down a line in `style` and gives the line's baseline.
fn next_baseline(y: &mut f32, style: Style) -> f32 {
    *y += style.leading;
    *y - 0.25 * style.leading
}

/// Wrapped `lines` with `marker` before the first, each saying whether it is the first.
fn with_marker(lines: Vec<String>, marker: &str) -> impl Iterator<Item = (bool, String)> {
    lines.into_iter().enumerate().map(move |(i, line)| {
        if i == 0 {
            (true, format!("{marker}{line}"))
        } else {
            (false, line)
        }
    })
}

/// Where a line `line_w` wide starts: centred in `width`, or at the margin, a continuation
/// line indented past the marker.
fn line_x(style: Style, width: f32, line_w: f32, first: bool, marker_w: f32) -> f32 {
    if style.centred {
        MARGIN + ((width - line_w) / 2.0).max(0.0)
    } else if first {
        MARGIN
    } else {
        MARGIN + marker_w
    }
}

/// An embedded font as it is used: its glyphs renumbered for the subset, and the text each
/// new glyph stands for.
struct Embedded {
    font: usize,
    glyphs: subsetter::GlyphRemapper,
    text: BTreeMap<u16, String>,
}

/// The PDF file of the laid-out page.
fn write(
    pieces: &[Piece],
    fonts: &Fonts,
    page_h: f32,
    title: &str,
    made_at: DateTime<Utc>,
) -> Result<Vec<u8>, PrintError> {
    let mut content = Content::new();
    let mut embedded: Vec<Embedded> = Vec::new();
    content.set_fill_gray(0.0);
    for piece in pieces {
        match piece {
            Piece::Text {
                style,
                x,
                baseline,
                text,
            } => {
                content
                    .begin_text()
                    .set_font(style.font.resource(), style.size)
                    .next_line(*x, page_h - baseline)
                    .show(Str(&win_ansi_bytes(text)))
                    .end_text();
            }
            Piece::Shaped {
                font,
                size,
                units_per_em,
                x,
                baseline,
                glyphs,
                text,
            } => {
                let n = match embedded.iter().position(|e| e.font == *font) {
                    Some(n) => n,
                    None => {
                        embedded.push(Embedded {
                            font: *font,
                            glyphs: subsetter::GlyphRemapper::new(),
                            text: BTreeMap::new(),
                        });
                        embedded.len() - 1
                    }
                };
                let used = &mut embedded[n];
                let name = format!("E{n}");
                let scale = size / units_per_em;
                // The whole line as written, so text pulled out of the PDF reads in logical
                // order even where the glyphs were joined, combined or reordered.
                content
                    .begin_marked_content_with_properties(Name(b"Span"))
                    .properties()
                    .actual_text(TextStr(text));
                content.begin_text().set_font(Name(name.as_bytes()), *size);
                for glyph in glyphs {
                    let id = used.glyphs.remap(glyph.id);
                    if !glyph.text.is_empty() {
                        used.text.entry(id).or_insert_with(|| glyph.text.clone());
                    }
                    content
                        .set_text_matrix([
                            1.0,
                            0.0,
                            0.0,
                            1.0,
                            x + glyph.x as f32 * scale,
                            page_h - baseline + glyph.y as f32 * scale,
                        ])
                        .show(Str(&id.to_be_bytes()));
                }
                content.end_text().end_marked_content();
            }
            Piece::Square { x, top, w, h } => {
                content.rect(*x, page_h - top - h, *w, *h).fill_nonzero();
            }
        }
    }
    let content = content.finish();

    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let catalog = alloc();
    let pages = alloc();
    let page = alloc();
    let content_id = alloc();
    let info = alloc();
    let builtin: Vec<(Builtin, Ref)> = Builtin::ALL.iter().map(|&f| (f, alloc())).collect();
    let embedded_ids: Vec<Ref> = embedded.iter().map(|_| alloc()).collect();

    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    {
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, page_h))
            .parent(pages)
            .contents(content_id);
        let mut resources = p.resources();
        let mut font_dict = resources.fonts();
        for (font, id) in &builtin {
            font_dict.pair(font.resource(), *id);
        }
        for (n, id) in embedded_ids.iter().enumerate() {
            font_dict.pair(Name(format!("E{n}").as_bytes()), *id);
        }
    }
    // Uncompressed: the slip is a few kilobytes either way, and its text stays searchable by
    // anything that reads the file.
    pdf.stream(content_id, &content);
    for (font, id) in &builtin {
        pdf.type1_font(*id)
            .base_font(font.base_font())
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (n, (used, id)) in embedded.iter().zip(&embedded_ids).enumerate() {
        embed(&mut pdf, &mut alloc, n, *id, fonts.get(used.font), used)?;
    }

    let when = pdf_date(made_at);
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("fairfloor"))
        .producer(TextStr("fairfloor"))
        .pair(Name(b"CreationDate"), Str(when.as_bytes()))
        .pair(Name(b"ModDate"), Str(when.as_bytes()));
    Ok(pdf.finish())
}

/// Writes `font`, cut down to the glyphs `used`, as a Type 0 font with Identity-H encoding
/// (two bytes a glyph, the subset's glyph number) and a ToUnicode map.
fn embed(
    pdf: &mut Pdf,
    alloc: &mut impl FnMut() -> Ref,
    n: usize,
    id: Ref,
    font: &fonts::Font,
    used: &Embedded,
) -> Result<(), PrintError> {
    let broken = |detail: String| PrintError::Render {
        format: "PDF",
        detail: format!(
            "the font {} could not be embedded ({detail}); remove or replace that font file",
            font.path.display()
        ),
    };
    let face = font
        .face()
        .ok_or_else(|| broken("it cannot be read".into()))?;
    let subset = subsetter::subset(&font.data, font.index, &used.glyphs)
        .map_err(|e| broken(e.to_string()))?;
    let scale = 1000.0 / face.units_per_em() as f32;
    // A subset's name is six capital letters, '+', and the font's PostScript name.
    let postscript: String = face
        .names()
        .into_iter()
        .find(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|name| name.to_string())
        .unwrap_or_else(|| "Font".into())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
    let base = format!("FFSUB{}+{postscript}", letter(n));
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let cff = face.tables().cff.is_some();
    let (cid_id, descriptor_id, file_id, cmap_id) = (alloc(), alloc(), alloc(), alloc());

    pdf.type0_font(id)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let widths: Vec<f32> = used
        .glyphs
        .remapped_gids()
        .map(|old| {
            face.glyph_hor_advance(ttf_parser::GlyphId(old))
                .map_or(0.0, |a| f32::from(a) * scale)
        })
        .collect();
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(Name(base.as_bytes()))
    .system_info(system_info)
    .font_descriptor(descriptor_id)
    .default_width(0.0);
    if !cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths().consecutive(0, widths);
    cid.finish();

    let bbox = face.global_bounding_box();
    let ascent = f32::from(face.ascender()) * scale;
    let mut descriptor = pdf.font_descriptor(descriptor_id);
    descriptor
        .name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(face.italic_angle())
        .ascent(ascent)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(
            face.capital_height()
                .map_or(ascent, |h| f32::from(h) * scale),
        )
        .stem_v(80.0);
    if cff {
        descriptor.font_file3(file_id);
        descriptor.finish();
        pdf.stream(file_id, &subset)
            .pair(Name(b"Subtype"), Name(b"OpenType"));
    } else {
        descriptor.font_file2(file_id);
        descriptor.finish();
        pdf.stream(file_id, &subset);
    }

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (glyph, text) in &used.text {
        cmap.pair_with_multiple(*glyph, text.chars());
    }
    pdf.cmap(cmap_id, &cmap.finish());
    Ok(())
}

/// `at` as a PDF date in UTC, `D:YYYYMMDDHHmmSS+00'00'`.
fn pdf_date(at: DateTime<Utc>) -> String {
    at.format("D:%Y%m%d%H%M%S+00'00'").to_string()
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

/// `text` (WinAnsi characters only) in the WinAnsi encoding; anything else is left out.
fn win_ansi_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .filter_map(|c| match c {
            ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).ok(),
            _ => WIN_ANSI_HIGH
                .chars()
                .position(|h| h == c)
                .and_then(|i| u8::try_from(0x80 + i).ok()),
        })
        .collect()
}

fn text_width(text: &str, style: Style) -> f32 {
    text.chars().map(|c| char_width(c, style)).sum()
}

/// Advance width of `c` in points: exact for Courier and for Helvetica's ASCII (the font's
/// published metrics), accented letters as their base letter, bold a little wider.
fn char_width(c: char, style: Style) -> f32 {
    let per_mille = match style.font {
        Builtin::Courier => 600.0,
        _ => {
            let base = match ascii_spelling(c) {
                Some(s) => s.chars().map(helvetica).sum(),
                None => 1000.0,
            };
            if style.font == Builtin::HelveticaBold {
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
