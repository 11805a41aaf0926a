//! Registration, for every shell: a candidate signs in at the kiosk or is entered as a walk-in,
//! and a booked candidate arrives or does not come (their status moves on the queue).

use crate::content::Content;
use crate::domain::contact::{self, ContactBox};
use crate::domain::validate::FieldError;
use crate::domain::{Event, Registration, Source, Status};
use crate::print::{PrintError, PrintOptions, Target, Ticket};
use crate::service::log::logged;
use crate::store::{Actor, RegisterOutcome, Store, StoreError};

/// Registers a candidate (kiosk or walk-in) in one transaction: their ticket, the duplicate check,
/// their equality answers, the audit row and the outbox.
pub fn register(
    store: &mut Store,
    event: &Event,
    registration: &Registration,
    source: Source,
    actor: &Actor,
) -> Result<RegisterOutcome, StoreError> {
    logged!(
        info,
        "register",
        store.register(event, registration, source, actor),
        |done| ticket = %done.ticket,
        candidate = %done.candidate_id,
        source = source.as_ref(),
        possible_duplicate = done.possible_duplicate
    )
}

/// Moves a candidate to `status`: arrived (waiting), no-show, back to the queue and so on.
pub fn set_status(
    store: &mut Store,
    event: &Event,
    candidate_id: &str,
    status: Status,
    actor: &Actor,
) -> Result<(), StoreError> {
    logged!(
        info,
        "set status",
        store.set_status(event, candidate_id, status, actor),
        |_| candidate = candidate_id,
        status = status.as_ref()
    )
}

/// Why a correction was not saved: what is wrong with which box, or the store's failure.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("{}", .0.iter().map(|(_, error)| error.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<(ContactBox, FieldError)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Corrects a candidate's email, phone and postcode as typed at the table, with the same rule
/// as a registration (an email or a phone; a postcode or none, or "no fixed address"), and
/// checks again for an earlier registration with the same email or phone: its ticket, if any.
pub fn correct_contact(
    store: &mut Store,
    event: &Event,
    candidate_id: &str,
    (email, phone, postcode): (&str, &str, &str),
    actor: &Actor,
) -> Result<Option<String>, CorrectionError> {
    let details = contact::details(email, phone, postcode).map_err(CorrectionError::Invalid)?;
    logged!(
        info,
        "correct contact",
        store.correct_contact(event, candidate_id, &details, actor),
        |duplicate| candidate = candidate_id,
        possible_duplicate = duplicate.is_some()
    )
    .map_err(CorrectionError::Store)
}

/// Clears a possible duplicate that staff checked with the candidate: someone else.
pub fn not_a_duplicate(
    store: &mut Store,
    event: &Event,
    candidate_id: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    logged!(
        info,
        "not a duplicate",
        store.clear_duplicate(event, candidate_id, actor),
        |_| candidate = candidate_id
    )
}

/// Why a kiosk ticket was not printed. The candidate still has their number on the screen.
#[derive(Debug, thiserror::Error)]
pub enum PrintTicketError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "no printer is set for tickets. Set this laptop's receipt printer with: fairfloor event --printer escpos:/dev/usb/lp0"
    )]
    NoPrinter,
    #[error(transparent)]
    Print(#[from] PrintError),
}

/// Prints a kiosk ticket on the event's printer (`fairfloor event --printer`): the event, the
/// ticket number large, and the kiosk's words for what to do now. Answers where it went.
pub fn print_ticket(
    store: &Store,
    event: &Event,
    content: &Content,
    ticket: &str,
) -> Result<String, PrintTicketError> {
    let printed = send_ticket(store, event, content, ticket);
    logged!(info, "print ticket", printed, |said| ticket = ticket, to = %said)
}

/// Merges a possible duplicate into the registration it repeats, once staff have checked with
/// the candidate that it is the same person. Answers the earlier ticket, and whether it took the
/// later one's place in the queue.
pub fn merge_duplicate(
    store: &mut Store,
    event: &Event,
    candidate_id: &str,
    actor: &Actor,
) -> Result<(String, bool), StoreError> {
    logged!(
        info,
        "merge duplicate",
        store.merge_duplicate(event, candidate_id, actor),
        |merged| candidate = candidate_id,
        took_place = merged.1
    )
}

/// The body of [`print_ticket`], before it is logged.
fn send_ticket(
    store: &Store,
    event: &Event,
    content: &Content,
    ticket: &str,
) -> Result<String, PrintTicketError> {
    let target: Target = store
        .offer_settings(event)?
        .printer
        .ok_or(PrintTicketError::NoPrinter)?
        .parse()?;
    let confirmation = &content.kiosk.confirmation;
    let ticket = Ticket {
        demo: event.demo,
        event_name: event.title(),
        ticket: ticket.to_string(),
        lines: confirmation.body.clone(),
    };
    let options = PrintOptions {
        fonts_dir: crate::service::offer::pack_fonts(content),
        ..crate::service::offer::print_options(store)
    };
    Ok(crate::print::print_ticket(&ticket, &target, options)?)
}
