//! An interview as the rest of fairfloor talks about it: which script, its answers, the
//! recommendation the rules make and the recruiter's decision. Pure values; the store reads and
//! writes them, the screens and reports use them without the store.

use chrono::{DateTime, Utc};
use strum::{AsRefStr, EnumString};

stored_enum! {
    /// What the rules suggest. Declared worst to best, so `Ord` means "better".
    pub enum Recommendation {
        NotProgressing,
        SecondOpinion,
        Offer,
    }
}

impl Recommendation {
    /// For people: "Offer", "Second opinion", "Not progressing".
    pub fn title(self) -> &'static str {
        match self {
            Recommendation::NotProgressing => "Not progressing",
            Recommendation::SecondOpinion => "Second opinion",
            Recommendation::Offer => "Offer",
        }
    }
}

/// Which script an interview uses, exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRef {
    pub id: String,
    pub version: u32,
    /// SHA-256 of the script file, so a decision traces to the exact words asked.
    pub hash: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, AsRefStr, EnumString, serde::Serialize, serde::Deserialize,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ScreeningStatus {
    InProgress,
    Completed,
    Abandoned,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, AsRefStr, EnumString, serde::Serialize, serde::Deserialize,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Eligibility,
    Values,
}

/// One answer as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub question_id: String,
    pub kind: AnswerKind,
    /// Eligibility questions: the chosen answer's id.
    pub answer: Option<String>,
    /// Values questions: 1 to 4.
    pub score: Option<u8>,
    pub notes: String,
}

/// An interview as stored, with every answer saved so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    pub id: String,
    pub candidate_id: String,
    pub staff_id: String,
    pub script: ScriptRef,
    pub blind: bool,
    pub status: ScreeningStatus,
    pub started_at: DateTime<Utc>,
    pub answers: Vec<Answer>,
}

/// The recruiter's decision at the end of an interview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    pub total: u32,
    pub max_total: u32,
    /// What the script's rules recommended.
    pub recommendation: Recommendation,
    /// What the recruiter decided.
    pub decision: Recommendation,
    /// Required when the decision differs from the recommendation.
    pub override_reason: Option<String>,
    /// Feedback given on the day (for "not progressing").
    pub feedback: String,
    /// Other routes the candidate was pointed to: ids from `assets/signposts.toml`.
    pub signposts: Vec<String>,
}

/// A finished interview to record in one go with `Store::record_screenings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedScreening {
    pub candidate_id: String,
    pub staff_id: String,
    pub script: ScriptRef,
    pub blind: bool,
    pub started_at: DateTime<Utc>,
    pub completed_at: DateTime<Utc>,
    /// In the order they were given: eligibility first, then the values questions.
    pub answers: Vec<Answer>,
    pub decision: Decision,
}

impl CompletedScreening {
    /// When answer `index` was given: the answers evenly spread over the interview, the last
    /// one a moment before the decision.
    pub fn answered_at(&self, index: usize) -> DateTime<Utc> {
        let length = (self.completed_at - self.started_at).max(chrono::TimeDelta::zero());
        let steps = i32::try_from(self.answers.len() + 1).unwrap_or(i32::MAX);
        let step = i32::try_from(index + 1).unwrap_or(i32::MAX).min(steps);
        self.started_at + length / steps * step
    }
}
