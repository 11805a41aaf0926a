//! Printed offer slips: the candidate's name, the role, that the offer is conditional and on
//! what, what happens next, the QR code to onboarding with the link written out, the
//! reference, the recruiter and the date.
//!
//! Three renderings of the same [`Slip`] (one layout, so they say the same thing):
//! - [`escpos_bytes`]: an 80 mm receipt printer, with the printer's own QR command or, for
//!   older printers, the code as a raster image ([`PrintOptions::escpos_raster_qr`]); the
//!   layout also fits a 58 mm roll (32 columns);
//! - [`pdf_bytes`]: an 80 mm wide PDF page, for CUPS and for a file, dated when it was made;
//! - [`png_bytes`]: a 576-pixel-wide image (80 mm at 203 dpi).
//!
//! [`print`] sends one to a [`Target`]: a CUPS queue (`lp`), a receipt printer's device file or
//! TCP port, or a file. Printing never touches the store: when it fails, the offer is already
//! saved, and every error says how to print it again.

mod error;
mod escpos;
mod fonts;
mod glyph_raster;
mod layout;
mod pdf;
mod probe;
mod qr_image;
mod raster;
mod send;
mod target;
mod text;

#[cfg(test)]
mod render_tests;
#[cfg(test)]
mod script_tests;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

pub use error::PrintError;
use layout::Document;
pub use probe::{PrinterProblem, probe};
pub use target::{DEFAULT_ESCPOS_PORT, Target};

/// What goes on an offer slip, already in plain English (the offer module fills it in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// Made at a demo event: the slip says so first, so nobody takes it for a real offer.
    pub demo: bool,
    /// The candidate's name as they gave it.
    pub candidate_name: String,
    /// The employer making the offer, e.g. "Example NHS Trust" (from the fair pack).
    pub employer_name: Option<String>,
    /// The number a candidate calls with questions, e.g. "01632 960000" (from the fair pack).
    pub employer_phone: Option<String>,
    /// e.g. "Healthcare support worker".
    pub role_title: String,
    /// e.g. "Band 3".
    pub band: String,
    /// What the job pays, in plain words, e.g. "£24,071 a year" (from the fair pack).
    pub pay: Option<String>,
    /// e.g. "37.5 hours a week".
    pub hours: String,
    /// Site or ward area.
    pub site: String,
    /// e.g. "Permanent".
    pub contract: String,
    /// The conditions still to meet, in the candidate's words, e.g. "Proof of who you are" (the
    /// NHS Employment Check Standards that apply).
    pub conditions: Vec<String>,
    /// Conditions already started today (documents seen), shown as done; the slip lists only
    /// what is still needed as to-dos.
    pub done: Vec<String>,
    /// The steps after today, in order.
    pub what_next: Vec<String>,
    /// The onboarding URL, written out and in the QR code.
    pub link: String,
    /// Short reference, e.g. "B-042-7K3Q".
    pub reference: String,
    /// The recruiter's name.
    pub recruiter: String,
    /// e.g. "Monday 23 November 2026".
    pub date: String,
    /// e.g. "Offer open until Monday 7 December 2026".
    pub expires: String,
}

/// How to print.
/// A kiosk's ticket, printed where the kiosk has a receipt printer (`fairfloor kiosk
/// --print-tickets`), so a candidate need not remember their number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub demo: bool,
    pub event_name: String,
    /// e.g. "B-042".
    pub ticket: String,
    /// What to do now, in the kiosk's words: "Take a seat. We will call your number...".
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PrintOptions {
    /// send the QR as a raster image instead of the printer's native QR command (older printers)
    pub escpos_raster_qr: bool,
    /// A folder of `.ttf`/`.otf` fonts tried before the computer's own for text in other
    /// scripts on a PDF slip (the fair pack's `fonts/`).
    pub fonts_dir: Option<std::path::PathBuf>,
}

/// The slip as ESC/POS commands for an 80 mm receipt printer: `ESC @`, code page 437 text
/// (anything else spelt in ASCII: é→e, ’→', £ kept; a heading such as the name in another
/// script drawn as a `GS v 0` image in a font from this computer, or without one
/// transliterated, Nguyễn→Nguyen, 王芳→Wang Fang), a bold double-size title, the QR code
/// (`GS ( k`, model 2, level M; or `GS v 0` raster with the quiet zone), feed and partial cut.
///
/// # Errors
/// [`PrintError::IncompleteSlip`] without a link or reference, [`PrintError::Qr`] if the link
/// cannot be a QR code.
pub fn escpos_bytes(slip: &Slip, options: PrintOptions) -> Result<Vec<u8>, PrintError> {
    escpos::bytes(&Document::slip(slip)?, options)
}

/// The slip as a one-page PDF 80 mm wide, with the QR code as filled squares and its quiet zone,
/// created and modified at `made_at` (given, so the same slip and time give the same dates).
/// Text in other scripts is set in a font found on this machine and embedded; without one it
/// is spelt in Latin letters and a warning says what to install ([`PrintError::NoFont`]).
///
/// # Errors
/// As [`escpos_bytes`], and [`PrintError::Render`] if the PDF cannot be written.
pub fn pdf_bytes(slip: &Slip, made_at: DateTime<Utc>) -> Result<Vec<u8>, PrintError> {
    Ok(pdf_with_notes(&Document::slip(slip)?, made_at, None)?.bytes)
}

/// [`pdf_bytes`] with fonts looked for in `fonts_dir` first, and what was spelt in Latin
/// letters for want of a font also in the log.
fn pdf_with_notes(
    document: &Document,
    made_at: DateTime<Utc>,
    fonts_dir: Option<&std::path::Path>,
) -> Result<pdf::Rendered, PrintError> {
    let search = fonts::FontSearch {
        dirs: fonts_dir
            .map(std::path::Path::to_path_buf)
            .into_iter()
            .collect(),
        fontconfig_file: None,
    };
    let rendered = pdf::render(document, made_at, search)?;
    for note in &rendered.notes {
        tracing::warn!(reference = %document.reference, "{note}");
    }
    Ok(rendered)
}

/// `said` followed by the notes about the slip, if any.
fn with_notes(said: String, notes: &[PrintError]) -> String {
    notes
        .iter()
        .fold(said, |said, note| format!("{said}; note: {note}"))
}

/// The slip as a greyscale PNG 576 pixels wide (80 mm at 203 dpi).
///
/// # Errors
/// As [`escpos_bytes`], and [`PrintError::Render`] if the PNG cannot be written.
pub fn png_bytes(slip: &Slip) -> Result<Vec<u8>, PrintError> {
    raster::bytes(&Document::slip(slip)?)
}

/// Prints; returns a short human description of where it went ("sent to CUPS queue
/// 'front-desk' as job front-desk-12", "written to slip.pdf").
///
/// # Errors
/// A [`PrintError`] that says what to do: the printer is off or missing, `lp` is not
/// installed, no such CUPS queue, the device file is missing or not writable, and so on.
pub fn print(slip: &Slip, target: &Target, options: PrintOptions) -> Result<String, PrintError> {
    print_with(
        &Document::slip(slip)?,
        target,
        options,
        &send::Lp::default(),
    )
}

/// Prints a kiosk ticket where the kiosk has a printer: the same targets as [`print`].
///
/// # Errors
/// As [`print`].
pub fn print_ticket(
    ticket: &Ticket,
    target: &Target,
    options: PrintOptions,
) -> Result<String, PrintError> {
    print_with(
        &Document::ticket(ticket),
        target,
        options,
        &send::Lp::default(),
    )
}

/// [`print`] with a chosen way of running `lp` (tests point it at a PATH without lp).
fn print_with(
    document: &Document,
    target: &Target,
    options: PrintOptions,
    lp: &send::Lp,
) -> Result<String, PrintError> {
    let shown = target.to_string();
    let reference = &document.reference;
    match target {
        Target::Cups { queue } => {
            let pdf = pdf_with_notes(document, Utc::now(), options.fonts_dir.as_deref())?;
            let said = send::to_cups(lp, queue, &pdf.bytes, reference)?;
            Ok(with_notes(said, &pdf.notes))
        }
        Target::EscposDevice { path } => {
            send::to_device(path, &escpos::bytes(document, options)?, reference, &shown)
        }
        Target::EscposTcp { host, port } => send::to_tcp(
            host,
            *port,
            &escpos::bytes(document, options)?,
            reference,
            &shown,
        ),
        Target::File { path } => {
            let (bytes, notes) = match target::file_kind(path) {
                Some(target::FileKind::Pdf) => {
                    let pdf = pdf_with_notes(document, Utc::now(), options.fonts_dir.as_deref())?;
                    (pdf.bytes, pdf.notes)
                }
                Some(target::FileKind::Png) => (raster::bytes(document)?, Vec::new()),
                None => {
                    return Err(PrintError::InvalidTarget {
                        given: shown,
                        problem:
                            "fairfloor writes slips as PDF or PNG, so the file name must end in .pdf or .png"
                                .into(),
                    });
                }
            };
            Ok(with_notes(send::to_file(path, &bytes)?, &notes))
        }
    }
}
