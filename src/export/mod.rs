//! Exports of an event's day: offers, candidates or interviews, as CSV, XLSX or JSON Lines
//! (`fairfloor export`, and `e` on the coordinator's dashboard).
//!
//! Each dataset ([`offers`], [`candidates`], [`screenings`]) names its columns and turns the
//! store's rows (`crate::store::exports`) into cells;
//! [`table`] writes rows of typed cells in any format; [`neutralise`] keeps formulas out of
//! spreadsheets. A file is written next to its final name and renamed into place only when
//! complete, so a failed export never leaves half a file behind.

pub mod candidates;
pub mod neutralise;
pub mod offers;
pub mod screenings;
pub mod table;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::domain::{Event, RoleCatalogue};
use crate::store::StoreError;
use crate::store::exports::{DaySnapshot, Who};
pub use table::{Cell, Column, ColumnKind, Format, TableError, TableWriter};

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    Offers,
    Candidates,
    Screenings,
}

impl Dataset {
    pub const ALL: [Dataset; 3] = [Dataset::Offers, Dataset::Candidates, Dataset::Screenings];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Offers => "offers",
            Dataset::Candidates => "candidates",
            Dataset::Screenings => "screenings",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Dataset::Offers => offers::COLUMNS,
            Dataset::Candidates => candidates::COLUMNS,
            Dataset::Screenings => screenings::COLUMNS,
        }
    }

    /// The file name an export of `event` gets when none is given: `offers-2026-11-23.csv`, or
    /// `offers-2026-11-23-DEMO.csv` for a demo event's made-up people.
    pub fn file_name(self, event: &Event, format: Format) -> String {
        format!(
            "{}-{}{}.{}",
            self.name(),
            event.date.format("%Y-%m-%d"),
            if event.demo { "-DEMO" } else { "" },
            format.extension()
        )
    }
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Written beside this path, then renamed to it.
    File(PathBuf),
    /// Standard output, for piping (CSV and JSON Lines only).
    Stdout,
}

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    pub dataset: Dataset,
    pub format: Format,
    /// A byte-order mark at the start of a CSV, for Excel.
    pub bom: bool,
    pub event: &'a Event,
    /// For role titles in the offers export.
    pub roles: &'a RoleCatalogue,
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub rows: u64,
    /// Where the file is; `None` for standard output.
    pub path: Option<PathBuf>,
}

/// Why an export failed. Nothing is left half-written in any case.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "the disk is full, so {path} was not written (nothing half-written was left behind). Free some space, or write the file somewhere else"
    )]
    DiskFull { path: PathBuf },
    #[error(
        "cannot write a file in {folder}: {error}. Check that the folder exists and that you can write to it, or write the file somewhere else"
    )]
    Folder {
        folder: PathBuf,
        error: std::io::Error,
    },
    #[error("could not write {path}: {error} (nothing half-written was left behind)")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("could not write to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("an XLSX file cannot go to standard output; give a file name, e.g. --out offers.xlsx")]
    XlsxToStdout,
    // The message carries the cause, so the field is not a `source` (which would print it twice).
    #[error("could not write the {format} file: {error}")]
    Table { format: Format, error: TableError },
}

impl ExportError {
    /// The reader of standard output went away (`| head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            ExportError::Stdout(e) => Some(e.kind()),
            ExportError::Table { error, .. } => table_io_kind(error),
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }
}

/// A column of a dataset, in the datasets' `COLUMNS` lists.
const fn col(name: &'static str, kind: ColumnKind, about: &'static str) -> Column {
    Column { name, kind, about }
}

/// The candidate's name, as the offers and screenings exports describe it.
const GIVEN_NAME: Column = col("given_name", ColumnKind::Text, "the candidate's given name");
const FAMILY_NAME: Column = col(
    "family_name",
    ColumnKind::Text,
    "the candidate's family name",
);

/// The ticket and name columns, then `rest`.
fn who_then(who: Who, rest: impl IntoIterator<Item = Cell>) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Text(who.ticket),
        Cell::Text(who.given_name),
        Cell::Text(who.family_name),
    ];
    cells.extend(rest);
    cells
}

/// A list as one cell, its items separated by "; ".
fn list(items: Vec<String>) -> Cell {
    Cell::Text(items.join("; "))
}

/// A time that may be missing; `Empty` when it is.
fn time(at: Option<DateTime<FixedOffset>>) -> Cell {
    at.map_or(Cell::Empty, Cell::DateTime)
}

/// A number that may be missing; `Empty` when it is.
fn integer(n: Option<i64>) -> Cell {
    n.map_or(Cell::Empty, Cell::Integer)
}

/// How often progress is reported, in rows.
const PROGRESS_EVERY: u64 = 1_000;

/// Exports one dataset of the event's local day from `snapshot`, a read of `request.event`'s
/// records (so the count and the rows agree even while other laptops' processes write).
/// `progress(done, total)` is called at the start, every [`PROGRESS_EVERY`] rows and at the end.
pub fn export_day(
    snapshot: &DaySnapshot<'_>,
    request: &ExportRequest<'_>,
    destination: &Destination,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Exported, ExportError> {
    if request.format == Format::Xlsx && *destination == Destination::Stdout {
        return Err(ExportError::XlsxToStdout);
    }
    let total = match request.dataset {
        Dataset::Offers => snapshot.offer_count()?,
        Dataset::Candidates => snapshot.candidate_count()?,
        Dataset::Screenings => snapshot.screening_count()?,
    };
    progress(0, total);
    let write = |out: &mut (dyn Write + Send), progress: &mut dyn FnMut(u64, u64)| {
        write_table(snapshot, request, total, out, progress)
    };
    let exported = match destination {
        Destination::Stdout => {
            let mut out = std::io::BufWriter::new(std::io::stdout());
            let rows = write(&mut out, progress)?;
            out.flush().map_err(ExportError::Stdout)?;
            Exported { rows, path: None }
        }
        Destination::File(path) => {
            let rows = write_atomically(path, |file| write(file, progress))?;
            Exported {
                rows,
                path: Some(path.clone()),
            }
        }
    };
    progress(exported.rows, total.max(exported.rows));
    Ok(exported)
}

fn write_table(
    snapshot: &DaySnapshot<'_>,
    request: &ExportRequest<'_>,
    total: u64,
    out: &mut (dyn Write + Send),
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, ExportError> {
    let format = request.format;
    let table_error = |error| ExportError::Table { format, error };
    let mut table = TableWriter::new(format, request.dataset.columns(), out, request.bom)
        .map_err(table_error)?;
    let mut rows = 0u64;
    let mut each = |cells: Vec<Cell>| -> Result<(), ExportError> {
        table.write_row(&cells).map_err(table_error)?;
        rows += 1;
        if rows.is_multiple_of(PROGRESS_EVERY) {
            progress(rows, total.max(rows));
        }
        Ok(())
    };
    match request.dataset {
        Dataset::Offers => snapshot.offers(request.roles, |row| each(row.cells()))?,
        Dataset::Candidates => snapshot.candidates(|row| each(row.cells()))?,
        Dataset::Screenings => snapshot.screenings(|row| each(row.cells()))?,
    }
    table.finish().map_err(table_error)?;
    Ok(rows)
}

/// Writes `path` through a temporary file in the same folder, renamed into place once complete
/// and on disk; on any failure the temporary file is removed and `path` is untouched.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<u64, ExportError>,
) -> Result<u64, ExportError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let partial = folder.join(format!(".{file_name}.{}.partial", std::process::id()));
    // Private from the start (0600 on unix): an export holds candidates' details.
    let file = crate::fsperm::private_file()
        .write(true)
        .create_new(true)
        .open(&partial)
        .map_err(|error| ExportError::Folder {
            folder: folder.clone(),
            error,
        })?;
    let io_error = |error: std::io::Error| {
        if error.kind() == std::io::ErrorKind::StorageFull {
            ExportError::DiskFull {
                path: path.to_path_buf(),
            }
        } else {
            ExportError::Write {
                path: path.to_path_buf(),
                error,
            }
        }
    };
    let result = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        let rows = write(&mut out)?;
        let file = out.into_inner().map_err(|e| io_error(e.into_error()))?;
        file.sync_all().map_err(io_error)?;
        drop(file);
        std::fs::rename(&partial, path).map_err(io_error)?;
        Ok(rows)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map_err(|error| match error {
        ExportError::Table { error, .. }
            if table_io_kind(&error) == Some(std::io::ErrorKind::StorageFull) =>
        {
            ExportError::DiskFull {
                path: path.to_path_buf(),
            }
        }
        other => other,
    })
}

/// The kind of I/O error under a table error, if that is what it was.
fn table_io_kind(error: &TableError) -> Option<std::io::ErrorKind> {
    match error {
        TableError::Io(e) => Some(e.kind()),
        TableError::Csv(e) => match e.kind() {
            csv::ErrorKind::Io(e) => Some(e.kind()),
            _ => None,
        },
        TableError::Xlsx(rust_xlsxwriter::XlsxError::IoError(e)) => Some(e.kind()),
        _ => None,
    }
}

pub use crate::domain::text::grouped;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_a_partial_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offers.csv");
        let result = write_atomically(&path, |out| {
            out.write_all(b"half a file").unwrap();
            Err(ExportError::Stdout(std::io::Error::other("cut short")))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_finished_write_replaces_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offers.csv");
        std::fs::write(&path, "old").unwrap();
        let rows = write_atomically(&path, |out| {
            out.write_all(b"new").unwrap();
            Ok(1)
        })
        .unwrap();
        assert_eq!(rows, 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_named_in_the_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("offers.csv");
        let error = write_atomically(&path, |_| Ok(0)).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("no-such-folder"), "{message}");
        assert!(
            message.contains("Check that the folder exists"),
            "{message}"
        );
    }
}
