//! Tests of the interview's storage: the claim, answers saved as given, the decision and its
//! override, signposts, and recording finished interviews in one go.

use super::*;
use crate::domain::screening::{AnswerKind, Recommendation};
use crate::domain::{Registration, Source, StaffRole};
use crate::store::{test_store, test_time};

fn staff(store: &mut Store, name: &str) -> Staff {
    store
        .add_staff(
            name,
            StaffRole::Recruiter,
            "hash",
            &Actor::new("test", test_time()),
        )
        .unwrap()
}

fn script() -> ScriptRef {
    ScriptRef {
        id: "hcsw-values".into(),
        version: 1,
        hash: "abc123".into(),
    }
}

fn waiting_candidate(store: &mut Store, event: &Event) -> String {
    let registration = Registration {
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        email: Some("amara@example.com".into()),
        ..Registration::default()
    };
    store
        .register(
            event,
            &registration,
            Source::Kiosk,
            &Actor::new("kiosk", test_time()),
        )
        .unwrap()
        .candidate_id
}

/// A store whose one waiting candidate is in interview with Sam.
struct Started {
    dir: tempfile::TempDir,
    store: Store,
    event: Event,
    sam: Staff,
    /// Sam, at the test's time.
    at: Actor,
    screening: Screening,
}

fn started(blind: bool) -> Started {
    let (dir, mut store, event) = test_store();
    let sam = staff(&mut store, "Sam");
    let candidate = waiting_candidate(&mut store, &event);
    let at = Actor::staff(&sam.id, test_time());
    let screening = store
        .start_screening(&event, &candidate, &sam, &script(), blind, &at)
        .unwrap();
    Started {
        dir,
        store,
        event,
        sam,
        at,
        screening,
    }
}

#[test]
fn two_recruiters_can_never_take_the_same_candidate() {
    let (_dir, mut store, event) = test_store();
    let sam = staff(&mut store, "Sam");
    let ola = staff(&mut store, "Ola");
    let candidate = waiting_candidate(&mut store, &event);
    let at = Actor::staff(&sam.id, test_time());
    let first = store
        .start_screening(&event, &candidate, &sam, &script(), false, &at)
        .unwrap();
    let err = store
        .start_screening(
            &event,
            &candidate,
            &ola,
            &script(),
            false,
            &Actor::staff(&ola.id, test_time()),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("already in interview with Sam"),
        "{err}"
    );
    // Sam asking again gets the same interview back.
    let again = store
        .start_screening(&event, &candidate, &sam, &script(), false, &at)
        .unwrap();
    assert_eq!(again.id, first.id);
}

#[test]
fn answers_are_saved_as_given_and_an_open_interview_resumes() {
    let Started {
        dir,
        mut store,
        sam,
        at,
        screening,
        ..
    } = started(true);
    let mut answer = Answer {
        question_id: "compassion".into(),
        kind: AnswerKind::Values,
        answer: None,
        score: Some(2),
        notes: "Talked about caring for her gran".into(),
    };
    store.save_answer(&screening.id, &answer, &at).unwrap();
    answer.score = Some(3);
    store.save_answer(&screening.id, &answer, &at).unwrap();
    drop(store);
    // As if the laptop died: a new process finds the interview and its one answer.
    let store = Store::open(&dir.path().join("test.db")).unwrap();
    let resumed = store
        .open_screening(&sam.id)
        .unwrap()
        .expect("open interview");
    assert_eq!(resumed.id, screening.id);
    assert!(resumed.blind);
    assert_eq!(resumed.answers, vec![answer]);
    assert_eq!(resumed.script, script());
}

#[test]
fn overriding_the_recommendation_needs_a_reason_and_is_audited() {
    let Started {
        mut store,
        sam,
        at,
        screening,
        ..
    } = started(false);
    let mut decision = Decision {
        total: 13,
        max_total: 24,
        recommendation: Recommendation::SecondOpinion,
        decision: Recommendation::Offer,
        override_reason: Some("   ".into()),
        feedback: String::new(),
        signposts: Vec::new(),
    };
    let err = store
        .finish_screening(&screening.id, &decision, &at)
        .unwrap_err();
    assert!(matches!(err, StoreError::OverrideNeedsReason), "{err}");
    decision.override_reason = Some("Strong examples from volunteering; nerves early on".into());
    store
        .finish_screening(&screening.id, &decision, &at)
        .unwrap();
    let (action, detail): (String, String) = store
        .connection()
        .query_row(
            "SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "screening.decide_override");
    // The audit log keeps a fingerprint of the reason, never the words.
    assert!(!detail.contains("volunteering"), "{detail}");
    assert!(
        detail.contains(&change::fingerprint(
            "Strong examples from volunteering; nerves early on"
        )),
        "{detail}"
    );
    assert!(store.open_screening(&sam.id).unwrap().is_none());
}

#[test]
fn signposts_are_counted() {
    let Started {
        mut store,
        event,
        at,
        screening,
        ..
    } = started(false);
    let decision = Decision {
        total: 8,
        max_total: 24,
        recommendation: Recommendation::NotProgressing,
        decision: Recommendation::NotProgressing,
        override_reason: None,
        feedback: "Give more examples from your own life".into(),
        signposts: vec!["apprenticeship".into(), "volunteering".into()],
    };
    store
        .finish_screening(&screening.id, &decision, &at)
        .unwrap();
    assert_eq!(
        store.signpost_counts(&event).unwrap(),
        vec![("apprenticeship".into(), 1), ("volunteering".into(), 1)]
    );
}

#[derive(Debug, PartialEq)]
struct Footprint {
    screening: Vec<String>,
    answers: Vec<Vec<String>>,
    changes: Vec<(String, String, String, String)>,
}

/// The rows one screening left: the screening row (ids and times aside), its answers, and
/// for each audit row in order its action, entity and the keys of its detail and of the
/// outbox payload written with it.
fn footprint(store: &Store, screening_id: &str) -> Footprint {
    let conn = store.connection();
    let screening: Vec<String> = conn
        .query_row(
            "SELECT script_id, script_version, script_hash, blind, status, total, max_total,
                    recommendation, decision, override_reason, feedback, signposts,
                    completed_at = updated_at, started_at < completed_at
             FROM screenings WHERE id = ?1",
            [screening_id],
            |r| {
                (0..14)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect()
            },
        )
        .unwrap();
    let answers: Vec<Vec<String>> = conn
        .prepare(
            "SELECT question_id, kind, answer, score, notes FROM screening_answers
             WHERE screening_id = ?1 ORDER BY answered_at, question_id",
        )
        .unwrap()
        .query_map([screening_id], |r| {
            (0..5)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect()
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let keys = |json: &str| -> String {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let mut keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys.join(",")
    };
    // Each change's audit row and outbox row share the entity, entity id and time.
    let changes = conn
        .prepare(
            "SELECT a.action, a.entity, a.detail, o.payload FROM audit_log a
             JOIN outbox o ON o.entity = a.entity AND o.entity_id = a.entity_id AND o.at = a.at
             WHERE a.entity_id = ?1
                OR a.entity_id IN (SELECT id FROM screening_answers WHERE screening_id = ?1)
             ORDER BY a.seq",
        )
        .unwrap()
        .query_map([screening_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap()
        .map(|row| {
            let (action, entity, detail, payload) = row.unwrap();
            (action, entity, keys(&detail), keys(&payload))
        })
        .collect();
    Footprint {
        screening,
        answers,
        changes,
    }
}

fn answers() -> Vec<Answer> {
    let mut answers = vec![Answer {
        question_id: "right_to_work".into(),
        kind: AnswerKind::Eligibility,
        answer: Some("yes".into()),
        score: None,
        notes: String::new(),
    }];
    answers.extend((1..=3).map(|n| Answer {
        question_id: format!("q{n}"),
        kind: AnswerKind::Values,
        answer: None,
        score: Some(n + 1),
        notes: format!("note {n}"),
    }));
    answers
}

#[test]
fn a_batch_writes_exactly_what_the_interview_screens_write() {
    let (_dir, mut store, event) = test_store();
    let sam = staff(&mut store, "Sam");
    let first = waiting_candidate(&mut store, &event);
    let second = waiting_candidate(&mut store, &event);
    let decision = Decision {
        total: 9,
        max_total: 12,
        recommendation: Recommendation::SecondOpinion,
        decision: Recommendation::Offer,
        override_reason: Some("Strong examples once settled".into()),
        feedback: String::new(),
        signposts: Vec::new(),
    };
    // One by one, as the screens do it, a minute apart.
    let at = |minutes| Actor::staff(&sam.id, test_time() + chrono::Duration::minutes(minutes));
    let interactive = store
        .start_screening(&event, &first, &sam, &script(), true, &at(10))
        .unwrap();
    for (minute, answer) in (11..).zip(answers()) {
        store
            .save_answer(&interactive.id, &answer, &at(minute))
            .unwrap();
    }
    store
        .finish_screening(&interactive.id, &decision, &at(30))
        .unwrap();
    // The same interview in a batch.
    let item = CompletedScreening {
        candidate_id: second.clone(),
        staff_id: sam.id.clone(),
        script: script(),
        blind: true,
        started_at: at(10).at,
        completed_at: at(30).at,
        answers: answers(),
        decision: decision.clone(),
    };
    assert_eq!(store.record_screenings(&event, &[item]).unwrap(), 1);
    let batch_id: String = store
        .connection()
        .query_row(
            "SELECT id FROM screenings WHERE candidate_id = ?1",
            [&second],
            |r| r.get(0),
        )
        .unwrap();
    let (expected, got) = (
        footprint(&store, &interactive.id),
        footprint(&store, &batch_id),
    );
    assert_eq!(got, expected);
    assert_eq!(expected.answers.len(), 4, "{expected:?}");
    let actions: Vec<_> = expected.changes.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        actions,
        [
            "screening.start",
            "screening.answer",
            "screening.answer",
            "screening.answer",
            "screening.answer",
            "screening.decide_override"
        ]
    );
    // Actors and times: the interviewer, from the start to the decision in order.
    let stamps: Vec<(String, String)> = store
        .connection()
        .prepare(
            "SELECT actor, at FROM audit_log WHERE entity_id = ?1
                OR entity_id IN (SELECT id FROM screening_answers WHERE screening_id = ?1)
             ORDER BY seq",
        )
        .unwrap()
        .query_map([&batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        stamps
            .iter()
            .all(|(actor, _)| *actor == format!("staff:{}", sam.id))
    );
    assert!(stamps.windows(2).all(|w| w[0].1 < w[1].1), "{stamps:?}");
    assert_eq!(stamps[0].1, rfc3339(at(10).at));
    assert_eq!(stamps[5].1, rfc3339(at(30).at));
    let read = store.screening(&batch_id).unwrap();
    assert_eq!(read.status, ScreeningStatus::Completed);
    assert_eq!(read.answers, answers());
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}

#[test]
fn a_batch_is_all_or_nothing_and_keeps_the_interview_rules() {
    let (_dir, mut store, event) = test_store();
    let sam = staff(&mut store, "Sam");
    let free = waiting_candidate(&mut store, &event);
    let taken = waiting_candidate(&mut store, &event);
    store
        .start_screening(
            &event,
            &taken,
            &sam,
            &script(),
            false,
            &Actor::staff(&sam.id, test_time()),
        )
        .unwrap();
    let item = |candidate_id: &str| CompletedScreening {
        candidate_id: candidate_id.to_string(),
        staff_id: sam.id.clone(),
        script: script(),
        blind: false,
        started_at: test_time(),
        completed_at: test_time() + chrono::Duration::minutes(20),
        answers: answers(),
        decision: Decision {
            total: 9,
            max_total: 12,
            recommendation: Recommendation::Offer,
            decision: Recommendation::Offer,
            override_reason: None,
            feedback: String::new(),
            signposts: Vec::new(),
        },
    };
    let count = |store: &Store| -> i64 {
        store
            .connection()
            .query_row("SELECT count(*) FROM screenings", [], |r| r.get(0))
            .unwrap()
    };
    let err = store
        .record_screenings(&event, &[item(&free), item(&taken)])
        .unwrap_err();
    assert!(matches!(err, StoreError::InInterview { .. }), "{err}");
    assert_eq!(count(&store), 1, "nothing from the failed batch is kept");
    let mut unexplained = item(&free);
    unexplained.decision.decision = Recommendation::NotProgressing;
    let err = store.record_screenings(&event, &[unexplained]).unwrap_err();
    assert!(matches!(err, StoreError::OverrideNeedsReason), "{err}");
    assert_eq!(store.record_screenings(&event, &[]).unwrap(), 0);
    assert_eq!(store.record_screenings(&event, &[item(&free)]).unwrap(), 1);
    assert_eq!(count(&store), 2);
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}
