//! Synthetic candidates: names, contact details, roles and answers a real fair sees, drawn from
//! a seeded generator, registering at times spread over a window.

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::names::{ADJUSTMENTS, FAMILY_NAMES, GIVEN_NAMES, INWARD_LETTERS, OUTWARD_CODES};
use crate::content::Content;
use crate::domain::{CareExperience, ContractType, Registration, RightToWork, Source, WorkPattern};

/// What to generate: how many, the number the first one's email carries, and when they register.
pub(super) struct Plan {
    pub(super) count: usize,
    pub(super) first_number: usize,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    pub(super) booked_share: f64,
}

/// The people, in the order they registered (so ticket order follows arrival).
pub(super) fn generate(
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::BOOKED_SHARE;
    use crate::store::test_time;

    #[test]
    fn every_generated_candidate_passes_the_kiosk_validators() {
        let content = Content::load().unwrap();
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
            crate::fuzzing::assert_in_normal_form(r);
            let email = r.email.as_ref().unwrap();
            assert!(email.is_ascii(), "{email}");
            assert!(r.phone.is_some() && r.postcode.is_some(), "{r:?}");
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
}
