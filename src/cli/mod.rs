//! The `fairfloor` command: argument parsing and the small shells that join the pieces.
//! Errors end here as one plain message and a non-zero exit code. Everything printed goes through
//! [`out`] (harmless text, no panic on a closed pipe).
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "central")]
mod central;
mod export;
mod init;
mod key;
pub mod logging;
pub(crate) mod out;
mod pack;
mod ready;
pub(crate) mod script;
mod staff;
mod sync;
pub mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::{Parser, Subcommand};

use self::out::{say, say_text, tell};
use crate::content::Content;
use crate::domain::StaffRole;
use crate::domain::event::TicketPrefix;
use crate::service::ready::PrinterCheck;
use crate::store::{Actor, Store};
use crate::tui::kiosk::IdlePolicy;

/// Registration, values-based interviews and on-the-spot offers at recruitment fairs, offline first.
#[derive(Debug, Parser)]
#[command(
    name = "fairfloor",
    version,
    about,
    long_about = None,
    after_help = "With no command, fairfloor opens the staff screens (sign in with your PIN)."
)]
pub struct Cli {
    /// The database file [default: fairfloor.db in your data folder]
    #[arg(long, env = "FAIRFLOOR_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// A folder of extra or replacement screening scripts (*.toml) [default: scripts/ in your data folder]
    #[arg(long, env = "FAIRFLOOR_SCRIPTS", global = true, value_name = "DIR")]
    pub scripts: Option<PathBuf>,

    /// A fair pack: a folder of content files (kiosk words, privacy notice, roles, employer, ...)
    /// that replace the built-in ones [default: pack/ in your config folder, when it exists]
    #[arg(long, env = "FAIRFLOOR_PACK", global = true, value_name = "DIR")]
    pub pack: Option<PathBuf>,

    /// A file holding the database's key (64 hex characters, readable only by you: chmod 600);
    /// without one, the passphrase is asked for [default: for the default database, the key
    /// fairfloor made in your config folder]
    #[arg(long, env = "FAIRFLOOR_KEY_FILE", global = true, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// How much the support log records (logs/ in your data folder, one file a day, the last
    /// 14 kept; never a candidate's details, a PIN or a key)
    #[arg(
        long,
        env = "FAIRFLOOR_LOG",
        global = true,
        value_name = "LEVEL",
        value_enum,
        default_value_t = logging::LogLevel::Info
    )]
    pub log_level: logging::LogLevel,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an event and make it this laptop's current one.
    Init(init::InitArgs),
    /// Change the current event's settings.
    Event {
        /// Interview blind (on) or not (off)
        #[arg(long, value_name = "on|off")]
        blind_interviews: Option<OnOff>,
        /// The https address onboarding links start with; each offer adds its own random token
        #[arg(long, value_name = "URL")]
        onboarding_url: Option<String>,
        /// How many days an offer stays open
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=365))]
        offer_valid_days: Option<u32>,
        /// Where slips print: cups:QUEUE, escpos:/dev/usb/lp0, escpos:tcp://HOST:9100 or file:PATH.pdf|.png
        #[arg(long, value_name = "TARGET")]
        printer: Option<String>,
        /// Send QR codes to this laptop's receipt printer as an image (for printers without the QR command)
        #[arg(long, value_name = "on|off")]
        printer_raster_qr: Option<OnOff>,
        /// Letters in front of this laptop's ticket numbers from now on (e.g. after copying another laptop's database)
        #[arg(long, value_name = "LETTERS")]
        device_prefix: Option<String>,
    },
    /// Withdraw an offer, or record that the candidate declined it (a reason is required).
    Offer {
        #[command(subcommand)]
        command: OfferCommand,
    },
    /// Write an offer's QR code (OFFER is the offer id, its reference or the candidate's ticket).
    Qr {
        /// The offer: its id, its reference (e.g. B-042-7K3Q) or the candidate's ticket (e.g. B-042)
        offer: String,
        /// ansi: drawn in the terminal; png or svg: an image (to --out, or standard output)
        #[arg(long, value_enum, default_value_t = QrFormat::Ansi)]
        format: QrFormat,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print an offer slip (OFFER is the offer id, its reference or the candidate's ticket).
    Print {
        /// The offer: its id, its reference (e.g. B-042-7K3Q) or the candidate's ticket (e.g. B-042)
        offer: String,
        /// cups:QUEUE, escpos:/dev/usb/lp0, escpos:tcp://HOST:9100 or file:PATH.pdf|.png [default: the event's printer]
        #[arg(long, value_name = "TARGET")]
        to: Option<String>,
        /// Send the QR code as an image, for receipt printers without the QR command
        #[arg(long)]
        raster_qr: bool,
    },
    /// Shell completions for fairfloor's commands and options, to standard output
    /// (e.g. fairfloor completions bash > /etc/bash_completion.d/fairfloor).
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// The manual page (roff), to standard output (e.g. fairfloor man | man -l -).
    Man {
        /// Write one page per command into DIR instead (fairfloor.1, fairfloor-init.1, ...)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Make and check a fair pack: your own words, roles and contacts for the kiosk and offers.
    Pack {
        #[command(subcommand)]
        command: pack::PackCommand,
    },
    /// Check and read screening scripts.
    Script {
        #[command(subcommand)]
        command: ScriptCommand,
    },
    /// Manage the staff who can sign in.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Candidate self-registration, locked full-screen. F12 and a coordinator's PIN close it.
    Kiosk {
        /// Seconds without a key before the kiosk warns that it will clear the form
        #[arg(long, default_value_t = 120, value_name = "SECONDS")]
        idle_timeout: u32,
        /// Seconds the warning counts down before the form is cleared
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        idle_countdown: u32,
        /// Also print each candidate's ticket on this laptop's printer (fairfloor event --printer), for a kiosk with a receipt printer
        #[arg(long)]
        print_tickets: bool,
    },
    /// Import pre-registered attendees from a CSV file.
    Import {
        /// CSV with a header row: given_name,family_name,email,phone,postcode,roles (any order)
        file: PathBuf,
    },
    /// Coordinator reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// The central service that laptops sync to, and its device tokens.
    #[cfg(feature = "central")]
    Central {
        #[command(subcommand)]
        command: central::CentralCommand,
    },
    /// Push this laptop's changes to the central service (exit 0 when all are synced).
    Sync(sync::SyncArgs),
    /// Remove candidates' personal data the central service already holds; the day's figures stay.
    Purge(sync::PurgeArgs),
    /// Check the database, its audit log and sync; exit 1 when something needs attention.
    /// With --ready, check instead what a fair needs before the doors open.
    Doctor {
        /// Check what the fair needs: an event today, staff, no demo staff, your fair pack, an
        /// https onboarding address, a printer that answers, free disk, the clock. Exit 1 while
        /// anything is left to do; each finding says how to put it right.
        #[arg(long)]
        ready: bool,
        /// With --ready: print a test slip (no candidate on it) instead of only looking for the printer
        #[arg(long, requires = "ready")]
        test_slip: bool,
        /// Print the report as JSON, for a script (the exit status is the same)
        #[arg(long)]
        json: bool,
    },
    /// Export the day's offers, candidates or interviews as CSV, XLSX or JSON Lines.
    Export(export::ExportArgs),
    /// The database's encryption key: make a key file, or encrypt a database from an earlier release.
    Key {
        #[command(subcommand)]
        command: key::KeyCommand,
    },
    /// Add made-up candidates for a demo or a benchmark. A file with no event gets a demo fair
    /// with demo staff; an event with no candidates yet becomes a demo event (its screens, slips
    /// and exports say DEMO); a real event's candidates are never mixed with demo ones.
    Demo {
        /// How many candidates to add
        #[arg(long, default_value_t = 200)]
        candidates: usize,
        /// The same seed gives the same people
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScriptCommand {
    /// Check a script file; every problem names the file, the question and the field.
    Check {
        /// The script file (*.toml)
        file: PathBuf,
    },
    /// Print a script readably (the built-in ones and those in --scripts).
    Show {
        /// The script's id, as fairfloor script list shows it
        id: String,
    },
    /// List the scripts the staff screens will offer, and any that were refused.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Equality-monitoring aggregates for a day: registered, interviewed and offered per group,
    /// offer rates and their ratio to the highest; counts under 5 are never shown or derivable.
    Fairness {
        /// The event's day, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// text: to read; csv: for a spreadsheet
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Print the report as JSON, for a script (hidden counts are null)
        #[arg(long, conflicts_with = "format")]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    /// The same as --json.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum OfferCommand {
    /// The employer withdraws the offer.
    Withdraw {
        /// The offer: its id, its reference (e.g. B-042-7K3Q) or the candidate's ticket (e.g. B-042)
        offer: String,
        /// Why, in a few words (kept with the offer and in the audit log)
        #[arg(long)]
        reason: String,
    },
    /// The candidate turned the offer down.
    Decline {
        /// The offer: its id, its reference (e.g. B-042-7K3Q) or the candidate's ticket (e.g. B-042)
        offer: String,
        /// Why, in a few words (kept with the offer and in the audit log)
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QrFormat {
    Ansi,
    Png,
    Svg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a recruiter or coordinator. The PIN (4 to 8 digits) is asked for twice,
    /// or read from standard input, one line each, when that is not a terminal.
    Add {
        /// Their name as it shows on the sign-in screen (unique on this laptop)
        #[arg(long)]
        name: String,
        /// recruiter: interviews and makes offers; coordinator: also the dashboard, exports,
        /// the kiosk's unlock and managing staff
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Clear the lock on someone's PIN after too many wrong tries (and their count of wrong
    /// PINs). A coordinator does it, named with --by, and confirms with their own PIN (asked
    /// for, or read from standard input); it is audited.
    Unlock {
        /// Whose PIN to unlock.
        #[arg(long)]
        name: String,
        /// The coordinator clearing it.
        #[arg(long)]
        by: String,
    },
    /// Everyone on this laptop's staff list: name, role, and whether they can sign in.
    List {
        /// Print the list as JSON, for a script
        #[arg(long)]
        json: bool,
    },
    /// Stop someone signing in (they stay in the records). Not the last active coordinator.
    Disable {
        /// Who, as listed by fairfloor staff list.
        #[arg(long)]
        name: String,
    },
    /// Let someone who was disabled sign in again.
    Enable {
        /// Who, as listed by fairfloor staff list.
        #[arg(long)]
        name: String,
    },
    /// Change someone's name (names are unique on a laptop, ignoring case).
    Rename {
        /// Who, as listed by fairfloor staff list.
        #[arg(long)]
        name: String,
        /// Their new name.
        #[arg(long)]
        to: String,
    },
    /// Give someone a new PIN (asked for twice, or read from standard input, one line each);
    /// their wrong PINs and any lock are cleared.
    ResetPin {
        /// Who, as listed by fairfloor staff list.
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Recruiter,
    Coordinator,
}

impl From<RoleArg> for StaffRole {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Recruiter => StaffRole::Recruiter,
            RoleArg::Coordinator => StaffRole::Coordinator,
        }
    }
}

/// The laptop's own options: they mean nothing to the central service (which has its own
/// `--database`), nor to `man` and `completions`, so those do not list them.
const LAPTOP_OPTIONS: [&str; 4] = ["db", "scripts", "pack", "key_file"];

/// Commands that do not open the laptop's database, its scripts or its pack.
const NOT_ON_THE_LAPTOP: [&str; 3] = ["central", "man", "completions"];

/// The command line as `--help`, `man` and `completions` describe it: global options are
/// shown only under the commands they apply to.
pub fn command() -> clap::Command {
    let mut command = <Cli as clap::CommandFactory>::command();
    // A subcommand that has an option of its own with a global option's name is not given the
    // global one; a hidden copy still parses (a script that always passes --db keeps working)
    // but is not listed, and its subcommands inherit it the same way.
    let hidden: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|arg| LAPTOP_OPTIONS.contains(&arg.get_id().as_str()))
        .map(|arg| arg.clone().hide(true))
        .collect();
    for name in NOT_ON_THE_LAPTOP {
        command = command.mut_subcommand(name, |sub| sub.args(hidden.clone()));
    }
    command
}

/// Parses the command line, or exits with clap's own message (or the help asked for).
fn parse() -> Cli {
    use clap::FromArgMatches;
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// Runs the command line; the binary's `main` is just this.
pub fn main() -> ExitCode {
    let cli = parse();
    // Said once, here, before any screen takes over the terminal.
    if let Err(error) = logging::start(data_dir().as_deref(), cli.log_level) {
        tell!("fairfloor: no support log this time: {error}. Everything else works as usual.");
    }
    // The command's name only: its arguments can be a candidate's details or a reason typed.
    let command = match &cli.command {
        None => "StaffScreens".to_string(),
        Some(command) => {
            let kind = crate::service::log::kind(command);
            kind.split('(').next().unwrap_or_default().to_string()
        }
    };
    let started = std::time::Instant::now();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), %command, "started");
    let result = run(cli);
    let ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(code) => {
            tracing::info!(%command, ms, success = code == ExitCode::SUCCESS, "finished");
            code
        }
        Err(error) => {
            let kind = crate::service::log::kind(&error.root_cause());
            tracing::error!(%command, ms, error = %kind, "failed");
            tell!("fairfloor: {}", words::error_text(&error));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        // Before the content is loaded: checking a broken pack must not need a working one.
        Some(Command::Pack { command }) => return pack::run(command),
        // Nothing to open: the command line describes itself.
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut command(), "fairfloor", &mut out);
            out::raw_bytes(&out);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man { dir }) => {
            let command = command();
            match dir {
                Some(dir) => {
                    // A package installs a page for each subcommand, so `man fairfloor-init` works.
                    clap_mangen::generate_to(command, dir).with_context(|| {
                        format!(
                            "could not write the manual pages into {}: does the folder exist and can you write to it?",
                            dir.display()
                        )
                    })?;
                    tell!("fairfloor: wrote the manual pages into {}", dir.display());
                }
                None => {
                    let mut out = Vec::new();
                    // As generate_to does: no fairfloor-help(1) listed, since no such page is made.
                    clap_mangen::Man::new(command.disable_help_subcommand(true))
                        .render(&mut out)?;
                    out::raw_bytes(&out);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let default_db = cli.db.is_none();
    let db = match cli.db {
        Some(path) => path,
        None => {
            let path = default_db_path()?;
            if let Some(folder) = path.parent() {
                // fairfloor's own data folder: private even if an older release made it 0755.
                // Opening the database says so if the folder cannot be made.
                let _ = crate::fsperm::make_dir_private(folder);
            }
            path
        }
    };
    // Only the commands that show or use the pack's words read it: a broken pack must not stop
    // sync, doctor, key or staff commands, which a coordinator may need to put it right.
    let pack_dir = cli.pack.clone();
    let content = || pack::content(pack_dir.as_deref());
    let scripts_dir = cli.scripts.or_else(default_scripts_dir);
    // Keyed once, at the start, by every command that opens the database.
    let opens_database = !matches!(
        cli.command,
        Some(Command::Script { .. } | Command::Key { .. })
    );
    #[cfg(feature = "central")]
    let opens_database = opens_database && !matches!(cli.command, Some(Command::Central { .. }));
    let made_key = if opens_database {
        key::unlock(&db, cli.key_file.as_deref(), default_db)?
    } else {
        None
    };
    match cli.command {
        None => {
            let content = content()?;
            let store = open_or_seed(&db, default_db, &content, made_key.as_deref())?;
            crate::tui::staff::run(store, content, scripts_dir)?;
        }
        Some(Command::Script { command }) => {
            return script::run(command, &content()?, scripts_dir.as_deref());
        }
        Some(Command::Event {
            blind_interviews,
            onboarding_url,
            offer_valid_days,
            printer,
            printer_raster_qr,
            device_prefix,
        }) => {
            if let Some(prefix) = device_prefix {
                let prefix = TicketPrefix::parse(&prefix)?;
                let actor = Actor::new("cli", Utc::now());
                let now =
                    crate::service::event::set_ticket_prefix(&mut open(&db)?, prefix, &actor)?;
                say!("Tickets from this laptop now start {now}-.");
            }
            if let Some(raster) = printer_raster_qr {
                let on = matches!(raster, OnOff::On);
                crate::service::offer::set_raster_qr(&mut open(&db)?, on)?;
            }
            event_settings(
                &db,
                blind_interviews,
                onboarding_url,
                offer_valid_days,
                printer,
            )?
        }
        Some(Command::Offer { command }) => {
            let (key, reason, status) = match command {
                OfferCommand::Withdraw { offer, reason } => {
                    (offer, reason, crate::domain::offer::OfferStatus::Withdrawn)
                }
                OfferCommand::Decline { offer, reason } => {
                    (offer, reason, crate::domain::offer::OfferStatus::Declined)
                }
            };
            let mut store = open(&db)?;
            let event = crate::service::event::require(&store)?;
            let closed = crate::service::offer::close(
                &mut store,
                &event,
                &key,
                status,
                &reason,
                &Actor::new("cli", Utc::now()),
            )?;
            say!(
                "Offer {} for {} is now {}.",
                closed.reference,
                closed.candidate_name,
                closed.status.as_ref().replace('_', " ")
            );
        }
        Some(Command::Qr { offer, format, out }) => qr(&db, &offer, format, out.as_deref())?,
        Some(Command::Print {
            offer,
            to,
            raster_qr,
        }) => print(&db, &content()?, &offer, to.as_deref(), raster_qr)?,
        Some(Command::Kiosk {
            idle_timeout,
            idle_countdown,
            print_tickets,
        }) => {
            let content = content()?;
            let store = open_or_seed(&db, default_db, &content, made_key.as_deref())?;
            if !crate::service::staff::has_coordinator(&store)? {
                bail!(
                    "only a coordinator's PIN can close the kiosk, and there is no coordinator yet. Add one first: fairfloor staff add --name \"Your Name\" --role coordinator"
                );
            }
            let idle = IdlePolicy {
                timeout: chrono::Duration::seconds(idle_timeout.max(1).into()),
                countdown: chrono::Duration::seconds(idle_countdown.max(1).into()),
            };
            crate::tui::kiosk::run(store, content, idle, print_tickets)?;
        }
        Some(Command::Init(args)) => init::run(&db, pack_dir.as_deref(), args)?,
        Some(Command::Staff { command }) => staff::run(&db, command)?,
        Some(Command::Import { file }) => return import(&db, &content()?, &file),
        Some(Command::Report {
            command: ReportCommand::Fairness { date, format, json },
        }) => {
            let format = if json { ReportFormat::Json } else { format };
            fairness_report(&db, &content()?, &date, format)?;
        }
        Some(Command::Demo { candidates, seed }) => demo(&db, &content()?, candidates, seed)?,
        #[cfg(feature = "central")]
        Some(Command::Central { command }) => return central::run(command),
        Some(Command::Sync(args)) => return sync::sync(&db, args),
        Some(Command::Purge(args)) => return sync::purge(&db, args),
        Some(Command::Doctor {
            ready: false, json, ..
        }) => return sync::doctor(&db, json),
        Some(Command::Doctor {
            ready: true,
            test_slip,
            json,
        }) => {
            sync::require_file(&db)?;
            let printer = if test_slip {
                PrinterCheck::TestSlip
            } else {
                PrinterCheck::Look
            };
            let readiness = ready::check(&open(&db)?, pack_dir.as_deref(), printer)?;
            if json {
                let report = serde_json::json!({
                    "ready": readiness.is_ready(),
                    "title": readiness.title,
                    "checks": readiness.checks,
                });
                say!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                say_text!("{}", readiness.to_text());
            }
            return Ok(if readiness.is_ready() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Some(Command::Export(args)) => export::run(&db, &content()?, &args)?,
        Some(Command::Key { command }) => key::run(command, &db, cli.key_file.as_deref())?,
        // Run above, before the content is loaded.
        Some(Command::Pack { .. } | Command::Completions { .. } | Command::Man { .. }) => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// `fairfloor event`: changes the current event's settings and says what they now are.
fn event_settings(
    db: &std::path::Path,
    blind_interviews: Option<OnOff>,
    onboarding_url: Option<String>,
    offer_valid_days: Option<u32>,
    printer: Option<String>,
) -> Result<()> {
    let url = init::valid_settings(onboarding_url.as_deref(), printer.as_deref())?;
    let change = crate::service::event::SettingsChange {
        blind_interviews: blind_interviews.map(|on| matches!(on, OnOff::On)),
        onboarding_url: url.as_deref(),
        offer_valid_days,
        printer: printer.as_deref(),
    };
    let now = crate::service::event::change_settings(
        &mut open(db)?,
        change,
        &Actor::new("cli", Utc::now()),
    )?;
    let (event, settings) = (&now.event, &now.offers);
    say!("{} ({} at {}):", event.name, event.date, event.venue);
    say!(
        "  blind interviews: {}",
        if now.blind_interviews { "on" } else { "off" }
    );
    say!(
        "  onboarding address: {}",
        settings
            .onboarding_base_url
            .as_deref()
            .unwrap_or("not set (offers need it: --onboarding-url https://...)")
    );
    say!("  offers open for: {} days", settings.offer_valid_days);
    say!(
        "  QR codes on receipt printers: {} (this laptop)",
        if now.raster_qr {
            "as an image"
        } else {
            "the printer's QR command"
        }
    );
    say!(
        "  printer: {}",
        settings.printer.as_deref().unwrap_or("not set")
    );
    Ok(())
}

/// `fairfloor qr`: the same code the offer screen shows, as text, PNG or SVG.
fn qr(
    db: &std::path::Path,
    key: &str,
    format: QrFormat,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let store = open(db)?;
    let event = crate::service::event::require(&store)?;
    let offer = crate::service::offer::find(&store, &event, key)?;
    let matrix = crate::qr::QrMatrix::encode(&offer.onboarding_url)?;
    let bytes = match format {
        QrFormat::Ansi => matrix.to_ansi().into_bytes(),
        QrFormat::Svg => matrix.to_svg(8).into_bytes(),
        QrFormat::Png => matrix.to_png(8)?,
    };
    match out {
        Some(path) => {
            crate::fsperm::write_private(path, &bytes).with_context(|| {
                format!(
                    "cannot write {}; check the folder exists and you can write to it",
                    path.display()
                )
            })?;
            tell!(
                "Wrote the QR code for {} to {}.",
                offer.reference,
                path.display()
            );
        }
        None if format == QrFormat::Png => {
            bail!("a PNG is not for the terminal: add --out code.png")
        }
        // fairfloor's own drawing, colour codes and all; nothing from outside.
        None => out::raw_bytes(&bytes),
    }
    Ok(())
}

/// `fairfloor print`: prints the slip, and logs the attempt either way.
fn print(
    db: &std::path::Path,
    content: &Content,
    key: &str,
    to: Option<&str>,
    raster_qr: bool,
) -> Result<()> {
    use crate::service::offer::{PrintRequest, PrintSlipError, print_slip};
    let mut store = open(db)?;
    let event = crate::service::event::require(&store)?;
    let request = PrintRequest { to, raster_qr };
    let actor = Actor::new("cli", Utc::now());
    match print_slip(&mut store, content, &event, key, request, &actor) {
        Ok(printed) => {
            say!(
                "Printed the slip for {}: {}.",
                printed.reference,
                printed.done
            );
            if printed.print_number > 1 {
                say!(
                    "This is print number {} of this slip.",
                    printed.print_number
                );
            }
            Ok(())
        }
        Err(PrintSlipError::NoPrinter) => bail!(
            "no printer given: add --to cups:QUEUE (or escpos:..., file:slip.pdf), or set one with fairfloor event --printer"
        ),
        Err(PrintSlipError::Failed { reference, source }) => Err(anyhow::Error::new(*source)
            .context(format!(
                "the slip for {reference} did not print (the offer itself is saved)"
            ))),
        Err(PrintSlipError::Target(error)) => Err(error.into()),
        Err(PrintSlipError::Store(error)) => Err(error.into()),
    }
}

/// fairfloor's data folder: the default database, extra scripts and the support log.
fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "fairfloor").map(|dirs| dirs.data_dir().to_path_buf())
}

/// Where extra screening scripts live when `--scripts` is not given (may not exist).
fn default_scripts_dir() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("scripts"))
}

/// Where the database lives when `--db` is not given.
pub fn default_db_path() -> Result<PathBuf> {
    let dir =
        data_dir().context("cannot find your data folder; give a database file with --db PATH")?;
    Ok(dir.join("fairfloor.db"))
}

fn open(db: &std::path::Path) -> Result<Store> {
    Ok(Store::open(db)?)
}

/// Opens the database for the screens. The first run on the default path, with no file yet,
/// makes a demo fair (demo event, demo staff and a few waiting candidates) so the screens open on
/// something real; a new file named with `--db` is a real fair's, made with `init`.
/// `made_key`: the key file this run made for it, which the sign-in screen names.
fn open_or_seed(
    db: &std::path::Path,
    default_db: bool,
    content: &Content,
    made_key: Option<&std::path::Path>,
) -> Result<Store> {
    let is_new = !db.exists();
    if is_new && !default_db {
        bail!(
            "there is no database at {} yet. Make your fair's with: fairfloor --db {} init --event NAME --venue VENUE --date YYYY-MM-DD (or try a demo fair: fairfloor --db {} demo)",
            db.display(),
            db.display(),
            db.display()
        );
    }
    let mut store = open(db)?;
    store.use_pack(content.pack_version());
    if is_new {
        crate::service::first_run::seed(&mut store, content, made_key, Utc::now())?;
    }
    crate::service::event::require(&store)?;
    Ok(store)
}

fn import(db: &std::path::Path, content: &Content, file: &std::path::Path) -> Result<ExitCode> {
    if !db.exists() {
        bail!(
            "there is no database at {} yet. Create the event first: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD",
            db.display()
        );
    }
    let mut store = open(db)?;
    let event = crate::service::event::require(&store)?;
    let report =
        crate::service::import::import_path(&mut store, &event, &content.roles, file, Utc::now())?;
    for warning in &report.warnings {
        say!("warning: {warning}");
    }
    for problem in &report.problems {
        say!("{problem}");
    }
    say!("{} (Event: {}.)", report.summary(), event.name);
    if report.problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        say!(
            "Fix the rows above and import the file again: people already imported will not be added twice."
        );
        Ok(ExitCode::from(2))
    }
}

fn fairness_report(
    db: &std::path::Path,
    content: &Content,
    date: &str,
    format: ReportFormat,
) -> Result<()> {
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("'{date}' is not a date in the form YYYY-MM-DD: give the event's day, like --date 2026-03-14")
    })?;
    if !db.exists() {
        bail!(
            "there is no database at {}. Give the fair's database with --db PATH",
            db.display()
        );
    }
    let store = open(db)?;
    use crate::service::export::{ChooseDayError, event_of_day};
    let event = match event_of_day(&store, Some(day)) {
        Ok(event) => event,
        Err(ChooseDayError::Store(error)) => return Err(error.into()),
        Err(ChooseDayError::NoEvents) => {
            bail!("there are no events in {} yet", db.display())
        }
        Err(ChooseDayError::NoEventOn { dates, .. }) => bail!(
            "there is no event on {day}. Events in this database are on: {}",
            dates.join(", ")
        ),
    };
    let people = crate::service::event::fairness_people(&store, &event)?;
    let report = crate::report::fairness::report(&content.equality, &people);
    match format {
        ReportFormat::Json => say!(
            "{}",
            serde_json::to_string_pretty(&crate::report::fairness::to_json(
                &report,
                &day.to_string()
            ))?
        ),
        ReportFormat::Csv => say_text!(
            "{}",
            crate::report::fairness::to_csv(&report, &day.to_string())
                .context("could not write the CSV")?
        ),
        ReportFormat::Text => say_text!(
            "{}",
            crate::report::fairness::to_text(
                &report,
                &format!(
                    "Fairness report: {} at {}, {}",
                    event.name,
                    event.venue,
                    day.format("%a %-d %b %Y")
                )
            )
        ),
    }
    Ok(())
}

fn demo(db: &std::path::Path, content: &Content, candidates: usize, seed: u64) -> Result<()> {
    use crate::service::first_run::DemoEvent;
    let options = crate::demo::DemoOptions { candidates, seed };
    let mut store = open(db)?;
    store.use_pack(content.pack_version());
    let (event, how, added) =
        match crate::service::first_run::add_demo(&mut store, content, &options, Utc::now()) {
            Err(error @ crate::demo::DemoError::RealEvent { .. }) => {
                bail!("{error}, with: fairfloor --db demo.db demo")
            }
            other => other?,
        };
    match how {
        DemoEvent::Made => say!(
            "Made a demo fair, {}, with demo staff: {} (PIN {}) and {} (PIN {}). Their PINs work only at a demo event.",
            event.name,
            crate::demo::DEMO_RECRUITER,
            crate::demo::DEMO_RECRUITER_PIN,
            crate::demo::DEMO_COORDINATOR,
            crate::demo::DEMO_COORDINATOR_PIN
        ),
        DemoEvent::Turned => say!(
            "{} is now a demo event: its screens, slips and exports say DEMO.",
            event.name
        ),
        DemoEvent::Already => {}
    }
    say!(
        "Added {} demo candidates to {} ({}); {} interviewed, {} offers.",
        added.candidates,
        event.name,
        event.date,
        added.screened,
        added.offers
    );
    Ok(())
}

#[cfg(test)]
mod tests;
