//! The central service (`fairfloor central …`): laptops push their outboxes over HTTP, and the
//! records land in PostgreSQL, one row per record, for exports across all laptops.
//!
//! - [`db`]: connecting and the embedded migrations;
//! - [`devices`]: enrolled laptops and their (hashed) tokens;
//! - [`apply`]: holding and applying a batch in one transaction;
//! - [`server`]: the HTTP routes (axum);
//! - [`query`]: what exports read.

pub mod apply;
pub mod db;
pub mod devices;
pub mod error;
pub mod export;
pub mod query;
pub mod server;

pub use error::{CentralError, Result};
