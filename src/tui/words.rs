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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screens_name_their_key_and_otherwise_the_command() {
        let not_waiting = StoreError::NotWaiting {
            ticket: "A-004".into(),
        };
        assert_eq!(
            store_error(&not_waiting),
            "A-004 is not waiting (booked or marked as a no-show). Mark them as arrived first (a)"
        );
        let wrapped =
            crate::service::offer::OpenOfferError::Settings(StoreError::Corrupt("date 'x'".into()));
        assert_eq!(
            error(&wrapped),
            "the database holds a value fairfloor does not understand (date 'x'). Run `fairfloor doctor` or restore a backup"
        );
    }
}
