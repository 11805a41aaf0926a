//! `fairfloor staff add` (reading a PIN safely and storing only its hash) and
//! `fairfloor staff unlock` (a coordinator, confirmed by the one PIN check, clears a lock).

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use zeroize::Zeroizing;

use super::out::say;
use crate::domain::validate;
use crate::domain::{Staff, StaffRole};
use crate::service::pin::{PinRefusal, seconds_until, wait_words};
use crate::service::staff::{self, AddStaffError, FindStaffError};
use crate::store::{Actor, Store};

pub fn add(db: &std::path::Path, name: &str, role: StaffRole) -> Result<()> {
    let Some(name) = staff::valid_name(name) else {
        bail!("give the person's name with --name \"Amara Okafor\" (no control characters)");
    };
    let pin = read_pin()?;
    let mut store = Store::open(db)?;
    let actor = Actor::new("cli", Utc::now());
    let staff = match staff::add(&mut store, name, role, &pin, &actor) {
        Ok(staff) => staff,
        Err(AddStaffError::Pin(error)) => return Err(error.into()),
        Err(AddStaffError::Store(error)) => return Err(error.into()),
    };
    say!(
        "Added {} as a {}. They sign in to the staff screens with their PIN.",
        staff.name,
        staff.role
    );
    Ok(())
}

/// Clears the PIN lock (and wrong PINs) of `name`; `by` is the coordinator doing it, who
/// confirms with their own PIN, checked (and counted) like any other.
pub fn unlock(db: &std::path::Path, name: &str, by: &str) -> Result<()> {
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
    match staff::find(store, name) {
        Ok(staff) => Ok(staff),
        Err(FindStaffError::Store(error)) => Err(error.into()),
        Err(FindStaffError::NotFound) => bail!(
            "no active member of staff is called \"{}\"; check the spelling (names are as given to fairfloor staff add)",
            name.trim()
        ),
        Err(FindStaffError::Ambiguous(n)) => bail!(
            "{n} members of staff are called \"{}\", so fairfloor cannot tell which one is meant",
            name.trim()
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
