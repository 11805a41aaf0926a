//! `fairfloor pack check`: every problem in a fair pack, each naming the file, the line, the field
//! and how to fix it, the way `fairfloor script check` reports on a script. It checks what loading
//! refuses (TOML, unknown or missing fields, role codes, equality questions, document lists) and
//! what would mislead candidates (an example contact address, a website that is not https).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::pack::{BUILT_IN, PACK_TOML, PackInfo, SCRIPTS_DIR, read_text};
use super::{
    ContentError, Documents, Employer, EqualityMonitoring, KioskText, PLACEHOLDER_CONTACT,
    PLACEHOLDER_RETENTION, PrivacyNotice, SignpostFile,
};
use crate::domain::RoleCatalogue;
use crate::screening::{ScriptLibrary, ScriptProblem, toml_problem};

/// One thing wrong with a file in a pack, shown as
/// `<file>: question 'sex', field 'options': line 3: <what is wrong and how to fix it>`.
pub type PackProblem = ScriptProblem;

/// What `fairfloor pack check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackReport {
    /// `pack.toml`, when it could be read.
    pub info: Option<PackInfo>,
    /// The content files the pack replaces (the rest stay built-in).
    pub files: Vec<String>,
    /// How many scripts the pack has that passed their checks.
    pub scripts: usize,
    pub problems: Vec<PackProblem>,
}

/// Checks every file in the pack folder `dir`. A folder that does not exist is an error.
pub fn check_pack(dir: &Path) -> Result<PackReport, ContentError> {
    if !dir.is_dir() {
        return Err(ContentError::NoPack {
            dir: dir.display().to_string(),
        });
    }
    let mut report = PackReport {
        info: None,
        files: Vec::new(),
        scripts: 0,
        problems: Vec::new(),
    };
    report.info = check_pack_toml(dir, &mut report.problems);
    let mut roles = None;
    for (name, _) in BUILT_IN {
        let path = dir.join(name);
        let file = path.display().to_string();
        let text = match read_text(&path) {
            Ok(Some(text)) => text,
            Ok(None) => continue,
            Err(error) => {
                report.problems.push(whole_file(&file, &error, &file));
                continue;
            }
        };
        report.files.push(name.to_string());
        let mut problems = Problems {
            file: &file,
            text: &text,
            found: Vec::new(),
        };
        match name {
            "kiosk.toml" => {
                problems.shape::<KioskText>();
            }
            "privacy-notice.toml" => {
                if let Some(notice) = problems.shape::<PrivacyNotice>() {
                    privacy(&notice, &mut problems);
                }
            }
            "equality.toml" => {
                if let Some(equality) = problems.shape::<EqualityMonitoring>() {
                    for problem in equality.problems(&file) {
                        let question = match &problem {
                            ContentError::DuplicateQuestion { question, .. }
                            | ContentError::NoPreferNotToSay { question, .. } => question.clone(),
                            _ => String::new(),
                        };
                        let line = problems.line(&["id", &format!("\"{question}\"")]);
                        problems.found.push(ScriptProblem {
                            file: file.clone(),
                            question: Some(question),
                            field: "options".to_string(),
                            message: format!("{line}{}", without_file(&problem, &file)),
                        });
                    }
                }
            }
            "roles.toml" => {
                if let Some(catalogue) = problems.shape::<RoleCatalogue>() {
                    role_rules(&catalogue, &mut problems);
                    if catalogue.problems(&file).is_empty() {
                        roles = Some(catalogue);
                    }
                }
            }
            "signposts.toml" => {
                problems.shape::<SignpostFile>();
            }
            "employer.toml" => {
                if let Some(employer) = problems.shape::<Employer>() {
                    employer_rules(&employer, &mut problems);
                }
            }
            "documents.toml" => {
                if let Some(documents) = problems.shape::<Documents>() {
                    for problem in documents.problems(&file) {
                        let field = match &problem {
                            ContentError::Documents { field, .. } => *field,
                            _ => "",
                        };
                        let message = without_file(&problem, &file);
                        // Point at the share code when that is the trouble, else at the list.
                        let needle = if message.contains("share_code") {
                            "share_code = true".to_string()
                        } else {
                            format!("[[{field}]]")
                        };
                        problems.add(&[&needle], field, message);
                    }
                }
            }
            _ => {}
        }
        report.problems.extend(problems.found);
    }
    let roles = match roles {
        Some(roles) => roles,
        None => super::Content::load()?.roles,
    };
    report.scripts = check_scripts(&dir.join(SCRIPTS_DIR), &roles, &mut report.problems);
    unknown_files(dir, &mut report.problems);
    Ok(report)
}

/// The problems found in one file, and the file's text to find their lines in.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    found: Vec<PackProblem>,
}

impl Problems<'_> {
    /// Parses the file as `T`; a TOML or shape error is a problem and gives `None`.
    fn shape<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        match toml::from_str(self.text) {
            Ok(value) => Some(value),
            Err(error) => {
                self.found.push(toml_problem(self.file, self.text, &error));
                None
            }
        }
    }

    /// `line N: ` for the first line holding every one of `needles`; empty when none does.
    fn line(&self, needles: &[&str]) -> String {
        self.text
            .lines()
            .position(|line| needles.iter().all(|needle| line.contains(needle)))
            .map(|index| format!("line {}: ", index + 1))
            .unwrap_or_default()
    }

    /// A problem with `field`, on the line holding every one of `needles`.
    fn add(&mut self, needles: &[&str], field: &str, message: impl AsRef<str>) {
        let line = self.line(needles);
        self.found.push(ScriptProblem {
            file: self.file.to_string(),
            question: None,
            field: field.to_string(),
            message: format!("{line}{}", message.as_ref()),
        });
    }
}

/// An error's message without the file name it starts with (the problem names the file).
fn without_file(error: &impl std::fmt::Display, file: &str) -> String {
    let message = error.to_string();
    let message = message
        .strip_prefix(&format!("{file}: "))
        .unwrap_or(&message);
    // The field is named by the problem already.
    let message = message
        .split_once("': ")
        .filter(|(head, _)| head.starts_with("field '"))
        .map_or(message, |(_, rest)| rest);
    let mut message = message.to_string();
    if !message.ends_with('.') {
        message.push('.');
    }
    message
}

/// A problem with a whole file (it cannot be read).
fn whole_file(file: &str, error: &ContentError, path: &str) -> PackProblem {
    ScriptProblem {
        file: file.to_string(),
        question: None,
        field: String::new(),
        message: without_file(error, path),
    }
}

/// `pack.toml`: there, readable, and naming the pack and its version.
fn check_pack_toml(dir: &Path, found: &mut Vec<PackProblem>) -> Option<PackInfo> {
    let path = dir.join(PACK_TOML);
    let file = path.display().to_string();
    let text = match read_text(&path) {
        Ok(Some(text)) => text,
        Ok(None) => {
            found.push(ScriptProblem {
                file,
                question: None,
                field: String::new(),
                message: "there is no pack.toml. Add one naming the pack and its version: name = \"…\" and version = \"1\" (fairfloor pack init writes one).".to_string(),
            });
            return None;
        }
        Err(error) => {
            found.push(whole_file(&file, &error, &file));
            return None;
        }
    };
    let mut problems = Problems {
        file: &file,
        text: &text,
        found: Vec::new(),
    };
    let info = problems.shape::<PackInfo>();
    if let Some(info) = &info {
        if info.name.trim().is_empty() {
            problems.add(&["name"], "name", "the pack has no name. Name it so staff can tell packs apart, e.g. name = \"Leeds Teaching Hospitals, spring fairs\".");
        }
        if info.version.trim().is_empty() {
            problems.add(&["version"], "version", "the pack has no version. Give it one, e.g. version = \"1\", and change it whenever any file in the pack changes.");
        }
    }
    found.extend(problems.found);
    info
}

/// The privacy notice: a real contact address, a retention period, and only known placeholders.
fn privacy(notice: &PrivacyNotice, problems: &mut Problems<'_>) {
    let contact = notice.contact_email.trim();
    let domain = contact.rsplit_once('@').map(|(_, domain)| domain);
    match domain {
        None => problems.add(
            &["contact_email"],
            "contact_email",
            format!("'{contact}' is not an email address. Write the address candidates can write to about their information, e.g. contact_email = \"recruitment@your-trust.nhs.uk\"."),
        ),
        Some(_) if super::is_example_address(contact) => {
            problems.add(
                &["contact_email"],
                "contact_email",
                format!("'{contact}' is an example address, so candidates could not reach you. Replace it with your own, e.g. your recruitment team's address."),
            );
        }
        Some(_) => {}
    }
    if notice.retention.trim().is_empty() {
        problems.add(
            &["retention"],
            "retention",
            "say how long you keep candidates' details, e.g. retention = \"12 months\".",
        );
    }
    for paragraph in &notice.body {
        let mut rest = paragraph.as_str();
        while let Some((_, after)) = rest.split_once('{') {
            let name = after.split_once('}').map_or(after, |(name, _)| name);
            let placeholder = format!("{{{name}}}");
            if placeholder != PLACEHOLDER_CONTACT && placeholder != PLACEHOLDER_RETENTION {
                problems.add(
                    &[&placeholder],
                    "body",
                    format!("'{placeholder}' is not a placeholder fairfloor fills. Use {PLACEHOLDER_CONTACT} for the contact address or {PLACEHOLDER_RETENTION} for how long details are kept, or remove the braces."),
                );
            }
            rest = after;
        }
    }
}

/// Roles: the catalogue's own rules, and a description and pay for each role.
fn role_rules(catalogue: &RoleCatalogue, problems: &mut Problems<'_>) {
    for problem in catalogue.problems(problems.file) {
        let code = match &problem {
            crate::domain::roles::RoleCatalogueError::BadCode { code, .. }
            | crate::domain::roles::RoleCatalogueError::DuplicateCode { code, .. } => code.clone(),
            _ => String::new(),
        };
        let needles: Vec<String> = if code.is_empty() {
            Vec::new()
        } else {
            vec!["code".to_string(), format!("\"{code}\"")]
        };
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let message = without_file(&problem, problems.file);
        problems.add(&needles, "code", message);
    }
    for role in &catalogue.roles {
        let at = format!("\"{}\"", role.code);
        if role.description.trim().is_empty() {
            problems.add(
                &["code", &at],
                "description",
                format!("role '{}' has no description. Add one or two short sentences for someone new to care, e.g. description = \"You help nurses look after patients on a ward.\".", role.code),
            );
        }
        if role.pay.trim().is_empty() {
            problems.add(
                &["code", &at],
                "pay",
                format!("role '{}' has no pay. Say it in words, e.g. pay = \"£24,937 a year (Band 2)\".", role.code),
            );
        }
    }
}

/// The employer: a name, an email address and an https website.
fn employer_rules(employer: &Employer, problems: &mut Problems<'_>) {
    if employer.name.trim().is_empty() {
        problems.add(&["name"], "name", "the employer has no name. Write it as candidates know it, e.g. name = \"Leeds Teaching Hospitals NHS Trust\".");
    }
    if !employer.email.contains('@') {
        problems.add(&["email"], "email", format!("'{}' is not an email address. Write the address candidates can write to, e.g. email = \"recruitment@your-trust.nhs.uk\".", employer.email));
    }
    if !employer.website.starts_with("https://") {
        problems.add(&["website"], "website", format!("'{}' does not start with https://. Give the secure address of your website, e.g. website = \"https://www.your-trust.nhs.uk\".", employer.website));
    }
}

/// Every `*.toml` script in the pack's `scripts/` folder, checked like `fairfloor script check`;
/// returns how many passed.
fn check_scripts(dir: &Path, roles: &RoleCatalogue, found: &mut Vec<PackProblem>) -> usize {
    let library = ScriptLibrary::from_folder(dir, roles);
    found.extend(library.refused);
    library.scripts.len()
}

/// A `*.toml` file in the pack that fairfloor does not read: most likely a misspelt name.
fn unknown_files(dir: &Path, found: &mut Vec<PackProblem>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let known: HashSet<&str> = BUILT_IN
        .iter()
        .map(|(name, _)| *name)
        .chain([PACK_TOML])
        .collect();
    let mut unknown: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_none_or(|name| !known.contains(name))
        })
        .collect();
    unknown.sort();
    let names: Vec<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
    for path in unknown {
        found.push(ScriptProblem {
            file: path.display().to_string(),
            question: None,
            field: String::new(),
            message: format!(
                "fairfloor does not read a file with this name, so it changes nothing. Check the spelling: a pack holds {PACK_TOML}, {}, and scripts in {SCRIPTS_DIR}/.",
                names.join(", ")
            ),
        });
    }
}
