//! Synthetic data for demos and benchmarks: `fairfloor demo --candidates N [--seed S]`
//! ([`add_demo`]) and the demo-ready event a brand-new database gets so the staff screens open
//! on real screens ([`seed_first_run`], in `first_run`).
//!
//! Everything comes from a seeded ChaCha8 generator, so the same seed on the same empty event
//! gives the same people, answers and times. The people come from `people` (with the name lists
//! in `names`), their interviews and offers from `interviews`.

mod first_run;
mod interviews;
mod names;
mod people;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};

use self::interviews::{Day, screen};
use self::people::{Plan, generate};
use crate::content::Content;
use crate::domain::staff::{PinHashError, hash_pin};
use crate::domain::{Event, Registration, Source, Staff, StaffRole};
use crate::store::{Actor, RegisterOutcome, Store, StoreError};

pub use self::first_run::{
    FIRST_RUN_CANDIDATES, FIRST_RUN_SCREENED, FIRST_RUN_SEED, FirstRun, seed_first_run,
};
pub use self::interviews::DEMO_ONBOARDING_URL;

/// What `fairfloor demo` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    pub candidates: usize,
    pub seed: u64,
}

/// The recruiter a database gets when it has no staff: on first run, or for `fairfloor demo`.
pub const DEMO_RECRUITER: &str = "Demo Recruiter";
pub const DEMO_RECRUITER_PIN: &str = "1234";
/// The coordinator a demo fair gets.
pub const DEMO_COORDINATOR: &str = "Demo Coordinator";
pub const DEMO_COORDINATOR_PIN: &str = "5678";

/// The share of demo candidates who are booked (imported) rather than already waiting.
const BOOKED_SHARE: f64 = 0.10;

/// The share of waiting demo candidates interviewed, of those whose interview fits in the day.
const SCREENED_SHARE: f64 = 0.75;

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
        first_number: store.candidate_count(event)? + 1,
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

/// Why the first-run demo could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pin(#[from] PinHashError),
    #[error(
        "{event} is a real event and already has {candidates} candidates: demo people are never mixed in with real ones. Make a demo in a database file of its own"
    )]
    RealEvent { event: String, candidates: usize },
}

/// Adds a member of staff with a well-known PIN.
fn add_demo_staff(
    store: &mut Store,
    name: &str,
    role: StaffRole,
    pin: &str,
    actor: &Actor,
) -> Result<Staff, DemoError> {
    Ok(store.add_demo_staff(name, role, &hash_pin(pin)?, actor)?)
}

/// Who interviews demo candidates: demo staff only, never a real person (their name would be on
/// made-up interviews and offers): the demo recruiters; else, when there are none, any demo staff;
/// else a new [`DEMO_RECRUITER`].
fn interviewers(store: &mut Store, actor: &Actor) -> Result<Vec<Staff>, DemoError> {
    let demo = store.demo_staff_ids()?;
    let staff: Vec<Staff> = store
        .staff_with_pins()?
        .into_iter()
        .map(|(member, _)| member)
        .filter(|member| demo.contains(&member.id))
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

#[cfg(test)]
mod tests;
