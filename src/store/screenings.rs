//! Interviews: claiming a candidate, saving each answer as it is given, and the decision.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;
use strum::{AsRefStr, EnumString};

use super::Store;
use super::change::{self, Actor, Change};
use super::error::{Result, StoreError};
use super::time::{parse, rfc3339};
use crate::domain::{Event, Staff, Status};
use crate::records::{self, Synced};
use crate::screening::scoring::Recommendation;

/// Which script an interview uses, exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRef {
    pub id: String,
    pub version: u32,
    /// SHA-256 of the script file, so a decision traces to the exact words asked.
    pub hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, AsRefStr, EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum ScreeningStatus {
    InProgress,
    Completed,
    Abandoned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, AsRefStr, EnumString)]
#[strum(serialize_all = "snake_case")]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// A finished interview to record in one go with [`Store::record_screenings`].
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
    fn answered_at(&self, index: usize) -> DateTime<Utc> {
        let length = (self.completed_at - self.started_at).max(chrono::TimeDelta::zero());
        let steps = i32::try_from(self.answers.len() + 1).unwrap_or(i32::MAX);
        let step = i32::try_from(index + 1).unwrap_or(i32::MAX).min(steps);
        self.started_at + length / steps * step
    }
}

impl Store {
    /// Takes a waiting candidate into interview. Fails, saying with whom, when someone else has
    /// them already; the same recruiter asking again gets their own interview back.
    pub fn start_screening(
        &mut self,
        event: &Event,
        candidate_id: &str,
        staff: &Staff,
        script: &ScriptRef,
        blind: bool,
        actor: &Actor,
    ) -> Result<Screening> {
        let device_id = self.device_id.clone();
        let tx = self.write()?;
        let claim = claim(&tx, event, candidate_id)?;
        if let Some(open) = &claim.open
            && open.staff_id == staff.id
        {
            let id = open.screening_id.clone();
            drop(tx);
            return self.screening(&id);
        }
        claim.ensure_free()?;
        let id = insert_screening(
            &tx,
            &device_id,
            &NewScreening {
                event_id: &event.id,
                candidate_id,
                staff_id: &staff.id,
                script,
                blind,
            },
            actor,
        )?;
        tx.commit()?;
        Ok(Screening {
            id,
            candidate_id: candidate_id.to_string(),
            staff_id: staff.id.clone(),
            script: script.clone(),
            blind,
            status: ScreeningStatus::InProgress,
            started_at: actor.at,
            answers: Vec::new(),
        })
    }

    /// The interview this recruiter left open, if any (after a crash or a closed laptop).
    pub fn open_screening(&self, staff_id: &str) -> Result<Option<Screening>> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM screenings WHERE staff_id = ?1 AND status = 'in_progress'
                 ORDER BY started_at DESC LIMIT 1",
                [staff_id],
                |row| row.get(0),
            )
            .optional()?;
        id.map(|id| self.screening(&id)).transpose()
    }

    /// One interview with its answers.
    pub fn screening(&self, id: &str) -> Result<Screening> {
        let row = self
            .conn
            .query_row(
                "SELECT candidate_id, staff_id, script_id, script_version, script_hash, blind, status, started_at
                 FROM screenings WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, u32>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, bool>(5)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                    ))
                },
            )
            .optional()?;
        let Some((candidate_id, staff_id, script_id, version, hash, blind, status, started)) = row
        else {
            return Err(StoreError::ScreeningNotFound(id.to_string()));
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT question_id, kind, answer, score, notes FROM screening_answers
             WHERE screening_id = ?1 ORDER BY answered_at, question_id",
        )?;
        let answers = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<u8>>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .map(|row| {
                let (question_id, kind, answer, score, notes) = row?;
                Ok(Answer {
                    question_id,
                    kind: kind
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("answer kind '{kind}'")))?,
                    answer,
                    score,
                    notes,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Screening {
            id: id.to_string(),
            candidate_id,
            staff_id,
            script: ScriptRef {
                id: script_id,
                version,
                hash,
            },
            blind,
            status: status
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("screening status '{status}'")))?,
            started_at: parse(&started)?,
            answers,
        })
    }

    /// Saves (or replaces) one answer the moment it is given.
    pub fn save_answer(
        &mut self,
        screening_id: &str,
        answer: &Answer,
        actor: &Actor,
    ) -> Result<()> {
        let device_id = self.device_id.clone();
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let open: bool = tx
            .query_row(
                "SELECT status = 'in_progress' FROM screenings WHERE id = ?1",
                [screening_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::ScreeningNotFound(screening_id.to_string()))?;
        if !open {
            return Err(StoreError::ScreeningClosed);
        }
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM screening_answers WHERE screening_id = ?1 AND question_id = ?2",
                params![screening_id, answer.question_id],
                |row| row.get(0),
            )
            .optional()?;
        let id = existing.unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
        write_answer(&tx, &device_id, screening_id, &id, answer, actor)?;
        tx.execute(
            "UPDATE screenings SET updated_at = ?1 WHERE id = ?2",
            params![now, screening_id],
        )?;
        Ok(tx.commit()?)
    }

    /// Records the decision and closes the interview. A decision that differs from the
    /// recommendation needs a written reason; the reason is audited.
    pub fn finish_screening(
        &mut self,
        screening_id: &str,
        decision: &Decision,
        actor: &Actor,
    ) -> Result<()> {
        let device_id = self.device_id.clone();
        let tx = self.write()?;
        write_decision(&tx, &device_id, screening_id, decision, actor)?;
        Ok(tx.commit()?)
    }

    /// Records many finished interviews in one transaction (demo data, a laptop's backlog): all or
    /// nothing. Each is written exactly as the interview screens write it — the screening row,
    /// every answer and the decision, each step with its audit and outbox rows — so the rest of
    /// the system cannot tell them apart. Each step is stamped with the interviewer as actor:
    /// the start at `started_at`, the answers in order, evenly spread between the start and
    /// `completed_at`, and the decision at `completed_at`. Refuses, naming the ticket, a candidate
    /// who is not waiting or is in interview already. Returns how many were recorded.
    pub fn record_screenings(
        &mut self,
        event: &Event,
        items: &[CompletedScreening],
    ) -> Result<usize> {
        let device_id = self.device_id.clone();
        let tx = self.write()?;
        for item in items {
            claim(&tx, event, &item.candidate_id)?.ensure_free()?;
            let id = insert_screening(
                &tx,
                &device_id,
                &NewScreening {
                    event_id: &event.id,
                    candidate_id: &item.candidate_id,
                    staff_id: &item.staff_id,
                    script: &item.script,
                    blind: item.blind,
                },
                &Actor::staff(&item.staff_id, item.started_at).at_made_up_time(),
            )?;
            for (index, answer) in item.answers.iter().enumerate() {
                let actor = Actor::staff(&item.staff_id, item.answered_at(index)).at_made_up_time();
                let answer_id = uuid::Uuid::now_v7().to_string();
                write_answer(&tx, &device_id, &id, &answer_id, answer, &actor)?;
            }
            let actor = Actor::staff(&item.staff_id, item.completed_at).at_made_up_time();
            write_decision(&tx, &device_id, &id, &item.decision, &actor)?;
        }
        tx.commit()?;
        Ok(items.len())
    }

    /// Ends an interview without a decision; the candidate goes back to waiting.
    pub fn abandon_screening(&mut self, screening_id: &str, actor: &Actor) -> Result<()> {
        let device_id = self.device_id.clone();
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE screenings SET status = 'abandoned', updated_at = ?1 WHERE id = ?2 AND status = 'in_progress'",
            params![now, screening_id],
        )?;
        if changed == 0 {
            return Err(StoreError::ScreeningClosed);
        }
        change::record(
            &tx,
            &device_id,
            actor,
            Change {
                action: "screening.abandon",
                entity: "screening",
                entity_id: screening_id,
                detail: json!({}),
                synced: Some(Synced::of(&records::ScreeningAbandoned {
                    id: screening_id.to_string(),
                    status: ScreeningStatus::Abandoned.as_ref().to_string(),
                    updated_at: now,
                })?),
            },
        )?;
        Ok(tx.commit()?)
    }

    /// Turns blind interviewing on or off for an event.
    pub fn set_blind_interviews(&mut self, event: &Event, on: bool, actor: &Actor) -> Result<()> {
        let device_id = self.device_id.clone();
        let tx = self.write()?;
        tx.execute(
            "UPDATE events SET blind_interviews = ?1 WHERE id = ?2",
            params![on, event.id],
        )?;
        change::record(
            &tx,
            &device_id,
            actor,
            Change {
                action: "event.blind_interviews",
                entity: "event_settings",
                entity_id: &event.id,
                detail: json!({ "blind_interviews": on }),
                synced: Some(Synced::of(&records::EventBlindInterviews {
                    id: event.id.clone(),
                    blind_interviews: on,
                })?),
            },
        )?;
        Ok(tx.commit()?)
    }

    /// Whether the event interviews blind.
    pub fn blind_interviews(&self, event: &Event) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT blind_interviews FROM events WHERE id = ?1",
            [&event.id],
            |row| row.get(0),
        )?)
    }

    /// How many candidates were pointed to each signpost at the event, most first.
    pub fn signpost_counts(&self, event: &Event) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT value, count(*) FROM screenings, json_each(screenings.signposts)
             WHERE event_id = ?1 AND status = 'completed' GROUP BY value ORDER BY 2 DESC, 1",
        )?;
        let rows = stmt.query_map([&event.id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Where a candidate stands before an interview starts.
struct Claim {
    ticket: String,
    waiting: bool,
    open: Option<OpenInterview>,
}

/// Someone's interview of the candidate that has not ended yet.
struct OpenInterview {
    screening_id: String,
    staff_id: String,
    staff_name: String,
}

impl Claim {
    /// Fine to start an interview: waiting, and nobody has them.
    fn ensure_free(self) -> Result<()> {
        if let Some(open) = self.open {
            return Err(StoreError::InInterview {
                ticket: self.ticket,
                with: open.staff_name,
            });
        }
        if !self.waiting {
            return Err(StoreError::NotWaiting {
                ticket: self.ticket,
            });
        }
        Ok(())
    }
}

fn claim(tx: &Transaction<'_>, event: &Event, candidate_id: &str) -> Result<Claim> {
    let candidate: Option<(String, String)> = tx
        .prepare_cached("SELECT ticket, status FROM candidates WHERE id = ?1 AND event_id = ?2")?
        .query_row(params![candidate_id, event.id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let Some((ticket, status)) = candidate else {
        return Err(StoreError::CandidateNotFound(candidate_id.to_string()));
    };
    let open = tx
        .prepare_cached(
            "SELECT s.id, s.staff_id, st.name FROM screenings s JOIN staff st ON st.id = s.staff_id
             WHERE s.candidate_id = ?1 AND s.status = 'in_progress'",
        )?
        .query_row([candidate_id], |row| {
            Ok(OpenInterview {
                screening_id: row.get(0)?,
                staff_id: row.get(1)?,
                staff_name: row.get(2)?,
            })
        })
        .optional()?;
    Ok(Claim {
        ticket,
        waiting: status == Status::Waiting.as_ref(),
        open,
    })
}

/// What a new interview row needs.
struct NewScreening<'a> {
    event_id: &'a str,
    candidate_id: &'a str,
    staff_id: &'a str,
    script: &'a ScriptRef,
    blind: bool,
}

/// Inserts the interview as in progress, with its audit and outbox rows; returns its id.
fn insert_screening(
    tx: &Transaction<'_>,
    device_id: &str,
    new: &NewScreening<'_>,
    actor: &Actor,
) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = rfc3339(actor.at);
    let script = new.script;
    tx.prepare_cached(
        "INSERT INTO screenings (id, event_id, candidate_id, device_id, staff_id, script_id,
            script_version, script_hash, blind, status, started_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'in_progress', ?10, ?10)",
    )?
    .execute(params![
        id,
        new.event_id,
        new.candidate_id,
        device_id,
        new.staff_id,
        script.id,
        script.version,
        script.hash,
        new.blind,
        now
    ])?;
    let synced = Synced::of(&records::Screening {
        id: id.clone(),
        event_id: new.event_id.to_string(),
        candidate_id: new.candidate_id.to_string(),
        device_id: device_id.to_string(),
        staff_id: new.staff_id.to_string(),
        script_id: script.id.clone(),
        script_version: script.version,
        script_hash: script.hash.clone(),
        blind: new.blind,
        status: ScreeningStatus::InProgress.as_ref().to_string(),
        started_at: now.clone(),
        updated_at: now,
    })?;
    change::record(
        tx,
        device_id,
        actor,
        Change {
            action: "screening.start",
            entity: "screening",
            entity_id: &id,
            detail: json!({ "candidate_id": new.candidate_id, "script_id": script.id, "script_version": script.version }),
            synced: Some(synced),
        },
    )?;
    Ok(id)
}

/// Inserts or replaces one answer (as `answer_id`), with its audit and outbox rows. Does not
/// check that the interview is open, nor touch the interview row.
fn write_answer(
    tx: &Transaction<'_>,
    device_id: &str,
    screening_id: &str,
    answer_id: &str,
    answer: &Answer,
    actor: &Actor,
) -> Result<()> {
    let now = rfc3339(actor.at);
    tx.prepare_cached(
        "INSERT INTO screening_answers (id, screening_id, question_id, kind, answer, score, notes, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (screening_id, question_id) DO UPDATE SET
            answer = excluded.answer, score = excluded.score, notes = excluded.notes,
            answered_at = excluded.answered_at",
    )?
    .execute(params![
        answer_id,
        screening_id,
        answer.question_id,
        answer.kind.as_ref(),
        answer.answer,
        answer.score,
        answer.notes,
        now
    ])?;
    change::record(
        tx,
        device_id,
        actor,
        Change {
            action: "screening.answer",
            entity: "screening_answer",
            entity_id: answer_id,
            detail: json!({ "screening_id": screening_id, "question_id": answer.question_id, "score": answer.score }),
            synced: Some(Synced::of(&records::ScreeningAnswer {
                id: answer_id.to_string(),
                screening_id: screening_id.to_string(),
                question_id: answer.question_id.clone(),
                kind: answer.kind.as_ref().to_string(),
                answer: answer.answer.clone(),
                score: answer.score,
                notes: answer.notes.clone(),
                answered_at: now,
            })?),
        },
    )
}

/// Records the decision and closes an interview that is in progress, with its audit and outbox
/// rows. A decision that differs from the recommendation needs a written reason.
fn write_decision(
    tx: &Transaction<'_>,
    device_id: &str,
    screening_id: &str,
    decision: &Decision,
    actor: &Actor,
) -> Result<()> {
    let overridden = decision.decision != decision.recommendation;
    let reason = decision
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if overridden && reason.is_none() {
        return Err(StoreError::OverrideNeedsReason);
    }
    let reason = reason.filter(|_| overridden);
    let now = rfc3339(actor.at);
    let changed = tx
        .prepare_cached(
            "UPDATE screenings SET status = 'completed', completed_at = ?1, total = ?2, max_total = ?3,
                recommendation = ?4, decision = ?5, override_reason = ?6, feedback = ?7,
                signposts = ?8, updated_at = ?1
             WHERE id = ?9 AND status = 'in_progress'",
        )?
        .execute(params![
            now,
            decision.total,
            decision.max_total,
            decision.recommendation.as_ref(),
            decision.decision.as_ref(),
            reason,
            decision.feedback,
            serde_json::to_string(&decision.signposts)?,
            screening_id
        ])?;
    if changed == 0 {
        return Err(StoreError::ScreeningClosed);
    }
    change::record(
        tx,
        device_id,
        actor,
        Change {
            action: if overridden {
                "screening.decide_override"
            } else {
                "screening.decide"
            },
            entity: "screening",
            entity_id: screening_id,
            detail: json!({
                "recommendation": decision.recommendation,
                "decision": decision.decision,
                "override_reason_sha256": reason.map(change::fingerprint),
                "signposts": decision.signposts,
            }),
            synced: Some(Synced::of(&records::ScreeningDecision {
                id: screening_id.to_string(),
                status: ScreeningStatus::Completed.as_ref().to_string(),
                completed_at: now.clone(),
                total: decision.total,
                max_total: decision.max_total,
                recommendation: decision.recommendation,
                decision: decision.decision,
                override_reason: reason.map(str::to_string),
                feedback: decision.feedback.clone(),
                signposts: decision.signposts.clone(),
                updated_at: now,
            })?),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Registration, Source, StaffRole};
    use crate::store::{test_store, test_time};

    fn staff(store: &mut Store, name: &str) -> Staff {
        store
            .add_staff(
                name,
                StaffRole::Recruiter,
                "hash",
                &Actor::new("test", test_time()),
            )
            .unwrap()
    }

    fn script() -> ScriptRef {
        ScriptRef {
            id: "hcsw-values".into(),
            version: 1,
            hash: "abc123".into(),
        }
    }

    fn waiting_candidate(store: &mut Store, event: &Event) -> String {
        let registration = Registration {
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            email: Some("amara@example.com".into()),
            ..Registration::default()
        };
        store
            .register(
                event,
                &registration,
                Source::Kiosk,
                &Actor::new("kiosk", test_time()),
            )
            .unwrap()
            .candidate_id
    }

    #[test]
    fn two_recruiters_can_never_take_the_same_candidate() {
        let (_dir, mut store, event) = test_store();
        let sam = staff(&mut store, "Sam");
        let ola = staff(&mut store, "Ola");
        let candidate = waiting_candidate(&mut store, &event);
        let at = Actor::staff(&sam.id, test_time());
        let first = store
            .start_screening(&event, &candidate, &sam, &script(), false, &at)
            .unwrap();
        let err = store
            .start_screening(
                &event,
                &candidate,
                &ola,
                &script(),
                false,
                &Actor::staff(&ola.id, test_time()),
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("already in interview with Sam"),
            "{err}"
        );
        // Sam asking again gets the same interview back.
        let again = store
            .start_screening(&event, &candidate, &sam, &script(), false, &at)
            .unwrap();
        assert_eq!(again.id, first.id);
    }

    #[test]
    fn answers_are_saved_as_given_and_an_open_interview_resumes() {
        let (dir, mut store, event) = test_store();
        let sam = staff(&mut store, "Sam");
        let candidate = waiting_candidate(&mut store, &event);
        let at = Actor::staff(&sam.id, test_time());
        let screening = store
            .start_screening(&event, &candidate, &sam, &script(), true, &at)
            .unwrap();
        let mut answer = Answer {
            question_id: "compassion".into(),
            kind: AnswerKind::Values,
            answer: None,
            score: Some(2),
            notes: "Talked about caring for her gran".into(),
        };
        store.save_answer(&screening.id, &answer, &at).unwrap();
        answer.score = Some(3);
        store.save_answer(&screening.id, &answer, &at).unwrap();
        drop(store);
        // As if the laptop died: a new process finds the interview and its one answer.
        let store = Store::open(&dir.path().join("test.db")).unwrap();
        let resumed = store
            .open_screening(&sam.id)
            .unwrap()
            .expect("open interview");
        assert_eq!(resumed.id, screening.id);
        assert!(resumed.blind);
        assert_eq!(resumed.answers, vec![answer]);
        assert_eq!(resumed.script, script());
    }

    #[test]
    fn overriding_the_recommendation_needs_a_reason_and_is_audited() {
        let (_dir, mut store, event) = test_store();
        let sam = staff(&mut store, "Sam");
        let candidate = waiting_candidate(&mut store, &event);
        let at = Actor::staff(&sam.id, test_time());
        let screening = store
            .start_screening(&event, &candidate, &sam, &script(), false, &at)
            .unwrap();
        let mut decision = Decision {
            total: 13,
            max_total: 24,
            recommendation: Recommendation::SecondOpinion,
            decision: Recommendation::Offer,
            override_reason: Some("   ".into()),
            feedback: String::new(),
            signposts: Vec::new(),
        };
        let err = store
            .finish_screening(&screening.id, &decision, &at)
            .unwrap_err();
        assert!(matches!(err, StoreError::OverrideNeedsReason), "{err}");
        decision.override_reason =
            Some("Strong examples from volunteering; nerves early on".into());
        store
            .finish_screening(&screening.id, &decision, &at)
            .unwrap();
        let (action, detail): (String, String) = store
            .connection()
            .query_row(
                "SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(action, "screening.decide_override");
        // The audit log keeps a fingerprint of the reason, never the words.
        assert!(!detail.contains("volunteering"), "{detail}");
        assert!(
            detail.contains(&change::fingerprint(
                "Strong examples from volunteering; nerves early on"
            )),
            "{detail}"
        );
        assert!(store.open_screening(&sam.id).unwrap().is_none());
    }

    #[test]
    fn signposts_are_counted() {
        let (_dir, mut store, event) = test_store();
        let sam = staff(&mut store, "Sam");
        let candidate = waiting_candidate(&mut store, &event);
        let at = Actor::staff(&sam.id, test_time());
        let screening = store
            .start_screening(&event, &candidate, &sam, &script(), false, &at)
            .unwrap();
        let decision = Decision {
            total: 8,
            max_total: 24,
            recommendation: Recommendation::NotProgressing,
            decision: Recommendation::NotProgressing,
            override_reason: None,
            feedback: "Give more examples from your own life".into(),
            signposts: vec!["apprenticeship".into(), "volunteering".into()],
        };
        store
            .finish_screening(&screening.id, &decision, &at)
            .unwrap();
        assert_eq!(
            store.signpost_counts(&event).unwrap(),
            vec![("apprenticeship".into(), 1), ("volunteering".into(), 1)]
        );
    }

    #[derive(Debug, PartialEq)]
    struct Footprint {
        screening: Vec<String>,
        answers: Vec<Vec<String>>,
        changes: Vec<(String, String, String, String)>,
    }

    /// The rows one screening left: the screening row (ids and times aside), its answers, and
    /// for each audit row in order its action, entity and the keys of its detail and of the
    /// outbox payload written with it.
    fn footprint(store: &Store, screening_id: &str) -> Footprint {
        let conn = store.connection();
        let screening: Vec<String> = conn
            .query_row(
                "SELECT script_id, script_version, script_hash, blind, status, total, max_total,
                        recommendation, decision, override_reason, feedback, signposts,
                        completed_at = updated_at, started_at < completed_at
                 FROM screenings WHERE id = ?1",
                [screening_id],
                |r| {
                    (0..14)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect()
                },
            )
            .unwrap();
        let answers: Vec<Vec<String>> = conn
            .prepare(
                "SELECT question_id, kind, answer, score, notes FROM screening_answers
                 WHERE screening_id = ?1 ORDER BY answered_at, question_id",
            )
            .unwrap()
            .query_map([screening_id], |r| {
                (0..5)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect()
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let keys = |json: &str| -> String {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let mut keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys.join(",")
        };
        // Each change's audit row and outbox row share the entity, entity id and time.
        let changes = conn
            .prepare(
                "SELECT a.action, a.entity, a.detail, o.payload FROM audit_log a
                 JOIN outbox o ON o.entity = a.entity AND o.entity_id = a.entity_id AND o.at = a.at
                 WHERE a.entity_id = ?1
                    OR a.entity_id IN (SELECT id FROM screening_answers WHERE screening_id = ?1)
                 ORDER BY a.seq",
            )
            .unwrap()
            .query_map([screening_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .unwrap()
            .map(|row| {
                let (action, entity, detail, payload) = row.unwrap();
                (action, entity, keys(&detail), keys(&payload))
            })
            .collect();
        Footprint {
            screening,
            answers,
            changes,
        }
    }

    fn answers() -> Vec<Answer> {
        let mut answers = vec![Answer {
            question_id: "right_to_work".into(),
            kind: AnswerKind::Eligibility,
            answer: Some("yes".into()),
            score: None,
            notes: String::new(),
        }];
        answers.extend((1..=3).map(|n| Answer {
            question_id: format!("q{n}"),
            kind: AnswerKind::Values,
            answer: None,
            score: Some(n + 1),
            notes: format!("note {n}"),
        }));
        answers
    }

    #[test]
    fn a_batch_writes_exactly_what_the_interview_screens_write() {
        let (_dir, mut store, event) = test_store();
        let sam = staff(&mut store, "Sam");
        let first = waiting_candidate(&mut store, &event);
        let second = waiting_candidate(&mut store, &event);
        let decision = Decision {
            total: 9,
            max_total: 12,
            recommendation: Recommendation::SecondOpinion,
            decision: Recommendation::Offer,
            override_reason: Some("Strong examples once settled".into()),
            feedback: String::new(),
            signposts: Vec::new(),
        };
        // One by one, as the screens do it, a minute apart.
        let at = |minutes| Actor::staff(&sam.id, test_time() + chrono::Duration::minutes(minutes));
        let interactive = store
            .start_screening(&event, &first, &sam, &script(), true, &at(10))
            .unwrap();
        for (minute, answer) in (11..).zip(answers()) {
            store
                .save_answer(&interactive.id, &answer, &at(minute))
                .unwrap();
        }
        store
            .finish_screening(&interactive.id, &decision, &at(30))
            .unwrap();
        // The same interview in a batch.
        let item = CompletedScreening {
            candidate_id: second.clone(),
            staff_id: sam.id.clone(),
            script: script(),
            blind: true,
            started_at: at(10).at,
            completed_at: at(30).at,
            answers: answers(),
            decision: decision.clone(),
        };
        assert_eq!(store.record_screenings(&event, &[item]).unwrap(), 1);
        let batch_id: String = store
            .connection()
            .query_row(
                "SELECT id FROM screenings WHERE candidate_id = ?1",
                [&second],
                |r| r.get(0),
            )
            .unwrap();
        let (expected, got) = (
            footprint(&store, &interactive.id),
            footprint(&store, &batch_id),
        );
        assert_eq!(got, expected);
        assert_eq!(expected.answers.len(), 4, "{expected:?}");
        let actions: Vec<_> = expected.changes.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            actions,
            [
                "screening.start",
                "screening.answer",
                "screening.answer",
                "screening.answer",
                "screening.answer",
                "screening.decide_override"
            ]
        );
        // Actors and times: the interviewer, from the start to the decision in order.
        let stamps: Vec<(String, String)> = store
            .connection()
            .prepare(
                "SELECT actor, at FROM audit_log WHERE entity_id = ?1
                    OR entity_id IN (SELECT id FROM screening_answers WHERE screening_id = ?1)
                 ORDER BY seq",
            )
            .unwrap()
            .query_map([&batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            stamps
                .iter()
                .all(|(actor, _)| *actor == format!("staff:{}", sam.id))
        );
        assert!(stamps.windows(2).all(|w| w[0].1 < w[1].1), "{stamps:?}");
        assert_eq!(stamps[0].1, rfc3339(at(10).at));
        assert_eq!(stamps[5].1, rfc3339(at(30).at));
        let read = store.screening(&batch_id).unwrap();
        assert_eq!(read.status, ScreeningStatus::Completed);
        assert_eq!(read.answers, answers());
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }

    #[test]
    fn a_batch_is_all_or_nothing_and_keeps_the_interview_rules() {
        let (_dir, mut store, event) = test_store();
        let sam = staff(&mut store, "Sam");
        let free = waiting_candidate(&mut store, &event);
        let taken = waiting_candidate(&mut store, &event);
        store
            .start_screening(
                &event,
                &taken,
                &sam,
                &script(),
                false,
                &Actor::staff(&sam.id, test_time()),
            )
            .unwrap();
        let item = |candidate_id: &str| CompletedScreening {
            candidate_id: candidate_id.to_string(),
            staff_id: sam.id.clone(),
            script: script(),
            blind: false,
            started_at: test_time(),
            completed_at: test_time() + chrono::Duration::minutes(20),
            answers: answers(),
            decision: Decision {
                total: 9,
                max_total: 12,
                recommendation: Recommendation::Offer,
                decision: Recommendation::Offer,
                override_reason: None,
                feedback: String::new(),
                signposts: Vec::new(),
            },
        };
        let count = |store: &Store| -> i64 {
            store
                .connection()
                .query_row("SELECT count(*) FROM screenings", [], |r| r.get(0))
                .unwrap()
        };
        let err = store
            .record_screenings(&event, &[item(&free), item(&taken)])
            .unwrap_err();
        assert!(matches!(err, StoreError::InInterview { .. }), "{err}");
        assert_eq!(count(&store), 1, "nothing from the failed batch is kept");
        let mut unexplained = item(&free);
        unexplained.decision.decision = Recommendation::NotProgressing;
        let err = store.record_screenings(&event, &[unexplained]).unwrap_err();
        assert!(matches!(err, StoreError::OverrideNeedsReason), "{err}");
        assert_eq!(store.record_screenings(&event, &[]).unwrap(), 0);
        assert_eq!(store.record_screenings(&event, &[item(&free)]).unwrap(), 1);
        assert_eq!(count(&store), 2);
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }
}
