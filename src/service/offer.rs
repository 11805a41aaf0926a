//! Offers, for every shell: open a candidate's live offer or the form to make one, make it, print
//! its slip (every attempt logged), and withdraw or decline it with a reason.

use crate::content::Content;
use crate::domain::Event;
use crate::domain::offer::{NewOffer, OfferStatus};
use crate::print::{PrintError, PrintOptions, Target};
use crate::service::log::logged;
use crate::store::offers::OfferRecord;
use crate::store::{Actor, CandidateDetail, Store, StoreError};

/// The local setting (this laptop's printer) that sends QR codes to ESC/POS printers as images.
pub const RASTER_QR_SETTING: &str = "printer_raster_qr";

/// What the offer screen opens on for a candidate.
#[derive(Debug)]
pub enum OfferScreen {
    /// The candidate already holds a live offer: show it, and where it prints.
    Live {
        offer: Box<OfferRecord>,
        printer: Option<String>,
    },
    /// No live offer: the form, with the event's days an offer stays open.
    Form {
        detail: Box<CandidateDetail>,
        valid_days: u32,
    },
}

/// Which read failed when opening the offer screen.
#[derive(Debug, thiserror::Error)]
pub enum OpenOfferError {
    #[error("{0}")]
    Candidate(StoreError),
    #[error("{0}")]
    Settings(StoreError),
}

/// The candidate's live offer if they have one, otherwise the form to make it.
pub fn open(
    store: &Store,
    event: &Event,
    candidate_id: &str,
) -> Result<OfferScreen, OpenOfferError> {
    logged!(
        debug,
        "offer open",
        screen(store, event, candidate_id),
        |screen| candidate = candidate_id,
        live = matches!(screen, OfferScreen::Live { .. })
    )
}

fn screen(store: &Store, event: &Event, candidate_id: &str) -> Result<OfferScreen, OpenOfferError> {
    let detail = store
        .candidate(event, candidate_id)
        .map_err(OpenOfferError::Candidate)?;
    let settings = store
        .offer_settings(event)
        .map_err(OpenOfferError::Settings)?;
    Ok(match store.offer(event, &detail.row.ticket) {
        Ok(offer) if offer.status == OfferStatus::Made => OfferScreen::Live {
            offer: Box::new(offer),
            printer: settings.printer,
        },
        _ => OfferScreen::Form {
            detail: Box::new(detail),
            valid_days: settings.offer_valid_days,
        },
    })
}

/// The offer `key` names at `event`: its id, its reference or the candidate's ticket.
pub fn find(store: &Store, event: &Event, key: &str) -> Result<OfferRecord, StoreError> {
    // Not the key: it is typed, and could be anything.
    logged!(debug, "offer find", store.offer(event, key), |offer| offer = %offer.id)
}

/// An offer just made, and the event's printer for its slip.
#[derive(Debug)]
pub struct Made {
    pub offer: OfferRecord,
    pub printer: Option<String>,
}

/// Makes the offer (or talent-pool place) in one transaction with its audit and outbox rows.
pub fn make(
    store: &mut Store,
    event: &Event,
    offer: &NewOffer,
    staff_id: &str,
    actor: &Actor,
) -> Result<Made, StoreError> {
    let offer = logged!(
        info,
        "offer make",
        store.make_offer(event, offer, staff_id, actor),
        |made| offer = %made.id,
        reference = %made.reference,
        candidate = %made.candidate_id,
        staff = staff_id
    )?;
    let printer = store.offer_settings(event).ok().and_then(|s| s.printer);
    Ok(Made { offer, printer })
}

/// An offer that was withdrawn or declined.
#[derive(Debug)]
pub struct Closed {
    pub reference: String,
    pub candidate_name: String,
    pub status: OfferStatus,
}

/// Withdraws the offer (`key`: its id, reference or the candidate's ticket), or records that the
/// candidate declined it. The reason is required.
pub fn close(
    store: &mut Store,
    event: &Event,
    key: &str,
    status: OfferStatus,
    reason: &str,
    actor: &Actor,
) -> Result<Closed, StoreError> {
    let mut close = || {
        let offer = store.offer(event, key)?;
        store.close_offer(&offer.id, status, reason, actor)?;
        Ok(Closed {
            reference: offer.reference,
            candidate_name: offer.candidate_name,
            status,
        })
    };
    logged!(
        info,
        "offer close",
        close(),
        |closed| reference = %closed.reference,
        status = status.as_ref()
    )
}

/// Where and how to print a slip.
#[derive(Debug, Default, Clone, Copy)]
pub struct PrintRequest<'a> {
    /// A printer for this print only; otherwise the event's printer.
    pub to: Option<&'a str>,
    /// Send the QR code as an image, whatever this laptop's setting says.
    pub raster_qr: bool,
}

/// A slip that printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub reference: String,
    /// What the printer said it did.
    pub done: String,
    /// 1 for the first print of this slip, 2 for the first reprint, and so on.
    pub print_number: i64,
}

/// Why a slip did not print. Each shell says how to put it right in its own words.
#[derive(Debug, thiserror::Error)]
pub enum PrintSlipError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No printer was given and the event has none.
    #[error("no printer is set")]
    NoPrinter,
    /// The printer given or set is not one fairfloor can print to.
    #[error(transparent)]
    Target(PrintError),
    /// The printer failed; the attempt is logged and the offer is untouched.
    #[error("{source}")]
    Failed {
        reference: String,
        source: Box<PrintError>,
    },
}

/// Prints the offer's slip and logs the attempt, whatever happens, so a reprint is a deliberate
/// act and every copy of a slip is accounted for.
pub fn print_slip(
    store: &mut Store,
    content: &Content,
    event: &Event,
    key: &str,
    request: PrintRequest<'_>,
    actor: &Actor,
) -> Result<Printed, PrintSlipError> {
    logged!(
        info,
        "offer print",
        print_logged(store, content, event, key, request, actor),
        |printed| reference = %printed.reference,
        print_number = printed.print_number
    )
}

/// [`print_slip`] without its log line; the body stays as it was, unindented.
fn print_logged(
    store: &mut Store,
    content: &Content,
    event: &Event,
    key: &str,
    request: PrintRequest<'_>,
    actor: &Actor,
) -> Result<Printed, PrintSlipError> {
    let offer = store.offer(event, key)?;
    let target_text = match request.to {
        Some(target) => Some(target.to_string()),
        None => store.offer_settings(event)?.printer,
    };
    let chosen = target_text
        .as_deref()
        .ok_or(PrintSlipError::NoPrinter)
        .and_then(|text| text.parse::<Target>().map_err(PrintSlipError::Target));
    let target = match chosen {
        Ok(target) => target,
        Err(refused) => {
            // Every attempt is logged, including one that never reached a printer.
            let tried = target_text.as_deref().unwrap_or("none set");
            store.log_print(&offer.id, tried, false, &refused.to_string(), actor)?;
            return Err(refused);
        }
    };
    let target_text = target_text.unwrap_or_else(|| target.to_string());
    let slip = crate::offer::slip(&offer, content, event);
    let options = PrintOptions {
        escpos_raster_qr: request.raster_qr || print_options(store).escpos_raster_qr,
        fonts_dir: pack_fonts(content),
    };
    let earlier = store.prints(&offer.id)?;
    match crate::print::print(&slip, &target, options) {
        Ok(done) => {
            store.log_print(&offer.id, &target_text, true, &done, actor)?;
            Ok(Printed {
                reference: offer.reference,
                done,
                print_number: earlier + 1,
            })
        }
        Err(source) => {
            store.log_print(&offer.id, &target_text, false, &source.to_string(), actor)?;
            Err(PrintSlipError::Failed {
                reference: offer.reference,
                source: Box::new(source),
            })
        }
    }
}

/// How this laptop prints: some receipt printers lack the QR command and need an image.
pub fn print_options(store: &Store) -> PrintOptions {
    PrintOptions {
        escpos_raster_qr: matches!(store.setting(RASTER_QR_SETTING), Ok(Some(value)) if value == "on"),
        fonts_dir: None,
    }
}

/// The fair pack's `fonts/` folder, tried first for names in other scripts on a PDF slip.
pub fn pack_fonts(content: &Content) -> Option<std::path::PathBuf> {
    content.pack_folder().map(|dir| dir.join("fonts"))
}

/// Sets whether this laptop sends QR codes to receipt printers as images.
pub fn set_raster_qr(store: &mut Store, on: bool) -> Result<(), StoreError> {
    logged!(
        info,
        "printer raster qr",
        store.set_setting(RASTER_QR_SETTING, if on { "on" } else { "off" }),
        |_| on
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_printers_get_native_qr_codes_unless_this_laptop_says_otherwise() {
        let (_dir, mut store, _event) = crate::store::test_store();
        assert!(!print_options(&store).escpos_raster_qr);
        set_raster_qr(&mut store, true).unwrap();
        assert!(print_options(&store).escpos_raster_qr);
        set_raster_qr(&mut store, false).unwrap();
        assert!(!print_options(&store).escpos_raster_qr);
    }
}
