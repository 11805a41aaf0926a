use chrono::Duration;

use super::*;
use crate::domain::staff::hash_pin;
use crate::store::{test_store, test_time};

fn add(store: &mut Store, name: &str, role: StaffRole, pin: &str) -> Staff {
    store
        .add_staff(
            name,
            role,
            &hash_pin(pin).unwrap(),
            &Actor::new("cli", test_time()),
        )
        .unwrap()
}

fn at(seconds: i64) -> DateTime<Utc> {
    test_time() + Duration::seconds(seconds)
}

fn actions(store: &Store) -> Vec<String> {
    store
        .connection()
        .prepare("SELECT action FROM audit_log WHERE action LIKE 'staff.%' OR action LIKE 'kiosk.%' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_right_pin_signs_in_and_a_wrong_one_says_how_many_are_left() {
    let (_dir, mut store, _) = test_store();
    let sam = add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821");
    let door = Door::SignIn { staff_id: &sam.id };
    assert_eq!(
        check(&mut store, door, "1111", at(0)).unwrap(),
        Err(PinRefusal::Wrong {
            free_left: 2,
            paused_until: None
        })
    );
    assert_eq!(
        check(&mut store, door, "4821", at(1)).unwrap(),
        Ok(sam.clone())
    );
    // The right PIN forgot the wrong one, for the person and for the laptop.
    assert_eq!(store.staff_pin_failures(&sam.id).unwrap().count, 0);
    assert_eq!(store.laptop_pin_failures().unwrap().count, 0);
    assert_eq!(
        actions(&store),
        ["staff.add", "staff.sign_in_failed", "staff.sign_in"]
    );
    let details: Vec<String> = store
        .connection()
        .prepare("SELECT actor || detail FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        details
            .iter()
            .all(|d| !d.contains("1111") && !d.contains("4821")),
        "no PIN in the audit log: {details:?}"
    );
}

#[test]
fn wrong_pins_pause_sign_in_and_the_pause_survives_reopening_the_file() {
    let (dir, mut store, _) = test_store();
    let sam = add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821");
    let door = Door::SignIn { staff_id: &sam.id };
    for i in 0..3 {
        assert!(matches!(
            check(&mut store, door, "0000", at(i)).unwrap(),
            Err(PinRefusal::Wrong {
                paused_until: None,
                ..
            })
        ));
    }
    assert_eq!(
        check(&mut store, door, "0000", at(3)).unwrap(),
        Err(PinRefusal::Wrong {
            free_left: 0,
            paused_until: Some(at(33))
        })
    );
    // Closing the program (here: the store) and opening again changes nothing.
    drop(store);
    let mut store = Store::open(&dir.path().join("test.db")).unwrap();
    assert_eq!(store.staff_pin_failures(&sam.id).unwrap().count, 4);
    // While paused even the right PIN is not checked, and the try is not counted.
    assert_eq!(
        check(&mut store, door, "4821", at(10)).unwrap(),
        Err(PinRefusal::Paused { until: at(33) })
    );
    assert_eq!(store.staff_pin_failures(&sam.id).unwrap().count, 4);
    // Another wrong PIN after the pause doubles it.
    assert_eq!(
        check(&mut store, door, "0000", at(40)).unwrap(),
        Err(PinRefusal::Wrong {
            free_left: 0,
            paused_until: Some(at(100))
        })
    );
    assert_eq!(check(&mut store, door, "4821", at(100)).unwrap(), Ok(sam));
}

#[test]
fn guessing_across_names_pauses_the_whole_laptop() {
    let (_dir, mut store, _) = test_store();
    let people: Vec<Staff> = ["Ana", "Ben", "Cai", "Dee", "Eve", "Fin"]
        .iter()
        .map(|name| add(&mut store, name, StaffRole::Recruiter, "4821"))
        .collect();
    for (i, person) in people.iter().take(5).enumerate() {
        let refused = check(
            &mut store,
            Door::SignIn {
                staff_id: &person.id,
            },
            "1111",
            at(i as i64),
        );
        assert!(matches!(
            refused.unwrap(),
            Err(PinRefusal::Wrong {
                paused_until: None,
                ..
            })
        ));
    }
    // One wrong PIN each, but six on this laptop: a pause for everyone.
    let sixth = Door::SignIn {
        staff_id: &people[5].id,
    };
    assert_eq!(
        check(&mut store, sixth, "1111", at(5)).unwrap(),
        Err(PinRefusal::Wrong {
            free_left: 0,
            paused_until: Some(at(35))
        })
    );
    assert_eq!(
        check(
            &mut store,
            Door::SignIn {
                staff_id: &people[0].id
            },
            "4821",
            at(6)
        )
        .unwrap(),
        Err(PinRefusal::Paused { until: at(35) })
    );
}

#[test]
fn ten_wrong_pins_lock_until_a_coordinator_unlocks() {
    let (_dir, mut store, _) = test_store();
    let sam = add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821");
    let priya = add(&mut store, "Priya Shah", StaffRole::Coordinator, "5678");
    let door = Door::SignIn { staff_id: &sam.id };
    let mut now = at(0);
    let mut last = None;
    for _ in 0..10 {
        let answer = check(&mut store, door, "0000", now).unwrap();
        if let Err(PinRefusal::Wrong {
            paused_until: Some(until),
            ..
        }) = &answer
        {
            now = *until;
        }
        now += Duration::seconds(1);
        last = Some(answer);
    }
    let locked = PinRefusal::Locked {
        name: "Sam Lead".into(),
        coordinators: vec!["Priya Shah".into()],
    };
    assert_eq!(last, Some(Err(locked.clone())));
    let words = locked.to_string();
    assert!(words.contains("locked after 10 wrong PINs"), "{words}");
    assert!(words.contains("Ask Priya Shah (coordinator)"), "{words}");
    assert!(
        words.contains("fairfloor staff unlock --name \"Sam Lead\""),
        "{words}"
    );
    // A day later it is still locked, and the right PIN is not even checked.
    let tomorrow = now + Duration::days(1);
    assert_eq!(
        check(&mut store, door, "4821", tomorrow).unwrap(),
        Err(locked)
    );
    assert!(actions(&store).contains(&"staff.pin_locked".to_string()));

    // The coordinator confirms with their PIN, then clears it; Sam can sign in again.
    let confirm = Door::Coordinator {
        staff_id: &priya.id,
    };
    assert_eq!(
        check(&mut store, confirm, "5678", tomorrow).unwrap(),
        Ok(priya.clone())
    );
    assert!(
        store
            .unlock_staff_pin(&sam.id, &Actor::staff(&priya.id, tomorrow))
            .unwrap()
    );
    assert_eq!(
        check(&mut store, door, "4821", tomorrow).unwrap(),
        Ok(sam.clone())
    );
    let unlocked_by: String = store
        .connection()
        .query_row(
            "SELECT actor FROM audit_log WHERE action = 'staff.pin_unlocked' AND entity_id = ?1",
            [&sam.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unlocked_by, format!("staff:{}", priya.id));
    // A recruiter cannot confirm a coordinator's command, whatever their PIN.
    assert_eq!(
        check(
            &mut store,
            Door::Coordinator { staff_id: &sam.id },
            "4821",
            tomorrow
        )
        .unwrap(),
        Err(PinRefusal::NotCoordinator)
    );
}

#[test]
fn only_a_coordinator_pin_unlocks_the_kiosk() {
    let (_dir, mut store, _) = test_store();
    let sam = add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821");
    let priya = add(&mut store, "Priya Shah", StaffRole::Coordinator, "5678");
    assert_eq!(
        check(&mut store, Door::Kiosk, "4821", at(0)).unwrap(),
        Err(PinRefusal::NotCoordinator)
    );
    assert!(matches!(
        check(&mut store, Door::Kiosk, "1111", at(1)).unwrap(),
        Err(PinRefusal::Wrong {
            free_left: 3,
            paused_until: None
        })
    ));
    // Both count as tries on this laptop.
    assert_eq!(store.laptop_pin_failures().unwrap().count, 2);
    assert_eq!(
        check(&mut store, Door::Kiosk, "5678", at(2)).unwrap(),
        Ok(priya.clone())
    );
    assert_eq!(store.laptop_pin_failures().unwrap().count, 0);
    assert_eq!(
        actions(&store)[2..],
        [
            "kiosk.unlock_refused",
            "kiosk.unlock_failed",
            "kiosk.unlock"
        ]
    );
    let refused_actor: String = store
        .connection()
        .query_row(
            "SELECT actor FROM audit_log WHERE action = 'kiosk.unlock_refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused_actor, format!("staff:{}", sam.id));
}

#[test]
fn a_locked_coordinator_cannot_open_the_kiosk_either() {
    let (_dir, mut store, _) = test_store();
    let priya = add(&mut store, "Priya Shah", StaffRole::Coordinator, "5678");
    add(&mut store, "Ola Ade", StaffRole::Coordinator, "2468");
    store
        .connection()
        .execute(
            "INSERT INTO pin_failures (scope, subject_id, failures, last_failure_at, locked_at)
             VALUES ('staff', ?1, 10, '2026-03-29T09:00:00.000Z', '2026-03-29T09:00:00.000Z')",
            [&priya.id],
        )
        .unwrap();
    assert_eq!(
        check(&mut store, Door::Kiosk, "5678", at(0)).unwrap(),
        Err(PinRefusal::Locked {
            name: "Priya Shah".into(),
            coordinators: vec!["Ola Ade".into()],
        })
    );
    assert!(
        store
            .staff_pin_failures(&priya.id)
            .unwrap()
            .locked_at
            .is_some()
    );
}

#[test]
fn the_kiosk_pauses_after_wrong_pins_even_across_a_restart() {
    let (dir, mut store, _) = test_store();
    add(&mut store, "Priya Shah", StaffRole::Coordinator, "5678");
    for i in 0..6 {
        check(&mut store, Door::Kiosk, "0000", at(i))
            .unwrap()
            .unwrap_err();
    }
    drop(store);
    let mut store = Store::open(&dir.path().join("test.db")).unwrap();
    assert_eq!(
        check(&mut store, Door::Kiosk, "5678", at(6)).unwrap(),
        Err(PinRefusal::Paused { until: at(35) })
    );
}

#[test]
fn waits_are_said_in_seconds_then_minutes() {
    assert_eq!(wait_words(1), "1 second");
    assert_eq!(wait_words(30), "30 seconds");
    assert_eq!(wait_words(60), "1 minute");
    assert_eq!(wait_words(61), "2 minutes");
    assert_eq!(wait_words(900), "15 minutes");
    assert_eq!(seconds_until(at(30), at(0)), Some(30));
    assert_eq!(seconds_until(at(0), at(0)), None);
}
