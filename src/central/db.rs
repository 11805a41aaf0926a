//! Connecting to PostgreSQL and bringing its schema up to date. Migrations are SQL files embedded
//! in the binary, applied in order inside one transaction, and recorded in `schema_migrations`;
//! a released migration is never edited, only followed by a new one.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::{Client, Config, NoTls};

use super::error::{CentralError, Result};

/// `(version, name, SQL)`, in order.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "init", include_str!("migrations/0001_init.sql")),
    (
        2,
        "device_ownership",
        include_str!("migrations/0002_device_ownership.sql"),
    ),
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Any number will do, as long as it is ours: it keeps two servers starting at once from migrating
/// the same database side by side.
const MIGRATION_LOCK: i64 = 0x6661_6972_666c_6f6f; // "fairfloo"

/// How long to wait for an unreachable server before saying so.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Parses a `postgres://` URL (or key=value string).
pub fn parse_url(url: &str) -> Result<Config> {
    let mut config =
        Config::from_str(url.trim()).map_err(|_| CentralError::BadDatabaseUrl(redact(url)))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    Ok(config)
}

/// Where a config points, for messages: hosts, port and database, never the password.
pub fn describe(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|host| match host {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config
        .get_ports()
        .first()
        .map_or_else(|| "5432".to_string(), u16::to_string);
    format!(
        "{}:{}/{}",
        hosts.join(","),
        port,
        config.get_dbname().unwrap_or("")
    )
}

/// A URL with any password replaced, for an error message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// One connection, its driver running on the current tokio runtime.
pub async fn connect(config: &Config) -> Result<Client> {
    let (client, connection) =
        config
            .connect(NoTls)
            .await
            .map_err(|source| CentralError::Connect {
                target: describe(config),
                source,
            })?;
    tokio::spawn(async move {
        // The client sees the same error on its next call; nothing more to do here.
        let _ = connection.await;
    });
    Ok(client)
}

/// A pool of connections for the HTTP service.
pub fn pool(config: Config, size: usize) -> Result<Pool> {
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .build()
        .map_err(|error| CentralError::Pool(error.to_string()))
}

/// Applies every migration the database does not have yet, and returns the versions applied.
pub async fn migrate(client: &mut Client) -> Result<Vec<u32>> {
    let tx = client.transaction().await?;
    tx.query_one("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )",
    )
    .await?;
    let held: Vec<i32> = tx
        .query("SELECT version FROM schema_migrations", &[])
        .await?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut applied = Vec::new();
    for &(version, name, sql) in MIGRATIONS {
        let version_i32 = i32::try_from(version).expect("migration versions are small");
        if held.contains(&version_i32) {
            continue;
        }
        tx.batch_execute(sql)
            .await
            .map_err(|source| CentralError::Migration { version, source })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[&version_i32, &name],
        )
        .await?;
        applied.push(version);
    }
    tx.commit().await?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redact("postgres://fair:s3cret@db.example:5432/central"),
            "postgres://fair:***@db.example:5432/central"
        );
        assert_eq!(redact("postgres://db/central"), "postgres://db/central");
        let config = parse_url("postgres://fair:s3cret@db.example:5433/central").unwrap();
        assert_eq!(describe(&config), "db.example:5433/central");
    }

    #[test]
    fn a_bad_url_says_what_a_good_one_looks_like() {
        let error = parse_url("postgres://fair:pw@host:notaport/db").unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("postgres://USER:PASSWORD@HOST"),
            "{message}"
        );
        assert!(!message.contains("pw@"), "{message}");
    }

    #[test]
    fn migrations_are_numbered_in_order_from_one() {
        for (index, (version, _, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version as usize, index + 1);
        }
    }
}
