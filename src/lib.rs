//! fairfloor: registration, structured values-based interviews and on-the-spot offers at
//! recruitment fairs, offline first. See `README.md` and `../shared/DESIGN.md`.
//!
//! The layout is the architecture: [`domain`] is the pure core, [`store`] the local SQLite file,
//! [`tui`] the screens (a state machine per screen), [`cli`] the commands that wire them together.

#[cfg(feature = "central")]
pub mod central;
pub mod cli;
pub mod content;
pub mod demo;
pub mod doctor;
pub mod domain;
pub mod export;
pub mod fsperm;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod offer;
pub mod outside_file;
pub mod print;
pub mod qr;
pub mod ready;
pub mod records;
pub mod report;
pub mod screening;
pub mod service;
pub mod store;
pub mod sync;
pub mod tui;
