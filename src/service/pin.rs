//! The one PIN check, for every place that asks for a staff PIN: the staff screens' sign-in, the
//! kiosk's unlock box, and commands a coordinator confirms (`fairfloor staff unlock`).
//!
//! Wrong PINs are counted in the database per member of staff and per laptop
//! ([`PinPolicy::PERSON`], [`PinPolicy::LAPTOP`]). While either is paused, or the person is
//! locked, the PIN is not even checked. An attempt is counted before argon2 runs, so stopping the
//! program mid-check does not dodge it; a right PIN clears the person's and the laptop's count.
//! Every checked PIN, right or wrong, is audited (ids and counts only: never a PIN).

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::domain::staff::{PinFailures, PinPolicy, verify_pin};
use crate::domain::{Staff, StaffRole};
use crate::service::log::logged;
use crate::store::pins::{Attempt, PinAudit};
use crate::store::{Actor, Store, StoreError};

/// Where a PIN is being asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door<'a> {
    /// The staff screens: this member of staff chose their name.
    SignIn { staff_id: &'a str },
    /// The kiosk's unlock box: a PIN and no name; only a coordinator's opens it.
    Kiosk,
    /// A command this coordinator confirms with their PIN.
    Coordinator { staff_id: &'a str },
}

/// Why a PIN was not accepted, in words the person at the keyboard can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinRefusal {
    /// The PIN is wrong. `free_left` more may be wrong before a pause; `paused_until` is set when
    /// this one started a pause.
    #[error("That PIN is not right. Check your name and try again.")]
    Wrong {
        free_left: u32,
        paused_until: Option<DateTime<Utc>>,
    },
    /// Too many wrong PINs lately, for this person or on this laptop: not checked.
    #[error("Too many wrong PINs. PINs are paused until {} UTC; wait, then try again.", .until.format("%H:%M:%S"))]
    Paused { until: DateTime<Utc> },
    /// Too many wrong PINs in a row for this person: only a coordinator can clear it.
    #[error("{}", locked_words(.name, .coordinators))]
    Locked {
        name: String,
        /// The other active coordinators, who can unlock it.
        coordinators: Vec<String>,
    },
    /// A recruiter's PIN, where only a coordinator's will do.
    #[error("That PIN is a recruiter's. Only a coordinator can do this.")]
    NotCoordinator,
    /// The chosen member of staff is not (or no longer) active.
    #[error("That member of staff is no longer active. Choose your name again.")]
    NotActive,
}

/// What a check answers: the member of staff whose PIN it was, or why not. The outer error is
/// the database failing, in which case the PIN is refused too.
pub type PinCheck = Result<Staff, PinRefusal>;

/// "Sam Lead's PIN is locked ... " with who can unlock it and how.
fn locked_words(name: &str, coordinators: &[String]) -> String {
    let command = format!("fairfloor staff unlock --name \"{name}\" --by \"COORDINATOR NAME\"");
    let who = match coordinators {
        [] => format!(
            "There is no other coordinator: add one with fairfloor staff add --role coordinator, who then runs: {command}"
        ),
        [one] => format!("Ask {one} (coordinator) to unlock it: {command}"),
        many => format!(
            "Ask a coordinator ({}) to unlock it: {command}",
            many.join(", ")
        ),
    };
    format!(
        "{name}'s PIN is locked after {} wrong PINs in a row. {who}",
        PinPolicy::PERSON.lock_after.unwrap_or_default()
    )
}

/// A wait in words: "30 seconds", "2 minutes" (minutes rounded up).
pub fn wait_words(seconds: i64) -> String {
    let seconds = seconds.max(1);
    if seconds < 60 {
        let s = if seconds == 1 { "" } else { "s" };
        format!("{seconds} second{s}")
    } else {
        let minutes = (seconds + 59) / 60;
        let s = if minutes == 1 { "" } else { "s" };
        format!("{minutes} minute{s}")
    }
}

/// Whole seconds from `now` until `until`, rounded up; `None` once it has passed.
pub fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> Option<i64> {
    let ms = (until - now).num_milliseconds();
    (ms > 0).then(|| (ms + 999) / 1000)
}

/// Checks `pin` at `door`, counting, pausing, locking and auditing as described above; logs
/// who got in, or why not (ids only, never a PIN).
pub fn check(
    store: &mut Store,
    door: Door<'_>,
    pin: &str,
    at: DateTime<Utc>,
) -> Result<PinCheck, StoreError> {
    let (door_name, named) = match door {
        Door::SignIn { staff_id } => ("sign in", Some(staff_id)),
        Door::Kiosk => ("kiosk", None),
        Door::Coordinator { staff_id } => ("coordinator", Some(staff_id)),
    };
    let checked = logged!(debug, "pin check", counted_check(store, door, pin, at))?;
    match &checked {
        Ok(person) => tracing::info!(door = door_name, staff = %person.id, "pin accepted"),
        Err(refusal) => tracing::warn!(
            door = door_name,
            staff = named,
            refusal = %crate::service::log::kind(refusal),
            "pin refused"
        ),
    }
    Ok(checked)
}

fn counted_check(
    store: &mut Store,
    door: Door<'_>,
    pin: &str,
    at: DateTime<Utc>,
) -> Result<PinCheck, StoreError> {
    let mut staff = store.staff_with_pins()?;
    let named = match door {
        Door::SignIn { staff_id } | Door::Coordinator { staff_id } => {
            match staff.iter().find(|(s, _)| s.id == staff_id) {
                Some(found) => Some(found.clone()),
                None => return Ok(Err(PinRefusal::NotActive)),
            }
        }
        Door::Kiosk => None,
    };
    if let (Door::Coordinator { .. }, Some((person, _))) = (door, &named)
        && person.role != StaffRole::Coordinator
    {
        // Roles are no secret, so this needs no PIN check and costs no try.
        return Ok(Err(PinRefusal::NotCoordinator));
    }
    // A locked person is told which (other) coordinators can unlock them.
    let coordinators: Vec<Staff> = staff
        .iter()
        .filter(|(s, _)| s.role == StaffRole::Coordinator)
        .map(|(s, _)| s.clone())
        .collect();
    let locked = |person: &Staff| PinRefusal::Locked {
        name: person.name.clone(),
        coordinators: coordinators
            .iter()
            .filter(|c| c.id != person.id)
            .map(|c| c.name.clone())
            .collect(),
    };

    let begun =
        store.begin_pin_attempt(named.as_ref().map(|(s, _)| s.id.as_str()), at, |before| {
            if let (Some((person, _)), Some(failures)) = (&named, &before.person)
                && failures.locked_at.is_some()
            {
                return Some(locked(person));
            }
            paused_until(before, at).map(|until| PinRefusal::Paused { until })
        })?;
    let after = match begun {
        Ok(after) => after,
        Err(refusal) => return Ok(Err(refusal)),
    };

    let matched = match &named {
        Some((person, hash)) => verify_pin(pin, hash).then(|| person.clone()),
        None => {
            // Coordinators first: they are the ones who close the kiosk.
            staff.sort_by_key(|(s, _)| s.role != StaffRole::Coordinator);
            staff
                .into_iter()
                .find(|(_, hash)| verify_pin(pin, hash))
                .map(|(s, _)| s)
        }
    };

    let device_id = store.device_id().to_string();
    match (door, matched) {
        (Door::Kiosk, Some(person)) => {
            // No name is typed at the kiosk, so a lock is only known once the PIN has matched: a
            // locked coordinator's PIN stays locked here too (and does not clear the lock).
            let locked_out = store.staff_pin_failures(&person.id)?.locked_at.is_some();
            let (reason, refusal) = if person.role != StaffRole::Coordinator {
                ("not_coordinator", PinRefusal::NotCoordinator)
            } else if locked_out {
                ("locked", locked(&person))
            } else {
                return accept(store, door, person, at);
            };
            let actor = Actor::staff(&person.id, at);
            store.pin_refused(
                PinAudit {
                    actor: &actor,
                    action: "kiosk.unlock_refused",
                    entity: "staff",
                    entity_id: &person.id,
                    detail: json!({ "reason": reason, "laptop_failures": after.laptop.count }),
                },
                None,
            )?;
            Ok(Err(refusal))
        }
        (_, Some(person)) => accept(store, door, person, at),
        (Door::Kiosk, None) => {
            let actor = Actor::new("kiosk", at);
            store.pin_refused(
                PinAudit {
                    actor: &actor,
                    action: "kiosk.unlock_failed",
                    entity: "device",
                    entity_id: &device_id,
                    detail: json!({ "laptop_failures": after.laptop.count }),
                },
                None,
            )?;
            Ok(Err(wrong(&after, at)))
        }
        (Door::SignIn { staff_id } | Door::Coordinator { staff_id }, None) => {
            let person_failures = after.person.as_ref().map_or(0, |p| p.count);
            let lock = PinPolicy::PERSON.locks_at(person_failures);
            let action = match door {
                Door::Coordinator { .. } => "staff.pin_confirm_failed",
                _ => "staff.sign_in_failed",
            };
            let actor = Actor::staff(staff_id, at);
            store.pin_refused(
                PinAudit {
                    actor: &actor,
                    action,
                    entity: "staff",
                    entity_id: staff_id,
                    detail: json!({
                        "failures": person_failures,
                        "laptop_failures": after.laptop.count,
                    }),
                },
                lock.then_some(staff_id),
            )?;
            match (lock, &named) {
                (true, Some((person, _))) => Ok(Err(locked(person))),
                _ => Ok(Err(wrong(&after, at))),
            }
        }
    }
}

/// The PIN was right: clears the person's and the laptop's wrong PINs, and audits it.
fn accept(
    store: &mut Store,
    door: Door<'_>,
    person: Staff,
    at: DateTime<Utc>,
) -> Result<PinCheck, StoreError> {
    let action = match door {
        Door::SignIn { .. } => "staff.sign_in",
        Door::Kiosk => "kiosk.unlock",
        Door::Coordinator { .. } => "staff.pin_confirmed",
    };
    let actor = Actor::staff(&person.id, at);
    store.pin_accepted(
        &person.id,
        PinAudit {
            actor: &actor,
            action,
            entity: "staff",
            entity_id: &person.id,
            detail: json!({}),
        },
    )?;
    Ok(Ok(person))
}

/// The later of the laptop's and the person's pauses, if either is running.
fn paused_until(failures: &Attempt, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let laptop = PinPolicy::LAPTOP.paused_until(&failures.laptop, at);
    let person = failures
        .person
        .as_ref()
        .and_then(|p| PinPolicy::PERSON.paused_until(p, at));
    laptop.max(person)
}

fn wrong(after: &Attempt, at: DateTime<Utc>) -> PinRefusal {
    let laptop_left = PinPolicy::LAPTOP.free_left(after.laptop.count);
    let free_left = after
        .person
        .as_ref()
        .map_or(laptop_left, |p: &PinFailures| {
            PinPolicy::PERSON.free_left(p.count).min(laptop_left)
        });
    PinRefusal::Wrong {
        free_left,
        paused_until: paused_until(after, at),
    }
}

#[cfg(test)]
mod tests;
