//! Synthetic candidates for demos and benchmarks (`fairfloor demo --candidates N [--seed S]`), and
//! the demo-ready event a brand-new database gets so the staff screens open on real screens.
//!
//! Everything comes from a seeded ChaCha8 generator, so the same seed on the same empty event
//! gives the same people, answers and times. Names are drawn from many backgrounds, with the
//! apostrophes, hyphens and accents real names have, so demos exercise what real fairs see.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;

use crate::content::Content;
use crate::domain::offer::{Check, Contract, DocumentSeen, NewOffer, OfferKind};
use crate::domain::screening::{
    Answer, AnswerKind, CompletedScreening, Decision, Recommendation, ScriptRef,
};
use crate::domain::staff::{PinHashError, hash_pin};
use crate::domain::{
    CareExperience, ContractType, Event, NewEvent, Registration, RightToWork, Source, Staff,
    StaffRole, WorkPattern,
};
use crate::screening::{
    EligibilityOutcome, EligibilityQuestion, LoadedScript, ScriptLibrary, assess,
};
use crate::store::offers::OfferToMake;
use crate::store::{Actor, RegisterOutcome, Store, StoreError};

/// What `fairfloor demo` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    pub candidates: usize,
    pub seed: u64,
}

/// The seed used for the first-run candidates, so every new laptop shows the same demo.
pub const FIRST_RUN_SEED: u64 = 2026;

/// How many candidates a brand-new database starts with.
pub const FIRST_RUN_CANDIDATES: usize = 12;

/// How many first-run candidates have already been interviewed, so the Screened tab is in use.
pub const FIRST_RUN_SCREENED: usize = 3;

/// The recruiter a database gets when it has no staff: on first run, or for `fairfloor demo`.
pub const DEMO_RECRUITER: &str = "Demo Recruiter";
pub const DEMO_RECRUITER_PIN: &str = "1234";

/// The share of demo candidates who are booked (imported) rather than already waiting.
const BOOKED_SHARE: f64 = 0.10;

/// The share of waiting demo candidates interviewed, of those whose interview fits in the day.
const SCREENED_SHARE: f64 = 0.75;

/// The share of decisions where the recruiter overrides the recommendation (with a reason).
const OVERRIDE_SHARE: f64 = 0.03;

/// The screenings come from their own stream of the seed, so adding them left the candidates
/// that a seed gives unchanged.
const SCREENING_STREAM: u64 = 1;

/// What `fairfloor demo` added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub candidates: usize,
    /// Completed interviews, every one with a decision.
    pub screened: usize,
    /// Of those, how many were decided as offers.
    pub offers: usize,
}

/// [`add_demo`], returning how many candidates were added.
pub fn add_candidates(
    store: &mut Store,
    event: &Event,
    content: &Content,
    options: &DemoOptions,
) -> Result<usize, DemoError> {
    Ok(add_demo(store, event, content, options)?.candidates)
}

/// Adds `options.candidates` deterministic synthetic candidates to `event` in one transaction,
/// registered between 08:30 and 16:30 on the event's day in its time zone, then interviews
/// about three in four of the waiting ones (never the booked ones) in a second transaction,
/// each finished by 17:00, with the event's recruiters (a "Demo Recruiter" is added when the
/// event has no staff at all). Scores and decisions come out near what national events report:
/// about four in five interviewed get an offer.
///
/// The same seed on the same empty event gives the same names, answers, times, scores and
/// decisions; running it again on the same event adds new people whose emails and phones do not
/// collide.
pub fn add_demo(
    store: &mut Store,
    event: &Event,
    content: &Content,
    options: &DemoOptions,
) -> Result<DemoSummary, DemoError> {
    let start = local_time(event, NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default());
    let end = local_time(
        event,
        NaiveTime::from_hms_opt(16, 30, 0).unwrap_or_default(),
    );
    let close = local_time(event, NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default());
    let plan = Plan {
        count: options.candidates,
        first_number: existing_candidates(store, event)? + 1,
        start,
        end,
        booked_share: BOOKED_SHARE,
    };
    let people = generate(content, options.seed, &plan);
    let outcomes = write(store, event, &people)?;
    let interviewers = interviewers(store, &Actor::new("demo", start))?;
    let day = Day {
        close,
        max_wait_minutes: 60,
        share: SCREENED_SHARE,
        limit: usize::MAX,
        seed: options.seed,
    };
    let screened = screen(
        store,
        event,
        content,
        &interviewers,
        &people,
        &outcomes,
        &day,
    )?;
    Ok(DemoSummary {
        candidates: outcomes.len(),
        ..screened
    })
}

/// What a brand-new database gets so the staff screens open on real screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRun {
    pub event: Event,
    pub recruiter: String,
    pub recruiter_pin: &'static str,
    pub coordinator: String,
    pub coordinator_pin: &'static str,
}

/// Why the first-run demo could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pin(#[from] PinHashError),
}

/// Creates the demo event (dated `now` in Europe/London, and made current), a demo recruiter and
/// coordinator with well-known PINs, and [`FIRST_RUN_CANDIDATES`] waiting candidates who arrived
/// over the 90 minutes before `now`, so the queue shows real-looking waits. The demo recruiter
/// has already interviewed [`FIRST_RUN_SCREENED`] of the earliest, so the Screened tab is in use.
pub fn seed_first_run(
    store: &mut Store,
    content: &Content,
    now: DateTime<Utc>,
) -> Result<FirstRun, DemoError> {
    let timezone = chrono_tz::Europe::London;
    let actor = Actor::new("demo", now);
    let event = store.create_event(
        &NewEvent {
            name: "Demo recruitment fair".to_string(),
            venue: "Demo venue".to_string(),
            date: now.with_timezone(&timezone).date_naive(),
            timezone,
        },
        &actor,
    )?;
    let first_run = FirstRun {
        event,
        recruiter: DEMO_RECRUITER.to_string(),
        recruiter_pin: DEMO_RECRUITER_PIN,
        coordinator: "Demo Coordinator".to_string(),
        coordinator_pin: "5678",
    };
    let recruiter = add_demo_staff(
        store,
        &first_run.recruiter,
        StaffRole::Recruiter,
        first_run.recruiter_pin,
        &actor,
    )?;
    add_demo_staff(
        store,
        &first_run.coordinator,
        StaffRole::Coordinator,
        first_run.coordinator_pin,
        &actor,
    )?;
    let plan = Plan {
        count: FIRST_RUN_CANDIDATES,
        first_number: existing_candidates(store, &first_run.event)? + 1,
        start: now - Duration::minutes(90),
        end: now,
        booked_share: 0.0,
    };
    let people = generate(content, FIRST_RUN_SEED, &plan);
    let outcomes = write(store, &first_run.event, &people)?;
    let day = Day {
        close: now,
        max_wait_minutes: 15,
        share: 1.0,
        limit: FIRST_RUN_SCREENED,
        seed: FIRST_RUN_SEED,
    };
    screen(
        store,
        &first_run.event,
        content,
        &[recruiter],
        &people,
        &outcomes,
        &day,
    )?;
    Ok(first_run)
}

/// Adds a member of staff with a well-known PIN.
fn add_demo_staff(
    store: &mut Store,
    name: &str,
    role: StaffRole,
    pin: &str,
    actor: &Actor,
) -> Result<Staff, DemoError> {
    Ok(store.add_staff(name, role, &hash_pin(pin)?, actor)?)
}

/// Who interviews demo candidates: the recruiters; else, when there are none, whoever is on the
/// staff list; else a new [`DEMO_RECRUITER`].
fn interviewers(store: &mut Store, actor: &Actor) -> Result<Vec<Staff>, DemoError> {
    let staff: Vec<Staff> = store
        .staff_with_pins()?
        .into_iter()
        .map(|(member, _)| member)
        .collect();
    let recruiters: Vec<Staff> = staff
        .iter()
        .filter(|member| member.role == StaffRole::Recruiter)
        .cloned()
        .collect();
    if !recruiters.is_empty() {
        return Ok(recruiters);
    }
    if !staff.is_empty() {
        return Ok(staff);
    }
    Ok(vec![add_demo_staff(
        store,
        DEMO_RECRUITER,
        StaffRole::Recruiter,
        DEMO_RECRUITER_PIN,
        actor,
    )?])
}

/// A local wall-clock time on the event's day, in UTC. 08:30 and 16:30 are never skipped or
/// repeated by a clock change in the UK; elsewhere the earlier of a repeated time is used.
fn local_time(event: &Event, time: NaiveTime) -> DateTime<Utc> {
    let local = event.date.and_time(time);
    event
        .timezone
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

/// How many candidates the event already has, so new emails carry numbers nobody has used.
fn existing_candidates(store: &Store, event: &Event) -> Result<usize, StoreError> {
    let count: i64 = store.connection().query_row(
        "SELECT count(*) FROM candidates WHERE event_id = ?1",
        params![event.id],
        |row| row.get(0),
    )?;
    Ok(usize::try_from(count).unwrap_or_default())
}

fn write(
    store: &mut Store,
    event: &Event,
    people: &[(Registration, Source, DateTime<Utc>)],
) -> Result<Vec<RegisterOutcome>, StoreError> {
    store.register_batch(
        event,
        people
            .iter()
            .map(|(registration, source, at)| (registration, *source, Actor::new("demo", *at))),
    )
}

/// When and how many of a cohort are interviewed.
struct Day {
    /// Every interview is over by then.
    close: DateTime<Utc>,
    /// The longest anyone waits, after arriving, to be called for interview.
    max_wait_minutes: i64,
    /// The share of waiting candidates interviewed (of those whose interview fits in the day).
    share: f64,
    /// At most this many interviews.
    limit: usize,
    seed: u64,
}

/// Interviews some of the candidates just registered, in one transaction.
fn screen(
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

/// What to generate: how many, the number the first one's email carries, and when they register.
struct Plan {
    count: usize,
    first_number: usize,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    booked_share: f64,
}

/// The people, in the order they registered (so ticket order follows arrival).
fn generate(
    content: &Content,
    seed: u64,
    plan: &Plan,
) -> Vec<(Registration, Source, DateTime<Utc>)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let window_ms = (plan.end - plan.start).num_milliseconds().max(1);
    let mut times: Vec<DateTime<Utc>> = (0..plan.count)
        .map(|_| plan.start + Duration::milliseconds(rng.random_range(0..window_ms)))
        .collect();
    times.sort_unstable();
    times
        .into_iter()
        .enumerate()
        .map(|(index, at)| {
            let number = plan.first_number + index;
            let source = if rng.random_bool(plan.booked_share) {
                Source::Import
            } else {
                Source::Demo
            };
            let registration = person(&mut rng, content, number, source);
            (registration, source, at)
        })
        .collect()
}

/// One synthetic candidate. `number` makes the email and phone unique at the event.
fn person(rng: &mut ChaCha8Rng, content: &Content, number: usize, source: Source) -> Registration {
    let given_name = *GIVEN_NAMES.choose(rng).unwrap_or(&"Sam");
    let family_name = *FAMILY_NAMES.choose(rng).unwrap_or(&"Smith");
    let email = format!(
        "{}.{}.{number}@example.com",
        email_part(given_name),
        email_part(family_name)
    );
    // 07700 900000 to 900999 is Ofcom's range for drama; a demo needs far more numbers than that,
    // so the rest of 07700 is used, one number per candidate (unique up to a million).
    let phone = format!("+447700{:06}", number % 1_000_000);
    let outward = *OUTWARD_CODES.choose(rng).unwrap_or(&"LS1");
    let inward_letter =
        |rng: &mut ChaCha8Rng| char::from(*INWARD_LETTERS.choose(rng).unwrap_or(&b'A')).to_string();
    let postcode = format!(
        "{outward} {}{}{}",
        rng.random_range(0..10),
        inward_letter(rng),
        inward_letter(rng)
    );

    let role_count = rng.random_range(1..=3).min(content.roles.roles.len());
    let roles = content
        .roles
        .roles
        .sample(rng, role_count)
        .map(|role| role.code.clone())
        .collect();
    let contract_types = subset(
        rng,
        &[
            ContractType::FullTime,
            ContractType::PartTime,
            ContractType::Bank,
        ],
    );
    let work_patterns = subset(
        rng,
        &[
            WorkPattern::Days,
            WorkPattern::Nights,
            WorkPattern::Weekends,
        ],
    );
    let right_to_work = Some(match rng.random_range(0..100) {
        0..88 => RightToWork::Yes,
        88..97 => RightToWork::NotSure,
        _ => RightToWork::No,
    });
    let care_experience = Some(match rng.random_range(0..100) {
        0..40 => CareExperience::None,
        40..75 => CareExperience::Unpaid,
        _ => CareExperience::Paid,
    });
    let adjustments = if rng.random_bool(0.12) {
        ADJUSTMENTS.choose(rng).unwrap_or(&"").to_string()
    } else {
        String::new()
    };
    let equality = if rng.random_bool(0.70) {
        content
            .equality
            .questions
            .iter()
            .filter_map(|question| {
                let option = question.options.choose(rng)?;
                Some((question.id.clone(), option.id.clone()))
            })
            .collect()
    } else {
        Vec::new()
    };
    let privacy_version = (source != Source::Import).then(|| content.privacy.version.clone());
    Registration {
        given_name: given_name.to_string(),
        family_name: family_name.to_string(),
        email: Some(email),
        phone: Some(phone),
        postcode: Some(postcode),
        roles,
        contract_types,
        work_patterns,
        right_to_work,
        care_experience,
        adjustments,
        equality,
        privacy_version,
    }
}

/// A non-empty subset of `all`, in the order given.
fn subset<T: Copy>(rng: &mut ChaCha8Rng, all: &[T]) -> Vec<T> {
    let mask: u32 = rng.random_range(1..(1 << all.len()));
    all.iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, item)| *item)
        .collect()
}

/// A name as it can appear in an example email address: ASCII letters only, accents dropped
/// (Zoë -> zoe, Nguyễn -> nguyen), apostrophes, hyphens and spaces removed.
fn email_part(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            'a'..='z' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ầ' | 'ạ' => {
                Some('a')
            }
            'ç' | 'ć' | 'č' => Some('c'),
            'đ' => Some('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ễ' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => Some('i'),
            'ł' => Some('l'),
            'ñ' | 'ń' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ơ' => Some('o'),
            'ś' | 'š' | 'ș' | 'ş' => Some('s'),
            'ț' | 'ţ' => Some('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ư' => Some('u'),
            'ý' | 'ÿ' => Some('y'),
            'ź' | 'ż' | 'ž' => Some('z'),
            _ => None,
        })
        .collect()
}

/// Given names from the many backgrounds of people who come to UK health-service fairs.
const GIVEN_NAMES: &[&str] = &[
    "Amara",
    "Chidi",
    "Ngozi",
    "Oluwaseun",
    "Kwame",
    "Abena",
    "Kofi",
    "Dawit",
    "Selam",
    "Mohammed",
    "Aisha",
    "Fatima",
    "Hamza",
    "Yusuf",
    "Leila",
    "Noor",
    "Priya",
    "Arjun",
    "Harpreet",
    "Ravi",
    "Deepa",
    "Wei",
    "Mei",
    "Thanh",
    "Linh",
    "Tomasz",
    "Agnieszka",
    "Łucja",
    "Ioana",
    "Andrei",
    "Siobhán",
    "Aoife",
    "Seán",
    "Eilidh",
    "Callum",
    "Rhys",
    "Seren",
    "Zoë",
    "Chloé",
    "José",
    "Inês",
    "Renée",
    "Mary-Jane",
    "Jean-Luc",
    "Sophie",
    "Olivia",
    "Jack",
    "Oliver",
    "Megan",
    "Dylan",
];

/// Family names to go with them, including apostrophes, hyphens, spaces and accents.
const FAMILY_NAMES: &[&str] = &[
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Boateng",
    "Asante",
    "Tesfaye",
    "Abebe",
    "O'Brien",
    "O'Neill",
    "Ó Súilleabháin",
    "MacDonald",
    "McLeod",
    "Nguyễn",
    "Trần",
    "Chen",
    "Wang",
    "Li",
    "Patel",
    "Khan",
    "Ahmed",
    "Begum",
    "Hussain",
    "Rahman",
    "Singh",
    "Kaur",
    "Sharma",
    "Kowalski",
    "Nowak",
    "Wiśniewska",
    "Popescu",
    "Yılmaz",
    "Haddad",
    "Hassan",
    "da Silva",
    "dos Santos",
    "García",
    "Fernández",
    "Müller",
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Davies",
    "Evans",
    "Hughes-Williams",
    "Smith-Jones",
    "Brown",
    "Murphy",
];

/// Real-looking outward codes from across England, Wales, Scotland and Northern Ireland.
const OUTWARD_CODES: &[&str] = &[
    "LS1", "LS6", "LS9", "LS11", "LS28", "BD1", "BD7", "HX1", "HD1", "WF1", "M1", "M14", "M20",
    "L8", "S1", "S10", "B5", "B11", "NE1", "NG7", "LE2", "CF10", "E1", "E17", "N1", "SE15", "SW1A",
    "G1", "EH1", "BT1", "AB10",
];

/// Letters allowed in the inward code (not C, I, K, M, O or V).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// Interview adjustments people ask for (no health questions are asked before an offer).
const ADJUSTMENTS: &[&str] = &[
    "A quiet room, please",
    "I use a wheelchair",
    "I would like more time to answer",
    "Please write the questions down for me",
    "I will bring a British Sign Language interpreter",
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::Status;
    use crate::domain::staff::verify_pin;
    use crate::domain::validate::{self, NameField};
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

    #[test]
    fn every_generated_candidate_passes_the_kiosk_validators() {
        let content = content();
        let plan = Plan {
            count: 2000,
            first_number: 99_000,
            start: test_time(),
            end: test_time() + Duration::hours(8),
            booked_share: BOOKED_SHARE,
        };
        let people = generate(&content, 42, &plan);
        for (registration, source, _) in &people {
            let r = registration;
            assert_eq!(
                validate::person_name(&r.given_name, NameField::Given).as_ref(),
                Ok(&r.given_name)
            );
            assert_eq!(
                validate::person_name(&r.family_name, NameField::Family).as_ref(),
                Ok(&r.family_name)
            );
            let email = r.email.as_ref().unwrap();
            assert_eq!(validate::email(email).as_ref(), Ok(email));
            assert!(email.is_ascii(), "{email}");
            let phone = r.phone.as_ref().unwrap();
            assert_eq!(validate::uk_mobile(phone).as_ref(), Ok(phone));
            let postcode = r.postcode.as_ref().unwrap();
            assert_eq!(validate::uk_postcode(postcode).as_ref(), Ok(postcode));
            assert!((1..=3).contains(&r.roles.len()), "{r:?}");
            assert!(r.roles.iter().all(|code| content.roles.get(code).is_some()));
            assert_eq!(r.roles.iter().collect::<HashSet<_>>().len(), r.roles.len());
            assert!(!r.contract_types.is_empty() && !r.work_patterns.is_empty());
            assert!(r.right_to_work.is_some() && r.care_experience.is_some());
            for (question, answer) in &r.equality {
                let q = content
                    .equality
                    .questions
                    .iter()
                    .find(|q| &q.id == question)
                    .unwrap();
                assert!(q.options.iter().any(|o| &o.id == answer));
            }
            assert_eq!(r.privacy_version.is_none(), *source == Source::Import);
        }
        // Every name in the lists makes a usable email part.
        for name in GIVEN_NAMES.iter().chain(FAMILY_NAMES) {
            let part = email_part(name);
            assert!(
                part.len() >= 2 && part.bytes().all(|b| b.is_ascii_lowercase()),
                "{name}: {part}"
            );
        }
        assert_eq!(email_part("Nguyễn"), "nguyen");
        assert_eq!(email_part("O'Brien"), "obrien");
        let share = |f: &dyn Fn(&Registration) -> bool| {
            people.iter().filter(|(r, _, _)| f(r)).count() * 100 / people.len()
        };
        let none = share(&|r| r.care_experience == Some(CareExperience::None));
        let unpaid = share(&|r| r.care_experience == Some(CareExperience::Unpaid));
        assert!(
            (35..45).contains(&none) && (30..40).contains(&unpaid),
            "{none} {unpaid}"
        );
        assert!(share(&|r| r.right_to_work == Some(RightToWork::Yes)) >= 80);
    }

    fn demo(store: &mut Store, event: &Event, candidates: usize, seed: u64) -> DemoSummary {
        add_demo(store, event, &content(), &DemoOptions { candidates, seed }).unwrap()
    }

    /// Every completed screening: ticket, interviewer, recommendation, decision, total, times.
    fn decisions(store: &Store) -> Vec<(String, String, String, String, i64, String, String)> {
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
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
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
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (decision, feedback, chosen) = row.unwrap();
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
        let times = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .unwrap();
        let parse = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
        for row in times {
            let (arrived, started, completed) = row.unwrap();
            let (arrived, started, completed) =
                (parse(&arrived), parse(&started), parse(&completed));
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
    fn the_demo_uses_the_events_recruiters_or_adds_a_demo_recruiter() {
        let (_dir, mut store, event) = test_store();
        demo(&mut store, &event, 40, 1);
        let staff = store.staff_with_pins().unwrap();
        assert_eq!(staff.len(), 1);
        assert_eq!(staff[0].0.name, DEMO_RECRUITER);
        assert_eq!(staff[0].0.role, StaffRole::Recruiter);
        assert!(verify_pin(DEMO_RECRUITER_PIN, &staff[0].1));
        // A second run reuses them.
        demo(&mut store, &event, 40, 2);
        assert_eq!(store.staff_with_pins().unwrap().len(), 1);

        let (_dir, mut store, event) = test_store();
        let actor = Actor::new("test", test_time());
        for name in ["Ola", "Sam"] {
            store
                .add_staff(name, StaffRole::Recruiter, "hash", &actor)
                .unwrap();
        }
        store
            .add_staff("Lead", StaffRole::Coordinator, "hash", &actor)
            .unwrap();
        demo(&mut store, &event, 200, 1);
        assert_eq!(store.staff_with_pins().unwrap().len(), 3);
        let by: HashSet<String> = decisions(&store).into_iter().map(|d| d.1).collect();
        assert_eq!(by, HashSet::from(["Ola".to_string(), "Sam".to_string()]));
    }

    /// The first run's interviews are recorded at times it makes up, in any order: they are no
    /// clock reading, so the fresh demo fair opens with no clock warning (it once said "Clock
    /// went back 8 min").
    #[test]
    fn a_first_run_and_a_sign_in_raise_no_clock_warning() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("new.db")).unwrap();
        let now = test_time();
        seed_first_run(&mut store, &content(), now).unwrap();
        store
            .audit(&Actor::new("staff:x", now), "staff.sign_in", "staff", "x")
            .unwrap();
        assert_eq!(store.clock_warning(now).unwrap(), None);
        let jumps: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'clock.jump'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(jumps, 0);
    }

    #[test]
    fn a_first_run_opens_on_a_current_event_with_staff_and_a_queue() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("new.db")).unwrap();
        let now = test_time();
        let first = seed_first_run(&mut store, &content(), now).unwrap();
        assert_eq!(store.current_event().unwrap(), Some(first.event.clone()));
        assert_eq!(first.event.name, "Demo recruitment fair");
        assert_eq!(first.event.venue, "Demo venue");
        assert_eq!(first.event.date, now.date_naive());
        assert_eq!(first.event.timezone, chrono_tz::Europe::London);
        let staff = store.staff_with_pins().unwrap();
        assert_eq!(staff.len(), 2);
        for (member, hash) in &staff {
            let pin = match member.role {
                StaffRole::Recruiter => first.recruiter_pin,
                StaffRole::Coordinator => first.coordinator_pin,
            };
            assert!(verify_pin(pin, hash), "{member:?}");
        }
        assert!(staff.iter().any(|(s, _)| s.name == first.recruiter));
        assert!(staff.iter().any(|(s, _)| s.name == first.coordinator));
        let queue = store.candidates(&first.event).unwrap();
        assert_eq!(queue.len(), FIRST_RUN_CANDIDATES);
        for row in &queue {
            assert_eq!(row.status, Status::Waiting);
            let arrived = row.arrived_at.unwrap();
            assert!(
                arrived >= now - Duration::minutes(90) && arrived < now,
                "{row:?}"
            );
        }
        // A few of the earliest are already interviewed, by the demo recruiter, before now;
        // the rest are still waiting.
        let screened = decisions(&store);
        assert_eq!(screened.len(), FIRST_RUN_SCREENED);
        assert_eq!(
            queue.iter().filter(|r| r.decision.is_some()).count(),
            FIRST_RUN_SCREENED
        );
        for (_, by, _, _, _, _, completed) in &screened {
            assert_eq!(by, &first.recruiter);
            assert!(completed.as_str() <= crate::store::time::rfc3339(now).as_str());
        }
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }
}
