//! Sending this laptop's changes to the central service, for every shell: `fairfloor sync` and
//! the dashboard's sync key both come here.

use crate::service::log::logged;
use crate::store::sync::{CentralSettings, OutboxStatus};
use crate::store::{Store, StoreError};
use crate::sync::client::{self, SyncError, SyncEvent, SyncOptions, SyncReport};

/// How the last sync reached the central service: its address, this laptop's token, the extra
/// certificate file and the proxy.
pub fn central_settings(store: &Store) -> Result<CentralSettings, StoreError> {
    // Never the token, nor the address it goes with.
    logged!(debug, "sync settings", store.central_settings())
}

/// A sync that finished.
#[derive(Debug)]
pub struct Synced {
    pub report: SyncReport,
    /// The outbox afterwards: rejected changes, and those written while the sync ran.
    pub outbox: OutboxStatus,
}

/// Pushes every change waiting in the outbox to the centre at `url`. With
/// `options.remember`, the address and token are remembered even when the sync fails, unless the
/// centre showed them to be wrong.
pub fn sync(
    store: &mut Store,
    url: &str,
    token: &str,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(&SyncEvent),
) -> Result<Synced, SyncError> {
    logged!(
        info,
        "sync",
        push(store, url, token, options, on_event),
        |synced| sent = synced.report.sent,
        rejected = synced.report.rejected,
        batches = synced.report.batches,
        reidentified = synced.report.reidentified.is_some()
    )
}

fn push(
    store: &mut Store,
    url: &str,
    token: &str,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(&SyncEvent),
) -> Result<Synced, SyncError> {
    let result = client::sync(store, url, token, options, on_event);
    if options.remember {
        match &result {
            Err(error) if error.refutes_settings() => {}
            _ => store.remember_central(&options.remembered(url, token))?,
        }
    }
    let report = result?;
    Ok(Synced {
        report,
        outbox: store.outbox_status()?,
    })
}
