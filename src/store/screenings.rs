//! Interviews: claiming a candidate, saving each answer as it is given, and the decision.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::Store;
use super::change::{self, Actor, Change, Writing};
use super::error::{Result, StoreError};
use super::rows::{collect_rows, optional_row};
use super::time::{parse, rfc3339};
use crate::domain::screening::{
    Answer, CompletedScreening, Decision, Screening, ScreeningStatus, ScriptRef,
};
use crate::domain::{Event, Staff, Status};
use crate::records::{self, Synced};

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
        let mut stmt = self.conn.prepare_cached(
            "SELECT question_id, kind, answer, score, notes FROM screening_answers
             WHERE screening_id = ?1 ORDER BY answered_at, question_id",
        )?;
        let answers = collect_rows(&mut stmt, [id], |row| {
            let kind: String = row.get(1)?;
            Ok(Answer {
                question_id: row.get(0)?,
                kind: kind
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("answer kind '{kind}'")))?,
                answer: row.get(2)?,
                score: row.get(3)?,
                notes: row.get(4)?,
            })
        })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT candidate_id, staff_id, script_id, script_version, script_hash, blind, status,
                    started_at
             FROM screenings WHERE id = ?1",
        )?;
        let found = optional_row(&mut stmt, [id], |row| {
            let status: String = row.get(6)?;
            Ok(Screening {
                id: id.to_string(),
                candidate_id: row.get(0)?,
                staff_id: row.get(1)?,
                script: ScriptRef {
                    id: row.get(2)?,
                    version: row.get(3)?,
                    hash: row.get(4)?,
                },
                blind: row.get(5)?,
                status: status
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("screening status '{status}'")))?,
                started_at: parse(&row.get::<_, String>(7)?)?,
                answers,
            })
        })?;
        found.ok_or_else(|| StoreError::ScreeningNotFound(id.to_string()))
    }

    /// Saves (or replaces) one answer the moment it is given.
    pub fn save_answer(
        &mut self,
        screening_id: &str,
        answer: &Answer,
        actor: &Actor,
    ) -> Result<()> {
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
        write_answer(&tx, screening_id, &id, answer, actor)?;
        tx.execute(
            "UPDATE screenings SET updated_at = ?1 WHERE id = ?2",
            params![now, screening_id],
        )?;
        tx.commit()
    }

    /// Records the decision and closes the interview. A decision that differs from the
    /// recommendation needs a written reason; the reason is audited.
    pub fn finish_screening(
        &mut self,
        screening_id: &str,
        decision: &Decision,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.write()?;
        write_decision(&tx, screening_id, decision, actor)?;
        tx.commit()
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
        let tx = self.write()?;
        for item in items {
            claim(&tx, event, &item.candidate_id)?.ensure_free()?;
            let id = insert_screening(
                &tx,
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
                write_answer(&tx, &id, &answer_id, answer, &actor)?;
            }
            let actor = Actor::staff(&item.staff_id, item.completed_at).at_made_up_time();
            write_decision(&tx, &id, &item.decision, &actor)?;
        }
        tx.commit()?;
        Ok(items.len())
    }

    /// Ends an interview without a decision; the candidate goes back to waiting.
    pub fn abandon_screening(&mut self, screening_id: &str, actor: &Actor) -> Result<()> {
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE screenings SET status = 'abandoned', updated_at = ?1 WHERE id = ?2 AND status = 'in_progress'",
            params![now, screening_id],
        )?;
        if changed == 0 {
            return Err(StoreError::ScreeningClosed);
        }
        tx.record(
            actor,
            Change {
                action: "screening.abandon",
                entity: "screening",
                entity_id: screening_id,
                detail: json!({}),
                synced: Some(Synced::of(&records::ScreeningAbandoned {
                    id: screening_id.to_string(),
                    status: ScreeningStatus::Abandoned,
                    updated_at: now,
                })?),
            },
        )?;
        tx.commit()
    }

    /// Turns blind interviewing on or off for an event.
    pub fn set_blind_interviews(&mut self, event: &Event, on: bool, actor: &Actor) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE events SET blind_interviews = ?1 WHERE id = ?2",
            params![on, event.id],
        )?;
        tx.record(
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
        tx.commit()
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
fn insert_screening(tx: &Writing<'_>, new: &NewScreening<'_>, actor: &Actor) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = rfc3339(actor.at);
    let script = new.script;
    tx.prepare_cached(
        "INSERT INTO screenings (id, event_id, candidate_id, device_id, staff_id, script_id,
            script_version, script_hash, blind, status, started_at, updated_at, pack_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'in_progress', ?10, ?10, ?11)",
    )?
    .execute(params![
        id,
        new.event_id,
        new.candidate_id,
        tx.device_id(),
        new.staff_id,
        script.id,
        script.version,
        script.hash,
        new.blind,
        now,
        tx.pack_version()
    ])?;
    let synced = Synced::of(&records::Screening {
        id: id.clone(),
        event_id: new.event_id.to_string(),
        candidate_id: new.candidate_id.to_string(),
        device_id: tx.device_id().to_string(),
        staff_id: new.staff_id.to_string(),
        script_id: script.id.clone(),
        script_version: script.version,
        script_hash: script.hash.clone(),
        blind: new.blind,
        status: ScreeningStatus::InProgress,
        started_at: now.clone(),
        updated_at: now,
        pack_version: tx.pack_version().map(str::to_string),
    })?;
    tx.record(
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
    tx: &Writing<'_>,
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
    tx.record(
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
                kind: answer.kind,
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
    tx: &Writing<'_>,
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
    tx.record(
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
                status: ScreeningStatus::Completed,
                completed_at: now.clone(),
                decision: Decision {
                    override_reason: reason.map(str::to_string),
                    ..decision.clone()
                },
                updated_at: now,
            })?),
        },
    )
}

#[cfg(test)]
mod tests;
