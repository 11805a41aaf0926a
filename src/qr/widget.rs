//! The QR code as a ratatui widget: two modules per cell, explicit black and white.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::widgets::Widget;

use super::QrMatrix;

/// The symbol of every cell the widget draws: the top half is the foreground colour, the bottom
/// half the background colour.
const UPPER_HALF: &str = "▀";
/// Pure black and white from the 256-colour cube, not the 16 named colours: terminal themes
/// remap "black" and "white" (Solarized's black is blue), but leave these alone, so the code is
/// dark on light whatever the theme.
pub(crate) const DARK: Color = Color::Indexed(16);
pub(crate) const LIGHT: Color = Color::Indexed(231);

/// Draws the code in a ratatui buffer, centred in the area: each cell is '▀' with fg = top
/// module colour and bg = bottom module colour, using pure black and white from the 256-colour cube explicitly
/// (never Reset), quiet zone included. If the area is smaller than `terminal_size()`, draws
/// nothing and the caller shows a "too small" message (see [`fits`]).
#[derive(Debug, Clone, Copy)]
pub struct QrWidget<'a> {
    /// The code to draw.
    pub matrix: &'a QrMatrix,
}

/// Whether the whole code, quiet zone included, fits in `area`.
pub fn fits(matrix: &QrMatrix, area: Rect) -> bool {
    let (columns, rows) = matrix.terminal_size();
    area.width >= columns && area.height >= rows
}

/// Where [`QrWidget`] draws the code inside `area` (centred, exactly `terminal_size()`), or
/// `None` if it does not fit. Useful for placing a caption right under the code.
pub fn placement(matrix: &QrMatrix, area: Rect) -> Option<Rect> {
    if !fits(matrix, area) {
        return None;
    }
    let (columns, rows) = matrix.terminal_size();
    Some(Rect {
        x: area.x + (area.width - columns) / 2,
        y: area.y + (area.height - rows) / 2,
        width: columns,
        height: rows,
    })
}

impl Widget for QrWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(target) = placement(self.matrix, area) else {
            return;
        };
        // Draw only where the buffer has cells; a target partly outside it is clipped, never a panic.
        for row in 0..target.height {
            for column in 0..target.width {
                let Some(cell) = buf.cell_mut((target.x + column, target.y + row)) else {
                    continue;
                };
                let x = usize::from(column);
                let y = 2 * usize::from(row);
                // Past the quiet zone (the half row under an odd count) is light too.
                let top = self.matrix.is_dark_padded(x, y);
                let bottom = self.matrix.is_dark_padded(x, y + 1);
                cell.reset();
                cell.set_symbol(UPPER_HALF)
                    .set_fg(if top { DARK } else { LIGHT })
                    .set_bg(if bottom { DARK } else { LIGHT });
            }
        }
    }
}

/// Reads modules back from a region of a rendered buffer (for tests, and for checking what is
/// on screen): `2 × area.height` rows of `area.width` modules, `true` for dark.
///
/// Returns `None` if the region is not wholly inside the buffer or any cell in it is not a
/// '▀' drawn in the widget's black and white, i.e. not something [`QrWidget`] drew.
pub fn matrix_from_buffer(buffer: &Buffer, area: Rect) -> Option<Vec<Vec<bool>>> {
    let mut rows = vec![Vec::with_capacity(usize::from(area.width)); 2 * usize::from(area.height)];
    for row in 0..area.height {
        for column in 0..area.width {
            let cell = buffer.cell((area.x.checked_add(column)?, area.y.checked_add(row)?))?;
            if cell.symbol() != UPPER_HALF {
                return None;
            }
            let dark = |colour: Color| match colour {
                DARK => Some(true),
                LIGHT => Some(false),
                _ => None,
            };
            let top = dark(cell.fg)?;
            let bottom = dark(cell.bg)?;
            rows[2 * usize::from(row)].push(top);
            rows[2 * usize::from(row) + 1].push(bottom);
        }
    }
    Some(rows)
}
