//! The QR code as a ratatui widget: two modules per cell, explicit black and white.
//!
//! [`QrWidget`] always draws the standard quiet zone of [`QUIET_ZONE`] modules; [`FittedQr`]
//! narrows it, down to [`MIN_QUIET_ZONE`], when that is what lets the code fit (an 80×24
//! terminal), because a code with a narrower border scans where no code at all does not.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::widgets::Widget;

use super::{QUIET_ZONE, QrMatrix};

/// The narrowest quiet zone [`FittedQr`] uses. Two modules is what phone camera apps (and
/// `rqrr`, see the tests) still read reliably; the light border is drawn explicitly, so a dark
/// terminal background never touches the code.
pub const MIN_QUIET_ZONE: usize = 2;

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
        if let Some(target) = placement(self.matrix, area) {
            draw(self.matrix, QUIET_ZONE, target, buf);
        }
    }
}

/// A code with the widest quiet zone (from [`QUIET_ZONE`] down to [`MIN_QUIET_ZONE`]) that lets
/// it fit in an area, and where it goes: centred in that area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FittedQr<'a> {
    /// The code to draw.
    pub matrix: &'a QrMatrix,
    /// Modules of light border on each side.
    pub quiet_zone: usize,
    /// Where the code, quiet zone included, is drawn: exactly its size.
    pub target: Rect,
}

impl<'a> FittedQr<'a> {
    /// The code fitted into `area`, or `None` if even the narrowest quiet zone does not fit.
    pub fn new(matrix: &'a QrMatrix, area: Rect) -> Option<Self> {
        (MIN_QUIET_ZONE..=QUIET_ZONE).rev().find_map(|quiet_zone| {
            let (columns, rows) = matrix.terminal_size_with(quiet_zone);
            (area.width >= columns && area.height >= rows).then(|| Self {
                matrix,
                quiet_zone,
                target: Rect {
                    x: area.x + (area.width - columns) / 2,
                    y: area.y + (area.height - rows) / 2,
                    width: columns,
                    height: rows,
                },
            })
        })
    }

    /// (columns, rows) the smallest fitted code needs: what to ask for when none fits.
    pub fn smallest_size(matrix: &QrMatrix) -> (u16, u16) {
        matrix.terminal_size_with(MIN_QUIET_ZONE)
    }
}

impl Widget for FittedQr<'_> {
    /// Draws at `target`, whatever area it is given (the area was chosen by [`FittedQr::new`]).
    fn render(self, _area: Rect, buf: &mut Buffer) {
        draw(self.matrix, self.quiet_zone, self.target, buf);
    }
}

/// Draws `matrix` with `quiet_zone` modules of border into exactly `target`: each cell is '▀'
/// with fg = top module colour and bg = bottom module colour.
fn draw(matrix: &QrMatrix, quiet_zone: usize, target: Rect, buf: &mut Buffer) {
    // Draw only where the buffer has cells; a target partly outside it is clipped, never a panic.
    for row in 0..target.height {
        for column in 0..target.width {
            let Some(cell) = buf.cell_mut((target.x + column, target.y + row)) else {
                continue;
            };
            let x = usize::from(column);
            let y = 2 * usize::from(row);
            // Past the quiet zone (the half row under an odd count) is light too.
            let top = matrix.is_dark_in_zone(x, y, quiet_zone);
            let bottom = matrix.is_dark_in_zone(x, y + 1, quiet_zone);
            cell.reset();
            cell.set_symbol(UPPER_HALF)
                .set_fg(if top { DARK } else { LIGHT })
                .set_bg(if bottom { DARK } else { LIGHT });
        }
    }
}

/// The smallest rectangle holding every cell a QR widget drew in `buffer` ('▀' in its black and
/// white), or `None` if there is none: where a code is on screen, without knowing the layout.
pub fn drawn_area(buffer: &Buffer) -> Option<Rect> {
    let area = buffer.area;
    let mut found: Option<(u16, u16, u16, u16)> = None;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let Some(cell) = buffer.cell((x, y)) else {
                continue;
            };
            let ours = |colour: Color| colour == DARK || colour == LIGHT;
            if cell.symbol() == UPPER_HALF && ours(cell.fg) && ours(cell.bg) {
                found = Some(found.map_or((x, y, x, y), |(left, top, right, bottom)| {
                    (left.min(x), top.min(y), right.max(x), bottom.max(y))
                }));
            }
        }
    }
    found.map(|(left, top, right, bottom)| Rect::new(left, top, right - left + 1, bottom - top + 1))
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
