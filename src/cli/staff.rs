//! `fairfloor staff add|list|disable|enable|rename|reset-pin` (PINs read safely, only their hash
//! stored) and `fairfloor staff unlock` (a coordinator, confirmed by the one PIN check, clears a
//! lock).

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use zeroize::Zeroizing;

use super::StaffCommand;
use super::out::say;
use crate::domain::validate;
use crate::domain::{Staff, StaffRole};
use crate::service::pin::{PinRefusal, seconds_until, wait_words};
use crate::service::staff::{self, AddStaffError, FindStaffError};
use crate::store::{Actor, Store};

/// `fairfloor staff …`.
pub fn run(db: &Path, command: StaffCommand) -> Result<()> {
    let actor = Actor::new("cli", Utc::now());
    match command {
        StaffCommand::Add { name, role } => add(db, &name, role.into()),
        StaffCommand::Unlock { name, by } => unlock(db, &name, &by),
        StaffCommand::List { json } => list(db, json),
        StaffCommand::Disable { name } => set_active(db, &name, false, &actor),
        StaffCommand::Enable { name } => set_active(db, &name, true, &actor),
        StaffCommand::Rename { name, to } => {
            let to = given_name(&to, "--to")?;
            let mut store = Store::open(db)?;
            let (before, _) = staff::find_any(&store, &name).map_err(|e| worded(e.into()))?;
            let person = staff::rename(&mut store, &name, to, &actor).map_err(worded)?;
            say!("{} is now {}.", before.name, person.name);
            Ok(())
        }
        StaffCommand::ResetPin { name } => {
            let mut store = Store::open(db)?;
            // Before the PIN is asked for, so a misspelt name does not waste it.
            staff::find_any(&store, &name).map_err(|e| worded(e.into()))?;
            let pin = read_pin()?;
            let person = staff::reset_pin(&mut store, &name, &pin, &actor).map_err(worded)?;
            say!(
                "{} has a new PIN; any wrong PINs and lock are cleared.",
                person.name
            );
            Ok(())
        }
    }
}

/// `fairfloor staff disable|enable`.
fn set_active(db: &Path, name: &str, active: bool, actor: &Actor) -> Result<()> {
    let mut store = Store::open(db)?;
    let (person, changed) = staff::set_active(&mut store, name, active, actor).map_err(worded)?;
    match (active, changed) {
        (false, true) => say!("{} can no longer sign in.", person.name),
        (true, true) => say!("{} can sign in again.", person.name),
        (false, false) => say!("{} was already disabled.", person.name),
        (true, false) => say!("{} could already sign in.", person.name),
    }
    Ok(())
}

/// `fairfloor staff list`.
fn list(db: &Path, json: bool) -> Result<()> {
    let store = Store::open(db)?;
    let staff = staff::members(&store)?;
    if json {
        let people: Vec<_> = staff
            .iter()
            .map(|m| {
                serde_json::json!({
                    "name": m.staff.name,
                    "role": m.staff.role.to_string(),
                    "can_sign_in": m.active,
                    "pin_locked": m.locked,
                })
            })
            .collect();
        say!("{}", serde_json::to_string_pretty(&people)?);
        return Ok(());
    }
    if staff.is_empty() {
        say!(
            "No staff yet. Add someone with: fairfloor staff add --name \"Your Name\" --role coordinator"
        );
        return Ok(());
    }
    let width = staff
        .iter()
        .map(|m| m.staff.name.chars().count())
        .max()
        .unwrap_or(0);
    for member in staff {
        let person = &member.staff;
        say!(
            "{:width$}  {:11}  {}{}",
            person.name,
            person.role.to_string(),
            if member.active {
                "can sign in"
            } else {
                "disabled"
            },
            if member.locked {
                "  PIN locked (fairfloor staff unlock)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// A name given with `flag`, as it is kept.
fn given_name<'a>(name: &'a str, flag: &str) -> Result<&'a str> {
    staff::valid_name(name).with_context(|| {
        format!("give the person's name with {flag} \"Amara Okafor\" (no control characters)")
    })
}

/// What went wrong with a staff change, in the command line's words.
fn worded(error: AddStaffError) -> anyhow::Error {
    match error {
        AddStaffError::NameTaken(name) => anyhow::anyhow!(
            "someone on this laptop is already called \"{name}\"; give a name that tells them apart (a middle name or an initial). Nothing was changed"
        ),
        AddStaffError::LastCoordinator(name) => anyhow::anyhow!(
            "{name} is the only active coordinator, and only a coordinator can close the kiosk or unlock a PIN. Add another first: fairfloor staff add --name \"Name\" --role coordinator"
        ),
        AddStaffError::Find(FindStaffError::NotFound) => anyhow::anyhow!(
            "no member of staff has that name; see who is on this laptop with: fairfloor staff list"
        ),
        AddStaffError::Find(error) => find_error(error, ""),
        AddStaffError::Pin(error) => error.into(),
        AddStaffError::Store(error) => error.into(),
    }
}

pub fn add(db: &Path, name: &str, role: StaffRole) -> Result<()> {
    let name = given_name(name, "--name")?;
    let pin = read_pin()?;
    let mut store = Store::open(db)?;
    let actor = Actor::new("cli", Utc::now());
    let staff = staff::add(&mut store, name, role, &pin, &actor).map_err(worded)?;
    say!(
        "Added {} as a {}. They sign in to the staff screens with their PIN.",
        staff.name,
        staff.role
    );
    Ok(())
}

/// Clears the PIN lock (and wrong PINs) of `name`; `by` is the coordinator doing it, who
/// confirms with their own PIN, checked (and counted) like any other.
pub fn unlock(db: &Path, name: &str, by: &str) -> Result<()> {
    let mut store = Store::open(db)?;
    let target = find(&store, name)?;
    let coordinator = find(&store, by)?;
    if coordinator.role != StaffRole::Coordinator {
        bail!(
            "{} is a recruiter; only a coordinator can unlock a PIN. Give a coordinator's name with --by",
            coordinator.name
        );
    }
    let entered = read_one_pin(&format!("{}'s PIN: ", coordinator.name))?;
    let now = Utc::now();
    let was_locked = match staff::unlock(&mut store, &target, &coordinator, &entered, now)? {
        Ok(was_locked) => was_locked,
        Err(PinRefusal::Paused { until }) => bail!(
            "too many wrong PINs: wait {}, then run this again. Nothing was changed",
            wait_words(seconds_until(until, now).unwrap_or(1))
        ),
        Err(PinRefusal::Wrong { .. }) => bail!(
            "that is not {}'s PIN; nothing was changed. Wrong PINs are counted: after a few, PINs pause",
            coordinator.name
        ),
        Err(refusal) => bail!("{refusal} Nothing was changed"),
    };
    if was_locked {
        say!(
            "Unlocked {}'s PIN (cleared by {}). They can sign in again.",
            target.name,
            coordinator.name
        );
    } else {
        say!(
            "{}'s PIN was not locked; any wrong PINs are forgotten (cleared by {}).",
            target.name,
            coordinator.name
        );
    }
    Ok(())
}

/// The active member of staff with this name (ignoring case and spaces around it).
fn find(store: &Store, name: &str) -> Result<Staff> {
    staff::find(store, name).map_err(|error| find_error(error, name))
}

fn find_error(error: FindStaffError, name: &str) -> anyhow::Error {
    match error {
        FindStaffError::Store(error) => error.into(),
        FindStaffError::NotFound => anyhow::anyhow!(
            "no active member of staff is called \"{}\"; check the spelling (names are as given to fairfloor staff add)",
            name.trim()
        ),
        FindStaffError::Ambiguous(n) => anyhow::anyhow!(
            "{n} members of staff have that name, so fairfloor cannot tell which one is meant"
        ),
    }
}

/// One PIN from the terminal (hidden) or the first line of standard input.
fn read_one_pin(prompt: &str) -> Result<Zeroizing<String>> {
    let pin = if std::io::stdin().is_terminal() {
        Zeroizing::new(rpassword::prompt_password(prompt)?)
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line)?;
        line
    };
    let pin = Zeroizing::new(pin.trim().to_string());
    if pin.is_empty() {
        bail!("no PIN given: type it when asked, or send it on standard input");
    }
    Ok(pin)
}

/// The PIN twice from the terminal (hidden), or from standard input one line each
/// (a second line, when given, must match the first).
fn read_pin() -> Result<Zeroizing<String>> {
    let (first, second) = if std::io::stdin().is_terminal() {
        let first = Zeroizing::new(rpassword::prompt_password("PIN (4 to 8 digits): ")?);
        check(&first)?;
        let second = Zeroizing::new(rpassword::prompt_password("The same PIN again: ")?);
        (first, Some(second))
    } else {
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        let first = Zeroizing::new(
            lines
                .next()
                .context("no PIN on standard input: send it as a line, e.g. printf '4821\\n4821\\n' | fairfloor staff add ...")??,
        );
        let second = lines.next().transpose()?.map(Zeroizing::new);
        (first, second.filter(|s| !s.trim().is_empty()))
    };
    let pin = Zeroizing::new(first.trim().to_string());
    check(&pin)?;
    if second.is_some_and(|second| second.trim() != pin.as_str()) {
        bail!("the two PINs are different; nothing was saved. Run the command again");
    }
    Ok(pin)
}

fn check(pin: &str) -> Result<()> {
    validate::staff_pin(pin.trim()).map_err(|e| anyhow::anyhow!("{e}; nothing was saved"))
}
