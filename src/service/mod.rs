//! Use cases the screens and commands share: each checks its rules once, here, and the CLI, the
//! kiosk and the staff screens are thin shells over it.

pub mod pin;
