//! `fairfloor doctor`'s reading of a database: each part read on its own, so a damaged file
//! still gets its report ([`crate::doctor::Findings`], which words it).

use crate::doctor::Findings;
use crate::service::log::logged;
use crate::store::{Store, StoreError};

/// Examines the database behind `store` now; see [`examine_at`].
pub fn examine(store: &Store) -> Findings {
    examine_at(store, chrono::Utc::now())
}

/// Examines the database behind `store`, with `now` for the clock's warning. Each part is read on
/// its own, so a damaged file still gets a report: what could not be read is listed in
/// `unreadable` instead.
pub fn examine_at(store: &Store, now: chrono::DateTime<chrono::Utc>) -> Findings {
    fn noted<T>(
        unreadable: &mut Vec<String>,
        what: &str,
        result: Result<T, StoreError>,
    ) -> Option<T> {
        result
            .map_err(|error| unreadable.push(format!("{what}: {error}")))
            .ok()
    }
    let mut unreadable = Vec::new();
    let integrity = noted(
        &mut unreadable,
        "the integrity check",
        store.integrity_problems(),
    )
    .unwrap_or_else(|| vec!["SQLite could not finish its integrity check".into()]);
    let audit_rows =
        noted(&mut unreadable, "the audit log", store.audit_rows()).unwrap_or_default();
    let chain_break = noted(
        &mut unreadable,
        "the audit log's chain",
        store.verify_audit_chain(),
    )
    .flatten();
    let outbox = noted(&mut unreadable, "the outbox", store.outbox_status()).unwrap_or_default();
    let rejected = noted(
        &mut unreadable,
        "the rejected changes",
        store.rejected_entries(),
    )
    .unwrap_or_default();
    let sync = noted(&mut unreadable, "the sync state", store.sync_states()).unwrap_or_default();
    let central_url = noted(
        &mut unreadable,
        "the sync settings",
        store.central_settings(),
    )
    .and_then(|settings| settings.url);
    let reidentified = noted(
        &mut unreadable,
        "the laptop's identity",
        store.reidentified(),
    )
    .flatten();
    let timezone = store
        .current_event()
        .ok()
        .flatten()
        .map_or(chrono_tz::Europe::London, |e| e.timezone);
    let clock = noted(
        &mut unreadable,
        "the clock's checks",
        store.clock_warning(now),
    )
    .flatten()
    .map(|warning| warning.text(timezone));
    tracing::info!(
        integrity_problems = integrity.len(),
        unreadable = unreadable.len(),
        chain_broken = chain_break.is_some(),
        rejected = rejected.len(),
        "doctor"
    );
    Findings {
        database: store.path().display().to_string(),
        encrypted: store.is_encrypted(),
        integrity,
        unreadable,
        audit_rows,
        chain_break,
        outbox,
        rejected,
        sync,
        central_url,
        reidentified,
        ticket_prefix: store.ticket_prefix().as_str().to_string(),
        clock,
    }
}

/// Opens the file at `path` for inspection and examines it; see [`examine`].
pub fn examine_path(path: &std::path::Path) -> Result<Findings, StoreError> {
    let store = logged!(debug, "doctor open", Store::open_for_inspection(path))?;
    Ok(examine(&store))
}
