//! The structured interview, for every shell: open a candidate for interview (picking up one
//! this recruiter left open), start it with a script, save each answer as it is given, and save
//! the decision or hand the candidate back to the queue.

use crate::domain::screening::{Answer, Decision, Screening, ScriptRef};
use crate::domain::{Event, Staff};
use crate::service::log::logged;
use crate::store::{Actor, CandidateDetail, Store, StoreError};

/// Which read failed when opening a candidate for interview.
#[derive(Debug, thiserror::Error)]
pub enum OpenInterviewError {
    #[error("{0}")]
    Candidate(StoreError),
    #[error("{0}")]
    OpenInterview(StoreError),
}

/// A candidate to interview, with the interview this recruiter left open for them, if any.
#[derive(Debug)]
pub struct Ready {
    pub detail: CandidateDetail,
    pub open: Option<Screening>,
}

/// Reads the candidate and any interview of theirs that `staff_id` left open.
pub fn open(
    store: &Store,
    event: &Event,
    candidate_id: &str,
    staff_id: &str,
) -> Result<Ready, OpenInterviewError> {
    let ready = || {
        let detail = store
            .candidate(event, candidate_id)
            .map_err(OpenInterviewError::Candidate)?;
        let open = store
            .open_screening(staff_id)
            .map_err(OpenInterviewError::OpenInterview)?
            .filter(|s| s.candidate_id == candidate_id);
        Ok(Ready { detail, open })
    };
    logged!(
        debug,
        "interview open",
        ready(),
        |ready| candidate = candidate_id,
        staff = staff_id,
        left_open = ready.open.is_some()
    )
}

/// The interview `staff_id` left open (after a crash or a sign-out), if any.
pub fn left_open(store: &Store, staff_id: &str) -> Result<Option<Screening>, StoreError> {
    logged!(
        debug,
        "interview left open",
        store.open_screening(staff_id),
        |open| staff = staff_id,
        screening = open.as_ref().map(|s| s.id.as_str())
    )
}

/// Takes the candidate into interview with `script`; only one interview per candidate is open.
pub fn start(
    store: &mut Store,
    event: &Event,
    candidate_id: &str,
    staff: &Staff,
    script: &ScriptRef,
    blind: bool,
    actor: &Actor,
) -> Result<Screening, StoreError> {
    logged!(
        info,
        "interview start",
        store.start_screening(event, candidate_id, staff, script, blind, actor),
        |started| screening = %started.id,
        candidate = candidate_id,
        staff = %staff.id,
        script = %script.id,
        script_version = script.version,
        blind
    )
}

/// Saves (or replaces) one answer the moment it is given.
pub fn save_answer(
    store: &mut Store,
    screening_id: &str,
    answer: &Answer,
    actor: &Actor,
) -> Result<(), StoreError> {
    logged!(
        debug,
        "interview answer",
        store.save_answer(screening_id, answer, actor),
        |_| screening = screening_id,
        question = %answer.question_id
    )
}

/// Saves the decision and closes the interview.
pub fn finish(
    store: &mut Store,
    screening_id: &str,
    decision: &Decision,
    actor: &Actor,
) -> Result<(), StoreError> {
    logged!(
        info,
        "interview finish",
        store.finish_screening(screening_id, decision, actor),
        |_| screening = screening_id
    )
}

/// Closes the interview without a decision; the candidate goes back to the queue.
pub fn abandon(store: &mut Store, screening_id: &str, actor: &Actor) -> Result<(), StoreError> {
    logged!(
        info,
        "interview abandon",
        store.abandon_screening(screening_id, actor),
        |_| screening = screening_id
    )
}
