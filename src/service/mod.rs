//! Use cases the screens and commands share: each checks its rules once, here, and the CLI, the
//! kiosk and the staff screens are thin shells over it. A function is one use case; its errors
//! say what went wrong without naming a key or a flag, and each shell words the fix its own way.

pub mod doctor;
pub mod event;
pub mod export;
pub mod first_run;
pub mod floor;
pub mod import;
pub mod interview;
pub mod log;
pub mod offer;
pub mod pin;
pub mod purge;
pub mod ready;
pub mod registration;
pub mod staff;
pub mod sync;
