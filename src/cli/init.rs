//! `fairfloor init`: makes the fair's event on this laptop, with its onboarding address, printer
//! and (on a laptop with no fair pack yet) the employer's details (given as flags, or asked for
//! at a terminal), and ends with the check before the doors open (`doctor --ready`), so nothing
//! is found missing with a candidate sitting there.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;

use super::open;
use super::out::{say, say_text};
use crate::content::pack::EmployerDetails;
use crate::domain::NewEvent;
use crate::domain::event::TicketPrefix;
use crate::service::ready::PrinterCheck;
use crate::store::Actor;

/// `fairfloor init`'s arguments.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The event's name, e.g. "Leeds Jobs Fair"
    #[arg(long)]
    pub event: String,
    /// Where it is held, e.g. "First Direct Arena"
    #[arg(long)]
    pub venue: String,
    /// The day of the fair, YYYY-MM-DD
    #[arg(long)]
    pub date: String,
    /// The time zone the day is counted in
    #[arg(long, default_value = "Europe/London")]
    pub timezone: String,
    /// Letters in front of this laptop's ticket numbers (B gives B-042); one per laptop at a fair
    #[arg(long, value_name = "LETTERS")]
    pub device_prefix: Option<String>,
    /// Interview blind: interview screens show only first name, ticket and adjustments
    #[arg(long)]
    pub blind_interviews: bool,
    /// The https address onboarding links start with (asked for when left out at a terminal)
    #[arg(long, value_name = "URL")]
    pub onboarding_url: Option<String>,
    /// Where slips print: cups:QUEUE, escpos:/dev/usb/lp0, escpos:tcp://HOST:9100 or file:PATH.pdf|.png (asked for when left out at a terminal)
    #[arg(long, value_name = "TARGET")]
    pub printer: Option<String>,
    /// Your organisation's name as candidates see it (starts your fair pack when there is none;
    /// asked for at a terminal)
    #[arg(long, value_name = "NAME")]
    pub employer: Option<String>,
    /// The phone number candidates call with questions, e.g. "0113 243 3144" (with --employer)
    #[arg(long, value_name = "PHONE", requires = "employer")]
    pub employer_phone: Option<String>,
    /// Where candidates write, also about their information (the privacy notice's contact;
    /// with --employer)
    #[arg(long, value_name = "EMAIL", requires = "employer")]
    pub employer_email: Option<String>,
}

/// `fairfloor init`: the fair pack's employer (when asked), the event, its settings, then the
/// check before the doors open.
pub(super) fn run(db: &Path, pack_given: Option<&Path>, args: InitArgs) -> Result<()> {
    let event = NewEvent::parse(&args.event, &args.venue, &args.date, &args.timezone)?;
    let settings = settings(args.onboarding_url, args.printer)?;
    let employer = employer(
        pack_given,
        args.employer,
        args.employer_phone,
        args.employer_email,
    )?;
    if let Some((dir, details)) = employer {
        crate::content::init_pack(&dir, crate::screening::library::BUILT_IN)?;
        crate::content::pack::set_employer(&dir, &details)?;
        say!(
            "Started your fair pack in {} with {}'s details. Its other files (roles and pay, the privacy notice's retention) are examples to edit: fairfloor pack check {} lists what is left.",
            dir.display(),
            details.name,
            dir.display()
        );
    }
    create(
        db,
        &event,
        args.device_prefix.as_deref(),
        args.blind_interviews,
    )?;
    if settings.onboarding_url.is_some() || settings.printer.is_some() {
        super::event_settings(db, None, settings.onboarding_url, None, settings.printer)?;
    }
    let readiness = super::ready::check(&open(db)?, pack_given, PrinterCheck::Look)?;
    say_text!("\n{}", readiness.to_text());
    if !readiness.is_ready() {
        say!("Put those right, then check again with: fairfloor doctor --ready");
    }
    Ok(())
}

/// The pack folder to start and the employer to put in it: from the flags, or asked for at a
/// terminal when no pack is in use yet; `None` when there is nothing to do. A pack already in
/// use is never changed: its employer.toml is the place to edit.
fn employer(
    pack_given: Option<&Path>,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
) -> Result<Option<(PathBuf, EmployerDetails)>> {
    let in_use = super::pack::chosen_dir(pack_given).filter(|dir| dir.join("pack.toml").exists());
    if let Some(dir) = in_use {
        if name.is_some() {
            bail!(
                "the fair pack in {} already names the employer: put the details in its employer.toml, then run fairfloor pack check {}",
                dir.display(),
                dir.display()
            );
        }
        return Ok(None);
    }
    let at_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let (name, phone, email) = match name {
        Some(name) => (Some(name), phone, email),
        None if at_terminal => (
            ask(
                "Your organisation's name, as candidates see it (Enter to skip): ",
                |_| Ok(()),
            )?,
            ask(
                "The phone number candidates call with questions (Enter to skip): ",
                |_| Ok(()),
            )?,
            ask(
                "The email candidates write to, also about their information (Enter to skip): ",
                |email| valid_email(email).map(|_| ()),
            )?,
        ),
        None => return Ok(None),
    };
    let Some(name) = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let email = email.as_deref().map(valid_email).transpose()?;
    let dir = pack_given
        .map(Path::to_path_buf)
        .or_else(crate::content::pack::default_dir)
        .context("this system has no config folder for a fair pack: give one with --pack DIR")?;
    Ok(Some((dir, EmployerDetails { name, phone, email })))
}

/// An email candidates can write to: a real address, not an example one.
fn valid_email(email: &str) -> Result<String> {
    let address =
        crate::domain::validate::email(email).map_err(|e| anyhow::anyhow!("'{email}': {e}"))?;
    if crate::content::is_example_address(&address) {
        bail!(
            "'{address}' is an example address, which candidates could not write to: give your own"
        );
    }
    Ok(address)
}

/// The onboarding address and printer `init` sets.
struct Settings {
    onboarding_url: Option<String>,
    printer: Option<String>,
}

/// The settings as given; at a terminal, the ones left out are asked for (Enter leaves one for
/// later, a typo is said and asked again). Checked before the event is made, so a typo in a flag
/// costs nothing.
fn settings(onboarding_url: Option<String>, printer: Option<String>) -> Result<Settings> {
    let at_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let onboarding_url = match onboarding_url {
        None if at_terminal => ask(
            "The https address onboarding links start with (Enter to set it later): ",
            |url| valid_settings(Some(url), None).map(|_| ()),
        )?,
        given => given,
    };
    let printer = match printer {
        None if at_terminal => ask(
            "The printer for offer slips: cups:QUEUE, escpos:/dev/usb/lp0, escpos:tcp://HOST:9100 (Enter to set it later): ",
            |target| valid_settings(None, Some(target)).map(|_| ()),
        )?,
        given => given,
    };
    valid_settings(onboarding_url.as_deref(), printer.as_deref())?;
    Ok(Settings {
        onboarding_url,
        printer,
    })
}

/// Checks an onboarding address and a printer target; returns the address as stored.
pub(super) fn valid_settings(
    onboarding_url: Option<&str>,
    printer: Option<&str>,
) -> Result<Option<String>> {
    let url = onboarding_url
        .map(crate::domain::offer::onboarding_base_url)
        .transpose()?;
    if let Some(printer) = printer {
        printer.parse::<crate::print::Target>()?;
    }
    Ok(url)
}

/// Asks `question` until the answer is empty (`None`) or `valid`.
fn ask(question: &str, valid: impl Fn(&str) -> Result<()>) -> Result<Option<String>> {
    loop {
        say_text!("{question}");
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let answer = line.trim();
        if answer.is_empty() {
            return Ok(None);
        }
        match valid(answer) {
            Ok(()) => return Ok(Some(answer.to_string())),
            Err(error) => say!("{error:#}"),
        }
    }
}

/// Makes the event and says what was made.
fn create(
    db: &Path,
    event: &NewEvent,
    device_prefix: Option<&str>,
    blind_interviews: bool,
) -> Result<()> {
    let prefix = device_prefix.map(TicketPrefix::parse).transpose()?;
    let actor = Actor::new("cli", Utc::now());
    let crate::service::event::Created {
        event: created,
        previous,
        first_ticket,
    } = crate::service::event::create(&mut open(db)?, event, prefix, blind_interviews, &actor)?;
    if blind_interviews {
        say!("Interviews at this event are blind.");
    }
    say!(
        "Created {} at {} on {} ({}), in {}.",
        created.name,
        created.venue,
        created.date,
        created.timezone.name(),
        db.display()
    );
    if let Some(previous) = previous {
        say!(
            "This laptop now works {} instead of {}.",
            created.name,
            previous.name
        );
    }
    say!("Tickets from this laptop start {first_ticket}.");
    Ok(())
}
