//! The words and lists a content designer edits, from `assets/`: kiosk texts, the privacy
//! notice, the roles and the equality-monitoring questions. They are built into the binary,
//! and checked by the tests below, so a kiosk never starts with a missing sentence.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::RoleCatalogue;
use crate::domain::roles::RoleCatalogueError;
use crate::domain::validate::FieldError;

const KIOSK_TOML: &str = include_str!("../assets/kiosk.toml");
const PRIVACY_TOML: &str = include_str!("../assets/privacy-notice.toml");
const EQUALITY_TOML: &str = include_str!("../assets/equality.toml");
const ROLES_TOML: &str = include_str!("../assets/roles.toml");
const SIGNPOSTS_TOML: &str = include_str!("../assets/signposts.toml");

/// Everything from `assets/`, parsed.
#[derive(Debug, Clone)]
pub struct Content {
    pub kiosk: KioskText,
    pub privacy: PrivacyNotice,
    pub equality: EqualityMonitoring,
    pub roles: RoleCatalogue,
    /// Other routes for candidates who are not progressing today.
    pub signposts: Vec<Signpost>,
}

/// Another route a recruiter can point a candidate to (`assets/signposts.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Signpost {
    pub id: String,
    pub title: String,
    pub description: String,
}

#[derive(Deserialize)]
struct SignpostFile {
    #[serde(rename = "signpost")]
    signposts: Vec<Signpost>,
}

/// A file in `assets/` could not be read as expected.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("assets/{file}: {source}")]
    Toml {
        file: &'static str,
        source: toml::de::Error,
    },
    #[error(transparent)]
    Roles(#[from] RoleCatalogueError),
    #[error(
        "assets/equality.toml: question '{question}' has no option with id \"prefer_not_to_say\"; every equality question needs one"
    )]
    NoPreferNotToSay { question: String },
    #[error(
        "assets/equality.toml: question id '{question}' appears twice; give each question its own id"
    )]
    DuplicateQuestion { question: String },
}

impl Content {
    /// Parses the assets built into this binary.
    pub fn load() -> Result<Self, ContentError> {
        let kiosk = KioskText::parse(KIOSK_TOML)?;
        let privacy = PrivacyNotice::parse(PRIVACY_TOML)?;
        let equality = EqualityMonitoring::parse(EQUALITY_TOML)?;
        let roles = RoleCatalogue::parse("assets/roles.toml", ROLES_TOML)?;
        let signposts = parse_signposts(SIGNPOSTS_TOML)?;
        Ok(Self {
            kiosk,
            privacy,
            equality,
            roles,
            signposts,
        })
    }
}

/// Parses the text of `assets/signposts.toml`.
pub fn parse_signposts(text: &str) -> Result<Vec<Signpost>, ContentError> {
    let SignpostFile { signposts } = parse("signposts.toml", text)?;
    Ok(signposts)
}

fn parse<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<T, ContentError> {
    toml::from_str(text).map_err(|source| ContentError::Toml { file, source })
}

/// A heading, a hint under it and paragraphs of body text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Page {
    pub title: String,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub body: Vec<String>,
    /// What pressing Enter does, when it is not just "continue".
    #[serde(default)]
    pub action: String,
    /// Labels of the choices, by their stored id.
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

impl Page {
    /// The label for a stored choice id, falling back to the id so nothing is ever blank.
    pub fn option<'a>(&'a self, id: &'a str) -> &'a str {
        self.options.get(id).map_or(id, String::as_str)
    }
}

/// The key hints shown at the bottom of every kiosk screen.
#[derive(Debug, Clone, Deserialize)]
pub struct KeyHints {
    #[serde(rename = "continue")]
    pub continue_: String,
    pub back: String,
    pub choose_one: String,
    pub choose_many: String,
    pub optional: String,
    pub selected: String,
    pub not_selected: String,
    pub error_summary: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckText {
    pub title: String,
    pub hint: String,
    pub submit: String,
    pub submit_hint: String,
    pub equality_answered: String,
    pub equality_skipped: String,
    pub nothing: String,
    pub saving: String,
    pub labels: BTreeMap<String, String>,
}

impl CheckText {
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.labels.get(id).map_or(id, String::as_str)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConfirmationText {
    pub title: String,
    pub ticket_label: String,
    pub body: Vec<String>,
    pub duplicate_title: String,
    pub duplicate_body: Vec<String>,
    pub action: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IdleText {
    pub title: String,
    /// `{seconds}` is replaced by the seconds left.
    pub body: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UnlockText {
    pub title: String,
    pub hint: String,
    pub wrong: String,
    /// `{wait}` is replaced by the wait left, in words ("30 seconds", "2 minutes").
    pub paused: String,
    /// A recruiter's PIN: only a coordinator's closes the kiosk.
    pub coordinators_only: String,
    /// The PIN could not be checked; `{detail}` is the reason, for staff.
    pub failed: String,
}

/// `assets/kiosk.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct KioskText {
    pub keys: KeyHints,
    pub start: Page,
    pub given_name: Page,
    pub family_name: Page,
    pub email: Page,
    pub phone: Page,
    pub postcode: Page,
    pub roles: Page,
    pub contract_types: Page,
    pub work_patterns: Page,
    pub right_to_work: Page,
    pub care_experience: Page,
    pub adjustments: Page,
    pub check: CheckText,
    pub confirmation: ConfirmationText,
    pub declined: Page,
    pub idle: IdleText,
    pub unlock: UnlockText,
    errors: BTreeMap<String, String>,
}

impl KioskText {
    /// Parses the text of `assets/kiosk.toml`.
    pub fn parse(text: &str) -> Result<Self, ContentError> {
        parse("kiosk.toml", text)
    }

    /// The message for an error code: the content designer's wording when there is one,
    /// otherwise the default English from the code.
    pub fn error(&self, code: &str) -> String {
        self.errors
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The message for a validation error, preferring the content designer's wording.
    pub fn field_error(&self, error: &FieldError) -> String {
        self.errors
            .get(error.code())
            .cloned()
            .unwrap_or_else(|| error.to_string())
    }
}

/// `assets/privacy-notice.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct PrivacyNotice {
    pub version: String,
    pub title: String,
    pub body: Vec<String>,
    pub agree: String,
    pub disagree: String,
}

impl PrivacyNotice {
    /// Parses the text of `assets/privacy-notice.toml`.
    pub fn parse(text: &str) -> Result<Self, ContentError> {
        parse("privacy-notice.toml", text)
    }
}

/// `assets/equality.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct EqualityMonitoring {
    pub title: String,
    pub body: Vec<String>,
    pub answer: String,
    pub skip: String,
    #[serde(rename = "question")]
    pub questions: Vec<EqualityQuestion>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EqualityQuestion {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub hint: String,
    pub options: Vec<EqualityOption>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EqualityOption {
    pub id: String,
    pub label: String,
}

/// The answer every equality question must offer.
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";

impl EqualityMonitoring {
    /// Parses and checks the text of `assets/equality.toml`.
    pub fn parse(text: &str) -> Result<Self, ContentError> {
        let equality: Self = parse("equality.toml", text)?;
        equality.check()?;
        Ok(equality)
    }

    fn check(&self) -> Result<(), ContentError> {
        let mut seen = std::collections::HashSet::new();
        for question in &self.questions {
            if !seen.insert(question.id.as_str()) {
                return Err(ContentError::DuplicateQuestion {
                    question: question.id.clone(),
                });
            }
            if !question.options.iter().any(|o| o.id == PREFER_NOT_TO_SAY) {
                return Err(ContentError::NoPreferNotToSay {
                    question: question.id.clone(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
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
        let text = EQUALITY_TOML.replace("id = \"prefer_not_to_say\"", "id = \"rather_not\"");
        let equality: EqualityMonitoring = toml::from_str(&text).unwrap();
        let err = equality.check().unwrap_err();
        assert!(err.to_string().contains("prefer_not_to_say"), "{err}");
    }

    /// Candidate-facing words should read simply. A rough guard: no sentence over 25 words.
    #[test]
    fn kiosk_sentences_stay_short() {
        for file in [KIOSK_TOML, PRIVACY_TOML, EQUALITY_TOML] {
            for line in file.lines().filter(|l| !l.trim_start().starts_with('#')) {
                for sentence in line.split(['.', '?', '!']) {
                    let words = sentence.split_whitespace().count();
                    assert!(words <= 25, "too long for a reading age of 9: {sentence}");
                }
            }
        }
    }
}
