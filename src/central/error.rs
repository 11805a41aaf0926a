//! What can go wrong in the central service, each with a message that says what to do.

use thiserror::Error;

pub type Result<T, E = CentralError> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum CentralError {
    #[error(
        "'{0}' is not a PostgreSQL address: give one like postgres://USER:PASSWORD@HOST:5432/DATABASE"
    )]
    BadDatabaseUrl(String),

    #[error(
        "cannot reach the database at {target}: {source}. Check the server is running, the address and the password"
    )]
    Connect {
        /// Host, port and database only: never the password.
        target: String,
        #[source]
        source: tokio_postgres::Error,
    },

    #[error("the database refused the central service's schema (migration {version}): {source}")]
    Migration {
        version: u32,
        #[source]
        source: tokio_postgres::Error,
    },

    #[error("database error: {0}")]
    Database(#[from] tokio_postgres::Error),

    #[error("no free database connection: {0}")]
    Pool(String),

    #[error(
        "a device labelled '{0}' is already enrolled: choose another label, or revoke it first with fairfloor central revoke-device --label '{0}'"
    )]
    LabelTaken(String),

    #[error(
        "no enrolled device is labelled '{0}' (or it is already revoked): see them all with fairfloor central devices"
    )]
    NoSuchDevice(String),

    #[error(
        "give the device a label with --label, e.g. --label \"Laptop B\" (no control characters)"
    )]
    BadLabel,

    #[error("cannot make a random token: {0}")]
    Random(String),

    /// The same `(device_id, seq)` came again with other content: two databases are sending as
    /// one laptop (a copied or restored file). The whole batch is refused, nothing applied.
    #[error(
        "the central service already holds change number {seq} from device {device_id} with a different {field}, so two databases are sending as one laptop: this laptop's database was copied or restored from another laptop's file. Nothing in this batch was applied. fairfloor sync gives such a copy a new device id by itself: update fairfloor on this laptop if it did not"
    )]
    SeqConflict {
        device_id: String,
        seq: i64,
        /// Which part differs: entity, record id, op, at or payload.
        field: &'static str,
    },
}

impl From<deadpool_postgres::PoolError> for CentralError {
    fn from(error: deadpool_postgres::PoolError) -> Self {
        match error {
            deadpool_postgres::PoolError::Backend(source) => Self::Database(source),
            other => Self::Pool(other.to_string()),
        }
    }
}
