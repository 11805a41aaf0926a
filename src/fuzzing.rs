//! Fuzz harnesses: one function per target, each taking arbitrary bytes and panicking only when
//! the code under test breaks one of its promises (a panic of its own, an empty message, an
//! accepted value that does not check again the same way).
//!
//! The `cargo fuzz` targets in `fuzz/` call these, and `tests/fuzz_corpus.rs` replays every file
//! of `fuzz/corpus/` and `fuzz/regressions/` through them on stable, so what the fuzzer proved
//! stays proved. Nothing here touches a database, a file or the network.

use std::sync::OnceLock;

use crate::content::{Content, EqualityMonitoring, KioskText, PREFER_NOT_TO_SAY, PrivacyNotice};
use crate::domain::RoleCatalogue;
use crate::domain::candidate::MAX_ROLES;
use crate::domain::contact;
use crate::domain::validate::{self, NameField};

/// A harness: panics when the code under test breaks a promise on these bytes.
pub type Harness = fn(&[u8]);

/// The fuzz targets, by the name `cargo fuzz` knows them by (and the corpus folder's name).
pub const TARGETS: &[(&str, Harness)] = &[
    ("import_csv", import_csv),
    ("screening_script", screening_script),
    ("content", content),
    ("settings", settings),
    ("change_batch", change_batch),
];

/// The built-in role catalogue, parsed once.
fn roles() -> &'static RoleCatalogue {
    static ROLES: OnceLock<RoleCatalogue> = OnceLock::new();
    ROLES.get_or_init(|| Content::load().expect("the built-in assets parse").roles)
}

/// `import::parse_csv` over arbitrary bytes with the built-in roles.
pub fn import_csv(data: &[u8]) {
    let roles = roles();
    let parsed = match crate::import::parse_csv(data, roles) {
        Ok(parsed) => parsed,
        Err(error) => {
            assert!(!error.to_string().trim().is_empty(), "{error:?}");
            return;
        }
    };
    for warning in &parsed.warnings {
        assert!(!warning.trim().is_empty());
    }
    for problem in &parsed.problems {
        assert!(!problem.message.trim().is_empty(), "{problem:?}");
        // The header is line 1, so a row is on line 2 or later.
        assert!(problem.line >= 2, "{problem:?}");
    }
    let mut emails = std::collections::HashSet::new();
    let mut phones = std::collections::HashSet::new();
    for row in &parsed.rows {
        let r = &row.registration;
        assert!(row.line >= 2, "{row:?}");
        assert!(r.email.is_some() || r.phone.is_some(), "{row:?}");
        assert!(r.roles.len() <= MAX_ROLES, "{row:?}");
        for code in &r.roles {
            assert!(roles.get(code).is_some(), "{row:?}");
        }
        assert_in_normal_form(r);
        if let Some(email) = &r.email {
            assert!(emails.insert(email.clone()), "email repeated: {row:?}");
        }
        if let Some(phone) = &r.phone {
            assert!(phones.insert(phone.clone()), "phone repeated: {row:?}");
        }
    }
}

/// What is stored of a person is already in the validators' normal form: each validator gives
/// back exactly what it is given.
pub fn assert_in_normal_form(r: &crate::domain::Registration) {
    assert_eq!(
        validate::person_name(&r.given_name, NameField::Given).as_ref(),
        Ok(&r.given_name)
    );
    assert_eq!(
        validate::person_name(&r.family_name, NameField::Family).as_ref(),
        Ok(&r.family_name)
    );
    if let Some(email) = &r.email {
        assert_eq!(validate::email(email).as_ref(), Ok(email));
    }
    if let Some(phone) = &r.phone {
        assert_eq!(contact::phone(phone).as_ref(), Ok(phone));
    }
    if let Some(postcode) = &r.postcode {
        assert_eq!(contact::postcode(postcode), Ok(Some(postcode.clone())));
    }
}

/// `screening::parse_script_bytes` over arbitrary bytes with the built-in roles.
pub fn screening_script(data: &[u8]) {
    let roles = roles();
    match crate::screening::parse_script_bytes("fuzz.toml", data, roles) {
        Ok(loaded) => {
            // An accepted script checks again the same way, and can be shown.
            let text = std::str::from_utf8(data).expect("accepted scripts are UTF-8");
            let again = crate::screening::parse_script("fuzz.toml", text, roles);
            assert_eq!(again.as_ref(), Ok(&loaded));
            assert!(!crate::cli::script::show(&loaded, roles).is_empty());
            // Scoring never panics, answered or not.
            let script = &loaded.script;
            let eligibility: Vec<Option<String>> = script
                .eligibility
                .iter()
                .map(|q| q.answers.first().map(|a| a.id.clone()))
                .collect();
            let scores: Vec<Option<u8>> = script
                .questions
                .iter()
                .enumerate()
                .map(|(i, _)| data.get(i).map(|b| b % 6))
                .collect();
            let assessment = crate::screening::assess(script, &eligibility, &scores);
            assert!(assessment.total <= assessment.max_total, "{assessment:?}");
            crate::screening::assess(script, &[], &[]);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in &problems {
                assert!(!problem.message.trim().is_empty(), "{problem:?}");
                assert_eq!(problem.file, "fuzz.toml");
                assert!(!problem.to_string().is_empty());
            }
        }
    }
}

/// The content files: the first byte chooses kiosk words, privacy notice, equality questions,
/// roles or signposts; the rest is the file's text.
pub fn content(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let message = match which % 5 {
        0 => KioskText::parse(&text).err().map(|e| e.to_string()),
        1 => PrivacyNotice::parse(&text).err().map(|e| e.to_string()),
        2 => match EqualityMonitoring::parse(&text) {
            Ok(equality) => {
                let mut ids = std::collections::HashSet::new();
                for question in &equality.questions {
                    assert!(ids.insert(&question.id), "{question:?}");
                    assert!(
                        question.options.iter().any(|o| o.id == PREFER_NOT_TO_SAY),
                        "{question:?}"
                    );
                }
                None
            }
            Err(error) => Some(error.to_string()),
        },
        3 => match RoleCatalogue::parse("roles.toml", &text) {
            Ok(catalogue) => {
                assert!(!catalogue.roles.is_empty());
                for role in &catalogue.roles {
                    assert_eq!(catalogue.get(&role.code).map(|r| &r.code), Some(&role.code));
                    assert!(catalogue.find(&role.code).is_some(), "{role:?}");
                }
                None
            }
            Err(error) => Some(error.to_string()),
        },
        _ => crate::content::parse_signposts(&text)
            .err()
            .map(|e| e.to_string()),
    };
    if let Some(message) = message {
        assert!(!message.trim().is_empty());
    }
}

/// Settings typed by staff and read back from the store: the first byte chooses the onboarding
/// address, the printer target, the offer's days open, the ticket prefix, the purge age or the
/// event's date and time zone; the rest is the text.
pub fn settings(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    match which % 6 {
        0 => match crate::domain::offer::onboarding_base_url(text) {
            Ok(url) => {
                assert!(url.starts_with("https://"), "{url}");
                assert!(!url.ends_with('/'), "{url}");
                assert_eq!(
                    crate::domain::offer::onboarding_base_url(&url).as_ref(),
                    Ok(&url)
                );
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        },
        1 => match text.parse::<crate::print::Target>() {
            Ok(target) => {
                // A target is written back in the form it is read from.
                let written = target.to_string();
                let again = written.parse::<crate::print::Target>();
                assert!(
                    again.as_ref().is_ok_and(|t| *t == target),
                    "{text:?} -> {target:?} -> {written:?} -> {again:?}"
                );
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        },
        2 => {
            // `fairfloor event --offer-valid-days` and the events table both allow 1 to 365.
            if let Ok(days) = text.trim().parse::<u32>()
                && (1..=365).contains(&days)
            {
                let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).expect("a real date");
                assert!(
                    today
                        .checked_add_days(chrono::Days::new(days.into()))
                        .is_some()
                );
            }
        }
        3 => match crate::domain::TicketPrefix::parse(text) {
            Ok(prefix) => {
                assert!((1..=3).contains(&prefix.as_str().len()));
                assert_eq!(
                    crate::domain::TicketPrefix::parse(prefix.as_str()).as_ref(),
                    Ok(&prefix)
                );
                assert!(prefix.ticket(u32::MAX).starts_with(prefix.as_str()));
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        },
        4 => match crate::store::purge::parse_age(text) {
            Ok(age) => assert!(age >= chrono::Duration::zero(), "{text:?}"),
            Err(message) => assert!(!message.is_empty()),
        },
        _ => {
            let (date, timezone) = text.split_once('\n').unwrap_or((text, "Europe/London"));
            match crate::domain::NewEvent::parse("Fair", "Arena", date, timezone) {
                Ok(event) => {
                    let (start, end) =
                        crate::domain::event::local_day_bounds(event.date, event.timezone);
                    assert!(start <= end, "{event:?}");
                }
                Err(error) => assert!(!error.to_string().is_empty()),
            }
        }
    }
}

/// The centre's first look at a change batch: `serde_json` into [`crate::sync::protocol::ChangeBatch`],
/// then `central::apply::check_batch` and `rejection_reason` on every entry, as the server does
/// before it writes anything.
#[cfg(feature = "central")]
pub fn change_batch(data: &[u8]) {
    use crate::central::apply::{check_batch, rejection_reason, table_of};
    let Ok(batch) = serde_json::from_slice::<crate::sync::protocol::ChangeBatch>(data) else {
        return;
    };
    let checked = check_batch(&batch.changes);
    if let Err(message) = &checked {
        assert!(!message.trim().is_empty());
    }
    for entry in &batch.changes {
        let payload_text = entry.payload.to_string();
        match rejection_reason(entry, &payload_text) {
            Some(reason) => assert!(!reason.trim().is_empty(), "{entry:?}"),
            None => {
                // What the centre applies names a table it keeps, and can be stored as JSONB.
                assert!(table_of(&entry.entity).is_some(), "{entry:?}");
                assert!(!entry.id.trim().is_empty(), "{entry:?}");
                assert!(entry.op == "upsert" || entry.op == "delete", "{entry:?}");
                assert!(!payload_text.contains('\0'), "{entry:?}");
            }
        }
        if checked.is_ok() {
            assert!(entry.seq >= 1);
            for field in [
                &entry.device_id,
                &entry.entity,
                &entry.id,
                &entry.op,
                &entry.at,
            ] {
                assert!(!field.contains('\0'), "{entry:?}");
            }
        }
    }
}

/// Without the central service there is no batch to check; the target only parses.
#[cfg(not(feature = "central"))]
pub fn change_batch(data: &[u8]) {
    let _ = serde_json::from_slice::<crate::sync::protocol::ChangeBatch>(data);
}
