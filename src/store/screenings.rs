//! Interviews: claiming a candidate, saving each answer as it is given, and the decision.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::json;
use strum::{AsRefStr, EnumString};

use super::Store;
use super::change::{self, Actor, Change};
use super::error::{Result, StoreError};
use super::time::{parse, rfc3339};
use crate::domain::{Event, Staff, Status};
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
        let candidate: Option<(String, String)> = tx
            .query_row(
                "SELECT ticket, status FROM candidates WHERE id = ?1 AND event_id = ?2",
                params![candidate_id, event.id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((ticket, status)) = candidate else {
            return Err(StoreError::CandidateNotFound(candidate_id.to_string()));
        };
        let open: Option<(String, String, String)> = tx
            .query_row(
                "SELECT s.id, s.staff_id, st.name FROM screenings s JOIN staff st ON st.id = s.staff_id
                 WHERE s.candidate_id = ?1 AND s.status = 'in_progress'",
                [candidate_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        if let Some((id, staff_id, name)) = open {
            drop(tx);
            if staff_id == staff.id {
                return self.screening(&id);
            }
            return Err(StoreError::InInterview { ticket, with: name });
        }
        if status != Status::Waiting.as_ref() {
            return Err(StoreError::NotWaiting { ticket });
        }
        let id = uuid::Uuid::now_v7().to_string();
        let now = rfc3339(actor.at);
        tx.execute(
            "INSERT INTO screenings (id, event_id, candidate_id, device_id, staff_id, script_id,
                script_version, script_hash, blind, status, started_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'in_progress', ?10, ?10)",
            params![
                id,
                event.id,
                candidate_id,
                device_id,
                staff.id,
                script.id,
                script.version,
                script.hash,
                blind,
                now
            ],
        )?;
        let record = json!({
            "id": id, "event_id": event.id, "candidate_id": candidate_id, "device_id": device_id,
            "staff_id": staff.id, "script_id": script.id, "script_version": script.version,
            "script_hash": script.hash, "blind": blind, "status": "in_progress",
            "started_at": now, "updated_at": now,
        });
        change::record(
            &tx,
            &device_id,
            actor,
            Change {
                action: "screening.start",
                entity: "screening",
                entity_id: &id,
                detail: json!({ "candidate_id": candidate_id, "script_id": script.id, "script_version": script.version }),
                synced: Some(record),
            },
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
        tx.execute(
            "INSERT INTO screening_answers (id, screening_id, question_id, kind, answer, score, notes, answered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (screening_id, question_id) DO UPDATE SET
                answer = excluded.answer, score = excluded.score, notes = excluded.notes,
                answered_at = excluded.answered_at",
            params![
                id,
                screening_id,
                answer.question_id,
                answer.kind.as_ref(),
                answer.answer,
                answer.score,
                answer.notes,
                now
            ],
        )?;
        tx.execute(
            "UPDATE screenings SET updated_at = ?1 WHERE id = ?2",
            params![now, screening_id],
        )?;
        change::record(
            &tx,
            &device_id,
            actor,
            Change {
                action: "screening.answer",
                entity: "screening_answer",
                entity_id: &id,
                detail: json!({ "screening_id": screening_id, "question_id": answer.question_id, "score": answer.score }),
                synced: Some(json!({
                    "id": id, "screening_id": screening_id, "question_id": answer.question_id,
                    "kind": answer.kind.as_ref(), "answer": answer.answer, "score": answer.score,
                    "notes": answer.notes, "answered_at": now,
                })),
            },
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
        let overridden = decision.decision != decision.recommendation;
        let reason = decision
            .override_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if overridden && reason.is_none() {
            return Err(StoreError::OverrideNeedsReason);
        }
        let device_id = self.device_id.clone();
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE screenings SET status = 'completed', completed_at = ?1, total = ?2, max_total = ?3,
                recommendation = ?4, decision = ?5, override_reason = ?6, feedback = ?7,
                signposts = ?8, updated_at = ?1
             WHERE id = ?9 AND status = 'in_progress'",
            params![
                now,
                decision.total,
                decision.max_total,
                decision.recommendation.as_ref(),
                decision.decision.as_ref(),
                reason.filter(|_| overridden),
                decision.feedback,
                serde_json::to_string(&decision.signposts)?,
                screening_id
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::ScreeningClosed);
        }
        change::record(
            &tx,
            &device_id,
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
                    "override_reason": reason.filter(|_| overridden),
                    "signposts": decision.signposts,
                }),
                synced: Some(json!({
                    "id": screening_id, "status": "completed", "completed_at": now,
                    "total": decision.total, "max_total": decision.max_total,
                    "recommendation": decision.recommendation, "decision": decision.decision,
                    "override_reason": reason.filter(|_| overridden), "feedback": decision.feedback,
                    "signposts": decision.signposts, "updated_at": now,
                })),
            },
        )?;
        Ok(tx.commit()?)
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
                synced: Some(
                    json!({ "id": screening_id, "status": "abandoned", "updated_at": now }),
                ),
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
                synced: Some(json!({ "id": event.id, "blind_interviews": on })),
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
        assert!(detail.contains("volunteering"), "{detail}");
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
}
