//! QR codes for onboarding links: one encoded [`QrMatrix`], several renderers.
//!
//! The matrix is encoded once (error-correction level M, good for screens and print) and then
//! drawn as terminal text ([`QrMatrix::to_ansi`]), an SVG ([`QrMatrix::to_svg`]), a greyscale PNG
//! ([`QrMatrix::to_png`]) or into a ratatui buffer ([`QrWidget`]). Every renderer adds the same
//! light quiet zone of [`QUIET_ZONE`] modules and draws dark modules on a light background,
//! whatever the terminal's colours. Nothing here does I/O: callers write the bytes.

mod widget;

#[cfg(test)]
mod tests;

/// A screen as text for snapshots, with each QR cell drawn as the block a person sees there
/// ('█' '▀' '▄' ' ', light shown as blank) rather than the '▀' every QR cell holds.
#[cfg(test)]
pub(crate) fn screen_picture(buffer: &ratatui::buffer::Buffer) -> String {
    use widget::{DARK, LIGHT};
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            match (cell.symbol(), cell.fg, cell.bg) {
                ("▀", DARK, DARK) => out.push('█'),
                ("▀", DARK, LIGHT) => out.push('▀'),
                ("▀", LIGHT, DARK) => out.push('▄'),
                ("▀", LIGHT, LIGHT) => out.push(' '),
                (symbol, _, _) => out.push_str(symbol),
            }
        }
        out.push('\n');
    }
    out
}

/// Every QR code `rqrr` finds in a grid of modules (`true` dark), drawn at 4 pixels a module:
/// what a phone's camera would read from the screen, for tests anywhere in the crate.
#[cfg(test)]
pub(crate) fn decode_modules(rows: &[Vec<bool>]) -> Vec<String> {
    const SCALE: usize = 4;
    let height = rows.len();
    let width = rows.first().map_or(0, Vec::len);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width * SCALE, height * SCALE, |x, y| {
            if rows[y / SCALE][x / SCALE] { 0 } else { 255 }
        });
    image
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a detected grid decodes").1)
        .collect()
}

use std::fmt::Write as _;

/// The colours a code is drawn in on screen (dark modules on light), whatever the terminal's own.
pub(crate) use widget::{DARK, LIGHT};
pub use widget::{
    FittedQr, MIN_QUIET_ZONE, QrWidget, drawn_area, fits, matrix_from_buffer, placement,
};

/// Modules of light border every renderer adds around the code (the QR standard's minimum).
pub const QUIET_ZONE: usize = 4;

/// The most bytes a QR code holds in byte mode at error-correction level M (version 40).
pub const MAX_LINK_BYTES: usize = 2331;

/// The largest module size, in pixels, [`QrMatrix::to_png`] accepts (keeps the image under
/// about 6000 pixels a side even for the largest code).
pub const MAX_MODULE_PX: u32 = 32;

/// Why a QR code could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// Nothing to encode.
    #[error(
        "the onboarding link is empty: set the event's onboarding base URL (an https URL) so each offer gets a link"
    )]
    Empty,
    /// The text does not fit in the largest QR code at level M.
    #[error(
        "the link is {length} characters; a QR code holds at most {max} at this error-correction level (M): use a shorter onboarding base URL"
    )]
    TooLong {
        /// Length of the text, in bytes (characters, for a plain ASCII link).
        length: usize,
        /// The most a code at level M holds.
        max: usize,
    },
    /// Any other refusal from the encoder (not expected for a link).
    #[error(
        "could not make a QR code for the link ({reason}): check the onboarding base URL is a plain https URL"
    )]
    Encode {
        /// The encoder's own description.
        reason: String,
    },
    /// A PNG module size outside `1..=MAX_MODULE_PX`.
    #[error(
        "a PNG QR code needs 1 to {max} pixels per module, not {module_px}: choose a module size in that range"
    )]
    ModuleSize {
        /// The size asked for.
        module_px: u32,
        /// [`MAX_MODULE_PX`].
        max: u32,
    },
    /// The PNG encoder failed.
    #[error("could not write the QR code as a PNG image: {0}")]
    Png(#[from] png::EncodingError),
}

/// A QR code for an onboarding link, as a square of dark/light modules WITHOUT the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    width: usize,
    /// Row-major, `true` is dark; `width * width` entries.
    modules: Vec<bool>,
}

/// Black foreground on white background from the fixed part of the 256-colour palette (16 is
/// #000000, 231 is #ffffff), which colour themes leave alone, unlike the 16 named colours.
const ANSI_DARK_ON_LIGHT: &str = "\x1b[38;5;16;48;5;231m";
const ANSI_RESET: &str = "\x1b[0m";

impl QrMatrix {
    /// Encodes `text` at error-correction level M in the smallest code that holds it.
    ///
    /// # Errors
    /// [`QrError::Empty`] for empty text, [`QrError::TooLong`] when it does not fit in a QR code.
    pub fn encode(text: &str) -> Result<Self, QrError> {
        if text.is_empty() {
            return Err(QrError::Empty);
        }
        let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).map_err(
            |error| match error {
                qrcode::types::QrError::DataTooLong => QrError::TooLong {
                    length: text.len(),
                    max: MAX_LINK_BYTES,
                },
                other => QrError::Encode {
                    reason: other.to_string(),
                },
            },
        )?;
        let width = code.width();
        let modules = code
            .into_colors()
            .into_iter()
            .map(|colour| colour == qrcode::Color::Dark)
            .collect();
        Ok(Self { width, modules })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` (0-based, quiet zone not counted) is dark.
    /// Anything outside the code is light, as the quiet zone is.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.modules.get(y * self.width + x) == Some(&true)
    }

    /// Modules per side including the quiet zone on both sides.
    fn size_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Whether the module at `(x, y)` counted from the outer corner of the quiet zone is dark.
    fn is_dark_padded(&self, x: usize, y: usize) -> bool {
        self.is_dark_in_zone(x, y, QUIET_ZONE)
    }

    /// [`Self::is_dark_padded`] for a quiet zone of `quiet_zone` modules.
    fn is_dark_in_zone(&self, x: usize, y: usize, quiet_zone: usize) -> bool {
        match (x.checked_sub(quiet_zone), y.checked_sub(quiet_zone)) {
            (Some(x), Some(y)) => self.is_dark(x, y),
            _ => false,
        }
    }

    /// Terminal text: two module rows per character row using '▀' '▄' '█' ' ' with explicit
    /// ANSI colours (black foreground on white background, set on every line and reset at its
    /// end) so it is dark-on-light whatever the terminal's theme; includes the quiet zone. For
    /// `fairfloor qr --format ansi`.
    ///
    /// The colours are 256-colour palette entries 16 (black) and 231 (white), which themes do not
    /// remap. Each line ends with a reset and `\n`.
    pub fn to_ansi(&self) -> String {
        let size = self.size_with_quiet_zone();
        let rows = size.div_ceil(2);
        let mut out = String::with_capacity(rows * (size * 3 + 16));
        for row in 0..rows {
            out.push_str(ANSI_DARK_ON_LIGHT);
            for x in 0..size {
                let top = self.is_dark_padded(x, 2 * row);
                let bottom = self.is_dark_padded(x, 2 * row + 1);
                out.push(match (top, bottom) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            out.push_str(ANSI_RESET);
            out.push('\n');
        }
        out
    }

    /// An SVG with one path of dark squares on a white background rect, quiet zone included,
    /// `module_px` per module (0 is taken as 1).
    ///
    /// The drawing is in module units (`viewBox`), scaled by the `width`/`height` attributes, so
    /// it stays sharp at any print size; runs of dark modules in a row are one sub-path each.
    pub fn to_svg(&self, module_px: u32) -> String {
        let size = self.size_with_quiet_zone();
        let pixels = u64::from(module_px.max(1)) * size as u64;
        let mut path = String::with_capacity(self.width * self.width * 6);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let run = x - start;
                // Writing to a String cannot fail.
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            }
        }
        format!(
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" ",
                "width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {size} {size}\" ",
                "shape-rendering=\"crispEdges\">\n",
                "<rect x=\"0\" y=\"0\" width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/>\n",
                "<path fill=\"#000000\" d=\"{path}\"/>\n",
                "</svg>\n"
            ),
            pixels = pixels,
            size = size,
            path = path,
        )
    }

    /// A greyscale 8-bit PNG, quiet zone included, `module_px` per module.
    ///
    /// # Errors
    /// [`QrError::ModuleSize`] unless `1 <= module_px <= MAX_MODULE_PX`; [`QrError::Png`] if the
    /// encoder fails.
    pub fn to_png(&self, module_px: u32) -> Result<Vec<u8>, QrError> {
        if !(1..=MAX_MODULE_PX).contains(&module_px) {
            return Err(QrError::ModuleSize {
                module_px,
                max: MAX_MODULE_PX,
            });
        }
        let scale = module_px as usize;
        let side = self.size_with_quiet_zone() * scale;
        let side_u32 = u32::try_from(side).map_err(|_| QrError::ModuleSize {
            module_px,
            max: MAX_MODULE_PX,
        })?;
        let mut pixels = vec![255u8; side * side];
        for (y, line) in pixels.chunks_exact_mut(side).enumerate() {
            let my = y / scale;
            for (x, pixel) in line.iter_mut().enumerate() {
                if self.is_dark_padded(x / scale, my) {
                    *pixel = 0;
                }
            }
        }
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, side_u32, side_u32);
            encoder.set_color(png::ColorType::Grayscale);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&pixels)?;
            writer.finish()?;
        }
        Ok(out)
    }

    /// (columns, rows) the terminal widget needs, quiet zone included (rows = ceil(modules/2)).
    pub fn terminal_size(&self) -> (u16, u16) {
        self.terminal_size_with(QUIET_ZONE)
    }

    /// [`Self::terminal_size`] for a quiet zone of `quiet_zone` modules.
    fn terminal_size_with(&self, quiet_zone: usize) -> (u16, u16) {
        let size = self.width + 2 * quiet_zone;
        let columns = u16::try_from(size).unwrap_or(u16::MAX);
        let rows = u16::try_from(size.div_ceil(2)).unwrap_or(u16::MAX);
        (columns, rows)
    }
}
