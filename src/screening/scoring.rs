//! Turning a screening's answers into a recommendation. Pure: no I/O, no clock.
//!
//! The rules, in order:
//! 1. An eligibility answer whose outcome is `not_eligible` means "not progressing", whatever else
//!    is missing.
//! 2. Any question not yet answered (a values score outside 1–4 counts as not answered) means no
//!    recommendation yet: a missing answer is never treated as a pass.
//! 3. A total at or above the pass mark with every score at or above the minimum is an offer.
//! 4. Every score at or above the minimum and a total within the margin below the pass mark, or
//!    (when the script allows it) a total at or above the pass mark with exactly one low score, is
//!    a second opinion.
//! 5. Anything else is not progressing.

use crate::domain::screening::Recommendation;

use super::script::{EligibilityOutcome, MAX_SCORE, MIN_SCORE, Script};

/// The scores so far and what the rules make of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Sum of the values scores answered so far (scores outside 1–4 are not counted).
    pub total: u32,
    /// The highest possible total: 4 × the number of values questions.
    pub max_total: u32,
    /// How many questions are answered, eligibility and values together, out of
    /// `script.eligibility.len() + script.questions.len()`.
    pub answered: usize,
    /// `None` until every eligibility and values question is answered (or an eligibility answer
    /// already rules an offer out).
    pub recommendation: Option<Recommendation>,
    /// Plain English: why this recommendation, or what is still missing.
    pub reasons: Vec<String>,
    /// Eligibility answers whose outcome is `needs_check`, as their `meaning`: conditions to put
    /// on an offer.
    pub needs_checks: Vec<String>,
}

/// Applies the script's rules. `eligibility` holds the chosen answer id for each eligibility
/// question and `scores` the score for each values question, both by index in the script;
/// missing entries (or a slice that is too short) count as not answered.
pub fn assess(
    script: &Script,
    eligibility: &[Option<String>],
    scores: &[Option<u8>],
) -> Assessment {
    let rules = &script.rules;
    let max_total = u32::from(MAX_SCORE).saturating_mul(count_u32(script.questions.len()));

    let mut reasons = Vec::new();
    let mut needs_checks = Vec::new();
    let mut not_eligible = Vec::new();
    let mut missing = Vec::new();
    let mut answered = 0;

    for (index, question) in script.eligibility.iter().enumerate() {
        let chosen = eligibility.get(index).and_then(Option::as_deref);
        let answer = chosen.and_then(|id| question.answers.iter().find(|a| a.id == id));
        match (chosen, answer) {
            (None, _) => missing.push(format!("'{}'", question.id)),
            (Some(id), None) => missing.push(format!(
                "'{}' (the answer '{id}' is not one of this question's answers)",
                question.id
            )),
            (Some(_), Some(answer)) => {
                answered += 1;
                match answer.outcome {
                    EligibilityOutcome::Eligible => {}
                    EligibilityOutcome::NeedsCheck => needs_checks.push(answer.meaning.clone()),
                    EligibilityOutcome::NotEligible => not_eligible.push(format!(
                        "Eligibility question '{}' (\"{}\") was answered \"{}\": {}",
                        question.id, question.prompt, answer.label, answer.meaning
                    )),
                }
            }
        }
    }

    let mut total = 0u32;
    let mut low = Vec::new();
    for (index, question) in script.questions.iter().enumerate() {
        match scores.get(index).copied().flatten() {
            Some(score) if (MIN_SCORE..=MAX_SCORE).contains(&score) => {
                answered += 1;
                total += u32::from(score);
                if score < rules.minimum_per_question {
                    low.push(format!(
                        "'{}' ({}) scored {score}",
                        question.id,
                        question.value.title()
                    ));
                }
            }
            _ => missing.push(format!("'{}'", question.id)),
        }
    }

    let recommendation = if !not_eligible.is_empty() {
        reasons = not_eligible;
        reasons.push("An offer cannot be made today, so the recommendation is not progressing, whatever the scores.".to_string());
        Some(Recommendation::NotProgressing)
    } else if !missing.is_empty() {
        let noun = if missing.len() == 1 {
            "question is"
        } else {
            "questions are"
        };
        reasons.push(format!(
            "{} {noun} not answered yet: {}. There is no recommendation until every question is answered.",
            missing.len(),
            missing.join(", ")
        ));
        None
    } else {
        let (recommendation, why) = decide(script, total, max_total, &low);
        reasons.push(why);
        Some(recommendation)
    };

    Assessment {
        total,
        max_total,
        answered,
        recommendation,
        reasons,
        needs_checks,
    }
}

/// Rules 3–5, once every question is answered and nothing rules an offer out.
fn decide(script: &Script, total: u32, max_total: u32, low: &[String]) -> (Recommendation, String) {
    let rules = &script.rules;
    let pass = rules.pass_mark;
    let minimum = rules.minimum_per_question;
    let margin = rules.second_opinion_margin;
    let meets_pass = total >= pass;
    let within_margin = total >= pass.saturating_sub(margin);

    if meets_pass && low.is_empty() {
        return (
            Recommendation::Offer,
            format!(
                "Total {total} of {max_total} meets the pass mark of {pass}, and every question scored at least {minimum}."
            ),
        );
    }
    if low.is_empty() && within_margin {
        let short = pass - total;
        return (
            Recommendation::SecondOpinion,
            format!(
                "Total {total} of {max_total} is {short} below the pass mark of {pass}, within the second-opinion margin of {margin}, and every question scored at least {minimum}."
            ),
        );
    }
    if let [only_low] = low
        && rules.second_opinion_on_one_low_score
        && meets_pass
    {
        return (
            Recommendation::SecondOpinion,
            format!(
                "Total {total} of {max_total} meets the pass mark of {pass}, but {}, below the minimum of {minimum}; one low score means a second opinion.",
                only_low
            ),
        );
    }

    let mut why = Vec::new();
    if !meets_pass {
        let short = pass - total;
        if within_margin {
            why.push(format!(
                "Total {total} of {max_total} is {short} below the pass mark of {pass}"
            ));
        } else {
            why.push(format!(
                "Total {total} of {max_total} is {short} below the pass mark of {pass}, more than the second-opinion margin of {margin}"
            ));
        }
    } else {
        why.push(format!(
            "Total {total} of {max_total} meets the pass mark of {pass}"
        ));
    }
    if !low.is_empty() {
        let noun = if low.len() == 1 {
            "question"
        } else {
            "questions"
        };
        why.push(format!(
            "{} {noun} scored below the minimum of {minimum}: {}",
            low.len(),
            low.join(", ")
        ));
        if low.len() == 1 && !rules.second_opinion_on_one_low_score {
            why.push("this script does not allow a second opinion for one low score".to_string());
        }
    }
    (
        Recommendation::NotProgressing,
        format!("{}.", why.join("; ")),
    )
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::script::{
        Anchor, EligibilityAnswer, EligibilityQuestion, Guidance, NhsValue, Rules, ValuesQuestion,
    };
    use proptest::prelude::*;
    use strum::IntoEnumIterator;

    fn answer(id: &str, outcome: EligibilityOutcome) -> EligibilityAnswer {
        EligibilityAnswer {
            id: id.to_string(),
            label: id.replace('_', " "),
            outcome,
            meaning: format!("meaning of {id}"),
        }
    }

    /// Six questions, rules 15 of 24, minimum 2, margin 2, one low score allowed.
    fn script() -> Script {
        Script {
            id: "test".to_string(),
            version: 1,
            title: "Test".to_string(),
            roles: vec!["hcsw".to_string()],
            guidance: Guidance {
                minutes_per_question: 3,
                text: vec!["Be kind.".to_string()],
            },
            eligibility: vec![EligibilityQuestion {
                id: "right_to_work".to_string(),
                prompt: "Do you have the right to work in the UK?".to_string(),
                answers: vec![
                    answer("yes", EligibilityOutcome::Eligible),
                    answer("not_sure", EligibilityOutcome::NeedsCheck),
                    answer("no", EligibilityOutcome::NotEligible),
                ],
            }],
            questions: NhsValue::iter()
                .enumerate()
                .map(|(i, value)| ValuesQuestion {
                    id: format!("q{}", i + 1),
                    value,
                    prompt: "Tell me about a time…".to_string(),
                    probes: vec!["What happened?".to_string(), "What next?".to_string()],
                    positive: vec!["good".to_string()],
                    negative: vec!["bad".to_string()],
                    anchors: (1..=4)
                        .map(|score| Anchor {
                            score,
                            description: format!("{score}"),
                        })
                        .collect(),
                })
                .collect(),
            rules: Rules {
                pass_mark: 15,
                minimum_per_question: 2,
                second_opinion_margin: 2,
                second_opinion_on_one_low_score: true,
            },
        }
    }

    fn yes() -> Vec<Option<String>> {
        vec![Some("yes".to_string())]
    }

    fn scores(s: [u8; 6]) -> Vec<Option<u8>> {
        s.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn the_rules_table() {
        use Recommendation::*;
        let s = script();
        let cases: &[([u8; 6], Option<Recommendation>, &str)] = &[
            // Offer: at the pass mark exactly, every score at the minimum or above.
            (
                [3, 3, 3, 2, 2, 2],
                Some(Offer),
                "Total 15 of 24 meets the pass mark of 15, and every question scored at least 2.",
            ),
            ([4, 4, 4, 4, 4, 4], Some(Offer), "Total 24 of 24 meets"),
            (
                [3, 3, 3, 3, 3, 2],
                Some(Offer),
                "Total 17 of 24 meets the pass mark of 15, and every question scored at least 2.",
            ),
            // Within the margin: 14 and 13 are second opinions, 12 is not.
            (
                [3, 3, 2, 2, 2, 2],
                Some(SecondOpinion),
                "Total 14 of 24 is 1 below the pass mark of 15, within the second-opinion margin of 2",
            ),
            (
                [3, 2, 2, 2, 2, 2],
                Some(SecondOpinion),
                "Total 13 of 24 is 2 below",
            ),
            (
                [2, 2, 2, 2, 2, 2],
                Some(NotProgressing),
                "Total 12 of 24 is 3 below the pass mark of 15, more than the second-opinion margin of 2.",
            ),
            // One low score with a total at the pass mark: second opinion.
            (
                [4, 4, 4, 1, 1, 1],
                Some(NotProgressing),
                "3 questions scored below the minimum of 2",
            ),
            (
                [4, 4, 3, 3, 1, 1],
                Some(NotProgressing),
                "2 questions scored below the minimum of 2: 'q5' (Improving lives) scored 1, 'q6' (Everyone counts) scored 1",
            ),
            (
                [4, 3, 3, 2, 2, 1],
                Some(SecondOpinion),
                "Total 15 of 24 meets the pass mark of 15, but 'q6' (Everyone counts) scored 1, below the minimum of 2; one low score means a second opinion.",
            ),
            // One low score and a total below the pass mark, even within the margin: not progressing.
            (
                [4, 3, 2, 2, 2, 1],
                Some(NotProgressing),
                "Total 14 of 24 is 1 below the pass mark of 15; 1 question scored below the minimum of 2: 'q6' (Everyone counts) scored 1.",
            ),
            ([1, 1, 1, 1, 1, 1], Some(NotProgressing), "Total 6 of 24"),
        ];
        for (given, expected, reason) in cases {
            let a = assess(&s, &yes(), &scores(*given));
            assert_eq!(a.recommendation, *expected, "{given:?}: {:?}", a.reasons);
            assert!(
                a.reasons.iter().any(|r| r.contains(reason)),
                "{given:?}: expected a reason containing {reason:?}, got {:?}",
                a.reasons
            );
            assert_eq!(a.total, given.iter().map(|&x| u32::from(x)).sum::<u32>());
            assert_eq!(a.max_total, 24);
            assert_eq!(a.answered, 7);
        }
    }

    #[test]
    fn one_low_score_is_not_progressing_when_the_script_does_not_allow_it() {
        let mut s = script();
        s.rules.second_opinion_on_one_low_score = false;
        let a = assess(&s, &yes(), &scores([4, 3, 3, 2, 2, 1]));
        assert_eq!(a.recommendation, Some(Recommendation::NotProgressing));
        assert!(
            a.reasons[0].contains("does not allow a second opinion"),
            "{:?}",
            a.reasons
        );
    }

    #[test]
    fn not_eligible_decides_even_with_scores_missing() {
        let s = script();
        let a = assess(&s, &[Some("no".to_string())], &[None; 6]);
        assert_eq!(a.recommendation, Some(Recommendation::NotProgressing));
        assert!(
            a.reasons[0].contains("'right_to_work'") && a.reasons[0].contains("\"no\""),
            "{:?}",
            a.reasons
        );
        assert_eq!(a.answered, 1);
    }

    #[test]
    fn not_eligible_beats_a_perfect_score() {
        let a = assess(&script(), &[Some("no".to_string())], &scores([4; 6]));
        assert_eq!(a.recommendation, Some(Recommendation::NotProgressing));
    }

    #[test]
    fn needs_check_is_listed_and_does_not_stop_an_offer() {
        let a = assess(&script(), &[Some("not_sure".to_string())], &scores([4; 6]));
        assert_eq!(a.recommendation, Some(Recommendation::Offer));
        assert_eq!(a.needs_checks, vec!["meaning of not_sure".to_string()]);
    }

    #[test]
    fn unanswered_eligibility_gives_no_recommendation() {
        let a = assess(&script(), &[None], &scores([4; 6]));
        assert_eq!(a.recommendation, None);
        assert!(a.reasons[0].contains("'right_to_work'"), "{:?}", a.reasons);
        let a = assess(&script(), &[], &scores([4; 6]));
        assert_eq!(a.recommendation, None);
    }

    #[test]
    fn an_unknown_eligibility_answer_counts_as_unanswered() {
        let a = assess(&script(), &[Some("maybe".to_string())], &scores([4; 6]));
        assert_eq!(a.recommendation, None);
        assert!(a.reasons[0].contains("'maybe'"), "{:?}", a.reasons);
    }

    #[test]
    fn scores_outside_the_scale_count_as_unanswered() {
        for bad in [0u8, 5, 255] {
            let mut given = scores([4; 6]);
            given[2] = Some(bad);
            let a = assess(&script(), &yes(), &given);
            assert_eq!(a.recommendation, None, "score {bad}");
            assert_eq!(a.total, 20);
            assert_eq!(a.answered, 6);
            assert!(
                a.reasons[0].contains("1 question is not answered yet: 'q3'"),
                "{:?}",
                a.reasons
            );
        }
    }

    #[test]
    fn a_short_scores_slice_is_unanswered() {
        let a = assess(&script(), &yes(), &[Some(4), Some(4)]);
        assert_eq!(a.recommendation, None);
        assert_eq!(a.total, 8);
        assert!(
            a.reasons[0].starts_with("4 questions are not answered yet"),
            "{:?}",
            a.reasons
        );
    }

    #[test]
    fn recommendations_round_trip_as_snake_case() {
        for r in [
            Recommendation::NotProgressing,
            Recommendation::SecondOpinion,
            Recommendation::Offer,
        ] {
            let text = r.to_string();
            assert_eq!(text.parse::<Recommendation>().ok(), Some(r));
            let json = serde_json::to_string(&r).unwrap_or_default();
            assert_eq!(json, format!("\"{text}\""));
        }
        assert_eq!(Recommendation::SecondOpinion.as_ref(), "second_opinion");
        assert!(Recommendation::Offer > Recommendation::SecondOpinion);
        assert!(Recommendation::SecondOpinion > Recommendation::NotProgressing);
    }

    fn any_score() -> impl Strategy<Value = Option<u8>> {
        prop_oneof![
            8 => (1u8..=4).prop_map(Some),
            1 => Just(None),
            1 => prop_oneof![Just(0u8), 5u8..=255].prop_map(Some),
        ]
    }

    fn any_eligibility() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            Just(Some("yes".to_string())),
            Just(Some("not_sure".to_string())),
            Just(Some("no".to_string())),
        ]
    }

    fn any_rules() -> impl Strategy<Value = Rules> {
        (1u32..=24, 1u8..=4, 0u32..=6, any::<bool>()).prop_map(|(pass, min, margin, one)| Rules {
            pass_mark: pass,
            minimum_per_question: min,
            second_opinion_margin: margin.min(pass - 1),
            second_opinion_on_one_low_score: one,
        })
    }

    proptest! {
        #[test]
        fn raising_one_score_never_makes_things_worse(
            rules in any_rules(),
            given in proptest::collection::vec(1u8..=4, 6),
            eligible in prop_oneof![Just("yes"), Just("not_sure")],
            index in 0usize..6,
            raise in 1u8..=3,
        ) {
            let mut s = script();
            s.rules = rules;
            let eligibility = vec![Some(eligible.to_string())];
            let before: Vec<Option<u8>> = given.iter().copied().map(Some).collect();
            let mut after = before.clone();
            after[index] = Some((given[index] + raise).min(4));
            let was = assess(&s, &eligibility, &before).recommendation;
            let now = assess(&s, &eligibility, &after).recommendation;
            prop_assert!(was.is_some() && now.is_some());
            prop_assert!(now >= was, "{:?} became {:?} raising q{} in {:?}", was, now, index + 1, given);
        }

        #[test]
        fn the_total_is_the_sum_of_the_answered_scores(
            given in proptest::collection::vec(any_score(), 0..8),
            eligibility in any_eligibility(),
        ) {
            let a = assess(&script(), &[eligibility], &given);
            let expected: u32 = given
                .iter()
                .take(6)
                .flatten()
                .filter(|&&x| (1..=4).contains(&x))
                .map(|&x| u32::from(x))
                .sum();
            prop_assert_eq!(a.total, expected);
            prop_assert_eq!(a.max_total, 24);
        }

        #[test]
        fn a_missing_answer_is_never_a_pass(
            rules in any_rules(),
            given in proptest::collection::vec(any_score(), 6),
            eligibility in any_eligibility(),
        ) {
            let mut s = script();
            s.rules = rules;
            let a = assess(&s, std::slice::from_ref(&eligibility), &given);
            let all_scored = given.iter().all(|x| matches!(x, Some(1..=4)));
            if eligibility.as_deref() == Some("no") {
                prop_assert_eq!(a.recommendation, Some(Recommendation::NotProgressing));
            } else if !all_scored || eligibility.is_none() {
                prop_assert_eq!(a.recommendation, None);
            } else {
                prop_assert!(a.recommendation.is_some());
            }
        }
    }
}
