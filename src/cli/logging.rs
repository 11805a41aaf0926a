//! The support log: one file a day, `logs/fairfloor.YYYY-MM-DD.log` in the data folder (the
//! folder of the default database), the last [`KEEP_FILES`] days kept. A support person reads it
//! after something went wrong on the day. The lines themselves are written at the use cases
//! (`service::log`), which name only ids, counts and error kinds, never a candidate's details.
//!
//! Only the file is written, never the terminal: the staff screens and the kiosk own the screen.
//! A log is never a reason to stop: when the folder cannot be written the app carries on without
//! one, and the caller says so once before anything takes over the screen.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_appender::rolling::{RollingFileAppender, RollingWriter, Rotation};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::time::ChronoLocal;
use tracing_subscriber::layer::SubscriberExt;

/// Days of log kept: two weeks covers a fair and the follow-up calls after it.
pub const KEEP_FILES: usize = 14;

/// The log's folder inside the data folder.
pub const FOLDER: &str = "logs";

const PREFIX: &str = "fairfloor";
const SUFFIX: &str = "log";

/// How much the log records, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogLevel {
    /// Only a command or screen that stopped on an error.
    Error,
    /// Also each use case that failed, and each PIN refused.
    Warn,
    /// Also each use case that changed something, and each command's start and end.
    Info,
    /// Also reads: a candidate, an offer or a list opened.
    Debug,
    /// Also the screens' refreshes (the queue, the sync status, the clock).
    Trace,
}

impl From<LogLevel> for LevelFilter {
    fn from(level: LogLevel) -> Self {
        match level {
            LogLevel::Error => LevelFilter::ERROR,
            LogLevel::Warn => LevelFilter::WARN,
            LogLevel::Info => LevelFilter::INFO,
            LogLevel::Debug => LevelFilter::DEBUG,
            LogLevel::Trace => LevelFilter::TRACE,
        }
    }
}

/// Why there is no log this run (the app carries on without one).
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("there is no data folder to keep it in")]
    NoDataFolder,
    #[error("{path} cannot be made private to you ({source})")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write in {path} ({source})")]
    File {
        path: PathBuf,
        source: tracing_appender::rolling::InitError,
    },
}

/// Starts logging at `level` into [`FOLDER`] in `data_dir`, for the rest of the run; answers the
/// folder. Called once, before any use case runs.
pub fn start(data_dir: Option<&Path>, level: LogLevel) -> Result<PathBuf, LogError> {
    let folder = data_dir.ok_or(LogError::NoDataFolder)?.join(FOLDER);
    let subscriber = subscriber(&folder, level)?;
    // Only fails when a subscriber is set already, and then that one logs.
    let _ = tracing::subscriber::set_global_default(subscriber);
    Ok(folder)
}

/// The subscriber writing `folder`'s daily files: fairfloor's own lines only (a library's could
/// hold what it was given), plain text, local time.
fn subscriber(
    folder: &Path,
    level: LogLevel,
) -> Result<impl tracing::Subscriber + Send + Sync + use<>, LogError> {
    crate::fsperm::make_dir_private(folder).map_err(|source| LogError::Folder {
        path: folder.to_path_buf(),
        source,
    })?;
    let writer = PrivateDaily::new(folder)?;
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .with_timer(ChronoLocal::new("%Y-%m-%d %H:%M:%S%.3f %:z".into()))
        // A write that fails is dropped quietly: the fallback would be the terminal.
        .log_internal_errors(false);
    let only_ours = Targets::new().with_target(env!("CARGO_CRATE_NAME"), LevelFilter::from(level));
    Ok(tracing_subscriber::registry().with(only_ours).with(lines))
}

/// The daily files, each created private (`0600`) before the appender opens it: the appender
/// itself would create them with the default mode.
struct PrivateDaily {
    appender: RollingFileAppender,
    folder: PathBuf,
    /// The file made private last, so a line costs a string comparison.
    ready: Mutex<PathBuf>,
}

impl PrivateDaily {
    fn new(folder: &Path) -> Result<Self, LogError> {
        let today = prepare(folder);
        let appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(PREFIX)
            .filename_suffix(SUFFIX)
            .max_log_files(KEEP_FILES)
            .build(folder)
            .map_err(|source| LogError::File {
                path: folder.to_path_buf(),
                source,
            })?;
        Ok(Self {
            appender,
            folder: folder.to_path_buf(),
            ready: Mutex::new(today),
        })
    }
}

impl<'a> MakeWriter<'a> for PrivateDaily {
    type Writer = RollingWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        if let Ok(mut ready) = self.ready.lock()
            && *ready != file_for_today(&self.folder)
        {
            *ready = prepare(&self.folder);
        }
        self.appender.make_writer()
    }
}

/// Today's file as the appender names it (it counts days in UTC).
fn file_for_today(folder: &Path) -> PathBuf {
    let day = chrono::Utc::now().format("%Y-%m-%d");
    folder.join(format!("{PREFIX}.{day}.{SUFFIX}"))
}

/// Creates today's file private, or narrows it if the appender got there first; answers it.
/// Best effort: the appender reports a file it cannot open.
fn prepare(folder: &Path) -> PathBuf {
    let path = file_for_today(folder);
    let _ = crate::fsperm::private_file()
        .append(true)
        .create(true)
        .open(&path);
    let _ = crate::fsperm::make_file_private(&path);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_a_private_file_in_a_private_folder_holding_lines_at_its_level_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data").join(FOLDER);
        let subscriber = subscriber(&folder, LogLevel::Info).unwrap();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(ticket = "B-001", "register");
            tracing::debug!("a read nobody asked for");
        });
        let files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        assert_eq!(files, [file_for_today(&folder)]);
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("INFO register ticket=\"B-001\""), "{text}");
        assert!(!text.contains("nobody asked"), "{text}");
        assert!(!text.contains('\x1b'), "no colour codes in a file: {text}");
        #[cfg(unix)]
        {
            assert_eq!(crate::fsperm::mode(&folder), Some(0o700));
            assert_eq!(crate::fsperm::mode(&files[0]), Some(0o600));
        }
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_to_carry_on_from() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_folder = dir.path().join("file");
        std::fs::write(&not_a_folder, "").unwrap();
        let error = start(Some(&not_a_folder), LogLevel::Info).unwrap_err();
        assert!(matches!(error, LogError::Folder { .. }), "{error:?}");
        assert!(matches!(
            start(None, LogLevel::Info),
            Err(LogError::NoDataFolder)
        ));
    }
}
