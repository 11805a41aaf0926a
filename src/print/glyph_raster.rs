//! Shaped text drawn as dots, for a receipt printer that cannot print other scripts as text:
//! the glyph outlines filled by the non-zero winding rule, one sample at each dot's centre.

use rustybuzz::ttf_parser::{self, OutlineBuilder};

use super::fonts::Shaped;

/// A 1-bit image, row by row; `true` prints.
pub(crate) struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub dots: Vec<bool>,
}

impl Bitmap {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dots.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// `self` with `other` below it.
    pub fn stacked(mut self, other: &Self) -> Self {
        let width = self.width.max(other.width);
        let mut dots = Vec::with_capacity(width * (self.height + other.height));
        for image in [&self, other] {
            for y in 0..image.height {
                dots.extend((0..width).map(|x| x < image.width && image.is_dark(x, y)));
            }
        }
        self.width = width;
        self.height += other.height;
        self.dots = dots;
        self
    }
}

/// `shaped` (a line shaped in `face`) drawn `em` dots to the em, as tall as the font's
/// ascender to descender.
pub(crate) fn draw(face: &ttf_parser::Face<'_>, shaped: &Shaped, em: f32) -> Bitmap {
    let scale = em / f32::from(face.units_per_em());
    let baseline = f32::from(face.ascender()) * scale;
    let height = ((f32::from(face.ascender()) - f32::from(face.descender())) * scale).ceil();
    let width = (shaped.width as f32 * scale).ceil();
    let mut edges = Edges {
        lines: Vec::new(),
        at: (0.0, 0.0),
        start: (0.0, 0.0),
        origin: (0.0, baseline),
        scale,
    };
    for glyph in &shaped.glyphs {
        edges.origin = (glyph.x as f32 * scale, baseline - glyph.y as f32 * scale);
        face.outline_glyph(ttf_parser::GlyphId(glyph.id), &mut edges);
    }
    let (width, height) = (width.max(0.0) as usize, height.max(0.0) as usize);
    let mut dots = vec![false; width * height];
    let mut crossings: Vec<(f32, i32)> = Vec::new();
    for y in 0..height {
        let centre = y as f32 + 0.5;
        crossings.clear();
        for &((x0, y0), (x1, y1)) in &edges.lines {
            if (y0 <= centre && centre < y1) || (y1 <= centre && centre < y0) {
                let x = x0 + (centre - y0) * (x1 - x0) / (y1 - y0);
                crossings.push((x, if y1 > y0 { 1 } else { -1 }));
            }
        }
        crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut winding = 0;
        for pair in crossings.windows(2) {
            winding += pair[0].1;
            if winding != 0 {
                // Dots whose centres lie between the two crossings.
                let from = (pair[0].0 - 0.5).ceil().max(0.0) as usize;
                let to = ((pair[1].0 - 0.5).floor() + 1.0).clamp(0.0, width as f32) as usize;
                for x in from..to {
                    dots[y * width + x] = true;
                }
            }
        }
    }
    Bitmap {
        width,
        height,
        dots,
    }
}

/// A glyph's outline as straight edges in dots (y down), curves cut into short lines.
struct Edges {
    lines: Vec<((f32, f32), (f32, f32))>,
    at: (f32, f32),
    start: (f32, f32),
    /// Where the glyph's origin falls on the image.
    origin: (f32, f32),
    scale: f32,
}

/// Straight pieces a curve is cut into: at receipt sizes (a few dozen dots) no step shows.
const CURVE_STEPS: usize = 8;

impl Edges {
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.origin.0 + x * self.scale,
            self.origin.1 - y * self.scale,
        )
    }

    fn edge_to(&mut self, to: (f32, f32)) {
        if to.1 != self.at.1 {
            self.lines.push((self.at, to));
        }
        self.at = to;
    }
}

impl OutlineBuilder for Edges {
    fn move_to(&mut self, x: f32, y: f32) {
        self.at = self.point(x, y);
        self.start = self.at;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let to = self.point(x, y);
        self.edge_to(to);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (p0, p1, p2) = (self.at, self.point(x1, y1), self.point(x, y));
        for step in 1..=CURVE_STEPS {
            let t = step as f32 / CURVE_STEPS as f32;
            let u = 1.0 - t;
            let at = |a: f32, b: f32, c: f32| u * u * a + 2.0 * u * t * b + t * t * c;
            self.edge_to((at(p0.0, p1.0, p2.0), at(p0.1, p1.1, p2.1)));
        }
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (p0, p1, p2, p3) = (
            self.at,
            self.point(x1, y1),
            self.point(x2, y2),
            self.point(x, y),
        );
        for step in 1..=CURVE_STEPS {
            let t = step as f32 / CURVE_STEPS as f32;
            let u = 1.0 - t;
            let at = |a: f32, b: f32, c: f32, d: f32| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            self.edge_to((at(p0.0, p1.0, p2.0, p3.0), at(p0.1, p1.1, p2.1, p3.1)));
        }
    }

    fn close(&mut self) {
        let start = self.start;
        self.edge_to(start);
    }
}
