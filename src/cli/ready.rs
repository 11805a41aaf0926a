//! `fairfloor doctor --ready` and the end of `init`: the check before the doors open, in words.

use std::path::Path;

use anyhow::Result;
use chrono::Utc;

use crate::ready::Readiness;
use crate::service::ready::{Pack, PrinterCheck};
use crate::store::Store;

/// Checks what the fair on `store` needs, with the pack `pack_given` (else the default pack).
pub(super) fn check(
    store: &Store,
    pack_given: Option<&Path>,
    printer: PrinterCheck,
) -> Result<Readiness> {
    let loaded = super::pack::content(pack_given);
    let pack = match &loaded {
        Ok(content) => Pack::Loaded(content),
        Err(error) => Pack::Broken {
            folder: super::pack::chosen_dir(pack_given).unwrap_or_default(),
            error: error.root_cause().to_string(),
        },
    };
    Ok(crate::service::ready::check(
        store,
        pack,
        printer,
        Utc::now(),
    )?)
}
