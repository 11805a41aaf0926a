//! The structured interview: prepare (who, which script, the guidance), the eligibility checks,
//! one screen per values question, then the summary and the recruiter's decision.
//!
//! Every answer leaves as an [`InterviewAction::Save`] the moment it is given, so a laptop that
//! dies mid-interview resumes at the same question ([`Interview::resume`]).

use std::cell::Cell;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

use crate::content::Content;
use crate::domain::screening::{
    Answer, AnswerKind, Decision, Recommendation, Screening, ScriptRef,
};
use crate::domain::text::visible;

use crate::screening::scoring::{Assessment, assess};
use crate::screening::script::{MAX_SCORE, MIN_SCORE};
use crate::screening::{LoadedScript, ScriptLibrary};
use crate::store::CandidateDetail;

#[path = "interview_screens.rs"]
mod screens;
pub use screens::{InterviewView, render};

/// The longest note, override reason or feedback kept.
const TEXT_MAX: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before the interview exists: who, which script, the guidance.
    Prepare,
    Eligibility(usize),
    Question(usize),
    Review,
}

/// What has the keyboard on the review page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReviewFocus {
    Decision,
    Reason,
    Feedback,
    Signposts,
    Save,
}

/// What the interview asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterviewAction {
    None,
    Start {
        candidate_id: String,
        script: ScriptRef,
        blind: bool,
    },
    Save {
        screening_id: String,
        answer: Answer,
    },
    Finish {
        screening_id: String,
        decision: Decision,
    },
    /// Give the candidate back to the queue without a decision.
    Abandon {
        screening_id: String,
    },
    /// Back to the queue; a started interview stays open to resume.
    Leave,
}

#[derive(Debug, Clone)]
pub struct Interview {
    candidate: Box<CandidateDetail>,
    library: Arc<ScriptLibrary>,
    script: usize,
    blind: bool,
    screening_id: Option<String>,
    stage: Stage,
    eligibility: Vec<Option<String>>,
    scores: Vec<Option<u8>>,
    notes: Vec<Input>,
    editing_notes: bool,
    stage_started: DateTime<Utc>,
    decision: Option<Recommendation>,
    focus: ReviewFocus,
    reason: Input,
    feedback: Input,
    signposts: Vec<bool>,
    signpost_cursor: usize,
    errors: Vec<String>,
    confirm_abandon: bool,
    /// Rows the preparation or question screen is scrolled down by, where it does not fit
    /// (80×24).
    scroll: u16,
    /// The furthest that screen can scroll and the rows it shows, as last drawn: the keys stop
    /// at the end and page by a screenful.
    scroll_view: Cell<(u16, u16)>,
}

impl Interview {
    /// Ready to start with `candidate`, on the script for their first role that has one.
    pub fn prepare(
        candidate: Box<CandidateDetail>,
        library: Arc<ScriptLibrary>,
        signposts: usize,
        blind: bool,
        now: DateTime<Utc>,
    ) -> Self {
        let script = library
            .default_for(&candidate.row.roles)
            .and_then(|chosen| library.scripts.iter().position(|s| s.id() == chosen.id()))
            .unwrap_or(0);
        let mut interview = Self {
            candidate,
            library,
            script,
            blind,
            screening_id: None,
            stage: Stage::Prepare,
            eligibility: Vec::new(),
            scores: Vec::new(),
            notes: Vec::new(),
            editing_notes: false,
            stage_started: now,
            decision: None,
            focus: ReviewFocus::Decision,
            reason: Input::default(),
            feedback: Input::default(),
            signposts: vec![false; signposts],
            signpost_cursor: 0,
            errors: Vec::new(),
            confirm_abandon: false,
            scroll: 0,
            scroll_view: Cell::new((0, 0)),
        };
        interview.size_answers();
        interview
    }

    /// Picks up an interview left open, at its first unanswered question. Refuses (with words
    /// for the recruiter) when its script is no longer loaded exactly as it was.
    pub fn resume(
        candidate: Box<CandidateDetail>,
        library: Arc<ScriptLibrary>,
        signposts: usize,
        screening: &Screening,
        now: DateTime<Utc>,
    ) -> Result<Self, String> {
        let Some(index) = library.scripts.iter().position(|s| {
            s.script.id == screening.script.id
                && s.script.version == screening.script.version
                && s.hash == screening.script.hash
        }) else {
            return Err(format!(
                "The interview with {} used script {} version {}, which is not loaded as it was. \
                 Put the script file back, or give the candidate back to the queue from another laptop.",
                visible(&candidate.row.ticket),
                screening.script.id,
                screening.script.version
            ));
        };
        let mut interview = Self::prepare(candidate, library, signposts, screening.blind, now);
        interview.script = index;
        interview.size_answers();
        interview.screening_id = Some(screening.id.clone());
        let script = &interview.loaded().script;
        let eligibility_ids: Vec<String> =
            script.eligibility.iter().map(|q| q.id.clone()).collect();
        let question_ids: Vec<String> = script.questions.iter().map(|q| q.id.clone()).collect();
        for answer in &screening.answers {
            if let Some(i) = eligibility_ids
                .iter()
                .position(|id| *id == answer.question_id)
            {
                interview.eligibility[i] = answer.answer.clone();
            } else if let Some(i) = question_ids.iter().position(|id| *id == answer.question_id) {
                interview.scores[i] = answer.score;
                interview.notes[i] = Input::new(answer.notes.clone());
            }
        }
        interview.stage = interview.first_unanswered();
        Ok(interview)
    }

    /// The interview now exists in the store: on to the first question.
    pub fn started(&mut self, screening: &Screening, now: DateTime<Utc>) {
        self.screening_id = Some(screening.id.clone());
        self.stage = self.first_unanswered();
        self.stage_started = now;
        self.scroll = 0;
        self.errors.clear();
    }

    /// Something the shell tried failed; say so here without losing anything.
    pub fn failed(&mut self, message: String) {
        self.errors = vec![message];
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn candidate(&self) -> &CandidateDetail {
        &self.candidate
    }

    pub fn screening_id(&self) -> Option<&str> {
        self.screening_id.as_deref()
    }

    fn loaded(&self) -> &LoadedScript {
        &self.library.scripts[self
            .script
            .min(self.library.scripts.len().saturating_sub(1))]
    }

    fn size_answers(&mut self) {
        if self.library.scripts.is_empty() {
            return;
        }
        let (eligibility, questions) = {
            let script = &self.loaded().script;
            (script.eligibility.len(), script.questions.len())
        };
        self.eligibility = vec![None; eligibility];
        self.scores = vec![None; questions];
        self.notes = vec![Input::default(); questions];
    }

    fn first_unanswered(&self) -> Stage {
        if let Some(i) = self.eligibility.iter().position(Option::is_none) {
            return Stage::Eligibility(i);
        }
        if let Some(i) = self.scores.iter().position(Option::is_none) {
            return Stage::Question(i);
        }
        Stage::Review
    }

    /// The rules applied to the answers so far.
    pub fn assessment(&self) -> Assessment {
        assess(&self.loaded().script, &self.eligibility, &self.scores)
    }

    fn go(&mut self, stage: Stage, now: DateTime<Utc>) {
        self.stage = stage;
        self.stage_started = now;
        self.scroll = 0;
        self.editing_notes = false;
        self.errors.clear();
        if stage == Stage::Review && self.decision.is_none() {
            self.decision = self.assessment().recommendation;
            self.focus = ReviewFocus::Decision;
        }
    }

    fn next_stage(&self) -> Stage {
        let script = &self.loaded().script;
        match self.stage {
            Stage::Prepare => self.first_unanswered(),
            Stage::Eligibility(i) if i + 1 < script.eligibility.len() => Stage::Eligibility(i + 1),
            Stage::Eligibility(_) if !script.questions.is_empty() => Stage::Question(0),
            Stage::Question(i) if i + 1 < script.questions.len() => Stage::Question(i + 1),
            _ => Stage::Review,
        }
    }

    fn previous_stage(&self) -> Stage {
        let script = &self.loaded().script;
        match self.stage {
            Stage::Prepare | Stage::Eligibility(0) => self.stage,
            Stage::Eligibility(i) => Stage::Eligibility(i - 1),
            Stage::Question(0) if script.eligibility.is_empty() => self.stage,
            Stage::Question(0) => Stage::Eligibility(script.eligibility.len() - 1),
            Stage::Question(i) => Stage::Question(i - 1),
            Stage::Review if script.questions.is_empty() => self.stage,
            Stage::Review => Stage::Question(script.questions.len() - 1),
        }
    }

    fn values_answer(&self, i: usize) -> Option<InterviewAction> {
        let screening_id = self.screening_id.clone()?;
        let question = self.loaded().script.questions.get(i)?;
        Some(InterviewAction::Save {
            screening_id,
            answer: Answer {
                question_id: question.id.clone(),
                kind: AnswerKind::Values,
                answer: None,
                score: self.scores[i],
                notes: self.notes[i].value().trim().to_string(),
            },
        })
    }

    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> InterviewAction {
        if self.library.scripts.is_empty() {
            return InterviewAction::Leave;
        }
        if self.confirm_abandon {
            self.confirm_abandon = false;
            return match (key.code, &self.screening_id) {
                (KeyCode::Char('y' | 'Y'), Some(id)) => InterviewAction::Abandon {
                    screening_id: id.clone(),
                },
                _ => InterviewAction::None,
            };
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('x') {
            if self.screening_id.is_some() {
                self.confirm_abandon = true;
            }
            return InterviewAction::None;
        }
        match self.stage {
            Stage::Prepare => self.prepare_key(key),
            Stage::Eligibility(i) => self.eligibility_key(i, key, now),
            Stage::Question(i) => self.question_key(i, key, now),
            Stage::Review => self.review_key(key, now),
        }
    }

    fn prepare_key(&mut self, key: KeyEvent) -> InterviewAction {
        if let Some(scrolled) = self.scroll_key(key.code, true) {
            return scrolled;
        }
        let count = self.library.scripts.len();
        match key.code {
            KeyCode::Left | KeyCode::Right if count > 1 => {
                self.script = if key.code == KeyCode::Left {
                    (self.script + count - 1) % count
                } else {
                    (self.script + 1) % count
                };
                self.size_answers();
                InterviewAction::None
            }
            KeyCode::Enter => {
                let loaded = self.loaded();
                InterviewAction::Start {
                    candidate_id: self.candidate.row.id.clone(),
                    script: ScriptRef {
                        id: loaded.script.id.clone(),
                        version: loaded.script.version,
                        hash: loaded.hash.clone(),
                    },
                    blind: self.blind,
                }
            }
            KeyCode::Esc => InterviewAction::Leave,
            _ => InterviewAction::None,
        }
    }

    fn eligibility_key(&mut self, i: usize, key: KeyEvent, now: DateTime<Utc>) -> InterviewAction {
        let Some(question) = self.loaded().script.eligibility.get(i).cloned() else {
            return InterviewAction::None;
        };
        match key.code {
            KeyCode::Char(c @ '1'..='9') => {
                let choice = c as usize - '1' as usize;
                let Some(answer) = question.answers.get(choice) else {
                    return InterviewAction::None;
                };
                self.eligibility[i] = Some(answer.id.clone());
                self.errors.clear();
                match &self.screening_id {
                    Some(id) => InterviewAction::Save {
                        screening_id: id.clone(),
                        answer: Answer {
                            question_id: question.id.clone(),
                            kind: AnswerKind::Eligibility,
                            answer: Some(answer.id.clone()),
                            score: None,
                            notes: String::new(),
                        },
                    },
                    None => InterviewAction::None,
                }
            }
            code => {
                let unanswered = self.eligibility[i].is_none().then(|| {
                    format!(
                        "Choose the candidate's answer with a number key (1 to {})",
                        question.answers.len()
                    )
                });
                self.navigate(code, unanswered, now)
            }
        }
    }

    /// Moving between questions: on only once answered (else say how), back, or leave.
    fn navigate(
        &mut self,
        code: KeyCode,
        unanswered: Option<String>,
        now: DateTime<Utc>,
    ) -> InterviewAction {
        match code {
            KeyCode::Enter | KeyCode::Right => {
                match unanswered {
                    Some(problem) => self.errors = vec![problem],
                    None => {
                        let next = self.next_stage();
                        self.go(next, now);
                    }
                }
                InterviewAction::None
            }
            KeyCode::Left => {
                let previous = self.previous_stage();
                self.go(previous, now);
                InterviewAction::None
            }
            KeyCode::Esc => InterviewAction::Leave,
            _ => InterviewAction::None,
        }
    }

    fn question_key(&mut self, i: usize, key: KeyEvent, now: DateTime<Utc>) -> InterviewAction {
        // Paging works while typing notes too: the anchors are what the notes are scored against.
        if let Some(scrolled) = self.scroll_key(key.code, !self.editing_notes) {
            return scrolled;
        }
        if self.editing_notes {
            return match key.code {
                KeyCode::Tab | KeyCode::Esc | KeyCode::Enter => {
                    self.editing_notes = false;
                    self.values_answer(i).unwrap_or(InterviewAction::None)
                }
                _ => {
                    edit(&mut self.notes[i], key);
                    InterviewAction::None
                }
            };
        }
        match key.code {
            KeyCode::Char(c @ '1'..='4') => {
                let score = c as u8 - b'0';
                debug_assert!((MIN_SCORE..=MAX_SCORE).contains(&score));
                self.scores[i] = Some(score);
                self.errors.clear();
                self.values_answer(i).unwrap_or(InterviewAction::None)
            }
            KeyCode::Tab => {
                self.editing_notes = true;
                InterviewAction::None
            }
            code => {
                let unanswered = self.scores[i].is_none().then(|| {
                    "Score the answer with a number key, 1 to 4, using the anchors".to_string()
                });
                self.navigate(code, unanswered, now)
            }
        }
    }

    /// PgUp/PgDn (and ↑↓ when `arrows`) scroll a screen that does not fit; other keys are not
    /// for scrolling (`None`).
    fn scroll_key(&mut self, code: KeyCode, arrows: bool) -> Option<InterviewAction> {
        let page = i32::from(self.scroll_view.get().1.saturating_sub(1).max(1));
        let rows = match code {
            KeyCode::PageDown => page,
            KeyCode::PageUp => -page,
            KeyCode::Down if arrows => 1,
            KeyCode::Up if arrows => -1,
            _ => return None,
        };
        let (max, _) = self.scroll_view.get();
        let to = (i32::from(self.scroll) + rows).clamp(0, i32::from(max));
        self.scroll = u16::try_from(to).unwrap_or(0);
        Some(InterviewAction::None)
    }

    fn review_fields(&self) -> Vec<ReviewFocus> {
        let recommendation = self.assessment().recommendation;
        let mut fields = vec![ReviewFocus::Decision];
        if self.decision.is_some() && self.decision != recommendation {
            fields.push(ReviewFocus::Reason);
        }
        if self.decision == Some(Recommendation::NotProgressing) {
            fields.push(ReviewFocus::Feedback);
            fields.push(ReviewFocus::Signposts);
        }
        fields.push(ReviewFocus::Save);
        fields
    }

    fn review_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> InterviewAction {
        let fields = self.review_fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let save = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('s');
        if save {
            return self.finish();
        }
        // Only the page keys: ↑↓ move between the fields and through the routes suggested.
        if let Some(scrolled) = self.scroll_key(key.code, false) {
            return scrolled;
        }
        match key.code {
            KeyCode::Tab | KeyCode::Down
                if self.focus != ReviewFocus::Signposts || key.code == KeyCode::Tab =>
            {
                self.focus = fields[(at + 1) % fields.len()];
                return InterviewAction::None;
            }
            KeyCode::BackTab | KeyCode::Up
                if self.focus != ReviewFocus::Signposts || key.code == KeyCode::BackTab =>
            {
                self.focus = fields[(at + fields.len() - 1) % fields.len()];
                return InterviewAction::None;
            }
            KeyCode::Esc => return InterviewAction::Leave,
            _ => {}
        }
        match self.focus {
            ReviewFocus::Decision => match key.code {
                KeyCode::Char('1') => self.decision = Some(Recommendation::Offer),
                KeyCode::Char('2') => self.decision = Some(Recommendation::SecondOpinion),
                KeyCode::Char('3') => self.decision = Some(Recommendation::NotProgressing),
                KeyCode::Left => {
                    let previous = self.previous_stage();
                    self.go(previous, now);
                }
                KeyCode::Enter => self.focus = fields[(at + 1) % fields.len()],
                _ => {}
            },
            ReviewFocus::Reason => edit(&mut self.reason, key),
            ReviewFocus::Feedback => edit(&mut self.feedback, key),
            ReviewFocus::Signposts => match key.code {
                KeyCode::Up => self.signpost_cursor = self.signpost_cursor.saturating_sub(1),
                KeyCode::Down => {
                    self.signpost_cursor =
                        (self.signpost_cursor + 1).min(self.signposts.len().saturating_sub(1));
                }
                KeyCode::Char(' ') => {
                    if let Some(on) = self.signposts.get_mut(self.signpost_cursor) {
                        *on = !*on;
                    }
                }
                _ => {}
            },
            ReviewFocus::Save => {
                if key.code == KeyCode::Enter {
                    return self.finish();
                }
            }
        }
        if !self.review_fields().contains(&self.focus) {
            self.focus = ReviewFocus::Decision;
        }
        InterviewAction::None
    }

    /// The decision, if it is complete; otherwise the problems, shown in the error summary.
    fn finish(&mut self) -> InterviewAction {
        let assessment = self.assessment();
        let mut problems = Vec::new();
        let Some(screening_id) = self.screening_id.clone() else {
            return InterviewAction::None;
        };
        let Some(recommendation) = assessment.recommendation else {
            self.errors =
                vec!["Some questions have no answer yet: go back with ← and answer them".into()];
            return InterviewAction::None;
        };
        let decision = self.decision.unwrap_or(recommendation);
        let reason = self.reason.value().trim().to_string();
        let feedback = self.feedback.value().trim().to_string();
        if decision != recommendation && reason.is_empty() {
            problems.push(format!(
                "Reason: your decision ({}) differs from the recommendation ({}). Write why",
                decision.title(),
                recommendation.title()
            ));
        }
        if decision == Recommendation::NotProgressing && feedback.is_empty() {
            problems.push("Feedback: write the feedback you gave the candidate today".to_string());
        }
        if !problems.is_empty() {
            self.focus = if problems[0].starts_with("Reason") {
                ReviewFocus::Reason
            } else {
                ReviewFocus::Feedback
            };
            self.errors = problems;
            return InterviewAction::None;
        }
        InterviewAction::Finish {
            screening_id,
            decision: Decision {
                total: assessment.total,
                max_total: assessment.max_total,
                recommendation,
                decision,
                override_reason: (decision != recommendation).then_some(reason),
                feedback: if decision == Recommendation::NotProgressing {
                    feedback
                } else {
                    String::new()
                },
                signposts: Vec::new(),
            },
        }
    }

    /// The signpost ids ticked, given the list they index.
    pub fn chosen_signposts(&self, content: &Content) -> Vec<String> {
        content
            .signposts
            .iter()
            .zip(&self.signposts)
            .filter(|(_, on)| **on)
            .map(|(s, _)| s.id.clone())
            .collect()
    }
}

fn edit(input: &mut Input, key: KeyEvent) {
    crate::tui::widgets::edit_bounded(input, key, TEXT_MAX);
}

trait ScriptId {
    fn id(&self) -> &str;
}

impl ScriptId for LoadedScript {
    fn id(&self) -> &str {
        &self.script.id
    }
}

#[cfg(test)]
#[path = "interview_tests.rs"]
mod tests;
