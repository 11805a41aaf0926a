//! Exporting a dataset of an event's day, for every shell: the CLI's `fairfloor export` and the
//! dashboard's export keys both come here.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::Event;
use crate::export::{Dataset, Destination, ExportError, ExportRequest, Exported, Format};
use crate::service::log::logged;
use crate::store::{Store, StoreError};

/// Why no event's day could be chosen.
#[derive(Debug, thiserror::Error)]
pub enum ChooseDayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file holds no event at all.
    #[error("there are no events yet")]
    NoEvents,
    /// No event on the day asked for; these are the days there are.
    #[error("there is no event on {day}")]
    NoEventOn { day: NaiveDate, dates: Vec<String> },
}

/// The event of `day`, or the current event when no day is given.
pub fn event_of_day(store: &Store, day: Option<NaiveDate>) -> Result<Event, ChooseDayError> {
    logged!(
        debug,
        "export day",
        choose_day(store, day),
        |event| event = %event.id,
        day = ?day
    )
}

fn choose_day(store: &Store, day: Option<NaiveDate>) -> Result<Event, ChooseDayError> {
    let Some(day) = day else {
        return Ok(store.require_event()?);
    };
    match store.event_on(day)? {
        Some(event) => Ok(event),
        None => {
            let dates = store.event_dates()?;
            Err(if dates.is_empty() {
                ChooseDayError::NoEvents
            } else {
                ChooseDayError::NoEventOn { day, dates }
            })
        }
    }
}

/// Exports one dataset of the event's local day, read in one snapshot of the file.
/// `progress(done, total)` is called as rows are written.
pub fn export_day(
    store: &Store,
    request: &ExportRequest<'_>,
    destination: &Destination,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Exported, ExportError> {
    let mut export = || {
        let snapshot = store.day_snapshot(request.event)?;
        crate::export::export_day(&snapshot, request, destination, progress)
    };
    logged!(
        info,
        "export",
        export(),
        |exported| event = %request.event.id,
        dataset = request.dataset.name(),
        format = ?request.format,
        rows = exported.rows,
        to_file = exported.path.is_some()
    )
}

/// Where an export started from the staff screens goes: the folder the database is in, under
/// the dataset's usual name (e.g. `offers-2026-11-23.csv`).
pub fn file_beside_database(
    database: &Path,
    dataset: Dataset,
    event: &Event,
    format: Format,
) -> PathBuf {
    let folder = database
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    folder.join(dataset.file_name(event, format))
}
