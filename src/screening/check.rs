//! The rules a parsed script must keep beyond its shape: ids, roles, probes, anchors, answers
//! and scoring rules that make sense together, and no control characters in text staff see.

use std::collections::HashSet;

use super::problem::Problems;
use super::script::{MAX_SCORE, MIN_SCORE, Script};
use crate::domain::RoleCatalogue;

/// Every check on a parsed script.
pub(super) fn check(script: &Script, roles: &RoleCatalogue, problems: &mut Problems<'_>) {
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

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
