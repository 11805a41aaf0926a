//! The demo's interviews and offers: who is interviewed and when, plausible eligibility answers,
//! scores, recommendations and the odd recruiter's override, and an offer for each interview
//! decided as one.

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::DemoSummary;
use crate::content::Content;
use crate::domain::offer::{Check, Contract, DocumentSeen, NewOffer, OfferKind};
use crate::domain::screening::{
    Answer, AnswerKind, CompletedScreening, Decision, Recommendation, ScriptRef,
};
use crate::domain::{Event, Registration, RightToWork, Source, Staff};
use crate::screening::{
    EligibilityOutcome, EligibilityQuestion, LoadedScript, ScriptLibrary, assess,
};
use crate::store::offers::OfferToMake;
use crate::store::{Actor, RegisterOutcome, Store, StoreError};

/// The share of decisions where the recruiter overrides the recommendation (with a reason).
const OVERRIDE_SHARE: f64 = 0.03;

/// The screenings come from their own stream of the seed, so adding them left the candidates
/// that a seed gives unchanged.
const SCREENING_STREAM: u64 = 1;

/// When and how many of a cohort are interviewed.
pub(super) struct Day {
    /// Every interview is over by then.
    pub(super) close: DateTime<Utc>,
    /// The longest anyone waits, after arriving, to be called for interview.
    pub(super) max_wait_minutes: i64,
    /// The share of waiting candidates interviewed (of those whose interview fits in the day).
    pub(super) share: f64,
    /// At most this many interviews.
    pub(super) limit: usize,
    pub(super) seed: u64,
}

/// Interviews some of the candidates just registered, in one transaction.
pub(super) fn screen(
    store: &mut Store,
    event: &Event,
    content: &Content,
    interviewers: &[Staff],
    people: &[(Registration, Source, DateTime<Utc>)],
    outcomes: &[RegisterOutcome],
    day: &Day,
) -> Result<DemoSummary, StoreError> {
    let library = ScriptLibrary::built_in(&content.roles);
    let blind = store.blind_interviews(event)?;
    let screenings = interviews(
        content,
        &library,
        interviewers,
        blind,
        people,
        outcomes,
        day,
    );
    let screened = store.record_screenings(event, &screenings)?;
    let offers = make_offers(store, event, content, people, outcomes, &screenings)?;
    Ok(DemoSummary {
        candidates: 0,
        screened,
        offers,
    })
}
/// The onboarding address demo offers link to when the event has none of its own.
pub const DEMO_ONBOARDING_URL: &str = "https://onboarding.example.nhs.uk/start";

/// Sites and wards demo offers are for.
const SITES: [&str; 5] = [
    "St James's, Ward 12",
    "General Infirmary, Theatres",
    "Chapel Allerton, Outpatients",
    "St James's, Maternity",
    "Seacroft, Community",
];

/// An offer for each interview decided as one, made a few minutes after it, in one transaction.
fn make_offers(
    store: &mut Store,
    event: &Event,
    content: &Content,
    people: &[(Registration, Source, DateTime<Utc>)],
    outcomes: &[RegisterOutcome],
    screenings: &[CompletedScreening],
) -> Result<usize, StoreError> {
    let settings = store.offer_settings(event)?;
    if settings.onboarding_base_url.is_none() {
        store.set_offer_settings(
            event,
            Some(DEMO_ONBOARDING_URL),
            None,
            None,
            &Actor::new("demo", Utc::now()),
        )?;
    }
    let roles: std::collections::HashMap<&str, &[String]> = outcomes
        .iter()
        .zip(people)
        .map(|(outcome, (registration, _, _))| {
            (outcome.candidate_id.as_str(), registration.roles.as_slice())
        })
        .collect();
    let expires_on = event.date + chrono::Duration::days(i64::from(settings.offer_valid_days));
    let offers: Vec<OfferToMake> = screenings
        .iter()
        .filter(|s| s.decision.decision == Recommendation::Offer)
        .enumerate()
        .filter_map(|(i, screening)| {
            let code = roles.get(screening.candidate_id.as_str())?.first()?;
            let role = content.roles.get(code)?;
            Some(OfferToMake {
                offer: NewOffer {
                    candidate_id: screening.candidate_id.clone(),
                    screening_id: None,
                    kind: OfferKind::Offer,
                    role_code: role.code.clone(),
                    site: SITES[i % SITES.len()].to_string(),
                    contract: if i % 7 == 0 {
                        Contract::Bank
                    } else {
                        Contract::Permanent
                    },
                    hours: role.hours.clone(),
                    conditions: Check::for_role(role),
                    expires_on,
                    documents_seen: if i % 2 == 0 {
                        vec![DocumentSeen {
                            check: Check::Identity,
                            document: "Passport".into(),
                            share_code: None,
                        }]
                    } else {
                        Vec::new()
                    },
                },
                staff_id: screening.staff_id.clone(),
                at: screening.completed_at + chrono::Duration::minutes(3),
            })
        })
        .collect();
    store.record_offers(event, &offers)
}

/// The finished interviews of waiting candidates, in the order they registered. Booked people
/// have not arrived, so are never interviewed.
fn interviews(
    content: &Content,
    library: &ScriptLibrary,
    interviewers: &[Staff],
    blind: bool,
    people: &[(Registration, Source, DateTime<Utc>)],
    outcomes: &[RegisterOutcome],
    day: &Day,
) -> Vec<CompletedScreening> {
    let mut rng = ChaCha8Rng::seed_from_u64(day.seed);
    rng.set_stream(SCREENING_STREAM);
    let mut screenings = Vec::new();
    for ((registration, source, arrived), outcome) in people.iter().zip(outcomes) {
        if screenings.len() >= day.limit {
            break;
        }
        if *source == Source::Import || !rng.random_bool(day.share) {
            continue;
        }
        let Some(loaded) = library.default_for(&registration.roles) else {
            continue;
        };
        let Some(staff) = interviewers.choose(&mut rng) else {
            break;
        };
        let wait = Duration::seconds(rng.random_range(120..=day.max_wait_minutes.max(2) * 60));
        let length = Duration::seconds(rng.random_range(15 * 60..=25 * 60));
        let started_at = *arrived + wait;
        let completed_at = started_at + length;
        if completed_at > day.close {
            continue;
        }
        let (answers, decision) = interview(&mut rng, content, loaded, registration.right_to_work);
        screenings.push(CompletedScreening {
            candidate_id: outcome.candidate_id.clone(),
            staff_id: staff.id.clone(),
            script: ScriptRef {
                id: loaded.script.id.clone(),
                version: loaded.script.version,
                hash: loaded.hash.clone(),
            },
            blind,
            started_at,
            completed_at,
            answers,
            decision,
        });
    }
    screenings
}

/// One interview: eligibility answers that match what the candidate said at registration,
/// plausible scores, the rules' recommendation and, now and then, a recruiter's override.
fn interview(
    rng: &mut ChaCha8Rng,
    content: &Content,
    loaded: &LoadedScript,
    right_to_work: Option<RightToWork>,
) -> (Vec<Answer>, Decision) {
    let script = &loaded.script;
    let eligibility: Vec<Option<String>> = script
        .eligibility
        .iter()
        .map(|question| eligibility_answer(rng, question, right_to_work))
        .collect();
    let ruled_out = script
        .eligibility
        .iter()
        .zip(&eligibility)
        .any(|(question, chosen)| {
            question.answers.iter().any(|a| {
                Some(&a.id) == chosen.as_ref() && a.outcome == EligibilityOutcome::NotEligible
            })
        });
    let weights = match rng.random_range(0..100) {
        0..60 => &SCORE_WEIGHTS[0],
        60..92 => &SCORE_WEIGHTS[1],
        _ => &SCORE_WEIGHTS[2],
    };
    let scores: Vec<Option<u8>> = script
        .questions
        .iter()
        .map(|_| Some(score(rng, weights)))
        .collect();
    let assessment = assess(script, &eligibility, &scores);
    // Every question is answered, so the rules always recommend; not progressing is the safe
    // reading should they ever not.
    let recommendation = assessment
        .recommendation
        .unwrap_or(Recommendation::NotProgressing);
    let (decision, override_reason) = if !ruled_out && rng.random_bool(OVERRIDE_SHARE) {
        let (decision, reason) = overridden(recommendation);
        (decision, Some(reason.to_string()))
    } else {
        (recommendation, None)
    };
    let (feedback, signposts) = if decision == Recommendation::NotProgressing {
        let feedback = if ruled_out {
            NOT_ELIGIBLE_FEEDBACK
        } else {
            FEEDBACK.choose(rng).copied().unwrap_or_default()
        };
        let count = rng.random_range(1..=2).min(content.signposts.len());
        let signposts = content
            .signposts
            .sample(rng, count)
            .map(|signpost| signpost.id.clone())
            .collect();
        (feedback.to_string(), signposts)
    } else {
        (String::new(), Vec::new())
    };
    let eligibility_answers =
        script
            .eligibility
            .iter()
            .zip(eligibility)
            .map(|(question, answer)| Answer {
                question_id: question.id.clone(),
                kind: AnswerKind::Eligibility,
                answer,
                score: None,
                notes: String::new(),
            });
    let values_answers = script
        .questions
        .iter()
        .zip(&scores)
        .map(|(question, &score)| Answer {
            question_id: question.id.clone(),
            kind: AnswerKind::Values,
            answer: None,
            score,
            notes: score
                .and_then(|s| NOTES.get(usize::from(s.saturating_sub(1))))
                .and_then(|notes| notes.choose(rng))
                .map(|note| note.to_string())
                .unwrap_or_default(),
        })
        .collect::<Vec<_>>();
    let answers = eligibility_answers.chain(values_answers).collect();
    let decision = Decision {
        total: assessment.total,
        max_total: assessment.max_total,
        recommendation,
        decision,
        override_reason,
        feedback,
        signposts,
    };
    (answers, decision)
}

/// The answer to an eligibility question. Right to work follows the registration (yes is the
/// eligible answer, not sure the one that needs a check, no the one that rules an offer out);
/// anything else is nearly always the eligible answer.
fn eligibility_answer(
    rng: &mut ChaCha8Rng,
    question: &EligibilityQuestion,
    right_to_work: Option<RightToWork>,
) -> Option<String> {
    let outcome = if question.id == "right_to_work" {
        match right_to_work {
            Some(RightToWork::Yes) | None => EligibilityOutcome::Eligible,
            Some(RightToWork::NotSure) => EligibilityOutcome::NeedsCheck,
            Some(RightToWork::No) => EligibilityOutcome::NotEligible,
        }
    } else if rng.random_bool(0.02) {
        EligibilityOutcome::NeedsCheck
    } else {
        EligibilityOutcome::Eligible
    };
    question
        .answers
        .iter()
        .find(|a| a.outcome == outcome)
        .or_else(|| {
            question
                .answers
                .iter()
                .find(|a| a.outcome == EligibilityOutcome::Eligible)
        })
        .or(question.answers.first())
        .map(|a| a.id.clone())
}

/// A score from 1 to 4, drawn with `weights` (out of 100) for 1, 2, 3 and 4.
fn score(rng: &mut ChaCha8Rng, weights: &[u32; 4]) -> u8 {
    let mut roll = rng.random_range(0..100u32);
    for (score, &weight) in (1u8..).zip(weights) {
        if roll < weight {
            return score;
        }
        roll -= weight;
    }
    4
}

/// Per-question score weights (1, 2, 3, 4) for candidates who interview strongly (60%),
/// typically (32%) and with difficulty (8%): mostly 2s to 4s, some 1s. With the built-in scripts'
/// rules this gives about 81% offers, 7% second opinions and 12% not progressing (3% of people
/// say at registration that they have no right to work), near the 82% interview-to-offer rate
/// national events report.
const SCORE_WEIGHTS: [[u32; 4]; 3] = [[0, 8, 52, 40], [4, 30, 50, 16], [20, 48, 27, 5]];

/// A recruiter's different decision, and why.
fn overridden(recommendation: Recommendation) -> (Recommendation, &'static str) {
    match recommendation {
        Recommendation::Offer => (
            Recommendation::SecondOpinion,
            "Good scores, but the answers were brief; asked a colleague to hear the examples before an offer",
        ),
        Recommendation::SecondOpinion => (
            Recommendation::Offer,
            "Talked it through with the lead recruiter: strong, specific examples once the candidate settled",
        ),
        Recommendation::NotProgressing => (
            Recommendation::SecondOpinion,
            "Very nervous and scored low early on, then gave good examples; asked a colleague for a second opinion",
        ),
    }
}

/// Feedback given on the day to someone not progressing on their scores.
const FEEDBACK: &[&str] = &[
    "Thank you for your time today. Try to give a real example for each question, from any part of your life, and say what you did yourself.",
    "You clearly care about people. Next time, talk us through what you did step by step and what difference it made to the person you helped.",
    "Some answers were general. Think of times at home, school, work or volunteering when you helped someone, and bring those examples.",
    "Thank you for coming. Getting some experience first, even a few hours a week, would give you examples to talk about next time.",
];

/// Feedback given on the day to someone without the right to work in the UK.
const NOT_ELIGIBLE_FEEDBACK: &str = "Thank you for coming today. We cannot make a job offer without the right to work in the UK; GOV.UK explains it, and you are welcome to come back if things change.";

/// Recruiters' short notes, for scores 1 to 4.
const NOTES: [&[&str]; 4] = [
    &[
        "No example, even with the probes",
        "Talked about the task, not the person",
    ],
    &[
        "General answer; example unclear after probing",
        "Some good points but no real example",
        "Own part in the example was unclear",
    ],
    &[
        "Clear example from caring for a relative",
        "Good example from a customer service job",
        "Described their own part clearly",
        "Sensible answer; would ask for help when unsure",
    ],
    &[
        "Specific example from volunteering; asked for help at the right time",
        "Vivid example; put the person first throughout",
        "Strong example from school; noticed someone left out and acted",
    ],
];
