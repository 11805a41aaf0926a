//! The structured interview: prepare (who, which script, the guidance), the eligibility checks,
//! one screen per values question, then the summary and the recruiter's decision.
//!
//! Every answer leaves as an [`InterviewAction::Save`] the moment it is given, so a laptop that
//! dies mid-interview resumes at the same question ([`Interview::resume`]).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::content::Content;
use crate::domain::text::{truncate, visible};
use crate::screening::scoring::{Assessment, Recommendation, assess};
use crate::screening::script::{MAX_SCORE, MIN_SCORE};
use crate::screening::{LoadedScript, ScriptLibrary};
use crate::store::CandidateDetail;
use crate::store::screenings::{Answer, AnswerKind, Decision, Screening, ScriptRef};
use crate::tui::widgets::{ChoiceList, ErrorSummary, TextField, wrapped_height};

use super::queue::{hint_line, right_to_work_label};

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
    if input.value().chars().count() >= TEXT_MAX
        && !matches!(key.code, KeyCode::Backspace | KeyCode::Delete)
    {
        return;
    }
    if let Some(request) = to_input_request(&TermEvent::Key(key)) {
        input.handle(request);
    }
}

trait ScriptId {
    fn id(&self) -> &str;
}

impl ScriptId for LoadedScript {
    fn id(&self) -> &str {
        &self.script.id
    }
}

/// What the interview screens need besides the interview.
pub struct InterviewView<'a> {
    pub content: &'a Content,
    pub staff_name: &'a str,
    pub now: DateTime<Utc>,
}

pub fn render(frame: &mut Frame, interview: &Interview, view: &InterviewView<'_>) {
    let area = frame.area();
    if interview.library.scripts.is_empty() {
        let mut lines = vec![
            Line::from("No screening script could be loaded, so interviews cannot start.").bold(),
            Line::from("Check the script files with: fairfloor script check FILE"),
        ];
        lines.extend(
            interview
                .library
                .refused
                .iter()
                .map(|p| Line::from(visible(&p.to_string()).into_owned())),
        );
        lines.push(Line::from("Press any key to go back to the queue."));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    }
    let [title, errors, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if interview.errors.is_empty() {
            0
        } else {
            ErrorSummary {
                title: "",
                messages: &interview.errors,
            }
            .height(area.width)
        }),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(title_line(interview, view)), title);
    if !interview.errors.is_empty() {
        frame.render_widget(
            ErrorSummary {
                title: "There is a problem",
                messages: &interview.errors,
            },
            errors,
        );
    }
    let keys: &[&str] = match interview.stage {
        Stage::Prepare => &["Enter start", "←/→ script", "Esc back to the queue"],
        Stage::Eligibility(_) => &[
            "1-9 answer",
            "Enter next",
            "← back",
            "Esc leave (saved)",
            "Ctrl-X give back",
        ],
        Stage::Question(_) if interview.editing_notes => &["Type notes", "Tab/Enter done"],
        Stage::Question(_) => &[
            "1-4 score",
            "Tab notes",
            "Enter next",
            "← back",
            "Esc leave (saved)",
            "Ctrl-X give back",
        ],
        Stage::Review => &[
            "1/2/3 decide",
            "Tab next field",
            "Ctrl-S save",
            "Esc leave (saved)",
        ],
    };
    let keys: Vec<&str> = if interview.confirm_abandon {
        vec![
            "Give this candidate back to the queue without a decision? y = yes, any other key = no",
        ]
    } else {
        keys.to_vec()
    };
    hint_line(frame, hints, &keys);
    match interview.stage {
        Stage::Prepare => render_prepare(frame, body, interview, view),
        Stage::Eligibility(i) => render_eligibility(frame, body, interview, i),
        Stage::Question(i) => render_question(frame, body, interview, i, view),
        Stage::Review => render_review(frame, body, interview, view),
    }
}

/// Who is being interviewed: in blind mode only first name and ticket.
fn who(interview: &Interview) -> String {
    let row = &interview.candidate.row;
    if interview.blind {
        format!("{} · {}", visible(&row.given_name), visible(&row.ticket))
    } else {
        format!(
            "{} {} · {}",
            visible(&row.given_name),
            visible(&row.family_name),
            visible(&row.ticket)
        )
    }
}

fn title_line(interview: &Interview, view: &InterviewView<'_>) -> Line<'static> {
    let script = &interview.loaded().script;
    Line::from(vec![
        Span::from(format!("Interview · {} ", who(interview))).bold(),
        Span::from(format!(
            "· {} v{} · with {}{}",
            script.title,
            script.version,
            visible(view.staff_name),
            if interview.blind { " · BLIND" } else { "" }
        )),
    ])
}

fn label(text: &str) -> Span<'static> {
    Span::from(format!("{text:<16}")).bold()
}

fn render_prepare(frame: &mut Frame, area: Rect, interview: &Interview, view: &InterviewView<'_>) {
    let detail = &interview.candidate;
    let row = &detail.row;
    let content = view.content;
    let kiosk = &content.kiosk;
    let mut lines = Vec::new();
    let adjustments = if detail.adjustments.is_empty() {
        "None asked for".to_string()
    } else {
        detail.adjustments.clone()
    };
    if interview.blind {
        lines.push(Line::from(vec![
            label("First name"),
            Span::from(visible(&row.given_name).into_owned()),
        ]));
        lines.push(Line::from(vec![
            label("Adjustments"),
            Span::from(visible(&adjustments).into_owned()),
        ]));
        lines.push(
            Line::from("Blind interviewing: registration answers are hidden for this event.")
                .italic(),
        );
    } else {
        let list = |items: Vec<String>| {
            if items.is_empty() {
                "-".to_string()
            } else {
                items.join(", ")
            }
        };
        lines.push(Line::from(vec![
            label("Roles"),
            Span::from(list(content.roles.titles(&row.roles))),
        ]));
        lines.push(Line::from(vec![
            label("Kind of work"),
            Span::from(list(
                detail
                    .contract_types
                    .iter()
                    .map(|c| kiosk.contract_types.option(c.as_ref()).to_string())
                    .collect(),
            )),
        ]));
        lines.push(Line::from(vec![
            label("When"),
            Span::from(list(
                detail
                    .work_patterns
                    .iter()
                    .map(|w| kiosk.work_patterns.option(w.as_ref()).to_string())
                    .collect(),
            )),
        ]));
        lines.push(Line::from(vec![
            label("Right to work"),
            Span::from(right_to_work_label(row.right_to_work)),
        ]));
        lines.push(Line::from(vec![
            label("Caring before"),
            Span::from(detail.care_experience.map_or_else(
                || "-".to_string(),
                |c| kiosk.care_experience.option(c.as_ref()).to_string(),
            )),
        ]));
        lines.push(Line::from(vec![
            label("Adjustments"),
            Span::from(visible(&adjustments).into_owned()),
        ]));
    }
    lines.push(Line::from(""));
    let loaded = interview.loaded();
    let choices = if interview.library.scripts.len() > 1 {
        "  (←/→ to change)"
    } else {
        ""
    };
    lines.push(Line::from(vec![
        label("Script"),
        Span::from(format!(
            "{} (v{}){choices}",
            loaded.script.title, loaded.script.version
        ))
        .bold(),
    ]));
    if !interview.library.refused.is_empty() {
        lines.push(Line::from(format!(
            "{} script file(s) could not be loaded and are not offered; run `fairfloor script check FILE` to see why.",
            interview.library.refused.len()
        )));
    }
    lines.push(Line::from(""));
    lines.push(
        Line::from(format!(
            "Guidance (about {} minutes a question):",
            loaded.script.guidance.minutes_per_question
        ))
        .bold(),
    );
    for paragraph in &loaded.script.guidance.text {
        lines.push(Line::from(format!("• {paragraph}")));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn render_eligibility(frame: &mut Frame, area: Rect, interview: &Interview, i: usize) {
    let script = &interview.loaded().script;
    let Some(question) = script.eligibility.get(i) else {
        return;
    };
    let mut lines = vec![
        Line::from(format!("Check {} of {}", i + 1, script.eligibility.len())).dim(),
        Line::from(question.prompt.clone()).bold(),
        Line::from(""),
    ];
    for (n, answer) in question.answers.iter().enumerate() {
        let chosen = interview.eligibility[i].as_deref() == Some(answer.id.as_str());
        let style = if chosen {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::styled(
            format!(
                "{} {}. {}",
                if chosen { "(•)" } else { "( )" },
                n + 1,
                answer.label
            ),
            style,
        ));
        lines.push(Line::from(format!("      {}", answer.meaning)).dim());
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn render_question(
    frame: &mut Frame,
    area: Rect,
    interview: &Interview,
    i: usize,
    view: &InterviewView<'_>,
) {
    let script = &interview.loaded().script;
    let Some(question) = script.questions.get(i) else {
        return;
    };
    let elapsed = (view.now - interview.stage_started).num_seconds().max(0);
    let guide = i64::from(script.guidance.minutes_per_question) * 60;
    let timer = format!(
        "{}:{:02} of {}:00{}",
        elapsed / 60,
        elapsed % 60,
        guide / 60,
        if elapsed > guide { " (over time)" } else { "" }
    );
    let width = area.width;
    let probe_lines: u16 = question
        .probes
        .iter()
        .map(|p| wrapped_height(&format!("• {p}"), width))
        .sum();
    let anchor_lines_needed: u16 = question
        .anchors
        .iter()
        .map(|a| wrapped_height(&format!("▶ {} {}", a.score, a.description), width))
        .sum();
    let [head, prompt, probes, indicators, anchors, notes] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1 + wrapped_height(&question.prompt, width)),
        Constraint::Length(1 + probe_lines),
        Constraint::Min(2),
        Constraint::Length(1 + anchor_lines_needed.min(12)),
        Constraint::Length(TextField::HEIGHT),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::from(format!(
                "Question {} of {} · {}   ",
                i + 1,
                script.questions.len(),
                question.value.title()
            ))
            .bold(),
            Span::from(timer),
        ])),
        head,
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("Read aloud:").dim(),
            Line::from(question.prompt.clone()).bold(),
        ])
        .wrap(Wrap { trim: true }),
        prompt,
    );
    let mut probe_lines = vec![Line::from("Probes:").dim()];
    probe_lines.extend(question.probes.iter().map(|p| Line::from(format!("• {p}"))));
    frame.render_widget(
        Paragraph::new(probe_lines).wrap(Wrap { trim: true }),
        probes,
    );
    let [good, bad] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(2)
        .areas(indicators);
    let bullets = |items: &[String]| {
        items
            .iter()
            .map(|t| Line::from(format!("+ {t}")))
            .collect::<Vec<_>>()
    };
    frame.render_widget(
        Paragraph::new(bullets(&question.positive))
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" Positive indicators "),
            ),
        good,
    );
    frame.render_widget(
        Paragraph::new(
            question
                .negative
                .iter()
                .map(|t| Line::from(format!("- {t}")))
                .collect::<Vec<_>>(),
        )
        .wrap(Wrap { trim: true })
        .block(
            Block::default()
                .borders(Borders::TOP)
                .title(" Negative indicators "),
        ),
        bad,
    );
    let mut anchor_lines = vec![Line::from("Score against the anchors (press 1-4):").dim()];
    for anchor in &question.anchors {
        let chosen = interview.scores[i] == Some(anchor.score);
        let style = if chosen {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        };
        anchor_lines.push(Line::styled(
            format!(
                "{} {} {}",
                if chosen { "▶" } else { " " },
                anchor.score,
                anchor.description
            ),
            style,
        ));
    }
    frame.render_widget(
        Paragraph::new(anchor_lines).wrap(Wrap { trim: true }),
        anchors,
    );
    TextField {
        label: if interview.editing_notes {
            " Notes (Tab when done) "
        } else {
            " Notes (Tab to type) "
        },
        input: &interview.notes[i],
        focused: interview.editing_notes,
        masked: false,
        error: false,
    }
    .render(frame, notes);
}

fn render_review(frame: &mut Frame, area: Rect, interview: &Interview, view: &InterviewView<'_>) {
    let script = &interview.loaded().script;
    let assessment = interview.assessment();
    let mut lines = Vec::new();
    for (i, question) in script.questions.iter().enumerate() {
        let score = interview.scores[i].map_or("-".to_string(), |s| format!("{s}/{MAX_SCORE}"));
        let note = truncate(interview.notes[i].value(), 40).into_owned();
        lines.push(Line::from(vec![
            Span::from(format!("{:<32}", question.value.title())),
            Span::from(format!("{score:<6}")).bold(),
            Span::from(visible(&note).into_owned()).dim(),
        ]));
    }
    lines.push(
        Line::from(format!(
            "Total {} of {} (pass mark {}, at least {} on each question)",
            assessment.total,
            assessment.max_total,
            script.rules.pass_mark,
            script.rules.minimum_per_question
        ))
        .bold(),
    );
    let recommendation = assessment
        .recommendation
        .map_or("Not complete", Recommendation::title);
    lines.push(Line::from(vec![
        Span::from("Recommendation: "),
        Span::from(recommendation.to_uppercase()).bold(),
    ]));
    for reason in &assessment.reasons {
        lines.push(Line::from(format!("  {reason}")).dim());
    }
    for check in &assessment.needs_checks {
        lines.push(Line::from(format!("  Check needed: {check}")));
    }
    let focus = |f: ReviewFocus| interview.focus == f;
    let decision_line: Vec<Span> = [
        Recommendation::Offer,
        Recommendation::SecondOpinion,
        Recommendation::NotProgressing,
    ]
    .iter()
    .enumerate()
    .map(|(n, d)| {
        let on = interview.decision == Some(*d);
        Span::styled(
            format!(
                "{} {} {}   ",
                if on { "(•)" } else { "( )" },
                n + 1,
                d.title()
            ),
            if on {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            },
        )
    })
    .collect();
    let mut decision_spans = vec![Span::styled(
        "Your decision: ",
        if focus(ReviewFocus::Decision) {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        },
    )];
    decision_spans.extend(decision_line);
    lines.push(Line::from(decision_spans));
    let fields = interview.review_fields();
    let text_height = |f: ReviewFocus| {
        if fields.contains(&f) {
            TextField::HEIGHT
        } else {
            0
        }
    };
    let signpost_height = if fields.contains(&ReviewFocus::Signposts) {
        view.content.signposts.len() as u16 + 1
    } else {
        0
    };
    let [summary, reason, feedback, signposts, save] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(text_height(ReviewFocus::Reason)),
        Constraint::Length(text_height(ReviewFocus::Feedback)),
        Constraint::Length(signpost_height),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), summary);
    if fields.contains(&ReviewFocus::Reason) {
        TextField {
            label: " Why does your decision differ from the recommendation? (required, audited) ",
            input: &interview.reason,
            focused: focus(ReviewFocus::Reason),
            masked: false,
            error: false,
        }
        .render(frame, reason);
    }
    if fields.contains(&ReviewFocus::Feedback) {
        TextField {
            label: " Feedback you gave today (required) ",
            input: &interview.feedback,
            focused: focus(ReviewFocus::Feedback),
            masked: false,
            error: false,
        }
        .render(frame, feedback);
    }
    if fields.contains(&ReviewFocus::Signposts) {
        let [label, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(signposts);
        frame.render_widget(
            Paragraph::new(Line::from("Other routes you suggested (Space to tick):").dim()),
            label,
        );
        let labels: Vec<String> = view
            .content
            .signposts
            .iter()
            .map(|s| s.title.clone())
            .collect();
        frame.render_widget(
            ChoiceList {
                labels: &labels,
                chosen: &interview.signposts,
                cursor: focus(ReviewFocus::Signposts).then_some(interview.signpost_cursor),
                multiple: true,
            },
            list,
        );
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            "[ Save decision ]  (Ctrl-S)",
            if focus(ReviewFocus::Save) {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            },
        )),
        save,
    );
}

#[cfg(test)]
#[path = "interview_tests.rs"]
mod tests;
