//! How the screens word what went wrong. The store's messages name no key and no command: a fix
//! done with a key here says which key; the rest are done at the command line the screens were
//! opened from, so they are worded as [`crate::cli::words`] words them.

use std::error::Error;

use crate::store::StoreError;

/// `error`'s message, with any store error in it worded for the screens.
pub fn error(error: &(dyn Error + 'static)) -> String {
    crate::cli::words::reworded(error, store_error)
}

/// The store's message with the screens' fix.
pub fn store_error(error: &StoreError) -> String {
    match error {
        StoreError::NotWaiting { .. } => format!("{error} (a)"),
        _ => crate::cli::words::store_error(error),
    }
}
