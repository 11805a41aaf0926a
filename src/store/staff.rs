//! The staff table beyond signing in: everyone, active or not, and the changes a coordinator
//! makes to one person (disable, enable, rename, a new PIN). Each change is one transaction with
//! its audit row (never a name or a PIN) and the whole staff record for the centre.

use rusqlite::params;
use serde_json::json;

use super::Store;
use super::change::{Actor, Change};
use super::error::{Result, StoreError};
use super::pins::STAFF;
use super::rows::{collect_rows, optional_row, text_enum};
use crate::domain::Staff;
use crate::records::{self, Synced};

/// One change to a member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffChange {
    /// Disabled (`false`) people cannot sign in; enabling lets them again.
    Active(bool),
    /// A new name, already checked and unique on this laptop.
    Name(String),
    /// The hash of a new PIN; the person's wrong PINs and lock are cleared with it.
    PinHash(String),
}

impl StaffChange {
    fn action(&self) -> &'static str {
        match self {
            StaffChange::Active(true) => "staff.enable",
            StaffChange::Active(false) => "staff.disable",
            StaffChange::Name(_) => "staff.rename",
            StaffChange::PinHash(_) => "staff.reset_pin",
        }
    }
}

impl Store {
    /// Everyone on this laptop's staff list, active or not, by name: `(staff, active)`.
    pub fn all_staff(&self) -> Result<Vec<(Staff, bool)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, role, active FROM staff ORDER BY name COLLATE NOCASE, id")?;
        collect_rows(&mut stmt, [], |row| {
            Ok((
                Staff {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    role: text_enum(&row.get::<_, String>(2)?)?,
                },
                row.get(3)?,
            ))
        })
    }

    /// The ids of everyone made with a demo (active or not): their PINs are in the README.
    pub fn demo_staff_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM staff WHERE demo = 1 ORDER BY id")?;
        collect_rows(&mut stmt, [], |row| Ok(row.get(0)?))
    }

    /// Makes `change` to the member of staff `staff_id`.
    pub fn change_staff(
        &mut self,
        staff_id: &str,
        change: &StaffChange,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.write()?;
        let changed = match change {
            StaffChange::Active(on) => tx.execute(
                "UPDATE staff SET active = ?1 WHERE id = ?2",
                params![on, staff_id],
            )?,
            StaffChange::Name(name) => tx.execute(
                "UPDATE staff SET name = ?1 WHERE id = ?2",
                params![name, staff_id],
            )?,
            StaffChange::PinHash(hash) => {
                tx.execute(
                    "DELETE FROM pin_failures WHERE scope = ?1 AND subject_id = ?2",
                    params![STAFF, staff_id],
                )?;
                tx.execute(
                    "UPDATE staff SET pin_hash = ?1 WHERE id = ?2",
                    params![hash, staff_id],
                )?
            }
        };
        if changed == 0 {
            return Err(StoreError::StaffNotFound(staff_id.to_string()));
        }
        // The whole record travels, as when the person was added (never the PIN's hash).
        let mut read =
            tx.prepare("SELECT name, role, active, created_at FROM staff WHERE id = ?1")?;
        let record = optional_row(&mut read, [staff_id], |row| {
            Ok(records::Staff {
                id: staff_id.to_string(),
                name: row.get(0)?,
                role: text_enum(&row.get::<_, String>(1)?)?,
                active: row.get(2)?,
                created_at: row.get(3)?,
            })
        })?;
        drop(read);
        let synced = record.as_ref().map(Synced::of).transpose()?;
        tx.record(
            actor,
            Change {
                action: change.action(),
                entity: "staff",
                entity_id: staff_id,
                detail: json!({}),
                synced,
            },
        )?;
        tx.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StaffRole;
    use crate::store::test_time;

    fn people(store: &Store) -> Vec<(String, bool)> {
        store
            .all_staff()
            .unwrap()
            .into_iter()
            .map(|(staff, active)| (staff.name, active))
            .collect()
    }

    #[test]
    fn each_change_is_kept_audited_and_queued_for_the_centre_without_the_pin() {
        let (_dir, mut store, _event) = crate::store::test_store();
        let actor = Actor::new("test", test_time());
        let sam = store
            .add_staff("Sam Lead", StaffRole::Recruiter, "old-hash", &actor)
            .unwrap();
        let outbox = store.unsynced_changes().unwrap();
        store
            .change_staff(&sam.id, &StaffChange::Active(false), &actor)
            .unwrap();
        assert!(people(&store).contains(&("Sam Lead".to_string(), false)));
        assert!(
            !store
                .staff_with_pins()
                .unwrap()
                .iter()
                .any(|(s, _)| s.id == sam.id),
            "a disabled person is not offered for sign-in"
        );
        store
            .change_staff(&sam.id, &StaffChange::Active(true), &actor)
            .unwrap();
        store
            .change_staff(&sam.id, &StaffChange::Name("Sam Leader".into()), &actor)
            .unwrap();
        store
            .change_staff(&sam.id, &StaffChange::PinHash("new-hash".into()), &actor)
            .unwrap();
        assert!(people(&store).contains(&("Sam Leader".to_string(), true)));
        let hash: String = store
            .connection()
            .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [&sam.id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(hash, "new-hash");
        assert_eq!(store.unsynced_changes().unwrap(), outbox + 4);
        let count =
            |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM outbox WHERE payload LIKE '%hash%'"),
            0
        );
        assert_eq!(
            count("SELECT count(*) FROM audit_log WHERE detail LIKE '%Sam%'"),
            0
        );
        let actions: Vec<String> = store
            .connection()
            .prepare("SELECT action FROM audit_log WHERE entity_id = ?1 ORDER BY seq")
            .unwrap()
            .query_map([&sam.id], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            actions,
            [
                "staff.add",
                "staff.disable",
                "staff.enable",
                "staff.rename",
                "staff.reset_pin"
            ]
        );
    }

    #[test]
    fn a_change_to_nobody_is_refused() {
        let (_dir, mut store, _event) = crate::store::test_store();
        let err = store
            .change_staff(
                "no-such-id",
                &StaffChange::Active(false),
                &Actor::new("test", test_time()),
            )
            .unwrap_err();
        assert!(matches!(err, StoreError::StaffNotFound(_)), "{err}");
    }
}
