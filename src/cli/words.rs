//! How the command line words what went wrong. The store says what is wrong without naming a
//! flag or a command; this adds the one that puts it right ("Choose another file with
//! --db PATH", "add --reason", `fairfloor init …`), so the store does not know its shells.

use std::error::Error;

use crate::store::StoreError;

/// What the command line adds to the store's message: the flag or command that fixes it,
/// with the words joining it on (empty when the message says all there is to say).
pub fn store_fix(error: &StoreError) -> String {
    match error {
        StoreError::NotADatabase { .. } => ". Choose another file with --db PATH".into(),
        StoreError::NoOnboardingUrl => {
            ". Set it with: fairfloor event --onboarding-url https://jobs.example.nhs.uk/start"
                .into()
        }
        StoreError::CreateDir { .. } => ". Check the path, or choose another with --db PATH".into(),
        StoreError::Open { .. } => {
            ". Check the path and its permissions, or choose another file with --db PATH".into()
        }
        StoreError::Damaged { path, .. } => format!(
            " with: sqlite3 DAMAGED.db .recover | sqlite3 recovered.db, check it with fairfloor doctor --db recovered.db, and send its changes to the central service with fairfloor sync --db recovered.db. fairfloor doctor --db {} shows the whole report",
            path.display()
        ),
        StoreError::WrongKey { .. } => {
            ": --key-file PATH (or FAIRFLOOR_KEY_FILE) for a key file, or type the passphrase it was created with".into()
        }
        StoreError::NoKey { .. } => {
            ": --key-file PATH (or FAIRFLOOR_KEY_FILE) for a key file, or the passphrase it was created with".into()
        }
        StoreError::KeyNeeded => {
            " with --key-file PATH (make one with: fairfloor key new --out PATH) or a passphrase"
                .into()
        }
        StoreError::NoEvent => {
            " with: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD".into()
        }
        StoreError::OfferCloseNeedsReason => ": add --reason \"...\"".into(),
        StoreError::Corrupt(_) => ". Run `fairfloor doctor` or restore a backup".into(),
        _ => String::new(),
    }
}

/// The store's message with the command line's fix.
pub fn store_error(error: &StoreError) -> String {
    format!("{error}{}", store_fix(error))
}

/// What `fairfloor` says when a command fails: every cause, outermost first, joined by ": " (as
/// anyhow's `{:#}` does), with any store message worded for the command line.
pub fn error_text(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(|cause| reworded(cause, store_error))
        .collect::<Vec<_>>()
        .join(": ")
}

/// `error`'s message, with the store error it is or wraps worded by `word`.
pub fn reworded(error: &(dyn Error + 'static), word: impl Fn(&StoreError) -> String) -> String {
    let text = error.to_string();
    match store_error_in(error) {
        Some(store) => text.replace(&store.to_string(), &word(store)),
        None => text,
    }
}

/// The store error that `error` is, or wraps (most wrap it transparently, so it is not a
/// separate link in the chain of sources).
fn store_error_in<'a>(error: &'a (dyn Error + 'static)) -> Option<&'a StoreError> {
    use crate::service::{export, interview, offer, staff};
    if let Some(store) = error.downcast_ref::<StoreError>() {
        return Some(store);
    }
    macro_rules! wrapped {
        ($($kind:ty => $variant:path),* $(,)?) => {
            $(if let Some($variant(store)) = error.downcast_ref::<$kind>() {
                return Some(store);
            })*
        };
    }
    wrapped!(
        crate::export::ExportError => crate::export::ExportError::Store,
        crate::sync::client::SyncError => crate::sync::client::SyncError::Store,
        crate::demo::DemoError => crate::demo::DemoError::Store,
        crate::store::purge::PurgeError => crate::store::purge::PurgeError::Store,
        crate::import::ImportError => crate::import::ImportError::Store,
        export::ChooseDayError => export::ChooseDayError::Store,
        staff::AddStaffError => staff::AddStaffError::Store,
        staff::FindStaffError => staff::FindStaffError::Store,
        offer::PrintSlipError => offer::PrintSlipError::Store,
        offer::OpenOfferError => offer::OpenOfferError::Candidate,
        offer::OpenOfferError => offer::OpenOfferError::Settings,
        interview::OpenInterviewError => interview::OpenInterviewError::Candidate,
        interview::OpenInterviewError => interview::OpenInterviewError::OpenInterview,
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_adds_its_flags_to_the_stores_words() {
        let error = anyhow::Error::from(StoreError::OfferCloseNeedsReason);
        assert_eq!(
            error_text(&error),
            "withdrawing or declining an offer needs a reason: add --reason \"...\""
        );
        let wrapped = anyhow::Error::from(crate::export::ExportError::Store(StoreError::NoEvent))
            .context("the export failed");
        assert_eq!(
            error_text(&wrapped),
            "the export failed: there is no event yet. Create one with: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD"
        );
        let not_a_database = StoreError::NotADatabase {
            path: "notes.db".into(),
        };
        assert!(store_error(&not_a_database).ends_with("Choose another file with --db PATH"));
        assert!(store_error(&StoreError::NoOnboardingUrl).ends_with(
            "Set it with: fairfloor event --onboarding-url https://jobs.example.nhs.uk/start"
        ));
    }
}
