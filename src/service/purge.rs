//! Removing personal data the central service already holds (`fairfloor purge --synced`).

use chrono::{DateTime, Utc};

use crate::service::log::logged;
use crate::store::purge::{PurgeError, PurgeReport};
use crate::store::{Actor, Store};

/// Removes the personal data of synced candidates (only those registered before `older_than`,
/// when given) in one transaction; the day's figures are unchanged.
pub fn purge_synced(
    store: &mut Store,
    older_than: Option<DateTime<Utc>>,
    actor: &Actor,
) -> Result<PurgeReport, PurgeError> {
    logged!(
        info,
        "purge",
        store.purge_synced(older_than, actor),
        |purged| candidates = purged.candidates,
        equality_answers = purged.equality_answers,
        outbox_payloads = purged.outbox_payloads,
        kept_for_review = purged.kept_for_review
    )
}
