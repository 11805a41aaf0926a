//! The onboarding link's QR code as the printers want it: a square of modules with the quiet
//! zone included.

use super::PrintError;
use crate::qr::{QUIET_ZONE, QrMatrix};

/// A QR code with its quiet zone, ready to scale.
pub(crate) struct QrImage {
    matrix: QrMatrix,
}

impl QrImage {
    /// Encodes `link` (error correction M, as on screen).
    pub(crate) fn encode(link: &str) -> Result<Self, PrintError> {
        QrMatrix::encode(link)
            .map(|matrix| Self { matrix })
            .map_err(|e| PrintError::Qr(e.to_string()))
    }

    /// Modules per side including the quiet zone on both sides.
    pub(crate) fn size(&self) -> usize {
        self.matrix.width() + 2 * QUIET_ZONE
    }

    /// Whether module `(x, y)`, counted from the outer corner of the quiet zone, is dark.
    pub(crate) fn is_dark(&self, x: usize, y: usize) -> bool {
        match (x.checked_sub(QUIET_ZONE), y.checked_sub(QUIET_ZONE)) {
            (Some(x), Some(y)) => self.matrix.is_dark(x, y),
            _ => false,
        }
    }

    /// The largest whole number of dots per module, between 1 and `max_scale`, that keeps the
    /// code with its quiet zone within `max_dots`.
    pub(crate) fn scale_for(&self, max_dots: usize, max_scale: usize) -> usize {
        (max_dots / self.size().max(1)).clamp(1, max_scale.max(1))
    }
}
