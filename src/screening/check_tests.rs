//! Each rule check, on a fixture in `tests/fixtures/scripts` that breaks it.

use crate::screening::library::parse_script;
use crate::screening::test_fixtures::{KNOWN_ROLES, assert_problems, fixture, problems, roles};

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
