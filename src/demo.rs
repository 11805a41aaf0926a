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
use crate::domain::staff::{PinHashError, hash_pin};
use crate::domain::{
    CareExperience, ContractType, Event, NewEvent, Registration, RightToWork, Source, StaffRole,
    WorkPattern,
};
use crate::store::{Actor, Store, StoreError};

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

/// The share of demo candidates who are booked (imported) rather than already waiting.
const BOOKED_SHARE: f64 = 0.10;

/// Adds `options.candidates` deterministic synthetic candidates to `event` in one transaction,
/// registered between 08:30 and 16:30 on the event's day in its time zone, and returns how many.
/// The same seed on the same empty event gives the same names, answers and times; running it
/// again on the same event adds new people whose emails and phones do not collide.
pub fn add_candidates(
    store: &mut Store,
    event: &Event,
    content: &Content,
    options: &DemoOptions,
) -> Result<usize, StoreError> {
    let start = local_time(event, NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default());
    let end = local_time(
        event,
        NaiveTime::from_hms_opt(16, 30, 0).unwrap_or_default(),
    );
    let plan = Plan {
        count: options.candidates,
        first_number: existing_candidates(store, event)? + 1,
        start,
        end,
        booked_share: BOOKED_SHARE,
    };
    let people = generate(content, options.seed, &plan);
    write(store, event, &people)
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
/// over the 90 minutes before `now`, so the queue shows real-looking waits.
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
        recruiter: "Demo Recruiter".to_string(),
        recruiter_pin: "1234",
        coordinator: "Demo Coordinator".to_string(),
        coordinator_pin: "5678",
    };
    store.add_staff(
        &first_run.recruiter,
        StaffRole::Recruiter,
        &hash_pin(first_run.recruiter_pin)?,
        &actor,
    )?;
    store.add_staff(
        &first_run.coordinator,
        StaffRole::Coordinator,
        &hash_pin(first_run.coordinator_pin)?,
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
    write(store, &first_run.event, &people)?;
    Ok(first_run)
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
) -> Result<usize, StoreError> {
    let outcomes = store.register_batch(
        event,
        people
            .iter()
            .map(|(registration, source, at)| (registration, *source, Actor::new("demo", *at))),
    )?;
    Ok(outcomes.len())
}

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
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }
}
