//! A screening script: the structured interview for one or more roles, as data.
//! Loaded from `assets/scripts/*.toml` (see `library`); checked before use (see `check`).

use crate::domain::stored_enum;
use serde::Deserialize;

stored_enum! {
    /// The six NHS Constitution values a values question can test.
    pub enum NhsValue {
        WorkingTogetherForPatients,
        RespectAndDignity,
        CommitmentToQualityOfCare,
        Compassion,
        ImprovingLives,
        EveryoneCounts,
    }
}

impl NhsValue {
    /// As the NHS Constitution writes it.
    pub fn title(self) -> &'static str {
        match self {
            NhsValue::WorkingTogetherForPatients => "Working together for patients",
            NhsValue::RespectAndDignity => "Respect and dignity",
            NhsValue::CommitmentToQualityOfCare => "Commitment to quality of care",
            NhsValue::Compassion => "Compassion",
            NhsValue::ImprovingLives => "Improving lives",
            NhsValue::EveryoneCounts => "Everyone counts",
        }
    }
}

/// The lowest and highest score on every values question.
pub const MIN_SCORE: u8 = 1;
pub const MAX_SCORE: u8 = 4;

/// A whole script, as parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// Stable id, e.g. `hcsw-values`; stored with every screening.
    pub id: String,
    /// Bumped whenever the questions, anchors or rules change.
    pub version: u32,
    pub title: String,
    /// Role codes from `assets/roles.toml` this script is for.
    pub roles: Vec<String>,
    pub guidance: Guidance,
    #[serde(default)]
    pub eligibility: Vec<EligibilityQuestion>,
    #[serde(rename = "question")]
    pub questions: Vec<ValuesQuestion>,
    pub rules: Rules,
}

/// What the recruiter reads before starting.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Roughly how long to spend on each values question.
    pub minutes_per_question: u32,
    /// Paragraphs of advice: putting a nervous candidate at ease, that lived experience counts…
    pub text: Vec<String>,
}

/// A yes/no style check asked before the values questions (e.g. right to work).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityQuestion {
    pub id: String,
    pub prompt: String,
    pub answers: Vec<EligibilityAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityAnswer {
    pub id: String,
    pub label: String,
    pub outcome: EligibilityOutcome,
    /// What this answer means for an offer, in a sentence the recruiter can say.
    pub meaning: String,
}

stored_enum! {
    /// What an eligibility answer does to the outcome.
    pub enum EligibilityOutcome {
        /// Fine for an offer.
        Eligible,
        /// An offer can still be made, conditional on a check (e.g. right to work "not sure").
        NeedsCheck,
        /// No offer can be made today.
        NotEligible,
    }
}

/// One values question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesQuestion {
    pub id: String,
    pub value: NhsValue,
    /// Read aloud by the recruiter.
    pub prompt: String,
    /// Two or three follow-up questions.
    pub probes: Vec<String>,
    /// What a good answer shows.
    pub positive: Vec<String>,
    /// What a weak answer shows.
    pub negative: Vec<String>,
    /// One anchor for every score from MIN_SCORE to MAX_SCORE.
    pub anchors: Vec<Anchor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub score: u8,
    pub description: String,
}

/// How scores become a recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Total (sum of all values questions) needed for "offer".
    pub pass_mark: u32,
    /// Every question must score at least this for "offer".
    pub minimum_per_question: u8,
    /// A total this many points or fewer below the pass mark (with every question at or above
    /// the minimum) is "second opinion" rather than "not progressing".
    pub second_opinion_margin: u32,
    /// When true, a total at or above the pass mark with exactly one question below the minimum
    /// is "second opinion" rather than "not progressing".
    #[serde(default)]
    pub second_opinion_on_one_low_score: bool,
}
