//! Sync: pushing this laptop's outbox to the central service.

pub mod protocol;
