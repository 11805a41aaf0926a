//! The `fairfloor` command: argument parsing and the small shells that join the pieces.
//! Errors end here as one plain message and a non-zero exit code.

mod staff;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::{Parser, Subcommand};

use crate::content::Content;
use crate::domain::event::TicketPrefix;
use crate::domain::{NewEvent, StaffRole};
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

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an event and make it this laptop's current one.
    Init {
        /// The event's name, e.g. "Leeds Jobs Fair"
        #[arg(long)]
        event: String,
        /// Where it is held, e.g. "First Direct Arena"
        #[arg(long)]
        venue: String,
        /// The day of the fair, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// The time zone the day is counted in
        #[arg(long, default_value = "Europe/London")]
        timezone: String,
        /// Letters in front of this laptop's ticket numbers (B gives B-042); one per laptop at a fair
        #[arg(long, value_name = "LETTERS")]
        device_prefix: Option<String>,
        /// Interview blind: interview screens show only first name, ticket and adjustments
        #[arg(long)]
        blind_interviews: bool,
    },
    /// Change the current event's settings.
    Event {
        /// Interview blind (on) or not (off)
        #[arg(long, value_name = "on|off")]
        blind_interviews: OnOff,
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
    /// Candidate self-registration, locked full-screen. A staff PIN (F12) closes it.
    Kiosk {
        /// Seconds without a key before the kiosk warns that it will clear the form
        #[arg(long, default_value_t = 120, value_name = "SECONDS")]
        idle_timeout: u32,
        /// Seconds the warning counts down before the form is cleared
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        idle_countdown: u32,
    },
    /// Import pre-registered attendees from a CSV file.
    Import {
        /// CSV with a header row: given_name,family_name,email,phone,postcode,roles (any order)
        file: PathBuf,
    },
    /// Add synthetic candidates for demos and benchmarks.
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
    Check { file: PathBuf },
    /// Print a script readably (the built-in ones and those in --scripts).
    Show { id: String },
    /// List the scripts the staff screens will offer, and any that were refused.
    List,
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
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
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

/// Runs the command line; the binary's `main` is just this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fairfloor: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let db = match cli.db {
        Some(path) => path,
        None => default_db_path()?,
    };
    let content = Content::load().context("the built-in assets are broken")?;
    let scripts_dir = cli.scripts.or_else(default_scripts_dir);
    match cli.command {
        None => {
            let store = open_or_seed(&db, &content)?;
            crate::tui::staff::run(store, content, scripts_dir)?;
        }
        Some(Command::Script { command }) => {
            return script(command, &content, scripts_dir.as_deref());
        }
        Some(Command::Event { blind_interviews }) => {
            let mut store = open(&db)?;
            let event = store.require_event()?;
            let on = matches!(blind_interviews, OnOff::On);
            store.set_blind_interviews(&event, on, &Actor::new("cli", Utc::now()))?;
            println!(
                "Blind interviewing is {} for {}.",
                if on { "on" } else { "off" },
                event.name
            );
        }
        Some(Command::Kiosk {
            idle_timeout,
            idle_countdown,
        }) => {
            let store = open_or_seed(&db, &content)?;
            if store.staff_with_pins()?.is_empty() {
                bail!(
                    "only a staff PIN can close the kiosk, and there are no staff yet. Add someone first: fairfloor staff add --name \"Your Name\" --role recruiter"
                );
            }
            let idle = IdlePolicy {
                timeout: chrono::Duration::seconds(idle_timeout.max(1).into()),
                countdown: chrono::Duration::seconds(idle_countdown.max(1).into()),
            };
            crate::tui::kiosk::run(store, content, idle)?;
        }
        Some(Command::Init {
            event,
            venue,
            date,
            timezone,
            device_prefix,
            blind_interviews,
        }) => init(
            &db,
            &NewEvent::parse(&event, &venue, &date, &timezone)?,
            device_prefix.as_deref(),
            blind_interviews,
        )?,
        Some(Command::Staff {
            command: StaffCommand::Add { name, role },
        }) => staff::add(&db, &name, role.into())?,
        Some(Command::Import { file }) => return import(&db, &content, &file),
        Some(Command::Demo { candidates, seed }) => demo(&db, &content, candidates, seed)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Where extra screening scripts live when `--scripts` is not given (may not exist).
fn default_scripts_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "fairfloor").map(|dirs| dirs.data_dir().join("scripts"))
}

/// `fairfloor script check|show|list`.
fn script(
    command: ScriptCommand,
    content: &Content,
    scripts_dir: Option<&std::path::Path>,
) -> Result<ExitCode> {
    use crate::screening::loader::{ScriptLibrary, check_file, show};
    match command {
        ScriptCommand::Check { file } => match check_file(&file, &content.roles) {
            Ok(loaded) => {
                println!(
                    "{}: OK. {} (id {}, version {}), {} values questions, hash {}.",
                    file.display(),
                    loaded.script.title,
                    loaded.script.id,
                    loaded.script.version,
                    loaded.script.questions.len(),
                    loaded.hash
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(problems) => {
                for problem in &problems {
                    println!("{problem}");
                }
                println!(
                    "{} problem{} found; the staff screens will not offer this script until they are fixed.",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                Ok(ExitCode::from(2))
            }
        },
        ScriptCommand::Show { id } => {
            let library = ScriptLibrary::load(scripts_dir, &content.roles);
            match library.get(&id) {
                Some(loaded) => {
                    print!("{}", show(loaded, &content.roles));
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    let known: Vec<&str> = library
                        .scripts
                        .iter()
                        .map(|s| s.script.id.as_str())
                        .collect();
                    bail!(
                        "no script with id '{id}'. Known scripts: {}",
                        known.join(", ")
                    )
                }
            }
        }
        ScriptCommand::List => {
            let library = ScriptLibrary::load(scripts_dir, &content.roles);
            for loaded in &library.scripts {
                println!(
                    "{}  v{}  {}  [{}]  ({})",
                    loaded.script.id,
                    loaded.script.version,
                    loaded.script.title,
                    loaded.script.roles.join(", "),
                    loaded.source
                );
            }
            for problem in &library.refused {
                println!("refused: {problem}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Where the database lives when `--db` is not given.
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "fairfloor")
        .context("cannot find your data folder; give a database file with --db PATH")?;
    Ok(dirs.data_dir().join("fairfloor.db"))
}

fn open(db: &std::path::Path) -> Result<Store> {
    Ok(Store::open(db)?)
}

/// Opens the database; a first run with no file creates one with a demo event, demo staff and a
/// few waiting candidates, so the screens open on something real.
fn open_or_seed(db: &std::path::Path, content: &Content) -> Result<Store> {
    let is_new = !db.exists();
    let mut store = open(db)?;
    if is_new {
        let first = crate::demo::seed_first_run(&mut store, content, Utc::now())?;
        store.set_setting(
            "first_run_hint",
            &format!(
                "New database with a demo event. Sign in as {} (PIN {}) or {} (PIN {}).",
                first.recruiter, first.recruiter_pin, first.coordinator, first.coordinator_pin
            ),
        )?;
    }
    store.require_event()?;
    Ok(store)
}

fn init(
    db: &std::path::Path,
    event: &NewEvent,
    device_prefix: Option<&str>,
    blind_interviews: bool,
) -> Result<()> {
    let prefix = device_prefix.map(TicketPrefix::parse).transpose()?;
    let mut store = open(db)?;
    let actor = Actor::new("cli", Utc::now());
    let previous = store.current_event()?;
    let created = store.create_event(event, &actor)?;
    if let Some(prefix) = prefix {
        store.set_ticket_prefix(prefix, &actor)?;
    }
    if blind_interviews {
        store.set_blind_interviews(&created, true, &actor)?;
        println!("Interviews at this event are blind.");
    }
    println!(
        "Created {} at {} on {} ({}), in {}.",
        created.name,
        created.venue,
        created.date,
        created.timezone.name(),
        db.display()
    );
    if let Some(previous) = previous {
        println!(
            "This laptop now works {} instead of {}.",
            created.name, previous.name
        );
    }
    println!(
        "Tickets from this laptop start {}.",
        store.ticket_prefix().ticket(1)
    );
    Ok(())
}

fn import(db: &std::path::Path, content: &Content, file: &std::path::Path) -> Result<ExitCode> {
    if !db.exists() {
        bail!(
            "there is no database at {} yet. Create the event first: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD",
            db.display()
        );
    }
    let mut store = open(db)?;
    let event = store.require_event()?;
    let report = crate::import::import_path(&mut store, &event, &content.roles, file, Utc::now())?;
    for warning in &report.warnings {
        println!("warning: {warning}");
    }
    for problem in &report.problems {
        println!("{problem}");
    }
    println!("{} (Event: {}.)", report.summary(), event.name);
    if report.problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "Fix the rows above and import the file again: people already imported will not be added twice."
        );
        Ok(ExitCode::from(2))
    }
}

fn demo(db: &std::path::Path, content: &Content, candidates: usize, seed: u64) -> Result<()> {
    if candidates == 0 {
        bail!("--candidates must be at least 1");
    }
    let mut store = open(db)?;
    let event = match store.current_event()? {
        Some(event) => event,
        None => {
            let today = Utc::now()
                .with_timezone(&chrono_tz::Europe::London)
                .date_naive();
            let event = NewEvent {
                name: "Demo recruitment fair".into(),
                venue: "Demo venue".into(),
                date: today,
                timezone: chrono_tz::Europe::London,
            };
            store.create_event(&event, &Actor::new("demo", Utc::now()))?
        }
    };
    let options = crate::demo::DemoOptions { candidates, seed };
    let added = crate::demo::add_candidates(&mut store, &event, content, &options)?;
    println!(
        "Added {added} demo candidates to {} ({}).",
        event.name, event.date
    );
    Ok(())
}
