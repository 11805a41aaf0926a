//! One thing wrong with a script file ([`ScriptProblem`]), shared by the loader, the rule checks
//! and the TOML error messages, and the collector the checks add to.

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
pub(super) struct Problems<'a> {
    pub(super) file: &'a str,
    pub(super) found: Vec<ScriptProblem>,
}

impl Problems<'_> {
    pub(super) fn add(&mut self, question: Option<&str>, field: &str, message: impl Into<String>) {
        self.found.push(ScriptProblem {
            file: self.file.to_string(),
            question: question.map(str::to_string),
            field: field.to_string(),
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
