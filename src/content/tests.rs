//! The built-in content loads and reads simply; a pack replaces it file by file.

use super::*;
use crate::domain::{CareExperience, ContractType, RightToWork, WorkPattern};
use strum::IntoEnumIterator;

#[test]
fn the_built_in_assets_load() {
    let content = Content::load().expect("assets parse");
    assert!(content.roles.roles.len() >= 5);
    assert!(!content.privacy.body.is_empty());
    assert!(!content.equality.questions.is_empty());
    assert!(content.signposts.len() >= 4);
}

#[test]
fn every_choice_has_a_label_written_for_it() {
    let kiosk = Content::load().unwrap().kiosk;
    for id in RightToWork::iter() {
        assert!(
            kiosk.right_to_work.options.contains_key(id.as_ref()),
            "{id}"
        );
    }
    for id in CareExperience::iter() {
        assert!(
            kiosk.care_experience.options.contains_key(id.as_ref()),
            "{id}"
        );
    }
    for id in ContractType::iter() {
        assert!(
            kiosk.contract_types.options.contains_key(id.as_ref()),
            "{id}"
        );
    }
    for id in WorkPattern::iter() {
        assert!(
            kiosk.work_patterns.options.contains_key(id.as_ref()),
            "{id}"
        );
    }
}

#[test]
fn an_equality_question_without_prefer_not_to_say_is_refused() {
    let text = pack::built_in("equality.toml")
        .replace("id = \"prefer_not_to_say\"", "id = \"rather_not\"");
    let equality: EqualityMonitoring = toml::from_str(&text).unwrap();
    let err = equality.problems("equality.toml").remove(0);
    assert!(err.to_string().contains("prefer_not_to_say"), "{err}");
}

/// Candidate-facing words should read simply. A rough guard: no sentence over 25 words.
#[test]
fn kiosk_sentences_stay_short() {
    for file in ["kiosk.toml", "privacy-notice.toml", "equality.toml"].map(pack::built_in) {
        for line in file.lines().filter(|l| !l.trim_start().starts_with('#')) {
            for sentence in line.split(['.', '?', '!']) {
                let words = sentence.split_whitespace().count();
                assert!(words <= 25, "too long for a reading age of 9: {sentence}");
            }
        }
    }
}

/// A fixture pack in `tests/fixtures/packs/`.
pub(crate) fn fixture_pack(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/packs")
        .join(name)
}

/// The content of the fixture pack that replaces every file with words of its own.
pub(crate) fn full_pack() -> Content {
    Content::from_pack(&fixture_pack("full")).expect("the full fixture pack loads")
}

#[test]
fn the_built_in_content_names_its_version() {
    let content = Content::load().unwrap();
    assert_eq!(content.pack_name(), "built-in");
    assert_eq!(content.pack_version(), pack::BUILT_IN_VERSION);
    assert_eq!(content.pack_scripts_dir(), None);
}

#[test]
fn the_privacy_notice_says_its_contact_and_retention_where_the_words_ask() {
    let privacy = Content::load().unwrap().privacy;
    let words = privacy.body.join(" ");
    assert!(
        words.contains("We keep your details for 12 months."),
        "{words}"
    );
    assert!(
        words.contains("or email recruitment@example.nhs.uk."),
        "{words}"
    );
    assert!(!words.contains('{'), "{words}");
}

#[test]
fn the_built_in_documents_are_current_ones() {
    let documents = Content::load().unwrap().documents;
    let labels = |list: &[DocumentChoice]| list.iter().map(|d| d.label.clone()).collect::<Vec<_>>();
    let identity = labels(&documents.identity);
    let right_to_work = labels(&documents.right_to_work);
    assert_eq!(identity[0], "Not seen today");
    assert_eq!(right_to_work[0], "Not checked today");
    for label in identity.iter().chain(&right_to_work) {
        assert!(
            !label.contains("Biometric"),
            "BRPs are no longer valid: {label}"
        );
    }
    let share_codes: Vec<_> = documents
        .right_to_work
        .iter()
        .filter(|d| d.share_code)
        .map(|d| d.label.as_str())
        .collect();
    assert_eq!(
        share_codes,
        ["Home Office online check with share code (eVisa)"]
    );
    assert!(documents.identity.iter().all(|d| !d.share_code));
}

#[test]
fn every_built_in_role_has_a_description_and_pay() {
    for role in Content::load().unwrap().roles.roles {
        assert!(!role.description.trim().is_empty(), "{}", role.code);
        assert!(!role.pay.trim().is_empty(), "{}", role.code);
    }
}

#[test]
fn a_pack_replacing_every_file_is_read_file_by_file() {
    let content = full_pack();
    assert_eq!(content.pack_name(), "Northshire fixture pack");
    assert_eq!(content.pack_version(), "7");
    assert_eq!(
        content.kiosk.start.title,
        "Welcome to Northshire Health. Register for a chat today."
    );
    let words = content.privacy.body.join(" ");
    assert!(
        words.contains("We keep your details for 6 months."),
        "{words}"
    );
    assert!(
        words.contains("or email jobs@northshire-health.nhs.uk."),
        "{words}"
    );
    assert_eq!(content.equality.title, "About you (you can skip this)");
    let hcsw = content.roles.get("hcsw").unwrap();
    assert_eq!(hcsw.title, "Ward care assistant");
    assert_eq!(hcsw.pay, "£25,100 a year at Northshire");
    assert_eq!(content.signposts[0].title, "Northshire apprenticeship");
    assert_eq!(
        content.employer,
        Employer {
            name: "Northshire Health NHS Foundation Trust".into(),
            phone: "01632 960123".into(),
            email: "jobs@northshire-health.nhs.uk".into(),
            website: "https://northshire-health.nhs.uk".into(),
        }
    );
    assert!(
        content
            .documents
            .identity
            .iter()
            .any(|d| d.label == "Armed forces ID card")
    );
    assert_eq!(
        content.pack_scripts_dir(),
        Some(fixture_pack("full").join("scripts"))
    );
}

#[test]
fn a_file_missing_from_a_pack_stays_built_in() {
    // This pack has only employer.toml (with a website `pack check` would question).
    let content = Content::from_pack(&fixture_pack("http-website")).unwrap();
    assert_eq!(content.employer.website, "http://northshire-health.nhs.uk");
    assert_eq!(content.pack_name(), "Fixture pack");
    let built_in = Content::load().unwrap();
    assert_eq!(content.roles, built_in.roles);
    assert_eq!(content.documents, built_in.documents);
    assert_eq!(content.kiosk.start.title, built_in.kiosk.start.title);
}

#[test]
fn a_pack_that_is_not_there_or_has_no_pack_toml_is_refused() {
    let missing = fixture_pack("no-such-pack");
    let error = Content::from_pack(&missing).unwrap_err();
    assert!(matches!(error, ContentError::NoPack { .. }), "{error}");
    let error = Content::from_pack(&fixture_pack("no-pack-toml")).unwrap_err();
    assert!(matches!(error, ContentError::NoPackToml { .. }), "{error}");
}

#[test]
fn a_broken_pack_file_is_refused_naming_the_file_and_line() {
    let error = Content::from_pack(&fixture_pack("bad-toml")).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 3, column 16: this is not valid TOML (invalid basic string, expected `\"`). Check the quotes, brackets and '=' on that line.",
            fixture_pack("bad-toml").join("roles.toml").display()
        )
    );
}

#[test]
fn a_new_pack_holds_every_built_in_file_and_checks_clean_but_for_the_example_contact() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    let written = init_pack(&pack, crate::screening::library::BUILT_IN).unwrap();
    assert_eq!(written.len(), 1 + pack::BUILT_IN.len() + 2);
    for (name, text) in pack::BUILT_IN {
        assert_eq!(std::fs::read_to_string(pack.join(name)).unwrap(), text);
    }
    let content = Content::from_pack(&pack).unwrap();
    assert_eq!(content.pack_version(), "1");
    let report = check::check_pack(&pack).unwrap();
    assert_eq!(report.files.len(), pack::BUILT_IN.len());
    assert_eq!(report.scripts, 2);
    let fields: Vec<_> = report.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["contact_email"], "{:#?}", report.problems);
}

#[test]
fn init_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("roles.toml"), "mine").unwrap();
    let error = init_pack(dir.path(), crate::screening::library::BUILT_IN).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{} already has roles.toml; pack init never overwrites files. Choose a new folder, or move those files away first",
            dir.path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("roles.toml")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("pack.toml").exists(), "nothing written");
}
