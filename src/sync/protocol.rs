//! The wire format between a laptop and the central service, which lives with the synced records
//! in [`crate::records::wire`]; re-exported here so `sync::protocol::…` keeps naming it.

pub use crate::records::wire::*;
