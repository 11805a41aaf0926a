//! The slip as a PNG image 576 pixels wide (80 mm at 203 dpi, a receipt printer's head), drawn
//! with the font8x8 bitmap font scaled up and the QR code with its quiet zone.

use font8x8::{BASIC_FONTS, LATIN_FONTS, UnicodeFonts};

use super::PrintError;
use super::layout::{Block, Document, NO_BREAK_SPACE};
use super::qr_image::QrImage;
use super::text::{ascii_spelling, link_lines_columns, one_line, wrap_columns};

/// Image width in pixels.
pub(crate) const WIDTH: usize = 576;
/// Dots per metre at 203 dpi, recorded in the file so it prints 80 mm wide.
const DOTS_PER_METRE: u32 = 7992;
const MARGIN: usize = 16;
/// Scale of the 8x8 font for ordinary text (16 px characters, 34 to a line).
const TEXT_SCALE: usize = 2;
/// Scale for the title (24 px characters).
const TITLE_SCALE: usize = 3;
/// The QR code with its quiet zone may span the text width, with modules up to this size.
const QR_MAX_MODULE: usize = 10;
const BLACK: u8 = 0;
const WHITE: u8 = 255;

/// A white greyscale canvas that grows downwards as lines are added.
struct Canvas {
    pixels: Vec<u8>,
    /// Top of the next line.
    y: usize,
}

impl Canvas {
    fn height(&self) -> usize {
        self.pixels.len() / WIDTH
    }

    /// Makes sure rows up to (not including) `bottom` exist.
    fn grow_to(&mut self, bottom: usize) {
        if bottom > self.height() {
            self.pixels.resize(bottom * WIDTH, WHITE);
        }
    }

    fn fill(&mut self, x: usize, y: usize, w: usize, h: usize) {
        self.grow_to(y + h);
        for row in y..y + h {
            let start = row * WIDTH + x.min(WIDTH);
            let end = row * WIDTH + (x + w).min(WIDTH);
            if let Some(span) = self.pixels.get_mut(start..end) {
                span.fill(BLACK);
            }
        }
    }

    /// Draws one line of glyph text at `x`, `scale` pixels per font dot; `bold` overprints
    /// it one pixel to the right.
    fn line(&mut self, x: usize, text: &str, scale: usize, bold: bool) {
        let top = self.y;
        for (i, c) in text.chars().enumerate() {
            let Some(glyph) = glyph(c) else { continue };
            let left = x + i * 8 * scale;
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..8 {
                    if bits & (1 << col) != 0 {
                        let w = scale + usize::from(bold);
                        self.fill(left + col * scale, top + row * scale, w, scale);
                    }
                }
            }
        }
        self.y += 8 * scale + scale * 3;
        self.grow_to(self.y);
    }

    /// Wraps and draws `text`, the first line after `marker`, the rest indented to match.
    fn paragraph(&mut self, text: &str, marker: &str, scale: usize, bold: bool, centred: bool) {
        let columns = (WIDTH - 2 * MARGIN) / (8 * scale);
        let text = glyph_text(text);
        let indent = marker.chars().count();
        for (i, line) in wrap_columns(&text, columns.saturating_sub(indent).max(1))
            .into_iter()
            .enumerate()
        {
            let line = if i == 0 {
                format!("{marker}{line}")
            } else {
                format!("{}{line}", " ".repeat(indent))
            };
            let x = if centred {
                (WIDTH.saturating_sub(line.chars().count() * 8 * scale)) / 2
            } else {
                MARGIN
            };
            self.line(x, &line, scale, bold);
        }
    }
}

/// The 8x8 bitmap of `c`, from the ASCII or Latin-1 tables.
fn glyph(c: char) -> Option<[u8; 8]> {
    BASIC_FONTS.get(c).or_else(|| LATIN_FONTS.get(c))
}

/// `text` on one line, with every character the font lacks spelt in ASCII (a no-break space
/// is kept for wrapping and drawn as a blank).
fn glyph_text(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if glyph(c).is_some() || c == NO_BREAK_SPACE {
            out.push(c);
        } else {
            out.push_str(ascii_spelling(c).unwrap_or("?"));
        }
    }
    out
}

/// The slip as PNG bytes.
pub(crate) fn bytes(document: &Document) -> Result<Vec<u8>, PrintError> {
    let mut canvas = Canvas {
        pixels: Vec::new(),
        y: MARGIN,
    };
    for block in &document.blocks {
        match block {
            Block::Title(t) => canvas.paragraph(t, "", TITLE_SCALE, true, true),
            Block::Heading(t) => canvas.paragraph(t, "", TEXT_SCALE, true, false),
            Block::Text(t) => canvas.paragraph(t, "", TEXT_SCALE, false, false),
            Block::Check { done, text } => {
                let marker = if *done { "[x] " } else { "[ ] " };
                canvas.paragraph(text, marker, TEXT_SCALE, false, false);
            }
            Block::Bullet(t) => canvas.paragraph(t, "- ", TEXT_SCALE, false, false),
            Block::Link(link) => {
                let columns = (WIDTH - 2 * MARGIN) / (8 * TEXT_SCALE);
                for line in link_lines_columns(&glyph_text(link), columns) {
                    canvas.line(MARGIN, &line, TEXT_SCALE, false);
                }
            }
            Block::Gap => {
                canvas.y += 8 * TEXT_SCALE / 2;
                canvas.grow_to(canvas.y);
            }
            Block::Qr => {
                let qr = QrImage::encode(&document.link)?;
                let module = qr.scale_for(WIDTH - 2 * MARGIN, QR_MAX_MODULE);
                let span = qr.size() * module;
                let left = (WIDTH - span) / 2;
                let top = canvas.y;
                canvas.grow_to(top + span);
                for row in 0..qr.size() {
                    for col in 0..qr.size() {
                        if qr.is_dark(col, row) {
                            canvas.fill(left + col * module, top + row * module, module, module);
                        }
                    }
                }
                canvas.y = top + span;
            }
        }
    }
    canvas.grow_to(canvas.y + MARGIN);
    encode_png(&canvas.pixels, canvas.height())
}

fn encode_png(pixels: &[u8], height: usize) -> Result<Vec<u8>, PrintError> {
    let fail = |e: png::EncodingError| PrintError::Render {
        format: "PNG",
        detail: e.to_string(),
    };
    let too_tall = || PrintError::Render {
        format: "PNG",
        detail: "the slip is too long for one image".into(),
    };
    let height = u32::try_from(height).map_err(|_| too_tall())?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH as u32, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: DOTS_PER_METRE,
        yppu: DOTS_PER_METRE,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(pixels).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}
