//! The `fairfloor demo` generator end to end: the same seed gives the same people, interviews and
//! decisions, and what it writes looks like a real fair day.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveTime, Utc};

use super::*;
use crate::domain::Status;
use crate::domain::screening::AnswerKind;
use crate::domain::staff::verify_pin;
use crate::screening::{EligibilityOutcome, ScriptLibrary};
use crate::store::{test_store, test_time};

fn content() -> Content {
    Content::load().unwrap()
}

fn add(store: &mut Store, event: &Event, candidates: usize, seed: u64) -> usize {
    add_candidates(store, event, &content(), &DemoOptions { candidates, seed }).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_people_at_the_same_times() {
    let lists: Vec<Vec<_>> = (0..2)
        .map(|_| {
            let (_dir, mut store, event) = test_store();
            assert_eq!(add(&mut store, &event, 50, 7), 50);
            store
                .candidates(&event)
                .unwrap()
                .into_iter()
                .map(|r| (r.given_name, r.family_name, r.email, r.registered_at))
                .collect()
        })
        .collect();
    assert_eq!(lists[0].len(), 50);
    assert_eq!(lists[0], lists[1]);
    let (_dir, mut store, event) = test_store();
    add(&mut store, &event, 50, 8);
    let other: Vec<_> = store
        .candidates(&event)
        .unwrap()
        .into_iter()
        .map(|r| (r.given_name, r.family_name, r.email, r.registered_at))
        .collect();
    assert_ne!(lists[0], other, "another seed gives other people");
}

#[test]
fn a_thousand_candidates_register_during_the_event_day_in_arrival_order() {
    let (_dir, mut store, event) = test_store();
    assert_eq!(add(&mut store, &event, 1000, 1), 1000);
    let queue = store.candidates(&event).unwrap();
    assert_eq!(queue.len(), 1000);
    let opening = local_time(&event, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
    let closing = local_time(&event, NaiveTime::from_hms_opt(16, 30, 0).unwrap());
    for row in &queue {
        let local = row.registered_at.with_timezone(&event.timezone);
        assert_eq!(local.date_naive(), event.date, "{row:?}");
        assert!((opening..closing).contains(&row.registered_at), "{row:?}");
    }
    // Tickets follow arrival: sorted by ticket number, the times never go backwards.
    let mut by_ticket: Vec<_> = queue
        .iter()
        .map(|r| {
            let number: u32 = r.ticket[2..].parse().unwrap();
            (number, r.registered_at)
        })
        .collect();
    by_ticket.sort();
    assert!(by_ticket.windows(2).all(|w| w[0].1 <= w[1].1));
    let booked = queue.iter().filter(|r| r.status == Status::Booked).count();
    assert!((50..150).contains(&booked), "about 10% booked: {booked}");
    let waiting = queue.iter().filter(|r| r.status == Status::Waiting).count();
    assert_eq!(waiting + booked, 1000);
    let adjustments = queue.iter().filter(|r| r.has_adjustments).count();
    assert!((70..180).contains(&adjustments), "about 12%: {adjustments}");
    let answered: i64 = store
        .connection()
        .query_row(
            "SELECT count(DISTINCT candidate_id) FROM equality_monitoring",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!((620..780).contains(&answered), "about 70%: {answered}");
}

#[test]
fn running_twice_on_one_event_never_repeats_an_email_or_phone() {
    let (_dir, mut store, event) = test_store();
    add(&mut store, &event, 300, 1);
    add(&mut store, &event, 300, 1);
    let queue = store.candidates(&event).unwrap();
    assert_eq!(queue.len(), 600);
    let emails: HashSet<_> = queue.iter().map(|r| r.email.clone().unwrap()).collect();
    let phones: HashSet<_> = queue.iter().map(|r| r.phone.clone().unwrap()).collect();
    assert_eq!((emails.len(), phones.len()), (600, 600));
    assert!(queue.iter().all(|r| !r.possible_duplicate));
}

fn demo(store: &mut Store, event: &Event, candidates: usize, seed: u64) -> DemoSummary {
    add_demo(store, event, &content(), &DemoOptions { candidates, seed }).unwrap()
}

/// Every completed screening: ticket, interviewer, recommendation, decision, total, times.
pub(super) fn decisions(
    store: &Store,
) -> Vec<(String, String, String, String, i64, String, String)> {
    store
        .connection()
        .prepare(
            "SELECT c.ticket, st.name, s.recommendation, s.decision, s.total, s.started_at,
                    s.completed_at
             FROM screenings s JOIN candidates c ON c.id = s.candidate_id
             JOIN staff st ON st.id = s.staff_id
             WHERE s.status = 'completed' ORDER BY c.ticket_number",
        )
        .unwrap()
        .query_map([], |r| r.try_into())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_same_seed_gives_the_same_interviews_and_decisions() {
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (_dir, mut store, event) = test_store();
            let summary = demo(&mut store, &event, 300, 7);
            (summary, decisions(&store))
        })
        .collect();
    assert!(runs[0].0.screened > 150, "{:?}", runs[0].0);
    assert_eq!(runs[0].1.len(), runs[0].0.screened);
    assert_eq!(runs[0], runs[1]);
    let (_dir, mut store, event) = test_store();
    demo(&mut store, &event, 300, 8);
    assert_ne!(
        runs[0].1,
        decisions(&store),
        "another seed, other interviews"
    );
}

#[test]
fn a_demo_day_interviews_most_waiting_people_with_plausible_decisions() {
    let content = content();
    let (_dir, mut store, event) = test_store();
    let summary = demo(&mut store, &event, 2000, 3);
    assert_eq!(summary.candidates, 2000);
    let conn = store.connection();
    let count = |sql: &str| -> usize {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap()
            .try_into()
            .unwrap()
    };
    let waiting = count("SELECT count(*) FROM candidates WHERE status = 'waiting'");
    let screened = count("SELECT count(*) FROM screenings WHERE status = 'completed'");
    assert_eq!(screened, summary.screened);
    assert_eq!(count("SELECT count(*) FROM screenings"), screened);
    let share = screened * 100 / waiting;
    assert!(
        (60..=80).contains(&share),
        "{screened} of {waiting} waiting"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM screenings s JOIN candidates c ON c.id = s.candidate_id
             WHERE c.status <> 'waiting'"
        ),
        0,
        "nobody booked is interviewed"
    );
    let decided = |d: &str| {
        count(&format!(
            "SELECT count(*) FROM screenings WHERE decision = '{d}'"
        ))
    };
    let offers = decided("offer");
    assert_eq!(offers, summary.offers);
    let offer_share = offers * 100 / screened;
    assert!(
        (70..=90).contains(&offer_share),
        "{offers} offers of {screened}"
    );
    assert!(decided("second_opinion") * 100 / screened >= 2);
    assert!(decided("not_progressing") * 100 / screened >= 4);

    // Overrides: a small share, every one with a reason and audited as such.
    let overridden = count("SELECT count(*) FROM screenings WHERE decision <> recommendation");
    assert!(
        (1..=screened * 6 / 100).contains(&overridden),
        "{overridden}"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM screenings WHERE decision <> recommendation
             AND (override_reason IS NULL OR trim(override_reason) = '')"
        ),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM audit_log WHERE action = 'screening.decide_override'"),
        overridden
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM screenings WHERE decision = recommendation AND override_reason IS NOT NULL"
        ),
        0
    );
    // Not progressing: feedback and one or two signposts from the list; nobody else gets them.
    let signposts: HashSet<_> = content.signposts.iter().map(|s| s.id.clone()).collect();
    let mut stmt = conn
        .prepare("SELECT decision, feedback, signposts FROM screenings")
        .unwrap();
    let rows = stmt.query_map([], |r| r.try_into()).unwrap();
    for row in rows {
        let (decision, feedback, chosen): (String, String, String) = row.unwrap();
        let chosen: Vec<String> = serde_json::from_str(&chosen).unwrap();
        if decision == "not_progressing" {
            assert!(!feedback.is_empty());
            assert!((1..=2).contains(&chosen.len()), "{chosen:?}");
            assert!(chosen.iter().all(|id| signposts.contains(id)), "{chosen:?}");
        } else {
            assert!(feedback.is_empty() && chosen.is_empty(), "{decision}");
        }
    }

    // Every answer to every question of the script the interview used, and nothing else;
    // eligibility answered with an answer id, values with a score of 1 to 4.
    let library = ScriptLibrary::built_in(&content.roles);
    let mut stmt = conn
        .prepare(
            "SELECT s.id, s.script_id, s.script_version, s.script_hash, c.roles,
                    c.right_to_work, s.total, s.max_total
             FROM screenings s JOIN candidates c ON c.id = s.candidate_id",
        )
        .unwrap();
    struct Row {
        id: String,
        script: (String, u32, String),
        roles: String,
        right_to_work: String,
        total: u32,
        max_total: u32,
    }
    let screenings: Vec<Row> = stmt
        .query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                script: (r.get(1)?, r.get(2)?, r.get(3)?),
                roles: r.get(4)?,
                right_to_work: r.get(5)?,
                total: r.get(6)?,
                max_total: r.get(7)?,
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut scores = [0usize; 5];
    for row in &screenings {
        let roles: Vec<String> = serde_json::from_str(&row.roles).unwrap();
        let loaded = library.default_for(&roles).unwrap();
        assert_eq!(
            (
                loaded.script.id.clone(),
                loaded.script.version,
                loaded.hash.clone()
            ),
            row.script
        );
        let screening = store.screening(&row.id).unwrap();
        let asked: Vec<&str> = loaded
            .script
            .eligibility
            .iter()
            .map(|q| q.id.as_str())
            .chain(loaded.script.questions.iter().map(|q| q.id.as_str()))
            .collect();
        let answered: Vec<&str> = screening
            .answers
            .iter()
            .map(|a| a.question_id.as_str())
            .collect();
        assert_eq!(answered, asked, "answers in the order asked");
        let mut sum = 0;
        for answer in &screening.answers {
            match answer.kind {
                AnswerKind::Eligibility => assert!(answer.answer.is_some()),
                AnswerKind::Values => {
                    let score = answer.score.unwrap();
                    scores[usize::from(score)] += 1;
                    sum += u32::from(score);
                }
            }
        }
        assert_eq!(
            (sum, row.max_total),
            (row.total, 4 * loaded.script.questions.len() as u32)
        );
        // Right to work as registered: yes is yes, not sure needs a check, no rules out.
        let given = screening
            .answers
            .iter()
            .find(|a| a.question_id == "right_to_work")
            .and_then(|a| a.answer.clone())
            .unwrap();
        let outcome = loaded.script.eligibility[0]
            .answers
            .iter()
            .find(|a| a.id == given)
            .unwrap()
            .outcome;
        let right_to_work = &row.right_to_work;
        let expected = match right_to_work.as_str() {
            "yes" => EligibilityOutcome::Eligible,
            "not_sure" => EligibilityOutcome::NeedsCheck,
            _ => EligibilityOutcome::NotEligible,
        };
        assert_eq!(outcome, expected, "{right_to_work} answered {given}");
        if right_to_work == "yes" {
            assert_eq!(given, "yes");
        }
    }
    // Mostly 2s to 4s, some 1s.
    let all: usize = scores.iter().sum();
    assert!(scores[1] > 0 && scores[1] * 100 / all < 10, "{scores:?}");
    assert!(
        (scores[2] + scores[3] + scores[4]) * 100 / all > 90,
        "{scores:?}"
    );

    // Times: after arriving, 15 to 25 minutes long, over by 17:00 on the event's day.
    let close = local_time(&event, NaiveTime::from_hms_opt(17, 0, 0).unwrap());
    let mut stmt = conn
        .prepare(
            "SELECT c.arrived_at, s.started_at, s.completed_at FROM screenings s
             JOIN candidates c ON c.id = s.candidate_id",
        )
        .unwrap();
    let times = stmt.query_map([], |r| r.try_into()).unwrap();
    let parse = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
    for row in times {
        let (arrived, started, completed): (String, String, String) = row.unwrap();
        let (arrived, started, completed) = (parse(&arrived), parse(&started), parse(&completed));
        assert!(arrived < started, "{arrived} {started}");
        let length = completed - started;
        assert!(
            (Duration::minutes(15)..=Duration::minutes(25)).contains(&length),
            "{length}"
        );
        assert!(completed <= close, "{completed}");
        assert_eq!(
            started.with_timezone(&event.timezone).date_naive(),
            event.date
        );
    }
    // No one is left in interview, and the queue shows the decisions.
    let queue = store.candidates(&event).unwrap();
    assert_eq!(
        queue.iter().filter(|r| r.decision.is_some()).count(),
        screened
    );
    assert!(queue.iter().all(|r| r.interviewer.is_none()));
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}

#[test]
fn every_offer_decision_gets_an_offer_with_a_link_and_nothing_else_does() {
    let (_dir, mut store, event) = crate::store::test_store();
    let summary = demo(&mut store, &event, 300, 11);
    assert!(summary.offers > 100, "{summary:?}");
    let conn = store.connection();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM offers") as usize,
        summary.offers
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM offers o WHERE NOT EXISTS (SELECT 1 FROM screenings s
               WHERE s.candidate_id = o.candidate_id AND s.decision = 'offer')"
        ),
        0,
        "only candidates decided as offers get one"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM offers WHERE onboarding_url NOT LIKE 'https://onboarding.example.nhs.uk/start/%'"
        ),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM outbox WHERE entity = 'offer'") as usize,
        summary.offers
    );
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}

#[test]
fn the_demo_credits_its_demo_recruiters_or_adds_one_and_never_real_staff() {
    let (_dir, mut store, event) = test_store();
    // As `fairfloor demo` does first: demo staff sign in only at a demo event.
    let event = store
        .make_demo_event(&event, &Actor::new("demo", test_time()))
        .unwrap();
    demo(&mut store, &event, 40, 1);
    let staff = store.staff_with_pins().unwrap();
    assert_eq!(staff.len(), 1);
    assert_eq!(staff[0].0.name, DEMO_RECRUITER);
    assert_eq!(staff[0].0.role, StaffRole::Recruiter);
    assert!(verify_pin(DEMO_RECRUITER_PIN, &staff[0].1));
    // A second run reuses them.
    demo(&mut store, &event, 40, 2);
    assert_eq!(store.staff_with_pins().unwrap().len(), 1);

    // Issue 14: real staff on the laptop are never credited with made-up interviews.
    let (_dir, mut store, event) = test_store();
    let event = store
        .make_demo_event(&event, &Actor::new("demo", test_time()))
        .unwrap();
    let actor = Actor::new("test", test_time());
    for name in ["Ola", "Sam"] {
        store
            .add_staff(name, StaffRole::Recruiter, "hash", &actor)
            .unwrap();
    }
    for name in ["Demo Ola", "Demo Sam"] {
        store
            .add_demo_staff(name, StaffRole::Recruiter, "hash", &actor)
            .unwrap();
    }
    store
        .add_demo_staff("Demo Lead", StaffRole::Coordinator, "hash", &actor)
        .unwrap();
    demo(&mut store, &event, 200, 1);
    assert_eq!(store.staff_with_pins().unwrap().len(), 5);
    let by: HashSet<String> = decisions(&store).into_iter().map(|d| d.1).collect();
    assert_eq!(
        by,
        HashSet::from(["Demo Ola".to_string(), "Demo Sam".to_string()])
    );
}
