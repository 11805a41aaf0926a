//! A TOML or shape error from reading a script or a fair pack's content file, in plain English: the
//! line and column, the field, the question it is in (when the text tells) and how to fix it.

use strum::IntoEnumIterator;

use super::problem::ScriptProblem;
use super::script::{EligibilityOutcome, NhsValue};

/// Turns a TOML or shape error into a problem with the line and column, the field, the question
/// it is in (when that can be told from the text) and how to fix it.
pub(crate) fn toml_problem(file: &str, text: &str, error: &toml::de::Error) -> ScriptProblem {
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
        "name" => "\"…\"",
        "contact_email" => "\"recruitment@your-trust.nhs.uk\"",
        "retention" => "\"12 months\"",
        "website" => "\"https://…\"",
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
pub(super) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
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

#[cfg(test)]
mod tests {
    use crate::screening::test_fixtures::assert_problems;

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
}
