//! `fairfloor pack init|check`, and the fair pack every other command reads its content from:
//! `--pack DIR` (or `FAIRFLOOR_PACK`), else `pack/` in the config folder when it exists.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use super::out::say;
use crate::content::check::check_pack;
use crate::content::{Content, ContentError};

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Write a starting pack to edit: every built-in content file, the built-in scripts and
    /// pack.toml (never overwrites a file).
    Init {
        /// The folder to write the pack in (made if it is not there)
        dir: PathBuf,
    },
    /// Check every file in a pack; each problem names the file, the line and the field.
    Check {
        /// The pack's folder
        dir: PathBuf,
    },
}

/// `fairfloor pack init|check`.
pub(super) fn run(command: &PackCommand) -> Result<ExitCode> {
    match command {
        PackCommand::Init { dir } => {
            let written = crate::content::init_pack(dir, crate::screening::library::BUILT_IN)?;
            say!(
                "Wrote a starting fair pack to {} ({} files). Edit them, then run: fairfloor pack check {}",
                dir.display(),
                written.len(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        PackCommand::Check { dir } => {
            let report = check_pack(dir)?;
            if report.problems.is_empty() {
                let info = report
                    .info
                    .unwrap_or_else(crate::content::PackInfo::built_in);
                say!(
                    "{}: OK. Pack '{}' version {}: {} of 7 content files from the pack (the rest built-in), {} script{}.",
                    dir.display(),
                    info.name,
                    info.version,
                    report.files.len(),
                    report.scripts,
                    if report.scripts == 1 { "" } else { "s" }
                );
                return Ok(ExitCode::SUCCESS);
            }
            for problem in &report.problems {
                say!("{problem}");
            }
            say!(
                "{} problem{} found in the pack; fix {}, then run fairfloor pack check {} again.",
                report.problems.len(),
                if report.problems.len() == 1 { "" } else { "s" },
                if report.problems.len() == 1 {
                    "it"
                } else {
                    "them"
                },
                dir.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The content for this run: the pack given (which must exist), else the default pack when
/// there is one, else the built-in content.
pub(super) fn content(given: Option<&Path>) -> Result<Content> {
    match chosen_dir(given) {
        Some(dir) if !dir.is_dir() => Err(ContentError::NoPack {
            dir: dir.display().to_string(),
        }
        .into()),
        Some(dir) => Content::from_pack(&dir).with_context(|| {
            format!(
                "the fair pack in {} cannot be used (fairfloor pack check {} lists every problem)",
                dir.display(),
                dir.display()
            )
        }),
        None => Content::load().context("the built-in assets are broken"),
    }
}

/// The pack folder this run reads: the one given, else the default one when it exists.
pub(super) fn chosen_dir(given: Option<&Path>) -> Option<PathBuf> {
    match given {
        Some(dir) => Some(dir.to_path_buf()),
        None => default_pack_dir().filter(|dir| dir.exists()),
    }
}

/// `pack/` in the config folder, beside the default database's key file.
fn default_pack_dir() -> Option<PathBuf> {
    crate::content::pack::default_dir()
}
