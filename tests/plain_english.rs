//! Candidate-facing words read at age 9: every prose string in the candidate-facing content files
//! (the kiosk's words, the privacy notice, the roles, the equality questions, the signposts),
//! scored with Flesch reading ease, must score at least 70 overall in each file.

use std::path::Path;

/// Flesch reading ease at or above this reads at about age 9 (plain English).
const PLAIN_ENGLISH: f64 = 70.0;

/// Every string in a TOML value, depth first.
fn strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(text) => out.push(text.clone()),
        toml::Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
        toml::Value::Table(table) => table.values().for_each(|item| strings(item, out)),
        _ => {}
    }
}

/// The file's prose: strings of four words or more (labels, codes and addresses are not prose),
/// each ended as a sentence, with the `{placeholders}` filled as a candidate sees them.
fn prose(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let mut all = Vec::new();
    strings(&value, &mut all);
    all.iter()
        .map(|s| {
            s.replace("{contact}", "our email")
                .replace("{retention}", "a year")
        })
        .filter(|s| s.split_whitespace().count() >= 4)
        .map(|s| {
            let s = s.trim().to_string();
            if s.ends_with(['.', '?', '!', ':']) {
                s
            } else {
                format!("{s}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn candidate_facing_words_read_at_age_nine() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut scores = Vec::new();
    for name in [
        "kiosk.toml",
        "privacy-notice.toml",
        "roles.toml",
        "equality.toml",
        "signposts.toml",
    ] {
        let text = prose(&assets.join(name));
        assert!(!text.is_empty(), "{name} has no prose");
        scores.push((name, textstat::flesch_reading_ease(&text)));
    }
    let hard: Vec<_> = scores
        .iter()
        .filter(|(_, score)| *score < PLAIN_ENGLISH)
        .collect();
    assert!(
        hard.is_empty(),
        "harder to read than age 9 (Flesch reading ease under {PLAIN_ENGLISH}): {hard:?}; all: {scores:?}"
    );
}

#[test]
fn the_score_tells_plain_words_from_hard_ones() {
    let plain = "We will help you. Tell us your name. You can stop at any time.";
    let hard = "Notwithstanding the aforementioned considerations, candidates' personal \
                information is processed in accordance with applicable legislation.";
    assert!(textstat::flesch_reading_ease(plain) >= PLAIN_ENGLISH);
    assert!(textstat::flesch_reading_ease(hard) < PLAIN_ENGLISH);
}
