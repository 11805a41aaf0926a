//! Reading and checking script files. A script that fails a check is refused with every problem
//! found, each naming the file, the question and the field and saying how to fix it; the other
//! scripts stay usable.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};
use strum::IntoEnumIterator;

use super::script::{EligibilityOutcome, MAX_SCORE, MIN_SCORE, NhsValue, Script};
use crate::domain::RoleCatalogue;

/// The scripts shipped with fairfloor, built into the binary: (file name, text).
const BUILT_IN: &[(&str, &str)] = &[
    (
        "hcsw-values.toml",
        include_str!("../../assets/scripts/hcsw-values.toml"),
    ),
    (
        "support-services-values.toml",
        include_str!("../../assets/scripts/support-services-values.toml"),
    ),
];

/// A script that passed every check, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedScript {
    pub script: Script,
    /// SHA-256 of the file's bytes, lower-case hex: stored with every screening.
    pub hash: String,
    /// Where it came from: `built-in hcsw-values.toml` or the file's path.
    pub source: String,
}

/// One thing wrong with a script file.
///
/// Shown as `<file>: question 'q2', field 'anchors': <what is wrong and how to fix it>`; the
/// question part is left out when the problem is not in a question, and the field part when the
/// problem is with the file as a whole (it cannot be read, or is not TOML).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}{message}", location(.question, .field))]
pub struct ScriptProblem {
    pub file: String,
    /// The id of the values or eligibility question the problem is in, if any.
    pub question: Option<String>,
    /// The field, e.g. `anchors` in a question or `rules.pass_mark`; empty for the whole file.
    pub field: String,
    pub message: String,
}

fn location(question: &Option<String>, field: &str) -> String {
    match (question, field.is_empty()) {
        (Some(question), false) => format!("question '{question}', field '{field}': "),
        (Some(question), true) => format!("question '{question}': "),
        (None, false) => format!("field '{field}': "),
        (None, true) => String::new(),
    }
}

/// Collects the problems in one file.
struct Problems<'a> {
    file: &'a str,
    found: Vec<ScriptProblem>,
}

impl Problems<'_> {
    fn add(&mut self, question: Option<&str>, field: &str, message: impl Into<String>) {
        self.found.push(ScriptProblem {
            file: self.file.to_string(),
            question: question.map(str::to_string),
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// Parses and checks a script. `file` names it in problems and becomes `source`.
/// Returns every problem found, not just the first (a file that is not valid TOML, or does not
/// have the shape of a script, gives one problem, since nothing after it can be trusted).
pub fn parse_script(
    file: &str,
    text: &str,
    roles: &RoleCatalogue,
) -> Result<LoadedScript, Vec<ScriptProblem>> {
    let script: Script = match toml::from_str(text) {
        Ok(script) => script,
        Err(error) => return Err(vec![toml_problem(file, text, &error)]),
    };
    let mut problems = Problems {
        file,
        found: Vec::new(),
    };
    check(&script, roles, &mut problems);
    if !problems.found.is_empty() {
        return Err(problems.found);
    }
    Ok(LoadedScript {
        script,
        hash: hex::encode(Sha256::digest(text.as_bytes())),
        source: file.to_string(),
    })
}

/// The largest script file read: a long script is a few dozen KiB.
const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;

/// Reads, parses and checks one script file, for `fairfloor script check FILE`.
pub fn check_file(path: &Path, roles: &RoleCatalogue) -> Result<LoadedScript, Vec<ScriptProblem>> {
    let file = path.display().to_string();
    let whole_file = |message: String| {
        vec![ScriptProblem {
            file: file.clone(),
            question: None,
            field: String::new(),
            message,
        }]
    };
    let bytes = crate::outside_file::read(path, MAX_SCRIPT_BYTES)
        .map_err(|error| whole_file(format!("{}.", error.reason())))?;
    parse_script_bytes(&file, &bytes, roles)
}

/// Parses and checks a script file's bytes: [`parse_script`] after checking they are UTF-8.
pub fn parse_script_bytes(
    file: &str,
    bytes: &[u8],
    roles: &RoleCatalogue,
) -> Result<LoadedScript, Vec<ScriptProblem>> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let (line, column) = line_and_column(&String::from_utf8_lossy(bytes), at);
        vec![ScriptProblem {
            file: file.to_string(),
            question: None,
            field: String::new(),
            message: format!(
                "line {line}, column {column}: this file is not UTF-8 text. Save it from your editor as UTF-8 (\"UTF-8\" or \"Unicode\" in the Save As options)."
            ),
        }]
    })?;
    parse_script(file, text, roles)
}

/// The scripts available to the interview screens, and any that were refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptLibrary {
    pub scripts: Vec<LoadedScript>,
    /// Every problem in every refused file; show them to staff, never crash on them.
    pub refused: Vec<ScriptProblem>,
}

impl ScriptLibrary {
    /// The scripts shipped in `assets/scripts`, built into the binary.
    pub fn built_in(roles: &RoleCatalogue) -> Self {
        let mut library = Self::default();
        for (name, text) in BUILT_IN {
            match parse_script(&format!("built-in {name}"), text, roles) {
                Ok(script) => library.scripts.push(script),
                Err(problems) => library.refused.extend(problems),
            }
        }
        library
    }

    /// The built-in scripts plus every `*.toml` file in `extra_dir` (in file-name order). A file
    /// whose id matches a built-in script replaces it; a broken file is refused (its problems go
    /// to `refused`) and the rest stay usable; a missing directory is fine.
    pub fn load(extra_dir: Option<&Path>, roles: &RoleCatalogue) -> Self {
        let mut library = Self::built_in(roles);
        let Some(dir) = extra_dir else {
            return library;
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return library,
            Err(error) => {
                library.refused.push(ScriptProblem {
                    file: dir.display().to_string(),
                    question: None,
                    field: String::new(),
                    message: format!(
                        "cannot read this folder of scripts ({error}). Check it is a folder you can open; the built-in scripts are still available."
                    ),
                });
                return library;
            }
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();

        let built_in_ids: HashSet<String> = library
            .scripts
            .iter()
            .map(|s| s.script.id.clone())
            .collect();
        let mut from_dir: BTreeMap<String, String> = BTreeMap::new();
        for path in paths {
            let loaded = match check_file(&path, roles) {
                Ok(loaded) => loaded,
                Err(problems) => {
                    library.refused.extend(problems);
                    continue;
                }
            };
            let id = loaded.script.id.clone();
            if let Some(earlier) = from_dir.get(&id) {
                library.refused.push(ScriptProblem {
                    file: loaded.source.clone(),
                    question: None,
                    field: "id".to_string(),
                    message: format!(
                        "the id '{id}' is already used by {earlier}. Give each script its own id, or remove one of the files."
                    ),
                });
                continue;
            }
            from_dir.insert(id.clone(), loaded.source.clone());
            if built_in_ids.contains(&id) {
                if let Some(slot) = library.scripts.iter_mut().find(|s| s.script.id == id) {
                    *slot = loaded;
                }
            } else {
                library.scripts.push(loaded);
            }
        }
        library
    }

    pub fn get(&self, id: &str) -> Option<&LoadedScript> {
        self.scripts.iter().find(|s| s.script.id == id)
    }

    /// The script for a candidate: the first script covering the first of their roles that any
    /// script covers; `None` if none does.
    pub fn default_for(&self, candidate_roles: &[String]) -> Option<&LoadedScript> {
        candidate_roles.iter().find_map(|role| {
            self.scripts
                .iter()
                .find(|s| s.script.roles.iter().any(|r| r == role))
        })
    }
}

/// Every check on a parsed script.
fn check(script: &Script, roles: &RoleCatalogue, problems: &mut Problems<'_>) {
    let known_roles = || {
        roles
            .roles
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };

    // The script as a whole.
    if script.id.trim().is_empty() {
        problems.add(
            None,
            "id",
            "the script has no id. Give it a short, stable id such as id = \"hcsw-values\".",
        );
    } else if !script
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        problems.add(
            None,
            "id",
            format!(
                "the id '{}' may only use lower-case letters, digits, '-' and '_', like \"hcsw-values\".",
                script.id
            ),
        );
    }
    if script.title.trim().is_empty() {
        problems.add(
            None,
            "title",
            "the script has no title. Add one recruiters will recognise, such as title = \"Healthcare support worker values interview\".",
        );
    }
    if script.version == 0 {
        problems.add(
            None,
            "version",
            "the version must be 1 or more. Start at version = 1 and add one whenever the questions, anchors or rules change.",
        );
    }
    if script.roles.is_empty() {
        problems.add(
            None,
            "roles",
            format!(
                "the script is not for any role. List the role codes it is for, e.g. roles = [\"hcsw\"]. Known codes: {}.",
                known_roles()
            ),
        );
    }
    let mut seen_roles = HashSet::new();
    for code in &script.roles {
        if roles.get(code).is_none() {
            problems.add(
                None,
                "roles",
                format!(
                    "'{code}' is not a role code in assets/roles.toml. Use one of: {}.",
                    known_roles()
                ),
            );
        } else if !seen_roles.insert(code.as_str()) {
            problems.add(
                None,
                "roles",
                format!("'{code}' is listed twice. List each role once."),
            );
        }
    }

    // Guidance.
    if script.guidance.minutes_per_question == 0 {
        problems.add(
            None,
            "guidance.minutes_per_question",
            "must be 1 or more: roughly how many minutes to spend on each values question, e.g. minutes_per_question = 4.",
        );
    }
    if script.guidance.text.iter().all(|t| t.trim().is_empty()) {
        problems.add(
            None,
            "guidance.text",
            "there is no guidance for the recruiter. Add at least one paragraph, e.g. on putting a nervous candidate at ease.",
        );
    }

    // Question ids: eligibility and values questions share one id space.
    let mut ids: HashSet<String> = HashSet::new();
    let mut check_id = |id: &str, kind: &str, problems: &mut Problems<'_>| {
        if id.trim().is_empty() {
            problems.add(
                None,
                "id",
                format!("a{kind} question has no id. Give every question a short id, such as id = \"q1\"."),
            );
        } else if !ids.insert(id.to_string()) {
            problems.add(
                Some(id),
                "id",
                "this id is used by more than one question (eligibility and values questions share ids). Give each question its own id.",
            );
        }
    };

    // Eligibility questions.
    for question in &script.eligibility {
        check_id(&question.id, "n eligibility", problems);
        let q = Some(question.id.as_str()).filter(|id| !id.trim().is_empty());
        if question.prompt.trim().is_empty() {
            problems.add(
                q,
                "prompt",
                "the prompt is empty. Write the question the recruiter reads out, e.g. prompt = \"Do you have the right to work in the UK?\".",
            );
        }
        if question.answers.len() < 2 {
            problems.add(
                q,
                "answers",
                format!(
                    "there {} {} answer{}; give at least two, e.g. [[eligibility.answers]] id = \"yes\" and id = \"no\", each with label, outcome and meaning.",
                    if question.answers.len() == 1 { "is" } else { "are" },
                    question.answers.len(),
                    if question.answers.len() == 1 { "" } else { "s" },
                ),
            );
        }
        let mut answer_ids = HashSet::new();
        for answer in &question.answers {
            if answer.id.trim().is_empty() {
                problems.add(
                    q,
                    "answers",
                    "an answer has no id. Give each answer a short id such as id = \"not_sure\".",
                );
            } else if !answer_ids.insert(answer.id.as_str()) {
                problems.add(
                    q,
                    "answers",
                    format!(
                        "the answer id '{}' is used twice. Give each answer its own id.",
                        answer.id
                    ),
                );
            }
            if answer.label.trim().is_empty() {
                problems.add(
                    q,
                    "answers",
                    format!(
                        "answer '{}' has no label. Add the words the recruiter picks, e.g. label = \"Not sure\".",
                        answer.id
                    ),
                );
            }
            if answer.meaning.trim().is_empty() {
                problems.add(
                    q,
                    "answers",
                    format!(
                        "answer '{}' has no meaning. Add a sentence the recruiter can say about what this answer means for an offer.",
                        answer.id
                    ),
                );
            }
        }
    }

    // Values questions.
    if script.questions.is_empty() {
        problems.add(
            None,
            "question",
            "there are no values questions. Add at least one [[question]] with id, value, prompt, probes, positive, negative and anchors.",
        );
    }
    for question in &script.questions {
        check_id(&question.id, " values", problems);
        let q = Some(question.id.as_str()).filter(|id| !id.trim().is_empty());
        if question.prompt.trim().is_empty() {
            problems.add(
                q,
                "prompt",
                "the prompt is empty. Write the question the recruiter reads aloud, short and clear.",
            );
        }
        let probes = question.probes.len();
        if !(2..=3).contains(&probes) {
            problems.add(
                q,
                "probes",
                format!(
                    "there {} {probes} probe{}; give two or three follow-up questions, e.g. probes = [\"What did you do next?\", \"How did it turn out?\"].",
                    if probes == 1 { "is" } else { "are" },
                    if probes == 1 { "" } else { "s" },
                ),
            );
        }
        if question.probes.iter().any(|p| p.trim().is_empty()) {
            problems.add(
                q,
                "probes",
                "a probe is empty. Remove it or write the follow-up question.",
            );
        }
        for (field, list, what) in [
            ("positive", &question.positive, "what a good answer shows"),
            ("negative", &question.negative, "what a weak answer shows"),
        ] {
            if list.iter().all(|s| s.trim().is_empty()) {
                problems.add(
                    q,
                    field,
                    format!(
                        "there are no {field} indicators. Add at least one line saying {what}."
                    ),
                );
            } else if list.iter().any(|s| s.trim().is_empty()) {
                problems.add(
                    q,
                    field,
                    "an indicator is empty. Remove it or write what it means.",
                );
            }
        }
        let mut scores_seen = HashSet::new();
        for anchor in &question.anchors {
            if !(MIN_SCORE..=MAX_SCORE).contains(&anchor.score) {
                problems.add(
                    q,
                    "anchors",
                    format!(
                        "there is an anchor for score {}, but scores run from {MIN_SCORE} to {MAX_SCORE}. Change its score or remove it.",
                        anchor.score
                    ),
                );
            } else if !scores_seen.insert(anchor.score) {
                problems.add(
                    q,
                    "anchors",
                    format!(
                        "there are two anchors for score {}. Keep one anchor per score.",
                        anchor.score
                    ),
                );
            }
            if anchor.description.trim().is_empty() {
                problems.add(
                    q,
                    "anchors",
                    format!(
                        "the anchor for score {} has no description. Describe what an answer that earns {} looks like.",
                        anchor.score, anchor.score
                    ),
                );
            }
        }
        for score in MIN_SCORE..=MAX_SCORE {
            if !scores_seen.contains(&score) {
                problems.add(
                    q,
                    "anchors",
                    format!(
                        "there is no anchor for score {score}. Add one: [[question.anchors]] score = {score}, description = \"…\""
                    ),
                );
            }
        }
    }

    check_control_characters(script, problems);

    // Rules.
    let rules = &script.rules;
    let max_total = u32::from(MAX_SCORE)
        .saturating_mul(u32::try_from(script.questions.len()).unwrap_or(u32::MAX));
    if rules.pass_mark == 0 {
        problems.add(
            None,
            "rules.pass_mark",
            format!(
                "the pass mark is 0, so every candidate would pass. Set it between 1 and {max_total} (the maximum total: {MAX_SCORE} × {} questions).",
                script.questions.len()
            ),
        );
    } else if !script.questions.is_empty() && rules.pass_mark > max_total {
        problems.add(
            None,
            "rules.pass_mark",
            format!(
                "the pass mark {} is above the maximum total of {max_total} ({MAX_SCORE} × {} questions), so no one could pass. Set it to {max_total} or less.",
                rules.pass_mark,
                script.questions.len()
            ),
        );
    }
    if !(MIN_SCORE..=MAX_SCORE).contains(&rules.minimum_per_question) {
        problems.add(
            None,
            "rules.minimum_per_question",
            format!(
                "the minimum per question is {}, but scores run from {MIN_SCORE} to {MAX_SCORE}. Set it between {MIN_SCORE} and {MAX_SCORE}, e.g. minimum_per_question = 2.",
                rules.minimum_per_question
            ),
        );
    }
    if rules.pass_mark > 0 && rules.second_opinion_margin >= rules.pass_mark {
        problems.add(
            None,
            "rules.second_opinion_margin",
            format!(
                "the margin {} is not below the pass mark of {}, so even a total of 0 would get a second opinion. Make it smaller than the pass mark, e.g. 2.",
                rules.second_opinion_margin, rules.pass_mark
            ),
        );
    }
}

/// Script text is shown on staff screens and printed by `script show`: refuse control characters
/// (such as terminal escape sequences) anywhere in it. New lines are allowed.
fn check_control_characters(script: &Script, problems: &mut Problems<'_>) {
    let mut texts: Vec<(Option<&str>, &str, &str)> =
        vec![(None, "id", &script.id), (None, "title", &script.title)];
    texts.extend(script.roles.iter().map(|r| (None, "roles", r.as_str())));
    texts.extend(
        script
            .guidance
            .text
            .iter()
            .map(|t| (None, "guidance.text", t.as_str())),
    );
    for q in &script.eligibility {
        let id = Some(q.id.as_str());
        texts.push((id, "id", &q.id));
        texts.push((id, "prompt", &q.prompt));
        for a in &q.answers {
            texts.extend([
                (id, "answers", a.id.as_str()),
                (id, "answers", a.label.as_str()),
                (id, "answers", a.meaning.as_str()),
            ]);
        }
    }
    for q in &script.questions {
        let id = Some(q.id.as_str());
        texts.push((id, "id", &q.id));
        texts.push((id, "prompt", &q.prompt));
        texts.extend(q.probes.iter().map(|t| (id, "probes", t.as_str())));
        texts.extend(q.positive.iter().map(|t| (id, "positive", t.as_str())));
        texts.extend(q.negative.iter().map(|t| (id, "negative", t.as_str())));
        texts.extend(
            q.anchors
                .iter()
                .map(|a| (id, "anchors", a.description.as_str())),
        );
    }
    let mut reported = HashSet::new();
    for (question, field, text) in texts {
        if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n')
            && reported.insert((question, field))
        {
            let question = question.filter(|q| !q.chars().any(char::is_control));
            problems.add(
                question,
                field,
                format!(
                    "the text contains a control character (U+{:04X}), which could upset the screen. Remove it, or retype the text in a plain editor.",
                    u32::from(c)
                ),
            );
        }
    }
}

/// Turns a TOML or shape error into a problem with the line and column, the field, the question
/// it is in (when that can be told from the text) and how to fix it.
fn toml_problem(file: &str, text: &str, error: &toml::de::Error) -> ScriptProblem {
    let raw = error.message().trim().to_string();
    let start = error.span().map(|span| span.start);
    let at = start
        .map(|offset| {
            let (line, column) = line_and_column(text, offset);
            format!("line {line}, column {column}: ")
        })
        .unwrap_or_default();
    let question = start.and_then(|offset| question_around(text, offset));
    let key = start.and_then(|offset| key_at(text, offset));

    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let allowed = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        let allowed = if allowed.is_empty() {
            "there are no other fields here".to_string()
        } else {
            format!("the fields here are: {}", allowed.join(", "))
        };
        return ScriptProblem {
            file: file.to_string(),
            question,
            field: name.to_string(),
            message: format!("{at}'{name}' is not a field here. Check its spelling; {allowed}."),
        };
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let name = rest.split('`').next().unwrap_or_default();
        let allowed = match key.as_deref() {
            Some("value") => format!(
                "the six NHS values: {}",
                NhsValue::iter()
                    .map(|v| format!("{} ({})", v.as_ref(), v.title()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("outcome") => format!(
                "{} (fine for an offer), {} (an offer on condition of a check), {} (no offer today)",
                EligibilityOutcome::Eligible.as_ref(),
                EligibilityOutcome::NeedsCheck.as_ref(),
                EligibilityOutcome::NotEligible.as_ref()
            ),
            _ => backticked(rest.split_once("expected").map_or("", |(_, e)| e)).join(", "),
        };
        return ScriptProblem {
            file: file.to_string(),
            question,
            field: key.unwrap_or_default(),
            message: format!("{at}'{name}' is not allowed here. Use one of {allowed}."),
        };
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let how = match name {
            "question" => "Add at least one [[question]] with id, value, prompt, probes, positive, negative and anchors.".to_string(),
            "guidance" => "Add a [guidance] table with minutes_per_question and text.".to_string(),
            "rules" => "Add a [rules] table with pass_mark, minimum_per_question and second_opinion_margin.".to_string(),
            "anchors" => "Add four anchors, one per score: [[question.anchors]] score = 1, description = \"…\" and so on up to 4.".to_string(),
            "answers" => "Add at least two answers: [[eligibility.answers]] with id, label, outcome and meaning.".to_string(),
            other => format!("Add it, e.g. {other} = {}.", example_value(other)),
        };
        // Where the table without the field starts; the top of the file needs no pointer.
        let table = start
            .filter(|&offset| offset > 0)
            .map(|offset| {
                format!(
                    " from the table that starts on line {}",
                    line_and_column(text, offset).0
                )
            })
            .unwrap_or_default();
        return ScriptProblem {
            file: file.to_string(),
            question,
            field: name.to_string(),
            message: format!("'{name}' is missing{table}. {how}"),
        };
    }
    if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        return ScriptProblem {
            file: file.to_string(),
            question,
            field: key.unwrap_or_default(),
            message: format!(
                "{at}{}. Check the value: text goes in \"quotes\", whole numbers without quotes, lists in [brackets] and yes/no as true or false.",
                plain_types(&raw)
            ),
        };
    }
    let field = if raw.contains("duplicate key") {
        key.unwrap_or_default()
    } else {
        String::new()
    };
    ScriptProblem {
        file: file.to_string(),
        question,
        field,
        message: format!(
            "{at}this is not valid TOML ({}). Check the quotes, brackets and '=' on that line.",
            raw.replace('\n', "; ")
        ),
    }
}

/// An example value for a field, for "missing field" messages.
fn example_value(field: &str) -> &'static str {
    match field {
        "id" => "\"q1\"",
        "version" => "1",
        "title" | "prompt" | "label" | "meaning" | "description" => "\"…\"",
        "roles" => "[\"hcsw\"]",
        "value" => "\"compassion\"",
        "probes" => "[\"…\", \"…\"]",
        "positive" | "negative" | "text" => "[\"…\"]",
        "outcome" => "\"eligible\"",
        "score" => "1",
        "minutes_per_question" => "4",
        "pass_mark" => "15",
        "minimum_per_question" => "2",
        "second_opinion_margin" => "2",
        _ => "…",
    }
}

/// serde's type names in words a script editor knows.
fn plain_types(message: &str) -> String {
    message
        .replace("expected u8", "expected a whole number from 0 to 255")
        .replace("expected u32", "expected a whole number")
        .replace("expected a sequence", "expected a list in [brackets]")
        .replace("expected a string", "expected text in quotes")
        .replace("expected a boolean", "expected true or false")
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The key on the line holding `offset`, e.g. `value` for `value = "kindness"`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(line_start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key
        .trim()
        .trim_start_matches('{')
        .rsplit([',', '{'])
        .next()?
        .trim();
    let key = key.trim_matches('"');
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// The id of the `[[question]]` or `[[eligibility]]` table holding `offset`, read from the text.
fn question_around(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let mut start = None;
    let mut position = 0;
    for line in text.split_inclusive('\n') {
        if position > offset {
            break;
        }
        let header = line.trim();
        if header.starts_with('[') {
            start = match header {
                "[[question]]" | "[[eligibility]]" => Some(position),
                h if h.starts_with("[[question.") || h.starts_with("[[eligibility.") => start,
                _ => None,
            };
        }
        position += line.len();
    }
    let rest = text.get(start?..)?;
    for (index, line) in rest.lines().enumerate() {
        let trimmed = line.trim();
        if index > 0 && trimmed.starts_with("[[") && !trimmed.contains('.') {
            break;
        }
        if index > 0
            && (trimmed.starts_with("[[question.") || trimmed.starts_with("[[eligibility."))
        {
            // Ids inside sub-tables (answers) belong to the answer, not the question.
            break;
        }
        if let Some((key, value)) = trimmed.split_once('=')
            && key.trim() == "id"
        {
            let id = value.trim().trim_matches('"').trim_matches('\'');
            return (!id.is_empty()).then(|| id.to_string());
        }
    }
    None
}

/// The names between backticks in a serde message: "`a`, `b` or `c`" → [a, b, c].
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A readable rendering of a script for `fairfloor script show ID`.
pub fn show(script: &LoadedScript, roles: &RoleCatalogue) -> String {
    let s = &script.script;
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.title);
    let _ = writeln!(out, "{}", "=".repeat(s.title.chars().count().max(3)));
    let _ = writeln!(out, "Id:      {}", s.id);
    let _ = writeln!(out, "Version: {}", s.version);
    let _ = writeln!(out, "Hash:    {}", script.hash);
    let _ = writeln!(out, "Source:  {}", script.source);
    let _ = writeln!(out, "Roles:   {}", roles.titles(&s.roles).join(", "));
    let _ = writeln!(out);

    let _ = writeln!(out, "Guidance");
    let _ = writeln!(out, "--------");
    let _ = writeln!(
        out,
        "About {} minute{} per values question.",
        s.guidance.minutes_per_question,
        if s.guidance.minutes_per_question == 1 {
            ""
        } else {
            "s"
        }
    );
    for paragraph in &s.guidance.text {
        let _ = writeln!(out, "{paragraph}");
    }

    if !s.eligibility.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Eligibility");
        let _ = writeln!(out, "-----------");
        for question in &s.eligibility {
            let _ = writeln!(out, "[{}] {}", question.id, question.prompt);
            for answer in &question.answers {
                let outcome = match answer.outcome {
                    EligibilityOutcome::Eligible => "eligible",
                    EligibilityOutcome::NeedsCheck => "needs a check",
                    EligibilityOutcome::NotEligible => "not eligible",
                };
                let _ = writeln!(out, "  - {} ({outcome}): {}", answer.label, answer.meaning);
            }
        }
    }

    for (index, question) in s.questions.iter().enumerate() {
        let _ = writeln!(out);
        let heading = format!(
            "Question {} of {} [{}]: {}",
            index + 1,
            s.questions.len(),
            question.id,
            question.value.title()
        );
        let _ = writeln!(out, "{heading}");
        let _ = writeln!(out, "{}", "-".repeat(heading.chars().count()));
        let _ = writeln!(out, "Ask: {}", question.prompt);
        let _ = writeln!(out, "Probes:");
        for probe in &question.probes {
            let _ = writeln!(out, "  - {probe}");
        }
        let _ = writeln!(out, "A good answer shows:");
        for line in &question.positive {
            let _ = writeln!(out, "  + {line}");
        }
        let _ = writeln!(out, "A weak answer shows:");
        for line in &question.negative {
            let _ = writeln!(out, "  - {line}");
        }
        let _ = writeln!(out, "Scores:");
        let mut anchors: Vec<_> = question.anchors.iter().collect();
        anchors.sort_by_key(|a| a.score);
        for anchor in anchors {
            let _ = writeln!(out, "  {}: {}", anchor.score, anchor.description);
        }
    }

    let r = &s.rules;
    let max_total =
        u32::from(MAX_SCORE).saturating_mul(u32::try_from(s.questions.len()).unwrap_or(u32::MAX));
    let _ = writeln!(out);
    let _ = writeln!(out, "Rules");
    let _ = writeln!(out, "-----");
    let _ = writeln!(
        out,
        "Offer: a total of at least {} out of {max_total}, with every question scoring at least {}.",
        r.pass_mark, r.minimum_per_question
    );
    let mut second = vec![format!(
        "every question scores at least {} and the total is at least {} (within {} of the pass mark)",
        r.minimum_per_question,
        r.pass_mark.saturating_sub(r.second_opinion_margin),
        r.second_opinion_margin
    )];
    if r.second_opinion_on_one_low_score {
        second.push(format!(
            "the total is at least {} but exactly one question scores below {}",
            r.pass_mark, r.minimum_per_question
        ));
    }
    let _ = writeln!(out, "Second opinion: when {}.", second.join(", or when "));
    let _ = writeln!(
        out,
        "Not progressing: anything else, or an eligibility answer that rules an offer out."
    );
    let _ = writeln!(
        out,
        "No recommendation is made until every question is answered."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;
    use std::path::PathBuf;

    fn roles() -> RoleCatalogue {
        Content::load().expect("built-in assets").roles
    }

    fn fixture_path(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/scripts")
            .join(name)
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(fixture_path(name)).expect("fixture is readable")
    }

    /// Every problem in a fixture, as shown to people, with the file named by its file name.
    fn problems(name: &str) -> Vec<String> {
        match parse_script(name, &fixture(name), &roles()) {
            Ok(_) => panic!("{name} should be refused"),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    fn assert_problems(name: &str, expected: &[&str]) {
        assert_eq!(problems(name), expected, "{name}");
    }

    const KNOWN_ROLES: &str = "hcsw, nursing_assistant, theatre_support, maternity_support, call_handler_111, domestic, porter";

    #[test]
    fn the_valid_fixture_loads() {
        let loaded = parse_script("valid.toml", &fixture("valid.toml"), &roles()).unwrap();
        assert_eq!(loaded.script.id, "fixture");
        assert_eq!(loaded.source, "valid.toml");
        let expected = hex::encode(Sha256::digest(fixture("valid.toml").as_bytes()));
        assert_eq!(loaded.hash, expected);
        assert_eq!(loaded.hash.len(), 64);
    }

    #[test]
    fn the_hash_changes_with_any_byte() {
        let text = fixture("valid.toml");
        let a = parse_script("a", &text, &roles()).unwrap();
        let b = parse_script("b", &format!("{text}\n"), &roles()).unwrap();
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn missing_anchor() {
        assert_problems(
            "missing-anchor.toml",
            &[
                "missing-anchor.toml: question 'q2', field 'anchors': there is no anchor for score 3. Add one: [[question.anchors]] score = 3, description = \"…\"",
            ],
        );
    }

    #[test]
    fn duplicate_anchor() {
        assert_problems(
            "duplicate-anchor.toml",
            &[
                "duplicate-anchor.toml: question 'q2', field 'anchors': there are two anchors for score 2. Keep one anchor per score.",
                "duplicate-anchor.toml: question 'q2', field 'anchors': there is no anchor for score 3. Add one: [[question.anchors]] score = 3, description = \"…\"",
            ],
        );
    }

    #[test]
    fn anchor_out_of_range() {
        assert_problems(
            "anchor-out-of-range.toml",
            &[
                "anchor-out-of-range.toml: question 'q2', field 'anchors': there is an anchor for score 5, but scores run from 1 to 4. Change its score or remove it.",
                "anchor-out-of-range.toml: question 'q2', field 'anchors': there is no anchor for score 4. Add one: [[question.anchors]] score = 4, description = \"…\"",
            ],
        );
    }

    #[test]
    fn empty_anchor() {
        assert_problems(
            "empty-anchor.toml",
            &[
                "empty-anchor.toml: question 'q2', field 'anchors': the anchor for score 3 has no description. Describe what an answer that earns 3 looks like.",
            ],
        );
    }

    #[test]
    fn duplicate_id() {
        assert_problems(
            "duplicate-id.toml",
            &[
                "duplicate-id.toml: question 'q1', field 'id': this id is used by more than one question (eligibility and values questions share ids). Give each question its own id.",
            ],
        );
    }

    #[test]
    fn values_and_eligibility_questions_share_one_id_space() {
        assert_problems(
            "shared-id.toml",
            &[
                "shared-id.toml: question 'right_to_work', field 'id': this id is used by more than one question (eligibility and values questions share ids). Give each question its own id.",
            ],
        );
    }

    #[test]
    fn unknown_value_lists_the_six_nhs_values() {
        assert_problems(
            "unknown-value.toml",
            &[
                "unknown-value.toml: question 'q2', field 'value': line 53, column 9: 'kindness' is not allowed here. Use one of the six NHS values: working_together_for_patients (Working together for patients), respect_and_dignity (Respect and dignity), commitment_to_quality_of_care (Commitment to quality of care), compassion (Compassion), improving_lives (Improving lives), everyone_counts (Everyone counts).",
            ],
        );
    }

    #[test]
    fn unknown_outcome_lists_the_outcomes() {
        assert_problems(
            "unknown-outcome.toml",
            &[
                "unknown-outcome.toml: question 'right_to_work', field 'outcome': line 24, column 11: 'maybe' is not allowed here. Use one of eligible (fine for an offer), needs_check (an offer on condition of a check), not_eligible (no offer today).",
            ],
        );
    }

    #[test]
    fn unknown_field_lists_the_allowed_fields() {
        assert_problems(
            "unknown-field.toml",
            &[
                "unknown-field.toml: question 'q2', field 'colour': line 54, column 1: 'colour' is not a field here. Check its spelling; the fields here are: id, value, prompt, probes, positive, negative, anchors.",
            ],
        );
    }

    #[test]
    fn missing_field() {
        assert_problems(
            "missing-field.toml",
            &[
                "missing-field.toml: question 'q2', field 'prompt': 'prompt' is missing from the table that starts on line 51. Add it, e.g. prompt = \"…\".",
            ],
        );
    }

    #[test]
    fn no_values_questions() {
        assert_problems(
            "no-questions.toml",
            &[
                "no-questions.toml: field 'question': 'question' is missing. Add at least one [[question]] with id, value, prompt, probes, positive, negative and anchors.",
            ],
        );
        let empty = "id = \"x\"\nversion = 1\ntitle = \"X\"\nroles = [\"porter\"]\nquestion = []\n[guidance]\nminutes_per_question = 3\ntext = [\"Be kind.\"]\n[rules]\npass_mark = 1\nminimum_per_question = 2\nsecond_opinion_margin = 0\n";
        let problems = parse_script("empty.toml", empty, &roles()).unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "empty.toml: field 'question': there are no values questions. Add at least one [[question]] with id, value, prompt, probes, positive, negative and anchors."
        );
    }

    #[test]
    fn wrong_type() {
        assert_problems(
            "wrong-type.toml",
            &[
                "wrong-type.toml: field 'version': line 3, column 11: invalid type: string \"one\", expected a whole number. Check the value: text goes in \"quotes\", whole numbers without quotes, lists in [brackets] and yes/no as true or false.",
            ],
        );
    }

    #[test]
    fn bad_toml_gives_the_line_and_column() {
        assert_problems(
            "bad-toml.toml",
            &[
                "bad-toml.toml: line 4, column 24: this is not valid TOML (invalid basic string, expected `\"`). Check the quotes, brackets and '=' on that line.",
            ],
        );
    }

    #[test]
    fn unknown_role_lists_the_known_codes() {
        assert_problems(
            "unknown-role.toml",
            &[&format!(
                "unknown-role.toml: field 'roles': 'surgeon' is not a role code in assets/roles.toml. Use one of: {KNOWN_ROLES}."
            )],
        );
    }

    #[test]
    fn no_roles() {
        assert_problems(
            "no-roles.toml",
            &[&format!(
                "no-roles.toml: field 'roles': the script is not for any role. List the role codes it is for, e.g. roles = [\"hcsw\"]. Known codes: {KNOWN_ROLES}."
            )],
        );
    }

    #[test]
    fn empty_id_and_title() {
        assert_problems(
            "empty-id-and-title.toml",
            &[
                "empty-id-and-title.toml: field 'id': the script has no id. Give it a short, stable id such as id = \"hcsw-values\".",
                "empty-id-and-title.toml: field 'title': the script has no title. Add one recruiters will recognise, such as title = \"Healthcare support worker values interview\".",
            ],
        );
    }

    #[test]
    fn version_zero() {
        assert_problems(
            "version-zero.toml",
            &[
                "version-zero.toml: field 'version': the version must be 1 or more. Start at version = 1 and add one whenever the questions, anchors or rules change.",
            ],
        );
    }

    #[test]
    fn zero_minutes_per_question() {
        assert_problems(
            "zero-minutes.toml",
            &[
                "zero-minutes.toml: field 'guidance.minutes_per_question': must be 1 or more: roughly how many minutes to spend on each values question, e.g. minutes_per_question = 4.",
            ],
        );
    }

    #[test]
    fn empty_prompt() {
        assert_problems(
            "empty-prompt.toml",
            &[
                "empty-prompt.toml: question 'q2', field 'prompt': the prompt is empty. Write the question the recruiter reads aloud, short and clear.",
            ],
        );
    }

    #[test]
    fn too_few_probes() {
        assert_problems(
            "too-few-probes.toml",
            &[
                "too-few-probes.toml: question 'q2', field 'probes': there is 1 probe; give two or three follow-up questions, e.g. probes = [\"What did you do next?\", \"How did it turn out?\"].",
            ],
        );
    }

    #[test]
    fn too_many_probes() {
        assert_problems(
            "too-many-probes.toml",
            &[
                "too-many-probes.toml: question 'q2', field 'probes': there are 4 probes; give two or three follow-up questions, e.g. probes = [\"What did you do next?\", \"How did it turn out?\"].",
            ],
        );
    }

    #[test]
    fn no_indicators() {
        assert_problems(
            "no-indicators.toml",
            &[
                "no-indicators.toml: question 'q2', field 'positive': there are no positive indicators. Add at least one line saying what a good answer shows.",
                "no-indicators.toml: question 'q2', field 'negative': there are no negative indicators. Add at least one line saying what a weak answer shows.",
            ],
        );
    }

    #[test]
    fn too_few_answers() {
        assert_problems(
            "too-few-answers.toml",
            &[
                "too-few-answers.toml: question 'right_to_work', field 'answers': there is 1 answer; give at least two, e.g. [[eligibility.answers]] id = \"yes\" and id = \"no\", each with label, outcome and meaning.",
            ],
        );
    }

    #[test]
    fn duplicate_answer() {
        assert_problems(
            "duplicate-answer.toml",
            &[
                "duplicate-answer.toml: question 'right_to_work', field 'answers': the answer id 'yes' is used twice. Give each answer its own id.",
            ],
        );
    }

    #[test]
    fn pass_mark_too_high_says_the_maximum() {
        assert_problems(
            "pass-mark-too-high.toml",
            &[
                "pass-mark-too-high.toml: field 'rules.pass_mark': the pass mark 9 is above the maximum total of 8 (4 × 2 questions), so no one could pass. Set it to 8 or less.",
            ],
        );
    }

    #[test]
    fn pass_mark_zero() {
        assert_problems(
            "pass-mark-zero.toml",
            &[
                "pass-mark-zero.toml: field 'rules.pass_mark': the pass mark is 0, so every candidate would pass. Set it between 1 and 8 (the maximum total: 4 × 2 questions).",
            ],
        );
    }

    #[test]
    fn minimum_outside_the_scale() {
        assert_problems(
            "bad-minimum.toml",
            &[
                "bad-minimum.toml: field 'rules.minimum_per_question': the minimum per question is 5, but scores run from 1 to 4. Set it between 1 and 4, e.g. minimum_per_question = 2.",
            ],
        );
    }

    #[test]
    fn margin_not_below_the_pass_mark() {
        assert_problems(
            "margin-too-big.toml",
            &[
                "margin-too-big.toml: field 'rules.second_opinion_margin': the margin 6 is not below the pass mark of 6, so even a total of 0 would get a second opinion. Make it smaller than the pass mark, e.g. 2.",
            ],
        );
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let found = problems("many-problems.toml");
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].contains("field 'version'"));
        assert!(found[1].contains("'surgeon' is not a role code"));
        assert!(found[2].contains("question 'q1', field 'probes': there are 0 probes"));
        assert!(found[3].contains("the pass mark 20 is above the maximum total of 8"));
    }

    #[test]
    fn a_file_that_is_not_utf8_is_a_problem() {
        let path = fixture_path("not-utf8.toml");
        let problems = check_file(&path, &roles()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, path.display().to_string());
        assert_eq!(problems[0].question, None);
        assert_eq!(problems[0].field, "");
        assert_eq!(
            problems[0].message,
            "line 3, column 13: this file is not UTF-8 text. Save it from your editor as UTF-8 (\"UTF-8\" or \"Unicode\" in the Save As options)."
        );
        assert_eq!(
            problems[0].to_string(),
            format!("{}: {}", path.display(), problems[0].message)
        );
    }

    #[test]
    fn a_missing_file_is_a_problem() {
        let path = fixture_path("no-such-script.toml");
        let problems = check_file(&path, &roles()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.starts_with("cannot read this file ("),
            "{}",
            problems[0]
        );
        assert!(
            problems[0]
                .message
                .ends_with("Check the path is right and that you can open the file.")
        );
    }

    #[test]
    fn check_file_names_the_path_and_hashes_the_bytes() {
        let path = fixture_path("valid.toml");
        let loaded = check_file(&path, &roles()).unwrap();
        assert_eq!(loaded.source, path.display().to_string());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(loaded.hash, hex::encode(Sha256::digest(&bytes)));
        let problems = check_file(&fixture_path("missing-anchor.toml"), &roles()).unwrap_err();
        assert!(problems[0].to_string().starts_with(&format!(
            "{}: question 'q2'",
            fixture_path("missing-anchor.toml").display()
        )));
    }

    #[test]
    fn control_characters_are_refused() {
        let text = fixture("valid.toml").replace(
            "prompt = \"Tell me about a time you made sure someone was not left out.\"",
            "prompt = \"Tell me \\u001b[2Jabout a time.\"",
        );
        let problems = parse_script("escape.toml", &text, &roles()).unwrap_err();
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "escape.toml: question 'q2', field 'prompt': the text contains a control character (U+001B), which could upset the screen. Remove it, or retype the text in a plain editor."
            ]
        );
    }

    #[test]
    fn a_problem_in_a_question_without_a_field_still_reads_well() {
        let problem = ScriptProblem {
            file: "a.toml".to_string(),
            question: Some("q1".to_string()),
            field: String::new(),
            message: "something".to_string(),
        };
        assert_eq!(problem.to_string(), "a.toml: question 'q1': something");
    }

    // The shipped scripts.

    #[test]
    fn the_shipped_scripts_load_with_no_problems() {
        let library = ScriptLibrary::built_in(&roles());
        assert_eq!(library.refused, vec![], "{:#?}", library.refused);
        let ids: Vec<_> = library
            .scripts
            .iter()
            .map(|s| s.script.id.as_str())
            .collect();
        assert_eq!(ids, ["hcsw-values", "support-services-values"]);
        assert_eq!(library.scripts[0].source, "built-in hcsw-values.toml");
        for loaded in &library.scripts {
            assert_eq!(loaded.script.version, 1);
        }
    }

    #[test]
    fn the_shipped_scripts_cover_every_role() {
        let roles = roles();
        let library = ScriptLibrary::built_in(&roles);
        for role in &roles.roles {
            assert!(
                library
                    .default_for(std::slice::from_ref(&role.code))
                    .is_some(),
                "no built-in script covers role '{}'",
                role.code
            );
        }
    }

    #[test]
    fn the_clinical_script_asks_about_every_nhs_value_once() {
        let library = ScriptLibrary::built_in(&roles());
        let script = &library.get("hcsw-values").unwrap().script;
        let mut values: Vec<_> = script.questions.iter().map(|q| q.value).collect();
        values.sort();
        let mut all: Vec<_> = NhsValue::iter().collect();
        all.sort();
        assert_eq!(values, all);
        assert_eq!(script.rules.pass_mark, 15);
        assert_eq!(script.rules.minimum_per_question, 2);
        assert_eq!(script.rules.second_opinion_margin, 2);
        assert!(script.rules.second_opinion_on_one_low_score);
        for question in &script.questions {
            assert!(
                (3..=4).contains(&question.positive.len()),
                "{}",
                question.id
            );
            assert!(
                (3..=4).contains(&question.negative.len()),
                "{}",
                question.id
            );
        }
        let support = &library.get("support-services-values").unwrap().script;
        assert_eq!(support.questions.len(), 4);
        assert_eq!(support.rules.pass_mark, 10);
    }

    /// The prompts are read aloud: keep every sentence short.
    #[test]
    fn the_shipped_prompts_are_short() {
        for loaded in &ScriptLibrary::built_in(&roles()).scripts {
            let script = &loaded.script;
            let prompts = script
                .questions
                .iter()
                .map(|q| &q.prompt)
                .chain(script.eligibility.iter().map(|q| &q.prompt));
            for prompt in prompts {
                for sentence in prompt.split(['.', '?', '!']) {
                    let words = sentence.split_whitespace().count();
                    assert!(words <= 20, "too long to read aloud: {sentence}");
                }
            }
        }
    }

    #[test]
    fn show_prints_everything_a_recruiter_needs() {
        let roles = roles();
        let library = ScriptLibrary::built_in(&roles);
        for loaded in &library.scripts {
            let text = show(loaded, &roles);
            let script = &loaded.script;
            assert!(text.starts_with(&script.title), "{text}");
            assert!(text.contains(&format!("Version: {}", script.version)));
            assert!(text.contains(&loaded.hash));
            for title in roles.titles(&script.roles) {
                assert!(text.contains(&title), "{title}");
            }
            for paragraph in &script.guidance.text {
                assert!(text.contains(paragraph.as_str()));
            }
            for question in &script.eligibility {
                assert!(text.contains(&question.prompt));
                for answer in &question.answers {
                    assert!(text.contains(&answer.meaning));
                }
            }
            for question in &script.questions {
                assert!(text.contains(&question.prompt), "{}", question.id);
                assert!(text.contains(question.value.title()));
                for line in question
                    .probes
                    .iter()
                    .chain(&question.positive)
                    .chain(&question.negative)
                {
                    assert!(text.contains(line.as_str()), "{line}");
                }
                for anchor in &question.anchors {
                    assert!(text.contains(&format!("{}: {}", anchor.score, anchor.description)));
                }
            }
            assert!(text.contains(&format!(
                "Offer: a total of at least {} out of {}",
                script.rules.pass_mark,
                4 * script.questions.len()
            )));
        }
    }

    // The library.

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn a_missing_extra_folder_is_fine() {
        let roles = roles();
        let library = ScriptLibrary::load(Some(Path::new("/no/such/folder/anywhere")), &roles);
        assert_eq!(library, ScriptLibrary::built_in(&roles));
        assert_eq!(
            ScriptLibrary::load(None, &roles),
            ScriptLibrary::built_in(&roles)
        );
    }

    #[test]
    fn a_broken_file_is_refused_and_the_rest_stay_usable() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a-valid.toml", &fixture("valid.toml"));
        write(dir.path(), "b-broken.toml", &fixture("missing-anchor.toml"));
        write(dir.path(), "c-not-toml.toml", "this is not toml");
        write(dir.path(), "notes.txt", "not a script, ignored");
        let library = ScriptLibrary::load(Some(dir.path()), &roles());
        let ids: Vec<_> = library
            .scripts
            .iter()
            .map(|s| s.script.id.as_str())
            .collect();
        assert_eq!(ids, ["hcsw-values", "support-services-values", "fixture"]);
        assert_eq!(library.refused.len(), 2, "{:#?}", library.refused);
        assert!(library.refused[0].file.ends_with("b-broken.toml"));
        assert!(library.refused[1].file.ends_with("c-not-toml.toml"));
        assert!(library.get("fixture").is_some());
        assert!(library.get("nope").is_none());
    }

    #[test]
    fn a_file_with_a_built_in_id_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let text = fixture("valid.toml")
            .replace("id = \"fixture\"", "id = \"support-services-values\"")
            .replace("version = 1", "version = 2")
            .replace("roles = [\"hcsw\"]", "roles = [\"porter\"]");
        write(dir.path(), "porters.toml", &text);
        let library = ScriptLibrary::load(Some(dir.path()), &roles());
        assert_eq!(library.scripts.len(), 2);
        let replaced = library.get("support-services-values").unwrap();
        assert_eq!(replaced.script.version, 2);
        assert!(replaced.source.ends_with("porters.toml"));
        assert_eq!(library.scripts[1].script.id, "support-services-values");
        assert_eq!(
            library
                .default_for(&["porter".to_string()])
                .map(|s| s.script.version),
            Some(2)
        );
    }

    #[test]
    fn two_files_with_one_id_keep_the_first() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.toml", &fixture("valid.toml"));
        write(dir.path(), "b.toml", &fixture("valid.toml"));
        let library = ScriptLibrary::load(Some(dir.path()), &roles());
        assert_eq!(library.scripts.len(), 3);
        assert!(library.get("fixture").unwrap().source.ends_with("a.toml"));
        assert_eq!(library.refused.len(), 1);
        assert_eq!(library.refused[0].field, "id");
        assert!(
            library.refused[0]
                .message
                .starts_with("the id 'fixture' is already used by "),
            "{}",
            library.refused[0]
        );
    }

    #[test]
    fn the_default_script_follows_the_candidates_roles_in_order() {
        let library = ScriptLibrary::built_in(&roles());
        let pick = |roles: &[&str]| {
            let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
            library.default_for(&roles).map(|s| s.script.id.clone())
        };
        assert_eq!(
            pick(&["porter", "hcsw"]).as_deref(),
            Some("support-services-values")
        );
        assert_eq!(pick(&["hcsw", "porter"]).as_deref(), Some("hcsw-values"));
        assert_eq!(
            pick(&["astronaut", "call_handler_111"]).as_deref(),
            Some("hcsw-values")
        );
        assert_eq!(pick(&["astronaut"]), None);
        assert_eq!(pick(&[]), None);
    }
}
