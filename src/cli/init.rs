//! `fairfloor init`: makes the fair's event on this laptop, with its onboarding address and
//! printer (given as flags, or asked for at a terminal), and ends with the check before the
//! doors open (`doctor --ready`), so nothing is found missing with a candidate sitting there.

use std::io::{BufRead, IsTerminal};

use anyhow::Result;
use chrono::Utc;

use super::open;
use super::out::{say, say_text};
use crate::domain::NewEvent;
use crate::domain::event::TicketPrefix;
use crate::store::Actor;

/// The onboarding address and printer `init` sets.
pub(super) struct Settings {
    pub(super) onboarding_url: Option<String>,
    pub(super) printer: Option<String>,
}

/// The settings as given; at a terminal, the ones left out are asked for (Enter leaves one for
/// later, a typo is said and asked again). Checked before the event is made, so a typo in a flag
/// costs nothing.
pub(super) fn settings(
    onboarding_url: Option<String>,
    printer: Option<String>,
) -> Result<Settings> {
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
pub(super) fn create(
    db: &std::path::Path,
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
