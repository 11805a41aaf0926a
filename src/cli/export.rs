//! `fairfloor export offers|candidates|screenings`: one dataset of an event's day to a file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::out::{say, tell};
use crate::content::Content;
use crate::export::{Dataset, Destination, ExportRequest, Format, grouped};
use crate::service::export::{ChooseDayError, export_day};
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub dataset: DatasetArg,
    /// The event's day, YYYY-MM-DD [default: the current event's day]
    #[arg(long)]
    pub date: Option<String>,
    /// The file format
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
    /// Where to write it ("-" for standard output) [default: e.g. offers-2026-11-23.csv here]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Start a CSV with a byte-order mark, so Excel reads accents correctly
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DatasetArg {
    Offers,
    Candidates,
    Screenings,
}

impl From<DatasetArg> for Dataset {
    fn from(arg: DatasetArg) -> Self {
        match arg {
            DatasetArg::Offers => Dataset::Offers,
            DatasetArg::Candidates => Dataset::Candidates,
            DatasetArg::Screenings => Dataset::Screenings,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Csv,
    Xlsx,
    Jsonl,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Csv => Format::Csv,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Jsonl => Format::Jsonl,
        }
    }
}

/// Exports bigger than this show a progress line on a terminal.
const PROGRESS_FROM: u64 = 10_000;

/// Said on standard error after every export: the database is encrypted, its exports are not.
pub const NOT_ENCRYPTED: &str =
    "This file is not encrypted: keep it on an encrypted drive and delete it when done.";

pub fn run(db: &Path, content: &Content, args: &ExportArgs) -> Result<()> {
    let dataset = Dataset::from(args.dataset);
    let format = Format::from(args.format);
    let date = args
        .date
        .as_deref()
        .map(|date| {
            NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                anyhow::anyhow!(
                    "'{date}' is not a date in the form YYYY-MM-DD: give the event's day, like --date 2026-11-23"
                )
            })
        })
        .transpose()?;
    let to_stdout = args.out.as_deref() == Some(Path::new("-"));
    if to_stdout && format == Format::Xlsx {
        bail!(
            "an XLSX file cannot go to standard output; give a file name, e.g. --out {}.xlsx",
            dataset.name()
        );
    }
    if !db.exists() {
        bail!(
            "there is no database at {}. Give the fair's database with --db PATH",
            db.display()
        );
    }
    let store = Store::open(db)?;
    let event = match crate::service::export::event_of_day(&store, date) {
        Ok(event) => event,
        Err(ChooseDayError::NoEvents) => bail!("there are no events in {} yet", db.display()),
        Err(ChooseDayError::NoEventOn { day, dates }) => bail!(
            "there is no event on {day}. Events in this database are on: {}",
            dates.join(", ")
        ),
        Err(ChooseDayError::Store(error)) => return Err(error.into()),
    };
    let destination = if to_stdout {
        Destination::Stdout
    } else {
        Destination::File(
            args.out
                .clone()
                .unwrap_or_else(|| PathBuf::from(dataset.file_name(&event, format))),
        )
    };
    let request = ExportRequest {
        dataset,
        format,
        bom: args.bom,
        event: &event,
        roles: &content.roles,
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut shown = false;
    let mut progress = |done: u64, total: u64| {
        if show_progress && total >= PROGRESS_FROM {
            shown = true;
            let _ = write!(
                std::io::stderr(),
                "\rExporting {dataset}… {} of {}",
                grouped(done),
                grouped(total)
            );
        }
    };
    let result = export_day(&store, &request, &destination, &mut progress);
    if shown {
        tell!();
    }
    let exported = match result {
        Err(error) if to_stdout && error.is_broken_pipe() => return Ok(()),
        other => other.with_context(|| format!("the {dataset} export did not finish"))?,
    };
    let summary = format!(
        "Exported the {dataset} of {} ({}): {} row{}",
        event.title(),
        event.date,
        grouped(exported.rows),
        if exported.rows == 1 { "" } else { "s" }
    );
    match &exported.path {
        Some(path) => say!("{summary}, to {}.", path.display()),
        // Standard output carries the data, so the summary goes to standard error.
        None => tell!("{summary}."),
    }
    tell!("{NOT_ENCRYPTED}");
    Ok(())
}
