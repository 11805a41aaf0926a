//! The words and lists a content designer edits: kiosk texts, the privacy notice, the roles, the
//! equality-monitoring questions, the signposts, the employer and the documents an offer checks.
//! The defaults in `assets/` are built into the binary, so a kiosk never starts with a missing
//! sentence; an employer's fair pack ([`pack`]) replaces any of them file by file, and
//! [`check`] reads a pack the way `fairfloor pack check` reports on it.

pub mod check;
pub mod pack;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::RoleCatalogue;
use crate::domain::roles::RoleCatalogueError;
use crate::domain::validate::FieldError;

pub use pack::{PackInfo, init_pack};

/// Everything a fair's content files say, parsed: the built-in ones, or a pack's.
#[derive(Debug, Clone)]
pub struct Content {
    pub kiosk: KioskText,
    pub privacy: PrivacyNotice,
    pub equality: EqualityMonitoring,
    pub roles: RoleCatalogue,
    /// Other routes for candidates who are not progressing today.
    pub signposts: Vec<Signpost>,
    /// Who is hiring (`employer.toml`).
    pub employer: Employer,
    /// The documents an offer can record as seen (`documents.toml`).
    pub documents: Documents,
    pack: PackInfo,
    pack_dir: Option<PathBuf>,
}

/// Another route a recruiter can point a candidate to (`assets/signposts.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signpost {
    pub id: String,
    pub title: String,
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignpostFile {
    #[serde(rename = "signpost")]
    pub(crate) signposts: Vec<Signpost>,
}

/// Whether `email` is at an example domain (`example.nhs.uk`, `…example.org`): the built-in
/// pack's, which no candidate could write to.
pub fn is_example_address(email: &str) -> bool {
    email
        .trim()
        .rsplit_once('@')
        .is_some_and(|(_, domain)| is_example_domain(domain))
}

/// Whether `domain` is an example one (`example.nhs.uk`, `jobs.example.org`), which nobody
/// can write to or open.
pub fn is_example_domain(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    domain == "example" || domain.starts_with("example.") || domain.contains(".example.")
}

/// The employer running the fair (`employer.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    pub name: String,
    pub phone: String,
    pub email: String,
    /// An `https://` address.
    pub website: String,
}

/// The documents a recruiter can mark as seen in the original at an offer (`documents.toml`).
/// The first entry of each list means "nothing seen today" and records nothing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    pub identity: Vec<DocumentChoice>,
    pub right_to_work: Vec<DocumentChoice>,
}

/// One entry in a list of documents.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentChoice {
    pub label: String,
    /// Choosing it asks for the candidate's Home Office share code (right to work only).
    #[serde(default)]
    pub share_code: bool,
}

/// A content file could not be read as expected. `file` is `assets/NAME` for a built-in file and
/// the file's path for a pack's.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// Not TOML, or not the shape of the file: the line, the field and how to fix it.
    #[error("{0}")]
    Toml(crate::screening::ScriptProblem),
    #[error(transparent)]
    Roles(#[from] RoleCatalogueError),
    #[error(
        "{file}: question '{question}' has no option with id \"prefer_not_to_say\"; every equality question needs one"
    )]
    NoPreferNotToSay { file: String, question: String },
    #[error("{file}: question id '{question}' appears twice; give each question its own id")]
    DuplicateQuestion { file: String, question: String },
    /// A rule of `documents.toml` broken; `field` is `identity` or `right_to_work`.
    #[error("{file}: field '{field}': {message}")]
    Documents {
        file: String,
        field: &'static str,
        message: String,
    },
    #[error("{file}: {reason}")]
    Read { file: String, reason: String },
    #[error(
        "the fair pack folder {dir} does not exist. Check the folder given with --pack (or FAIRFLOOR_PACK), or make a pack there: fairfloor pack init {dir}"
    )]
    NoPack { dir: String },
    #[error(
        "{dir} has no pack.toml. A fair pack names itself there: name = \"…\" and version = \"…\" (fairfloor pack init writes one)"
    )]
    NoPackToml { dir: String },
}

impl Content {
    /// Parses the content built into this binary.
    pub fn load() -> Result<Self, ContentError> {
        Self::load_from(None)
    }

    /// The content of the fair pack in `dir`: each file the pack has replaces the built-in one,
    /// and the rest stay built-in. A folder that does not exist is an error.
    pub fn from_pack(dir: &Path) -> Result<Self, ContentError> {
        Self::load_from(Some(dir))
    }

    /// [`Content::from_pack`] for a pack folder, [`Content::load`] for `None`.
    pub fn load_from(pack_dir: Option<&Path>) -> Result<Self, ContentError> {
        let source = pack::Source::open(pack_dir)?;
        let (file, text) = source.text("kiosk.toml")?;
        let kiosk = parse(&file, &text)?;
        let (file, text) = source.text("privacy-notice.toml")?;
        let privacy = PrivacyNotice::parse_in(&file, &text)?;
        let (file, text) = source.text("equality.toml")?;
        let equality = EqualityMonitoring::parse_in(&file, &text)?;
        let (file, text) = source.text("roles.toml")?;
        // Parsed here rather than by RoleCatalogue::parse, for the TOML error in plain English.
        let roles: RoleCatalogue = parse(&file, &text)?;
        let roles = first_problem(roles.problems(&file), roles)?;
        let (file, text) = source.text("signposts.toml")?;
        let signposts = parse_signposts_in(&file, &text)?;
        let (file, text) = source.text("employer.toml")?;
        let employer = parse(&file, &text)?;
        let (file, text) = source.text("documents.toml")?;
        let documents = Documents::parse_in(&file, &text)?;
        Ok(Self {
            kiosk,
            privacy,
            equality,
            roles,
            signposts,
            employer,
            documents,
            pack: source.info,
            pack_dir: pack_dir.map(Path::to_path_buf),
        })
    }

    /// The version of the pack this content came from (`pack.toml`), or the built-in content's.
    pub fn pack_version(&self) -> &str {
        &self.pack.version
    }

    /// The name of the pack this content came from, `built-in` for the built-in content.
    pub fn pack_name(&self) -> &str {
        &self.pack.name
    }

    /// The folder the content was read from, when it came from a pack (not the built-in words).
    pub fn pack_folder(&self) -> Option<&Path> {
        self.pack_dir.as_deref()
    }

    /// The pack's folder of screening scripts (`scripts/` in the pack), when content came from a
    /// pack; it may not exist.
    pub fn pack_scripts_dir(&self) -> Option<PathBuf> {
        self.pack_dir.as_ref().map(|dir| dir.join("scripts"))
    }
}

/// Parses the text of `assets/signposts.toml`.
pub fn parse_signposts(text: &str) -> Result<Vec<Signpost>, ContentError> {
    parse_signposts_in("assets/signposts.toml", text)
}

fn parse_signposts_in(file: &str, text: &str) -> Result<Vec<Signpost>, ContentError> {
    let SignpostFile { signposts } = parse(file, text)?;
    Ok(signposts)
}

/// `value` if the rules found no problem, else the first problem (loading stops at one; `pack
/// check` lists them all).
fn first_problem<T, E: Into<ContentError>>(problems: Vec<E>, value: T) -> Result<T, ContentError> {
    match problems.into_iter().next() {
        Some(problem) => Err(problem.into()),
        None => Ok(value),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, ContentError> {
    toml::from_str(text)
        .map_err(|error| ContentError::Toml(crate::screening::toml_problem(file, text, &error)))
}

/// A heading, a hint under it and paragraphs of body text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
    /// The counter at the top of each page: `{n}` is this step, `{total}` how many there are.
    /// A pack written before the counter existed gets the English default.
    #[serde(default = "default_step_counter")]
    pub step: String,
    /// The keys on the privacy notice, where Space agrees as well as Enter.
    #[serde(default = "default_agree")]
    pub agree: String,
}

fn default_agree() -> String {
    "Press Enter or Space to agree. To say no, press the down arrow, then Enter.".to_string()
}

fn default_step_counter() -> String {
    "Step {n} of {total}".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct ConfirmationText {
    pub title: String,
    pub ticket_label: String,
    pub body: Vec<String>,
    pub duplicate_title: String,
    pub duplicate_body: Vec<String>,
    pub action: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdleText {
    pub title: String,
    /// `{seconds}` is replaced by the seconds left.
    pub body: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
        parse("assets/kiosk.toml", text)
    }

    /// The message for an error code: the content designer's wording when there is one,
    /// otherwise the default English from the code.
    pub fn error(&self, code: &str) -> String {
        self.errors
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The message for `code`, or `fallback` where the pack's words have none (a message added
    /// after the pack was written).
    pub fn error_or(&self, code: &str, fallback: &str) -> String {
        self.errors
            .get(code)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
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
#[serde(deny_unknown_fields)]
pub struct PrivacyNotice {
    pub version: String,
    /// Where candidates write about their information: fills `{contact}` in the words.
    pub contact_email: String,
    /// How long details are kept, e.g. "12 months": fills `{retention}` in the words.
    pub retention: String,
    pub title: String,
    pub body: Vec<String>,
    pub agree: String,
    pub disagree: String,
}

impl PrivacyNotice {
    /// Parses the text of `assets/privacy-notice.toml`.
    pub fn parse(text: &str) -> Result<Self, ContentError> {
        Self::parse_in("assets/privacy-notice.toml", text)
    }

    fn parse_in(file: &str, text: &str) -> Result<Self, ContentError> {
        let mut notice: Self = parse(file, text)?;
        notice.fill();
        Ok(notice)
    }

    /// Puts the contact and the retention period where the words say `{contact}` and
    /// `{retention}`, so an employer changes each in one place.
    fn fill(&mut self) {
        let fill = |text: &mut String| {
            *text = text
                .replace(PLACEHOLDER_CONTACT, &self.contact_email)
                .replace(PLACEHOLDER_RETENTION, &self.retention);
        };
        let mut words = std::mem::take(&mut self.body);
        words.iter_mut().for_each(fill);
        let (mut title, mut agree, mut disagree) = (
            std::mem::take(&mut self.title),
            std::mem::take(&mut self.agree),
            std::mem::take(&mut self.disagree),
        );
        fill(&mut title);
        fill(&mut agree);
        fill(&mut disagree);
        (self.body, self.title, self.agree, self.disagree) = (words, title, agree, disagree);
    }
}

/// Where the privacy notice says the contact address.
pub const PLACEHOLDER_CONTACT: &str = "{contact}";
/// Where the privacy notice says how long details are kept.
pub const PLACEHOLDER_RETENTION: &str = "{retention}";

impl Documents {
    fn parse_in(file: &str, text: &str) -> Result<Self, ContentError> {
        let documents: Self = parse(file, text)?;
        first_problem(documents.problems(file), documents)
    }

    /// Every rule the lists break: each needs its "nothing seen" first entry and at least one
    /// document, labels that are filled in and different, and share codes only for a right-to-work
    /// document.
    pub fn problems(&self, file: &str) -> Vec<ContentError> {
        let mut problems = Vec::new();
        let mut add = |field: &'static str, message: String| {
            problems.push(ContentError::Documents {
                file: file.to_string(),
                field,
                message,
            });
        };
        for (field, list, none) in [
            ("identity", &self.identity, "Not seen today"),
            ("right_to_work", &self.right_to_work, "Not checked today"),
        ] {
            if list.len() < 2 {
                add(
                    field,
                    format!(
                        "the list needs a first entry meaning nothing was seen (label = \"{none}\") and at least one document after it. Add [[{field}]] entries with a label each."
                    ),
                );
            }
            let mut seen = std::collections::HashSet::new();
            for choice in list {
                if choice.label.trim().is_empty() {
                    add(
                        field,
                        "an entry has an empty label. Write the document's name, e.g. label = \"Passport\".".to_string(),
                    );
                } else if !seen.insert(choice.label.trim()) {
                    add(
                        field,
                        format!(
                            "'{}' is listed twice. List each document once.",
                            choice.label
                        ),
                    );
                }
            }
        }
        if let Some(choice) = self.identity.iter().find(|c| c.share_code) {
            add(
                "identity",
                format!(
                    "'{}' has share_code = true, but share codes are for right to work. Remove share_code from it.",
                    choice.label
                ),
            );
        }
        if let Some(first) = self.right_to_work.first().filter(|c| c.share_code) {
            add(
                "right_to_work",
                format!(
                    "the first entry ('{}') means nothing was checked, so it cannot take a share code. Put share_code = true on the online check entry instead.",
                    first.label
                ),
            );
        }
        problems
    }
}

/// `assets/equality.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EqualityMonitoring {
    pub title: String,
    pub body: Vec<String>,
    pub answer: String,
    pub skip: String,
    #[serde(rename = "question")]
    pub questions: Vec<EqualityQuestion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EqualityQuestion {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub hint: String,
    pub options: Vec<EqualityOption>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EqualityOption {
    pub id: String,
    pub label: String,
}

/// The answer every equality question must offer.
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";

impl EqualityMonitoring {
    /// Parses and checks the text of `assets/equality.toml`.
    pub fn parse(text: &str) -> Result<Self, ContentError> {
        Self::parse_in("assets/equality.toml", text)
    }

    fn parse_in(file: &str, text: &str) -> Result<Self, ContentError> {
        let equality: Self = parse(file, text)?;
        first_problem(equality.problems(file), equality)
    }

    /// Every rule the questions break: ids used once, and "prefer not to say" on each.
    pub fn problems(&self, file: &str) -> Vec<ContentError> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for question in &self.questions {
            if !seen.insert(question.id.as_str()) {
                problems.push(ContentError::DuplicateQuestion {
                    file: file.to_string(),
                    question: question.id.clone(),
                });
            } else if !question.options.iter().any(|o| o.id == PREFER_NOT_TO_SAY) {
                problems.push(ContentError::NoPreferNotToSay {
                    file: file.to_string(),
                    question: question.id.clone(),
                });
            }
        }
        problems
    }
}

#[cfg(test)]
pub(crate) mod tests;
