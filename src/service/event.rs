//! The event this laptop works, for every shell: create it (and make it current), read it, change
//! its settings (blind interviews, offers, printer) and this laptop's ticket prefix.

use crate::domain::event::TicketPrefix;
use crate::domain::fairness::Person;
use crate::domain::{Event, NewEvent};
use crate::service::log::logged;
use crate::store::offers::OfferSettings;
use crate::store::{Actor, Store, StoreError};

/// The current event, if there is one yet.
pub fn current(store: &Store) -> Result<Option<Event>, StoreError> {
    logged!(trace, "event current", store.current_event())
}

/// The current event; [`StoreError::NoEvent`] when there is none yet.
pub fn require(store: &Store) -> Result<Event, StoreError> {
    logged!(trace, "event require", store.require_event())
}

/// An event just created.
#[derive(Debug)]
pub struct Created {
    pub event: Event,
    /// The event this laptop worked before, now no longer current.
    pub previous: Option<Event>,
    /// The first ticket this laptop gives out.
    pub first_ticket: String,
}

/// Creates the event and makes it current, with this laptop's ticket prefix (when given) and
/// blind interviews (when asked for).
pub fn create(
    store: &mut Store,
    event: &NewEvent,
    prefix: Option<TicketPrefix>,
    blind_interviews: bool,
    actor: &Actor,
) -> Result<Created, StoreError> {
    logged!(
        info,
        "event create",
        create_current(store, event, prefix, blind_interviews, actor),
        |created| event = %created.event.id,
        date = %created.event.date,
        first_ticket = %created.first_ticket,
        blind_interviews
    )
}

fn create_current(
    store: &mut Store,
    event: &NewEvent,
    prefix: Option<TicketPrefix>,
    blind_interviews: bool,
    actor: &Actor,
) -> Result<Created, StoreError> {
    let previous = store.current_event()?;
    let created = store.create_event(event, actor)?;
    if let Some(prefix) = prefix {
        store.set_ticket_prefix(prefix, actor)?;
    }
    if blind_interviews {
        store.set_blind_interviews(&created, true, actor)?;
    }
    Ok(Created {
        event: created,
        previous,
        first_ticket: store.ticket_prefix().ticket(1),
    })
}

/// Sets the letters this laptop's tickets start with, and returns them as stored.
pub fn set_ticket_prefix(
    store: &mut Store,
    prefix: TicketPrefix,
    actor: &Actor,
) -> Result<String, StoreError> {
    logged!(
        info,
        "ticket prefix",
        store.set_ticket_prefix(prefix, actor),
        |_| prefix = store.ticket_prefix().as_str()
    )?;
    Ok(store.ticket_prefix().as_str().to_string())
}

/// Settings of the current event to change; `None` leaves one as it is.
#[derive(Debug, Default, Clone, Copy)]
pub struct SettingsChange<'a> {
    pub blind_interviews: Option<bool>,
    /// Already checked by [`crate::domain::offer::onboarding_base_url`].
    pub onboarding_url: Option<&'a str>,
    pub offer_valid_days: Option<u32>,
    /// Already checked as a [`crate::print::Target`].
    pub printer: Option<&'a str>,
}

/// The current event's settings, after a change.
#[derive(Debug)]
pub struct Settings {
    pub event: Event,
    pub blind_interviews: bool,
    pub offers: OfferSettings,
    /// This laptop sends QR codes to receipt printers as images.
    pub raster_qr: bool,
}

/// Changes the current event's settings and reads what they now are.
pub fn change_settings(
    store: &mut Store,
    change: SettingsChange<'_>,
    actor: &Actor,
) -> Result<Settings, StoreError> {
    logged!(
        info,
        "event settings",
        apply_change(store, change, actor),
        |now| event = %now.event.id,
        blind_interviews = ?change.blind_interviews,
        onboarding_url = change.onboarding_url.is_some(),
        offer_valid_days = ?change.offer_valid_days,
        printer = change.printer.is_some()
    )
}

fn apply_change(
    store: &mut Store,
    change: SettingsChange<'_>,
    actor: &Actor,
) -> Result<Settings, StoreError> {
    let event = store.require_event()?;
    if let Some(on) = change.blind_interviews {
        store.set_blind_interviews(&event, on, actor)?;
    }
    if change.onboarding_url.is_some()
        || change.offer_valid_days.is_some()
        || change.printer.is_some()
    {
        store.set_offer_settings(
            &event,
            change.onboarding_url,
            change.offer_valid_days,
            change.printer,
            actor,
        )?;
    }
    let offers = store.offer_settings(&event)?;
    Ok(Settings {
        blind_interviews: store.blind_interviews(&event)?,
        raster_qr: crate::service::offer::print_options(store).escpos_raster_qr,
        event,
        offers,
    })
}

/// The people of `event`, for its fairness report.
pub fn fairness_people(store: &Store, event: &Event) -> Result<Vec<Person>, StoreError> {
    logged!(
        debug,
        "fairness people",
        store.fairness_people(event),
        |people| people = people.len()
    )
}
