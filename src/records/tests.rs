//! The wire format, pinned: each record's JSON is exactly what laptops have always sent (the
//! centre and laptops of other versions read it), and reads back into the same struct.

use serde::de::DeserializeOwned;
use serde_json::json;
use strum::IntoEnumIterator;

use super::*;
use crate::domain::screening::Recommendation;

/// `record` travels as `expected` (every field, `null`s included) and reads back as itself.
fn pinned<R: Record + DeserializeOwned + PartialEq + std::fmt::Debug>(record: R, expected: Value) {
    let synced = Synced::of(&record).unwrap();
    assert_eq!(synced.payload, expected);
    assert_eq!(synced.id, expected["id"].as_str().unwrap());
    let back: R = serde_json::from_value(synced.payload).unwrap();
    assert_eq!(back, record);
}

#[test]
fn entities_travel_under_the_names_the_centre_knows() {
    let names: Vec<&str> = Entity::iter().map(|entity| entity.into()).collect();
    assert_eq!(
        names,
        [
            "event",
            "event_settings",
            "staff",
            "candidate",
            "candidate_status",
            "equality_monitoring",
            "screening",
            "screening_answer",
            "offer",
            "document_seen",
        ]
    );
    assert_eq!(
        Synced::of(&eq_answer()).unwrap().entity.as_ref(),
        "equality_monitoring"
    );
}

fn eq_answer() -> EqualityAnswer {
    EqualityAnswer {
        id: "q1".into(),
        candidate_id: "c1".into(),
        question: "age".into(),
        answer: "prefer_not_to_say".into(),
        recorded_at: "T".into(),
    }
}

#[test]
fn events_and_their_settings() {
    pinned(
        Event {
            id: "e1".into(),
            name: "Leeds".into(),
            venue: "Arena".into(),
            event_date: "2026-03-14".into(),
            timezone: "Europe/London".into(),
        },
        json!({"id": "e1", "name": "Leeds", "venue": "Arena", "event_date": "2026-03-14",
               "timezone": "Europe/London"}),
    );
    pinned(
        EventOfferSettings {
            id: "e1".into(),
            onboarding_base_url: None,
            offer_valid_days: Some(14),
            printer: None,
        },
        json!({"id": "e1", "onboarding_base_url": null, "offer_valid_days": 14, "printer": null}),
    );
    pinned(
        EventBlindInterviews {
            id: "e1".into(),
            blind_interviews: true,
        },
        json!({"id": "e1", "blind_interviews": true}),
    );
}

#[test]
fn staff_never_with_a_pin_hash() {
    pinned(
        Staff {
            id: "s1".into(),
            name: "Priya".into(),
            role: StaffRole::Recruiter,
            active: true,
            created_at: "T".into(),
        },
        json!({"id": "s1", "name": "Priya", "role": "recruiter", "active": true,
               "created_at": "T"}),
    );
}

#[test]
fn candidates_their_status_and_equality_answers() {
    pinned(
        Candidate {
            id: "c1".into(),
            event_id: "e1".into(),
            device_id: "d1".into(),
            ticket: "A-001".into(),
            ticket_number: 1,
            given_name: "Zoe".into(),
            family_name: "Smith".into(),
            email: Some("zoe@example.org".into()),
            phone: None,
            postcode: None,
            roles: vec!["hcsw".into()],
            contract_types: vec![ContractType::FullTime],
            work_patterns: vec![WorkPattern::Days, WorkPattern::Nights],
            right_to_work: Some(RightToWork::NotSure),
            care_experience: None,
            adjustments: String::new(),
            source: Source::WalkIn,
            status: Status::Waiting,
            consent_at: None,
            privacy_version: None,
            duplicate_of: None,
            registered_at: "T".into(),
            arrived_at: Some("T".into()),
            arrival_seq: Some(7),
        },
        json!({
            "id": "c1", "event_id": "e1", "device_id": "d1", "ticket": "A-001",
            "ticket_number": 1, "given_name": "Zoe", "family_name": "Smith",
            "email": "zoe@example.org", "phone": null, "postcode": null, "roles": ["hcsw"],
            "contract_types": ["full_time"], "work_patterns": ["days", "nights"],
            "right_to_work": "not_sure", "care_experience": null, "adjustments": "",
            "source": "walk_in", "status": "waiting", "consent_at": null,
            "privacy_version": null, "duplicate_of": null, "registered_at": "T",
            "arrived_at": "T", "arrival_seq": 7,
        }),
    );
    pinned(
        CandidateContact {
            id: "c1".into(),
            email: Some("zoe@example.com".into()),
            phone: None,
            postcode: Some("no fixed address".into()),
            duplicate_of: None,
            updated_at: "T".into(),
        },
        json!({"id": "c1", "email": "zoe@example.com", "phone": null,
               "postcode": "no fixed address", "duplicate_of": null, "updated_at": "T"}),
    );
    pinned(
        CandidateMerged {
            id: "c2".into(),
            merged_into: "c1".into(),
            updated_at: "T".into(),
        },
        json!({"id": "c2", "merged_into": "c1", "updated_at": "T"}),
    );
    pinned(
        CandidateStatus {
            id: "c1".into(),
            status: Status::NoShow,
            arrived_at: None,
            arrival_seq: None,
            updated_at: "T".into(),
        },
        json!({"id": "c1", "status": "no_show", "arrived_at": null, "arrival_seq": null,
               "updated_at": "T"}),
    );
    pinned(
        eq_answer(),
        json!({"id": "q1", "candidate_id": "c1", "question": "age",
               "answer": "prefer_not_to_say", "recorded_at": "T"}),
    );
}

#[test]
fn interviews_their_answers_and_decisions() {
    pinned(
        Screening {
            id: "i1".into(),
            event_id: "e1".into(),
            candidate_id: "c1".into(),
            device_id: "d1".into(),
            staff_id: "s1".into(),
            script_id: "hcsw".into(),
            script_version: 2,
            script_hash: "abc".into(),
            blind: false,
            status: ScreeningStatus::InProgress,
            started_at: "T".into(),
            updated_at: "T".into(),
            pack_version: None,
        },
        json!({"id": "i1", "event_id": "e1", "candidate_id": "c1", "device_id": "d1",
               "staff_id": "s1", "script_id": "hcsw", "script_version": 2, "script_hash": "abc",
               "blind": false, "status": "in_progress", "started_at": "T", "updated_at": "T"}),
    );
    pinned(
        ScreeningAbandoned {
            id: "i1".into(),
            status: ScreeningStatus::Abandoned,
            updated_at: "T".into(),
        },
        json!({"id": "i1", "status": "abandoned", "updated_at": "T"}),
    );
    pinned(
        ScreeningAnswer {
            id: "a1".into(),
            screening_id: "i1".into(),
            question_id: "kindness".into(),
            kind: AnswerKind::Values,
            answer: None,
            score: Some(3),
            notes: "kind".into(),
            answered_at: "T".into(),
        },
        json!({"id": "a1", "screening_id": "i1", "question_id": "kindness", "kind": "values",
               "answer": null, "score": 3, "notes": "kind", "answered_at": "T"}),
    );
    pinned(
        ScreeningDecision {
            id: "i1".into(),
            status: ScreeningStatus::Completed,
            completed_at: "T".into(),
            decision: Decision {
                total: 14,
                max_total: 16,
                recommendation: Recommendation::Offer,
                decision: Recommendation::SecondOpinion,
                override_reason: Some("wants nights only".into()),
                feedback: String::new(),
                signposts: vec!["volunteering".into()],
            },
            updated_at: "T".into(),
        },
        json!({"id": "i1", "status": "completed", "completed_at": "T", "total": 14,
               "max_total": 16, "recommendation": "offer", "decision": "second_opinion",
               "override_reason": "wants nights only", "feedback": "",
               "signposts": ["volunteering"], "updated_at": "T"}),
    );
}

#[test]
fn offers_their_closing_and_documents_seen() {
    pinned(
        Offer {
            id: "o1".into(),
            event_id: "e1".into(),
            candidate_id: "c1".into(),
            screening_id: None,
            device_id: "d1".into(),
            staff_id: "s1".into(),
            kind: OfferKind::Offer,
            role_code: "hcsw".into(),
            site: "LGI".into(),
            contract: Contract::Permanent,
            hours: "37.5".into(),
            conditions: vec![Check::RightToWork],
            expires_on: "2026-03-28".into(),
            token: "tok".into(),
            reference: "A-001-X".into(),
            onboarding_url: "https://x/tok".into(),
            status: OfferStatus::Made,
            created_at: "T".into(),
            updated_at: "T".into(),
            pack_version: Some("trust-2027-01".into()),
        },
        json!({"id": "o1", "event_id": "e1", "candidate_id": "c1", "screening_id": null,
               "device_id": "d1", "staff_id": "s1", "kind": "offer", "role_code": "hcsw",
               "site": "LGI", "contract": "permanent", "hours": "37.5",
               "conditions": ["right_to_work"], "expires_on": "2026-03-28", "token": "tok",
               "reference": "A-001-X", "onboarding_url": "https://x/tok", "status": "made",
               "created_at": "T", "updated_at": "T", "pack_version": "trust-2027-01"}),
    );
    pinned(
        OfferClosed {
            id: "o1".into(),
            status: OfferStatus::Withdrawn,
            status_reason: "role filled".into(),
            updated_at: "T".into(),
        },
        json!({"id": "o1", "status": "withdrawn", "status_reason": "role filled",
               "updated_at": "T"}),
    );
    pinned(
        DocumentSeen {
            id: "ds1".into(),
            offer_id: "o1".into(),
            check_id: Check::RightToWork,
            document: "passport".into(),
            share_code: None,
            seen_by: "s1".into(),
            seen_at: "T".into(),
        },
        json!({"id": "ds1", "offer_id": "o1", "check_id": "right_to_work",
               "document": "passport", "share_code": null, "seen_by": "s1", "seen_at": "T"}),
    );
}
