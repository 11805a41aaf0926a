use std::path::PathBuf;

use rusqlite::ErrorCode;

/// What went wrong with the local database, in words a recruiter or coordinator can act on.
///
/// A message says what is wrong (and, where no shell is needed for it, what to do) but never
/// names a flag, a command or a key: each shell adds its own fix (`cli::words` for the command
/// line, `tui::words` for the screens).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the folder {path} for the database: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{path} is not a fairfloor database (it may be damaged, or another kind of file). fairfloor has not changed it"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} is damaged (SQLite's check says: {problem}), so fairfloor will not read or write it and nothing more is lost. Copy the file somewhere safe first. Then either restore the last backup, or rebuild what can be read into a new file"
    )]
    Damaged { path: PathBuf, problem: String },
    #[error(
        "{path} is encrypted and this key does not open it, so fairfloor has not read or changed it. Give the key it was made with"
    )]
    WrongKey { path: PathBuf },
    #[error("{path} is encrypted and no key was given. Give its key")]
    NoKey { path: PathBuf },
    #[error(
        "no key was given for the new database, and every fairfloor database is encrypted. Give one"
    )]
    KeyNeeded,
    #[error(
        "{path} is not an unencrypted fairfloor database (it may be encrypted already), so it was left as it is"
    )]
    NotPlain { path: PathBuf },
    #[error(
        "the encrypted copy of {path} could not replace it ({source}); the unencrypted file is unchanged"
    )]
    Replace {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} was written by a newer fairfloor (schema version {found}; this one knows up to {known}). Install the newer fairfloor to open it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "the disk is full, so this was not saved. Free some space and try again; everything saved before is safe"
    )]
    DiskFull,
    #[error(
        "the database is busy: another fairfloor on this laptop is writing. Try again in a moment"
    )]
    Busy,
    #[error(
        "the database is read-only, so this was not saved. Check that you can write to the file and its folder, and that the disk is not read-only"
    )]
    ReadOnly,
    #[error(
        "the database file could not be read or written (a disk I/O error): the disk may be full, removed or failing. Check its free space (df -h) and that it is still attached, then try again; everything saved before is safe"
    )]
    DiskIo,
    #[error("there is no event yet. Create one")]
    NoEvent,
    #[error("an event called '{name}' on {date} already exists")]
    DuplicateEvent { name: String, date: String },
    #[error("no candidate with id or ticket '{0}'")]
    CandidateNotFound(String),
    #[error(
        "{ticket} cannot be merged: {reason}. Keep both registrations, or press c if they are someone else"
    )]
    MergeRefused { ticket: String, reason: String },
    #[error("{ticket} is already in interview with {with}. Choose someone else from the queue")]
    InInterview { ticket: String, with: String },
    #[error("{ticket} is not waiting (booked or marked as a no-show). Mark them as arrived first")]
    NotWaiting { ticket: String },
    #[error("no interview with id '{0}'")]
    ScreeningNotFound(String),
    #[error("this interview has already ended, so it cannot be changed")]
    ScreeningClosed,
    #[error("the decision differs from the recommendation, so it needs a written reason")]
    OverrideNeedsReason,
    #[error("no onboarding address is set for this event, so offers cannot have a link yet")]
    NoOnboardingUrl,
    #[error(
        "the operating system's random source failed ({0}), so no offer link could be made. Try again; if it keeps failing, restart the laptop"
    )]
    NoRandomness(String),
    #[error("{ticket} already has an offer. Withdraw it (with a reason) before making another")]
    AlreadyOffered { ticket: String },
    #[error("no offer with id, reference or ticket '{0}' at this event")]
    OfferNotFound(String),
    #[error(
        "offer {reference} is already {status}, so it cannot change again. Make a new offer if needed"
    )]
    OfferClosed { reference: String, status: String },
    #[error("withdrawing or declining an offer needs a reason")]
    OfferCloseNeedsReason,
    #[error("no member of staff with id '{0}'")]
    StaffNotFound(String),
    #[error("the database holds a value fairfloor does not understand ({0})")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskIo,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt(error.to_string())
            }
            _ => StoreError::Sqlite(error),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Corrupt(error.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
