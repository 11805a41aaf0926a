//! Importing pre-registered attendees, for every shell: the file is parsed by
//! [`crate::import::parse_csv`] (pure), then the good rows nobody registered already are written
//! in one transaction, as booked.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::{Event, Registration, RoleCatalogue, Source};
use crate::import::{ImportError, ImportReport, MAX_IMPORT_BYTES, parse_csv};
use crate::service::log::logged;
use crate::store::{Actor, Store};

/// Opens `path` and imports it; see [`import_csv`].
pub fn import_path(
    store: &mut Store,
    event: &Event,
    roles: &RoleCatalogue,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    let bytes = logged!(
        debug,
        "import read",
        crate::outside_file::read(path, MAX_IMPORT_BYTES),
        |bytes| bytes = bytes.len()
    )?;
    import_csv(store, event, roles, bytes.as_slice(), now)
}

/// Reads a CSV of pre-registered attendees and registers the good rows at `event` as booked,
/// in one transaction.
///
/// The first row names the columns ([`EXPECTED_HEADER`](crate::import::EXPECTED_HEADER), in any order and case). A header with
/// nobody under it is [`ImportError::NoRows`]. Rows whose cells are all blank (Excel leaves
/// these at the end of a sheet) are skipped silently.
pub fn import_csv(
    store: &mut Store,
    event: &Event,
    roles: &RoleCatalogue,
    input: impl Read,
    now: DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    logged!(
        info,
        "import",
        import_rows(store, event, roles, input, now),
        |report| imported = report.imported,
        already_registered = report.already_registered,
        rows_refused = report.problems.len(),
        warnings = report.warnings.len()
    )
}

fn import_rows(
    store: &mut Store,
    event: &Event,
    roles: &RoleCatalogue,
    mut input: impl Read,
    now: DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(ImportError::Read)?;
    let parsed = parse_csv(&bytes, roles)?;
    let mut report = ImportReport {
        warnings: parsed.warnings,
        problems: parsed.problems,
        ..ImportReport::default()
    };
    let mut good: Vec<Registration> = Vec::with_capacity(parsed.rows.len());
    for row in parsed.rows {
        let registration = row.registration;
        if store.is_registered(
            event,
            registration.email.as_deref(),
            registration.phone.as_deref(),
        )? {
            report.already_registered += 1;
            continue;
        }
        good.push(registration);
    }

    let actor = Actor::new("import", now);
    let outcomes = store.register_batch(
        event,
        good.iter()
            .map(|registration| (registration, Source::Import, actor.clone())),
    )?;
    report.imported = outcomes.len();
    Ok(report)
}
