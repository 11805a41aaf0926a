//! Staff, for every shell: add a member of staff (only their PIN's hash is kept), list, disable,
//! enable, rename or give a new PIN to one, find one by name, and clear a PIN lock once a
//! coordinator has confirmed with their own PIN. Names are unique on a laptop, ignoring case.

use chrono::{DateTime, Utc};

use crate::domain::staff::{PinHashError, hash_pin};
use crate::domain::{Staff, StaffRole};
use crate::service::log::logged;
use crate::service::pin::{self, Door, PinCheck, PinRefusal};
use crate::store::staff::StaffChange;
use crate::store::{Actor, Store, StoreError};

/// A member of staff's name as it is kept (trimmed), or `None` when it is blank or holds
/// characters a terminal would act on.
pub fn valid_name(name: &str) -> Option<&str> {
    let name = name.trim();
    let unsafe_char = name
        .chars()
        .any(crate::domain::text::is_unsafe_for_terminal);
    (!name.is_empty() && !unsafe_char).then_some(name)
}

/// Why a member of staff could not be added or changed.
#[derive(Debug, thiserror::Error)]
pub enum AddStaffError {
    #[error(transparent)]
    Pin(#[from] PinHashError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Someone on this laptop (active or not) already has the name.
    #[error("someone on this laptop is already called \"{0}\"")]
    NameTaken(String),
    #[error(transparent)]
    Find(#[from] FindStaffError),
    /// The change would leave no active coordinator, and only a coordinator closes the kiosk
    /// and unlocks PINs.
    #[error("{0} is the only active coordinator")]
    LastCoordinator(String),
}

/// Adds a member of staff (`name` from [`valid_name`]); only the PIN's hash is stored.
pub fn add(
    store: &mut Store,
    name: &str,
    role: StaffRole,
    pin: &str,
    actor: &Actor,
) -> Result<Staff, AddStaffError> {
    let mut add = || {
        refuse_taken(store, name, None)?;
        let hash = hash_pin(pin)?;
        Ok(store.add_staff(name, role, &hash, actor)?)
    };
    logged!(
        info,
        "staff add",
        add(),
        |added| staff = %added.id,
        role = role.as_ref()
    )
}

/// Everyone on this laptop's staff list, active or not, by name: `(staff, active)`.
pub fn list(store: &Store) -> Result<Vec<(Staff, bool)>, StoreError> {
    logged!(debug, "staff list", store.all_staff(), |all| staff =
        all.len())
}

/// One person on this laptop's staff list as a coordinator manages it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub staff: Staff,
    /// Disabled people cannot sign in.
    pub active: bool,
    /// Too many wrong PINs locked them out until a coordinator unlocks them.
    pub locked: bool,
}

/// Everyone on this laptop's staff list, active or not, by name, with whether their PIN is locked.
pub fn members(store: &Store) -> Result<Vec<Member>, StoreError> {
    list(store)?
        .into_iter()
        .map(|(staff, active)| {
            let locked = store.staff_pin_failures(&staff.id)?.locked_at.is_some();
            Ok(Member {
                staff,
                active,
                locked,
            })
        })
        .collect()
}

/// Disables (`active: false`) or enables the member of staff called `name`. A disabled person
/// cannot sign in; the last active coordinator cannot be disabled. Answers the person and
/// whether anything changed.
pub fn set_active(
    store: &mut Store,
    name: &str,
    active: bool,
    actor: &Actor,
) -> Result<(Staff, bool), AddStaffError> {
    logged!(
        info,
        "staff set active",
        change_active(store, name, active, actor),
        |(person, changed)| staff = %person.id,
        active,
        changed = *changed
    )
}

fn change_active(
    store: &mut Store,
    name: &str,
    active: bool,
    actor: &Actor,
) -> Result<(Staff, bool), AddStaffError> {
    let (person, was_active) = find_any(store, name)?;
    if was_active == active {
        return Ok((person, false));
    }
    let coordinators = list(store)?
        .iter()
        .filter(|(s, on)| *on && s.role == StaffRole::Coordinator)
        .count();
    if !active && person.role == StaffRole::Coordinator && coordinators == 1 {
        return Err(AddStaffError::LastCoordinator(person.name));
    }
    store.change_staff(&person.id, &StaffChange::Active(active), actor)?;
    Ok((person, true))
}

/// Renames the member of staff called `name` to `new_name` (from [`valid_name`]).
pub fn rename(
    store: &mut Store,
    name: &str,
    new_name: &str,
    actor: &Actor,
) -> Result<Staff, AddStaffError> {
    let mut rename = || {
        let (person, _) = find_any(store, name)?;
        refuse_taken(store, new_name, Some(&person.id))?;
        store.change_staff(&person.id, &StaffChange::Name(new_name.to_string()), actor)?;
        Ok(Staff {
            name: new_name.to_string(),
            ..person
        })
    };
    logged!(info, "staff rename", rename(), |person| staff = %person.id)
}

/// Gives the member of staff called `name` a new PIN (only its hash is kept), and clears their
/// wrong PINs and any lock.
pub fn reset_pin(
    store: &mut Store,
    name: &str,
    pin: &str,
    actor: &Actor,
) -> Result<Staff, AddStaffError> {
    let mut reset = || {
        let (person, _) = find_any(store, name)?;
        let hash = hash_pin(pin)?;
        store.change_staff(&person.id, &StaffChange::PinHash(hash), actor)?;
        Ok(person)
    };
    logged!(info, "staff reset pin", reset(), |person| staff = %person.id)
}

/// Refuses `name` when someone else (not `except`) on this laptop already has it.
fn refuse_taken(store: &Store, name: &str, except: Option<&str>) -> Result<(), AddStaffError> {
    let taken = list(store)?
        .into_iter()
        .any(|(s, _)| same_name(&s.name, name) && Some(s.id.as_str()) != except);
    if taken {
        return Err(AddStaffError::NameTaken(name.trim().to_string()));
    }
    Ok(())
}

/// The member of staff with this name (ignoring case and spaces around it), active or not, and
/// whether they are active.
pub fn find_any(store: &Store, name: &str) -> Result<(Staff, bool), FindStaffError> {
    only_one_named(list(store)?, name, |(staff, _)| &staff.name)
}

/// Whether two names are the same name: case and spaces around them do not count.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The one of `people` called `name`; none, or more than one, is an error.
fn only_one_named<T>(
    people: Vec<T>,
    name: &str,
    name_of: impl Fn(&T) -> &str,
) -> Result<T, FindStaffError> {
    let mut found: Vec<T> = people
        .into_iter()
        .filter(|person| same_name(name_of(person), name))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(FindStaffError::NotFound),
        n => Err(FindStaffError::Ambiguous(n)),
    }
}

/// Why no one member of staff has a name.
#[derive(Debug, thiserror::Error)]
pub enum FindStaffError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no active member of staff has that name")]
    NotFound,
    /// More than one active member of staff has it.
    #[error("{0} members of staff have that name")]
    Ambiguous(usize),
}

/// The active member of staff with this name (ignoring case and spaces around it).
pub fn find(store: &Store, name: &str) -> Result<Staff, FindStaffError> {
    only_one_named(crate::service::floor::active_staff(store)?, name, |staff| {
        &staff.name
    })
}

/// Whether anyone can close the kiosk: only a coordinator's PIN does.
pub fn has_coordinator(store: &Store) -> Result<bool, StoreError> {
    Ok(crate::service::floor::active_staff(store)?
        .iter()
        .any(|staff| staff.role == StaffRole::Coordinator))
}

/// Clears `target`'s PIN lock and wrong PINs once `coordinator`'s `pin` passes the one PIN check
/// (counted like any other). `Ok(Ok(was_locked))` when cleared; `Ok(Err(_))` when the PIN was
/// refused, and then nothing changed.
pub fn unlock(
    store: &mut Store,
    target: &Staff,
    coordinator: &Staff,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<Result<bool, PinRefusal>, StoreError> {
    let door = Door::Coordinator {
        staff_id: &coordinator.id,
    };
    let checked: PinCheck = pin::check(store, door, pin, now)?;
    if let Err(refusal) = checked {
        return Ok(Err(refusal));
    }
    let actor = Actor::staff(&coordinator.id, now);
    let was_locked = logged!(
        info,
        "staff unlock",
        store.unlock_staff_pin(&target.id, &actor),
        |was_locked| staff = %target.id,
        by = %coordinator.id,
        was_locked = *was_locked
    )?;
    Ok(Ok(was_locked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_time;

    #[test]
    fn a_disabled_person_cannot_sign_in_until_enabled_and_a_new_pin_replaces_the_old() {
        let (_dir, mut store, _event) = crate::store::test_store();
        let actor = Actor::new("test", test_time());
        let sam = add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821", &actor).unwrap();
        let sign_in = |store: &mut Store, pin: &str| {
            let door = Door::SignIn { staff_id: &sam.id };
            pin::check(store, door, pin, test_time()).unwrap()
        };
        assert!(
            set_active(&mut store, " sam lead ", false, &actor)
                .unwrap()
                .1
        );
        assert_eq!(sign_in(&mut store, "4821"), Err(PinRefusal::NotActive));
        set_active(&mut store, "Sam Lead", true, &actor).unwrap();
        assert_eq!(sign_in(&mut store, "4821").unwrap().id, sam.id);
        reset_pin(&mut store, "Sam Lead", "9876", &actor).unwrap();
        assert!(matches!(
            sign_in(&mut store, "4821"),
            Err(PinRefusal::Wrong { .. })
        ));
        assert_eq!(sign_in(&mut store, "9876").unwrap().id, sam.id);
    }

    #[test]
    fn names_are_unique_ignoring_case_and_the_last_coordinator_stays() {
        let (_dir, mut store, _event) = crate::store::test_store();
        let actor = Actor::new("test", test_time());
        add(
            &mut store,
            "Priya Shah",
            StaffRole::Coordinator,
            "5678",
            &actor,
        )
        .unwrap();
        add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821", &actor).unwrap();
        let taken = add(&mut store, "sam lead", StaffRole::Recruiter, "1234", &actor);
        assert!(
            matches!(taken, Err(AddStaffError::NameTaken(_))),
            "{taken:?}"
        );
        let taken = rename(&mut store, "Sam Lead", "PRIYA SHAH", &actor);
        assert!(
            matches!(taken, Err(AddStaffError::NameTaken(_))),
            "{taken:?}"
        );
        // Renaming to the same name in another case is not a clash with oneself.
        rename(&mut store, "Sam Lead", "Sam LEAD", &actor).unwrap();
        let last = set_active(&mut store, "Priya Shah", false, &actor);
        assert!(
            matches!(last, Err(AddStaffError::LastCoordinator(_))),
            "{last:?}"
        );
        assert_eq!(
            list(&store)
                .unwrap()
                .into_iter()
                .map(|(s, active)| (s.name, active))
                .collect::<Vec<_>>(),
            [
                ("Priya Shah".to_string(), true),
                ("Sam LEAD".to_string(), true)
            ]
        );
    }
}
