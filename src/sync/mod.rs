//! Sync: pushing this laptop's outbox to the central service.

pub mod client;
pub mod protocol;
