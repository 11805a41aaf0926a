//! `fairfloor staff add`: reading a PIN safely and storing only its hash.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use zeroize::Zeroizing;

use super::out::say;
use crate::domain::StaffRole;
use crate::domain::staff::hash_pin;
use crate::domain::validate;
use crate::store::{Actor, Store};

pub fn add(db: &std::path::Path, name: &str, role: StaffRole) -> Result<()> {
    let name = name.trim();
    if name.is_empty()
        || name
            .chars()
            .any(crate::domain::text::is_unsafe_for_terminal)
    {
        bail!("give the person's name with --name \"Amara Okafor\" (no control characters)");
    }
    let pin = read_pin()?;
    let hash = hash_pin(&pin)?;
    let mut store = Store::open(db)?;
    let staff = store.add_staff(name, role, &hash, &Actor::new("cli", Utc::now()))?;
    say!(
        "Added {} as a {}. They sign in to the staff screens with their PIN.",
        staff.name,
        staff.role
    );
    Ok(())
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
