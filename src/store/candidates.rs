//! Registering candidates and reading the queue.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde_json::json;

use super::Store;
use super::change::{self, Actor, Change, Writing};
use super::error::{Result, StoreError};
use super::rows::{collect_rows, opt, optional_row, text_enum};
use super::time::{parse, rfc3339};
use crate::domain::contact::ContactDetails;
use crate::domain::event::TicketPrefix;
use crate::domain::screening::Recommendation;
use crate::domain::{
    CareExperience, ContractType, Event, Registration, RightToWork, Source, Status, WorkPattern,
};
use crate::records::{self, Synced};

/// What the kiosk or the walk-in form needs to tell the person in front of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterOutcome {
    pub candidate_id: String,
    pub ticket: String,
    /// The same email or phone was already registered at this event.
    pub possible_duplicate: bool,
}

/// One line of the recruiter's queue. Holds what the queue shows and searches, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: String,
    pub ticket: String,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub roles: Vec<String>,
    pub right_to_work: Option<RightToWork>,
    pub has_adjustments: bool,
    pub status: Status,
    pub possible_duplicate: bool,
    pub registered_at: DateTime<Utc>,
    pub arrived_at: Option<DateTime<Utc>>,
    /// The recruiter interviewing them now, if anyone is.
    pub interviewer: Option<String>,
    /// The decision of their latest finished interview.
    pub decision: Option<Recommendation>,
}

/// Everything the detail view shows. Equality-monitoring answers are deliberately not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateDetail {
    pub row: QueueRow,
    pub postcode: Option<String>,
    pub contract_types: Vec<ContractType>,
    pub work_patterns: Vec<WorkPattern>,
    pub care_experience: Option<CareExperience>,
    pub adjustments: String,
    pub source: Source,
    /// The ticket of the earlier registration this one may repeat.
    pub duplicate_of_ticket: Option<String>,
}

const ROW_COLUMNS: &str = "c.id, c.ticket, c.given_name, c.family_name, c.email, c.phone, c.roles,
     c.right_to_work, c.adjustments <> '', c.status, c.duplicate_of IS NOT NULL, c.registered_at, c.arrived_at,
     (SELECT st.name FROM screenings s JOIN staff st ON st.id = s.staff_id
        WHERE s.candidate_id = c.id AND s.status = 'in_progress'),
     (SELECT s.decision FROM screenings s WHERE s.candidate_id = c.id AND s.status = 'completed'
        ORDER BY s.completed_at DESC LIMIT 1)";

fn queue_row(row: &Row<'_>) -> Result<QueueRow> {
    Ok(QueueRow {
        id: row.get(0)?,
        ticket: row.get(1)?,
        given_name: row.get(2)?,
        family_name: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        roles: serde_json::from_str(&row.get::<_, String>(6)?)?,
        right_to_work: opt(row.get(7)?, text_enum)?,
        has_adjustments: row.get(8)?,
        status: text_enum(&row.get::<_, String>(9)?)?,
        possible_duplicate: row.get(10)?,
        registered_at: parse(&row.get::<_, String>(11)?)?,
        arrived_at: opt(row.get(12)?, parse)?,
        interviewer: row.get(13)?,
        decision: opt(row.get(14)?, text_enum)?,
    })
}

impl Store {
    /// Registers a candidate at `event` in one transaction: the candidate, their equality answers
    /// (apart), a ticket from this laptop's sequence, and the audit and outbox rows.
    /// Booked (imported) candidates are not yet in the queue; everyone else is waiting from now.
    pub fn register(
        &mut self,
        event: &Event,
        registration: &Registration,
        source: Source,
        actor: &Actor,
    ) -> Result<RegisterOutcome> {
        let prefix = self.ticket_prefix.clone();
        let tx = self.write()?;
        let outcome = insert_registration(&tx, &prefix, event, registration, source, actor)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Registers many candidates in one transaction (imports, demo data): all or nothing.
    pub fn register_batch<'a>(
        &mut self,
        event: &Event,
        registrations: impl IntoIterator<Item = (&'a Registration, Source, Actor)>,
    ) -> Result<Vec<RegisterOutcome>> {
        let prefix = self.ticket_prefix.clone();
        let tx = self.write()?;
        let outcomes = registrations
            .into_iter()
            .map(|(registration, source, actor)| {
                insert_registration(&tx, &prefix, event, registration, source, &actor)
            })
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(outcomes)
    }

    /// Everyone registered at the event in any state, waiting first (in this laptop's arrival
    /// order, so the longest wait first whatever the clock said), then booked, then no-shows. The screens filter this list; it is read whole so the
    /// queue can be searched without going back to the disk on every key.
    pub fn candidates(&self, event: &Event) -> Result<Vec<QueueRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM candidates c WHERE c.event_id = ?1 AND c.merged_into IS NULL
             ORDER BY CASE c.status WHEN 'waiting' THEN 0 WHEN 'booked' THEN 1 ELSE 2 END,
                      c.arrival_seq, c.registered_at, c.ticket"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        collect_rows(&mut stmt, [&event.id], queue_row)
    }

    /// One candidate, by id or ticket, for the detail view.
    pub fn candidate(&self, event: &Event, id_or_ticket: &str) -> Result<CandidateDetail> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}, c.postcode, c.contract_types, c.work_patterns, c.care_experience,
                    c.adjustments, c.source, d.ticket
             FROM candidates c LEFT JOIN candidates d ON d.id = c.duplicate_of
             WHERE c.event_id = ?1 AND (c.id = ?2 OR c.ticket = ?2)"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found = optional_row(&mut stmt, params![event.id, id_or_ticket], |row| {
            Ok(CandidateDetail {
                row: queue_row(row)?,
                postcode: row.get(15)?,
                contract_types: serde_json::from_str(&row.get::<_, String>(16)?)?,
                work_patterns: serde_json::from_str(&row.get::<_, String>(17)?)?,
                care_experience: opt(row.get(18)?, text_enum)?,
                adjustments: row.get(19)?,
                source: text_enum(&row.get::<_, String>(20)?)?,
                duplicate_of_ticket: row.get(21)?,
            })
        })?;
        found.ok_or_else(|| StoreError::CandidateNotFound(id_or_ticket.to_string()))
    }

    /// Moves a candidate to a new status: arrived (booked → waiting), no-show, or back to waiting.
    pub fn set_status(
        &mut self,
        event: &Event,
        candidate_id: &str,
        status: Status,
        actor: &Actor,
    ) -> Result<()> {
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let current: Option<(String, Option<String>, Option<i64>)> = tx
            .query_row(
                "SELECT status, arrived_at, arrival_seq FROM candidates WHERE id = ?1 AND event_id = ?2",
                params![candidate_id, event.id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((from, arrived_at, arrival_seq)) = current else {
            return Err(StoreError::CandidateNotFound(candidate_id.to_string()));
        };
        // Arriving starts the wait and takes the next place in this laptop's arrival order;
        // marking a no-show back to waiting keeps the original arrival and place.
        let arrived_at = match (status, arrived_at) {
            (Status::Waiting, None) => Some(now.clone()),
            (_, kept) => kept,
        };
        let arrival_seq = match (status, arrival_seq) {
            (Status::Waiting, None) => Some(next_arrival_seq(&tx, &event.id)?),
            (_, kept) => kept,
        };
        write_status(
            &tx,
            actor,
            records::CandidateStatus {
                id: candidate_id.to_string(),
                status,
                arrived_at,
                arrival_seq,
                updated_at: now,
            },
            json!({ "from": from, "to": status }),
        )?;
        tx.commit()
    }

    /// Corrects a candidate's contact details (already checked with the one contact rule) and
    /// checks again whether someone registered earlier at the event has the same email or
    /// phone, in one audited transaction. Answers that earlier registration's ticket, if any.
    pub fn correct_contact(
        &mut self,
        event: &Event,
        candidate_id: &str,
        details: &ContactDetails,
        actor: &Actor,
    ) -> Result<Option<String>> {
        let tx = self.write()?;
        let before = contact_of(&tx, event, candidate_id)?;
        let (email, phone) = (&details.reach.email, &details.reach.phone);
        let duplicate: Option<(String, String)> = tx
            .prepare_cached(
                // Only someone registered before them, as at registration; two indexed lookups.
                "SELECT id, ticket FROM (
                    SELECT id, ticket, registered_at FROM candidates
                     WHERE event_id = ?1 AND email = ?2 AND id <> ?4
                    UNION ALL
                    SELECT id, ticket, registered_at FROM candidates
                     WHERE event_id = ?1 AND phone = ?3 AND id <> ?4)
                 WHERE registered_at <= ?5
                 ORDER BY registered_at, id LIMIT 1",
            )?
            .query_row(
                params![event.id, email, phone, candidate_id, before.registered_at],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let changed: Vec<&str> = [
            ("email", before.email != *email),
            ("phone", before.phone != *phone),
            ("postcode", before.postcode != details.postcode),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect();
        let duplicate_of = duplicate.as_ref().map(|(id, _)| id.clone());
        update_contact(
            &tx,
            actor,
            records::CandidateContact {
                id: candidate_id.to_string(),
                email: email.clone(),
                phone: phone.clone(),
                postcode: details.postcode.clone(),
                duplicate_of,
                updated_at: rfc3339(actor.at),
            },
            // Which fields changed, never what they hold.
            (
                "candidate.contact",
                json!({ "changed": changed, "possible_duplicate": duplicate.is_some() }),
            ),
        )?;
        tx.commit()?;
        Ok(duplicate.map(|(_, ticket)| ticket))
    }

    /// Records that staff checked a possible duplicate with the candidate and they are someone
    /// else: the flag is cleared, audited with the registration it pointed at.
    pub fn clear_duplicate(
        &mut self,
        event: &Event,
        candidate_id: &str,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.write()?;
        let before = contact_of(&tx, event, candidate_id)?;
        update_contact(
            &tx,
            actor,
            records::CandidateContact {
                id: candidate_id.to_string(),
                email: before.email,
                phone: before.phone,
                postcode: before.postcode,
                duplicate_of: None,
                updated_at: rfc3339(actor.at),
            },
            (
                "candidate.not_duplicate",
                json!({ "was_duplicate_of": before.duplicate_of }),
            ),
        )?;
        tx.commit()
    }

    /// Merges a possible duplicate into the registration it repeats (the same person registered
    /// twice): the later one leaves the queue, the figures and the exports; the earlier one
    /// carries on and, if the later one had arrived, takes its place in the queue. One audited
    /// transaction. Answers the earlier ticket and whether it took the place.
    pub fn merge_duplicate(
        &mut self,
        event: &Event,
        candidate_id: &str,
        actor: &Actor,
    ) -> Result<(String, bool)> {
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let later = merge_side(&tx, event, candidate_id)?;
        let refuse = |reason: &str| StoreError::MergeRefused {
            ticket: later.ticket.clone(),
            reason: reason.to_string(),
        };
        let Some(earlier_id) = later.duplicate_of.clone() else {
            return Err(refuse("it is not flagged as a possible duplicate"));
        };
        if later.merged_into.is_some() {
            return Err(refuse("it is merged already"));
        }
        if later.interviewed {
            return Err(refuse(
                "it has an interview or an offer, which must stay with the registration they were made for",
            ));
        }
        let earlier = merge_side(&tx, event, &earlier_id)?;
        if earlier.merged_into.is_some() {
            return Err(refuse(&format!(
                "{} is itself merged into another",
                earlier.ticket
            )));
        }
        // The person is here now: the earlier registration takes the later one's place.
        let takes_place = later.status == Status::Waiting && earlier.status != Status::Waiting;
        if takes_place {
            write_status(
                &tx,
                actor,
                records::CandidateStatus {
                    id: earlier_id.clone(),
                    status: Status::Waiting,
                    arrived_at: later.arrived_at.clone(),
                    arrival_seq: later.arrival_seq,
                    updated_at: now.clone(),
                },
                json!({ "from": earlier.status, "to": Status::Waiting, "place_of": later.ticket }),
            )?;
        }
        // Equality answers given on the repeat (at the kiosk, say) move to the registration that
        // is counted, where it has none for that question, so the fairness figures keep them.
        let moved: Vec<records::EqualityAnswer> = tx
            .prepare(
                "SELECT id, question, answer, recorded_at FROM equality_monitoring m
                 WHERE candidate_id = ?1 AND NOT EXISTS (SELECT 1 FROM equality_monitoring e
                     WHERE e.candidate_id = ?2 AND e.question = m.question)",
            )?
            .query_map(params![candidate_id, earlier_id], |row| {
                Ok(records::EqualityAnswer {
                    id: row.get(0)?,
                    candidate_id: earlier_id.clone(),
                    question: row.get(1)?,
                    answer: row.get(2)?,
                    recorded_at: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for answer in &moved {
            tx.execute(
                "UPDATE equality_monitoring SET candidate_id = ?1 WHERE id = ?2",
                params![earlier_id, answer.id],
            )?;
            change::enqueue(&tx, tx.device_id(), &Synced::of(answer)?, &now)?;
        }
        tx.execute(
            "UPDATE candidates SET merged_into = ?1, updated_at = ?2 WHERE id = ?3",
            params![earlier_id, now, candidate_id],
        )?;
        tx.record(
            actor,
            Change {
                action: "candidate.merged",
                entity: "candidate",
                entity_id: candidate_id,
                detail: json!({
                    "into": earlier.ticket,
                    "took_place": takes_place,
                    "equality_answers_moved": moved.len(),
                }),
                synced: Some(Synced::of(&records::CandidateMerged {
                    id: candidate_id.to_string(),
                    merged_into: earlier_id.clone(),
                    updated_at: now.clone(),
                })?),
            },
        )?;
        tx.commit()?;
        Ok((earlier.ticket, takes_place))
    }

    /// Whether someone with this email or phone is already registered at the event (for imports).
    pub fn is_registered(
        &self,
        event: &Event,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM candidates WHERE event_id = ?1 AND email = ?2)
                     OR EXISTS (SELECT 1 FROM candidates WHERE event_id = ?1 AND phone = ?3)",
            )?
            .query_row(params![event.id, email, phone], |row| row.get(0))?)
    }

    /// How many candidates the event has in any state (the demo numbers new people after them).
    pub fn candidate_count(&self, event: &Event) -> Result<usize> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM candidates WHERE event_id = ?1")?
            .query_row([&event.id], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or_default())
    }
}

/// The next place in this laptop's arrival order at `event_id`, inside the caller's transaction:
/// one after the highest place taken, so it only ever grows whatever the clock does. Everyone
/// with a place is waiting or a no-show (booked people have none), so the queue's index
/// (`event_id, status, arrival_seq`) answers with two lookups and no index of its own.
pub(super) const NEXT_ARRIVAL_SEQ: &str = "SELECT MAX(
        COALESCE((SELECT MAX(arrival_seq) FROM candidates
                  WHERE event_id = ?1 AND status = 'waiting'), 0),
        COALESCE((SELECT MAX(arrival_seq) FROM candidates
                  WHERE event_id = ?1 AND status = 'no_show'), 0)
    ) + 1";

fn next_arrival_seq(tx: &rusqlite::Transaction<'_>, event_id: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached(NEXT_ARRIVAL_SEQ)?
        .query_row([event_id], |row| row.get(0))?)
}

/// Writes a candidate's status, arrival and place, with the audit row (`detail`) and the
/// partial record for the centre.
fn write_status(
    tx: &Writing<'_>,
    actor: &Actor,
    change: records::CandidateStatus,
    detail: serde_json::Value,
) -> Result<()> {
    tx.execute(
        "UPDATE candidates SET status = ?1, arrived_at = ?2, arrival_seq = ?3, updated_at = ?4
         WHERE id = ?5",
        params![
            change.status.as_ref(),
            change.arrived_at,
            change.arrival_seq,
            change.updated_at,
            change.id
        ],
    )?;
    tx.record(
        actor,
        Change {
            action: "candidate.status",
            entity: "candidate_status",
            entity_id: &change.id,
            detail,
            synced: Some(Synced::of(&change)?),
        },
    )
}

/// One side of a merge, as stored.
struct MergeSide {
    ticket: String,
    status: Status,
    arrived_at: Option<String>,
    arrival_seq: Option<i64>,
    duplicate_of: Option<String>,
    merged_into: Option<String>,
    /// Has an interview (in any state) or an offer.
    interviewed: bool,
}

fn merge_side(tx: &Writing<'_>, event: &Event, candidate_id: &str) -> Result<MergeSide> {
    tx.query_row(
        "SELECT ticket, status, arrived_at, arrival_seq, duplicate_of, merged_into,
                EXISTS (SELECT 1 FROM screenings s WHERE s.candidate_id = c.id)
                OR EXISTS (SELECT 1 FROM offers o WHERE o.candidate_id = c.id)
         FROM candidates c WHERE id = ?1 AND event_id = ?2",
        params![candidate_id, event.id],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::CandidateNotFound(candidate_id.to_string()))
    .and_then(
        |(ticket, status, arrived_at, arrival_seq, duplicate_of, merged_into, interviewed)| {
            Ok(MergeSide {
                ticket,
                status: text_enum(&status)?,
                arrived_at,
                arrival_seq,
                duplicate_of,
                merged_into,
                interviewed,
            })
        },
    )
}

/// A candidate's contact details as stored, for a correction.
struct StoredContact {
    email: Option<String>,
    phone: Option<String>,
    postcode: Option<String>,
    duplicate_of: Option<String>,
    registered_at: String,
}

fn contact_of(tx: &Writing<'_>, event: &Event, candidate_id: &str) -> Result<StoredContact> {
    tx.query_row(
        "SELECT email, phone, postcode, duplicate_of, registered_at FROM candidates
         WHERE id = ?1 AND event_id = ?2",
        params![candidate_id, event.id],
        |row| {
            Ok(StoredContact {
                email: row.get(0)?,
                phone: row.get(1)?,
                postcode: row.get(2)?,
                duplicate_of: row.get(3)?,
                registered_at: row.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::CandidateNotFound(candidate_id.to_string()))
}

/// Writes the contact fields and the duplicate flag, with the audit row and the outbox entry.
fn update_contact(
    tx: &Writing<'_>,
    actor: &Actor,
    contact: records::CandidateContact,
    (action, detail): (&'static str, serde_json::Value),
) -> Result<()> {
    tx.execute(
        "UPDATE candidates SET email = ?1, phone = ?2, postcode = ?3, duplicate_of = ?4,
            updated_at = ?5 WHERE id = ?6",
        params![
            contact.email,
            contact.phone,
            contact.postcode,
            contact.duplicate_of,
            contact.updated_at,
            contact.id
        ],
    )?;
    tx.record(
        actor,
        Change {
            action,
            entity: "candidate",
            entity_id: &contact.id,
            detail,
            synced: Some(Synced::of(&contact)?),
        },
    )
}

/// The body of a registration, inside the caller's transaction.
fn insert_registration(
    tx: &Writing<'_>,
    prefix: &TicketPrefix,
    event: &Event,
    registration: &Registration,
    source: Source,
    actor: &Actor,
) -> Result<RegisterOutcome> {
    // Counted over every id this file has had (`devices` holds only its own): a file that took a
    // new device id (store::identity) must not start again at 1 beside its own earlier tickets.
    let number: u32 = tx
        .prepare_cached(
            "SELECT COALESCE(MAX(ticket_number), 0) + 1 FROM candidates
             WHERE event_id = ?1 AND (device_id = ?2 OR device_id IN (SELECT id FROM devices))",
        )?
        .query_row(params![event.id, tx.device_id()], |row| row.get(0))?;
    let ticket = prefix.ticket(number);
    let duplicate_of: Option<String> = tx
        .prepare_cached(
            // Two indexed lookups rather than one OR, which would scan the whole event.
            // (`email = NULL` is never true, so a missing email or phone matches nobody.)
            "SELECT id FROM (
                SELECT id, registered_at FROM candidates WHERE event_id = ?1 AND email = ?2
                UNION ALL
                SELECT id, registered_at FROM candidates WHERE event_id = ?1 AND phone = ?3)
             ORDER BY registered_at, id LIMIT 1",
        )?
        .query_row(
            params![event.id, registration.email, registration.phone],
            |row| row.get(0),
        )
        .optional()?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = rfc3339(actor.at);
    let status = if source == Source::Import {
        Status::Booked
    } else {
        Status::Waiting
    };
    let arrived_at = (status == Status::Waiting).then(|| now.clone());
    let arrival_seq = match status {
        Status::Waiting => Some(next_arrival_seq(tx, &event.id)?),
        _ => None,
    };
    let consent_at = registration.privacy_version.as_ref().map(|_| now.clone());
    let record = records::Candidate {
        id: id.clone(),
        event_id: event.id.clone(),
        device_id: tx.device_id().to_string(),
        ticket: ticket.clone(),
        ticket_number: number,
        given_name: registration.given_name.clone(),
        family_name: registration.family_name.clone(),
        email: registration.email.clone(),
        phone: registration.phone.clone(),
        postcode: registration.postcode.clone(),
        roles: registration.roles.clone(),
        contract_types: registration.contract_types.clone(),
        work_patterns: registration.work_patterns.clone(),
        right_to_work: registration.right_to_work,
        care_experience: registration.care_experience,
        adjustments: registration.adjustments.clone(),
        source,
        status,
        consent_at: consent_at.clone(),
        privacy_version: registration.privacy_version.clone(),
        duplicate_of: duplicate_of.clone(),
        registered_at: now.clone(),
        arrived_at: arrived_at.clone(),
        arrival_seq,
    };
    tx.prepare_cached(
        "INSERT INTO candidates (id, event_id, device_id, ticket, ticket_number, given_name,
            family_name, email, phone, postcode, roles, contract_types, work_patterns,
            right_to_work, care_experience, adjustments, source, status, consent_at,
            privacy_version, duplicate_of, registered_at, arrived_at, updated_at, arrival_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?22, ?24)",
    )?
    .execute(params![
        id,
        event.id,
        tx.device_id(),
        ticket,
        number,
        registration.given_name,
        registration.family_name,
        registration.email,
        registration.phone,
        registration.postcode,
        serde_json::to_string(&record.roles)?,
        serde_json::to_string(&record.contract_types)?,
        serde_json::to_string(&record.work_patterns)?,
        registration.right_to_work.map(|r| r.as_ref().to_string()),
        registration.care_experience.map(|c| c.as_ref().to_string()),
        registration.adjustments,
        source.as_ref(),
        status.as_ref(),
        consent_at,
        registration.privacy_version,
        duplicate_of,
        now,
        arrived_at,
        arrival_seq,
    ])?;
    tx.record(
        actor,
        Change {
            action: "candidate.register",
            entity: "candidate",
            entity_id: &id,
            detail: json!({
                "ticket": ticket,
                "source": source,
                "possible_duplicate": duplicate_of.is_some(),
                "equality_answers": registration.equality.len(),
            }),
            synced: Some(Synced::of(&record)?),
        },
    )?;
    for (question, answer) in &registration.equality {
        let answer_id = uuid::Uuid::now_v7().to_string();
        tx.prepare_cached(
            "INSERT INTO equality_monitoring (id, candidate_id, question, answer, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![answer_id, id, question, answer, now])?;
        let synced = Synced::of(&records::EqualityAnswer {
            id: answer_id,
            candidate_id: id.clone(),
            question: question.clone(),
            answer: answer.clone(),
            recorded_at: now.clone(),
        })?;
        change::enqueue(tx, tx.device_id(), &synced, &now)?;
    }
    Ok(RegisterOutcome {
        candidate_id: id,
        ticket,
        possible_duplicate: duplicate_of.is_some(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::{test_store, test_time};

    pub(crate) fn zoe() -> Registration {
        Registration {
            given_name: "Zoë".into(),
            family_name: "O'Brien-Smith".into(),
            email: Some("zoe@example.com".into()),
            phone: Some("+447700900982".into()),
            postcode: Some("LS1 4DY".into()),
            roles: vec!["hcsw".into(), "porter".into()],
            contract_types: vec![ContractType::FullTime],
            work_patterns: vec![WorkPattern::Days, WorkPattern::Weekends],
            right_to_work: Some(RightToWork::Yes),
            care_experience: Some(CareExperience::Unpaid),
            adjustments: "A quiet room please".into(),
            equality: vec![("age_group".into(), "25_34".into())],
            privacy_version: Some("v1".into()),
        }
    }

    /// Registers Zoë at the kiosk, at the tests' time.
    fn register_zoe(store: &mut Store, event: &Event) -> RegisterOutcome {
        let kiosk = Actor::new("kiosk", test_time());
        store
            .register(event, &zoe(), Source::Kiosk, &kiosk)
            .unwrap()
    }

    #[test]
    fn registering_writes_the_candidate_audit_and_outbox_together() {
        let (_dir, mut store, event) = test_store();
        let outcome = register_zoe(&mut store, &event);
        assert_eq!(outcome.ticket, "A-001");
        assert!(!outcome.possible_duplicate);
        let detail = store.candidate(&event, "A-001").unwrap();
        assert_eq!(detail.row.given_name, "Zoë");
        assert_eq!(detail.row.family_name, "O'Brien-Smith");
        assert_eq!(detail.row.status, Status::Waiting);
        assert_eq!(
            detail.work_patterns,
            vec![WorkPattern::Days, WorkPattern::Weekends]
        );
        let conn = store.connection();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM equality_monitoring"), 1);
        assert_eq!(
            count("SELECT count(*) FROM outbox WHERE entity = 'candidate'"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM outbox WHERE entity = 'equality_monitoring'"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM audit_log WHERE action = 'candidate.register'"),
            1
        );
        // The audit log is never purged, so it must not hold personal data.
        let details: String = conn
            .query_row("SELECT group_concat(detail) FROM audit_log", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(
            !details.contains("zoe@example.com") && !details.contains("Zoë"),
            "{details}"
        );
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }

    /// The outbox payloads of one candidate's `candidate` changes, oldest first.
    fn candidate_payloads(store: &Store, candidate_id: &str) -> Vec<String> {
        store
            .connection()
            .prepare("SELECT payload FROM outbox WHERE entity = 'candidate' AND entity_id = ?1 ORDER BY seq")
            .unwrap()
            .query_map([candidate_id], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
    }

    /// Issue 14: a typo in an email could not be corrected at the table, and a flagged
    /// duplicate could not be cleared.
    #[test]
    fn contact_details_are_corrected_and_a_duplicate_cleared_with_audit_and_outbox() {
        use crate::domain::contact;
        let (_dir, mut store, event) = test_store();
        let first = register_zoe(&mut store, &event);
        let mut amara = zoe();
        amara.given_name = "Amara".into();
        amara.email = Some("amara@exmaple.com".into());
        amara.phone = None;
        let actor = Actor::new("staff-1", test_time());
        let amara = store
            .register(&event, &amara, Source::WalkIn, &actor)
            .unwrap();
        assert!(!amara.possible_duplicate);

        let fixed = contact::details("amara@example.com", "", "nfa").unwrap();
        let duplicate = store
            .correct_contact(&event, &amara.candidate_id, &fixed, &actor)
            .unwrap();
        assert_eq!(duplicate, None);
        let detail = store.candidate(&event, &amara.ticket).unwrap();
        assert_eq!(detail.row.email.as_deref(), Some("amara@example.com"));
        assert_eq!(detail.postcode.as_deref(), Some(contact::NO_FIXED_ADDRESS));
        assert!(!detail.row.possible_duplicate);

        // Corrected to Zoë's phone: checked again, and flagged as her repeat.
        let same_phone = contact::details("", "07700 900982", "").unwrap();
        let duplicate = store
            .correct_contact(&event, &amara.candidate_id, &same_phone, &actor)
            .unwrap();
        assert_eq!(duplicate.as_deref(), Some(first.ticket.as_str()));
        assert!(
            store
                .candidate(&event, &amara.ticket)
                .unwrap()
                .row
                .possible_duplicate
        );

        // Checked with the candidate: someone else.
        store
            .clear_duplicate(&event, &amara.candidate_id, &actor)
            .unwrap();
        let detail = store.candidate(&event, &amara.ticket).unwrap();
        assert!(!detail.row.possible_duplicate);
        assert_eq!(detail.row.phone.as_deref(), Some("+447700900982"));

        let payloads = candidate_payloads(&store, &amara.candidate_id);
        let conn = store.connection();
        assert_eq!(
            payloads.len(),
            4,
            "registration and three changes: {payloads:?}"
        );
        assert!(payloads[1].contains("amara@example.com"), "{}", payloads[1]);
        assert!(
            payloads[3].contains("\"duplicate_of\":null"),
            "{}",
            payloads[3]
        );
        let details: Vec<String> = conn
            .prepare("SELECT detail FROM audit_log WHERE action IN ('candidate.contact', 'candidate.not_duplicate') ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(details.len(), 3);
        assert!(
            details[0].contains("\"email\"") && details[0].contains("\"postcode\""),
            "{}",
            details[0]
        );
        for detail in &details {
            assert!(
                !detail.contains("@") && !detail.contains("7700"),
                "personal data audited: {detail}"
            );
        }
        assert_eq!(store.verify_audit_chain().unwrap(), None);

        let nobody = store.correct_contact(&event, "no-such-id", &fixed, &actor);
        assert!(matches!(nobody, Err(StoreError::CandidateNotFound(_))));
    }

    /// Issue 14: a flagged duplicate could not be merged. Merged, the repeat leaves the queue, the
    /// day's figures and the fairness report (nobody counted twice); a booked earlier
    /// registration takes the place of the one who arrived; the refusals say why.
    #[test]
    fn a_repeat_registration_merges_into_the_earlier_one_and_is_counted_once() {
        let (_dir, mut store, event) = test_store();
        let actor = Actor::new("staff-1", test_time());
        // Booked from a spreadsheet (no equality answers), then again at the kiosk (with them).
        let booked = store
            .register(
                &event,
                &Registration {
                    equality: Vec::new(),
                    ..zoe()
                },
                Source::Import,
                &actor,
            )
            .unwrap();
        let repeat = store
            .register(&event, &zoe(), Source::Kiosk, &actor)
            .unwrap();
        assert!(repeat.possible_duplicate);
        let answered = |store: &Store| {
            store
                .fairness_people(&event)
                .unwrap()
                .iter()
                .filter(|p| !p.answers.is_empty())
                .count()
        };
        assert_eq!(answered(&store), 1);
        let not_flagged = store.merge_duplicate(&event, &booked.candidate_id, &actor);
        assert!(
            matches!(&not_flagged, Err(StoreError::MergeRefused { reason, .. }) if reason.contains("not flagged")),
            "{not_flagged:?}"
        );
        let queued = |store: &Store| store.candidates(&event).unwrap().len();
        let registered = |store: &Store| store.fairness_people(&event).unwrap().len();
        assert_eq!((queued(&store), registered(&store)), (2, 1));
        let place = store.candidate(&event, &repeat.ticket).unwrap().row;

        let (into, took_place) = store
            .merge_duplicate(&event, &repeat.candidate_id, &actor)
            .unwrap();
        assert_eq!(into, booked.ticket);
        assert!(took_place);
        let rows = store.candidates(&event).unwrap();
        assert_eq!(
            rows.len(),
            1,
            "only the earlier registration is in the queue"
        );
        assert_eq!(rows[0].status, Status::Waiting);
        assert_eq!(rows[0].arrived_at, place.arrived_at);
        assert_eq!(registered(&store), 1);
        assert_eq!(
            answered(&store),
            1,
            "the kiosk's equality answers count for the person"
        );
        assert_eq!(store.day_rows(&event).unwrap().candidates.len(), 1);
        let again = store.merge_duplicate(&event, &repeat.candidate_id, &actor);
        assert!(
            matches!(&again, Err(StoreError::MergeRefused { reason, .. }) if reason.contains("merged already")),
            "{again:?}"
        );
        let merged = candidate_payloads(&store, &repeat.candidate_id);
        assert!(
            merged
                .last()
                .unwrap()
                .contains(&format!("\"merged_into\":\"{}\"", booked.candidate_id))
        );
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }

    #[test]
    fn tickets_count_up_and_a_repeat_email_or_phone_is_flagged() {
        let (_dir, mut store, event) = test_store();
        let actor = Actor::new("kiosk", test_time());
        store
            .register(&event, &zoe(), Source::Kiosk, &actor)
            .unwrap();
        let mut same_phone = zoe();
        same_phone.email = Some("other@example.com".into());
        let second = store
            .register(&event, &same_phone, Source::Kiosk, &actor)
            .unwrap();
        assert_eq!(second.ticket, "A-002");
        assert!(second.possible_duplicate);
        let mut stranger = zoe();
        stranger.email = Some("new@example.com".into());
        stranger.phone = Some("+447700900111".into());
        let third = store
            .register(&event, &stranger, Source::Kiosk, &actor)
            .unwrap();
        assert!(!third.possible_duplicate);
        let detail = store.candidate(&event, "A-002").unwrap();
        assert_eq!(detail.duplicate_of_ticket.as_deref(), Some("A-001"));
    }

    /// On an encrypted file every page a commit writes is encrypted on its own, so the pages a
    /// registration touches are what encryption costs it (`benches/registration.rs` times it).
    /// About 24 pages each before version 7 of the schema, about 16.5 after, about 15.5 from
    /// version 11.
    #[test]
    fn a_registration_writes_at_most_16_pages_on_average() {
        let (dir, mut store, event) = test_store();
        assert!(store.is_encrypted());
        store
            .conn
            .pragma_update(None, "wal_autocheckpoint", 0)
            .unwrap();
        let page: String = store
            .conn
            .pragma_query_value(None, "cipher_page_size", |r| r.get(0))
            .unwrap();
        let frame = page.parse::<u64>().unwrap() + 24;
        let wal = dir.path().join("test.db-wal");
        let wal_bytes = || std::fs::metadata(&wal).map_or(0, |m| m.len());
        let before = wal_bytes();
        let n = 300;
        for i in 0..n {
            let mut someone = zoe();
            someone.email = Some(format!("person.{i}@example.com"));
            someone.phone = Some(format!("+4477009{i:05}"));
            store
                .register(
                    &event,
                    &someone,
                    Source::Kiosk,
                    &Actor::new("kiosk", test_time()),
                )
                .unwrap();
        }
        let pages = (wal_bytes() - before) as f64 / frame as f64 / f64::from(n);
        assert!(pages <= 16.0, "{pages:.2} pages written per registration");
    }

    /// The next arrival place is found through the queue's index, never by reading every
    /// candidate (a registration at a million candidates costs what it did at ten).
    #[test]
    fn the_next_arrival_place_is_looked_up_not_scanned() {
        let (_dir, store, event) = test_store();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {NEXT_ARRIVAL_SEQ}"))
            .unwrap()
            .query_map([&event.id], |r| r.get(3))
            .unwrap()
            .map(Result::unwrap)
            .filter(|step: &String| step.contains("candidates"))
            .collect();
        assert_eq!(plan.len(), 2, "{plan:?}");
        for step in &plan {
            assert!(
                step.starts_with("SEARCH candidates USING COVERING INDEX candidates_queue"),
                "{plan:?}"
            );
        }
    }

    fn person(email: &str) -> Registration {
        let mut r = zoe();
        r.email = Some(email.into());
        r.phone = None;
        r
    }

    fn queue_order(store: &Store, event: &Event) -> Vec<(String, Status)> {
        store
            .candidates(event)
            .unwrap()
            .iter()
            .map(|r| (r.email.clone().unwrap(), r.status))
            .collect()
    }

    #[test]
    fn the_queue_is_in_arrival_order_and_booked_people_come_after() {
        let (_dir, mut store, event) = test_store();
        let at = |minutes| Actor::new("kiosk", test_time() + chrono::Duration::minutes(minutes));
        store
            .register(&event, &person("a@example.com"), Source::Kiosk, &at(0))
            .unwrap();
        store
            .register(&event, &person("b@example.com"), Source::WalkIn, &at(5))
            .unwrap();
        store
            .register(&event, &person("c@example.com"), Source::Import, &at(1))
            .unwrap();
        assert_eq!(
            queue_order(&store, &event),
            vec![
                ("a@example.com".into(), Status::Waiting),
                ("b@example.com".into(), Status::Waiting),
                ("c@example.com".into(), Status::Booked),
            ]
        );
    }

    /// Issue 11: with the laptop's clock put an hour slow, the next person registered jumped to the
    /// top of the queue. The order is this laptop's arrival order, whatever the clock says.
    #[test]
    fn a_clock_put_an_hour_slow_does_not_move_the_next_person_to_the_top() {
        let (_dir, mut store, event) = test_store();
        let right = Actor::new("kiosk", test_time());
        let slow = Actor::new("kiosk", test_time() - chrono::Duration::minutes(55));
        store
            .register(&event, &person("first@example.com"), Source::Kiosk, &right)
            .unwrap();
        store
            .register(&event, &person("second@example.com"), Source::Kiosk, &right)
            .unwrap();
        store
            .register(&event, &person("late@example.com"), Source::WalkIn, &slow)
            .unwrap();
        let order: Vec<_> = queue_order(&store, &event)
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        assert_eq!(
            order,
            [
                "first@example.com",
                "second@example.com",
                "late@example.com"
            ]
        );
    }

    #[test]
    fn arriving_takes_the_next_place_and_a_no_show_put_back_keeps_theirs() {
        let (_dir, mut store, event) = test_store();
        let at = |minutes| Actor::new("kiosk", test_time() + chrono::Duration::minutes(minutes));
        let booked = store
            .register(
                &event,
                &person("booked@example.com"),
                Source::Import,
                &at(0),
            )
            .unwrap();
        let first = store
            .register(&event, &person("first@example.com"), Source::Kiosk, &at(1))
            .unwrap();
        // Marked arrived with a clock that went back: still after the people already waiting.
        store
            .set_status(&event, &booked.candidate_id, Status::Waiting, &at(-90))
            .unwrap();
        store
            .register(&event, &person("third@example.com"), Source::Kiosk, &at(2))
            .unwrap();
        let emails = |store: &Store| -> Vec<String> {
            queue_order(store, &event)
                .into_iter()
                .map(|(e, _)| e)
                .collect()
        };
        assert_eq!(
            emails(&store),
            [
                "first@example.com",
                "booked@example.com",
                "third@example.com"
            ]
        );
        store
            .set_status(&event, &first.candidate_id, Status::NoShow, &at(3))
            .unwrap();
        assert_eq!(
            queue_order(&store, &event).last().unwrap(),
            &("first@example.com".to_string(), Status::NoShow)
        );
        store
            .set_status(&event, &first.candidate_id, Status::Waiting, &at(4))
            .unwrap();
        assert_eq!(
            emails(&store),
            [
                "first@example.com",
                "booked@example.com",
                "third@example.com"
            ]
        );
        // The place travels with the record and its status changes.
        let payloads: Vec<serde_json::Value> = store
            .connection()
            .prepare("SELECT payload FROM outbox WHERE entity_id = ?1 ORDER BY seq")
            .unwrap()
            .query_map([&first.candidate_id], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
            .collect();
        assert!(
            payloads.iter().all(|p| p["arrival_seq"] == 1),
            "{payloads:?}"
        );
    }

    #[test]
    fn a_booked_candidate_starts_waiting_when_they_arrive() {
        let (_dir, mut store, event) = test_store();
        let actor = Actor::new("import", test_time());
        let booked = store
            .register(&event, &zoe(), Source::Import, &actor)
            .unwrap();
        let arrival = Actor::staff("s1", test_time() + chrono::Duration::minutes(30));
        store
            .set_status(&event, &booked.candidate_id, Status::Waiting, &arrival)
            .unwrap();
        let row = store.candidate(&event, &booked.ticket).unwrap().row;
        assert_eq!(row.status, Status::Waiting);
        assert_eq!(row.arrived_at, Some(arrival.at));
        store
            .set_status(&event, &booked.candidate_id, Status::NoShow, &arrival)
            .unwrap();
        assert_eq!(
            store.candidate(&event, &booked.ticket).unwrap().row.status,
            Status::NoShow
        );
    }

    #[test]
    fn a_full_disk_is_reported_plainly_and_loses_nothing_already_saved() {
        let (_dir, mut store, event) = test_store();
        let actor = Actor::new("kiosk", test_time());
        store
            .register(&event, &zoe(), Source::Kiosk, &actor)
            .unwrap();
        // SQLite's page limit fails writes exactly as a full disk does (SQLITE_FULL).
        let pages: i64 = store
            .connection()
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap();
        store
            .connection()
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let mut big = zoe();
        big.email = Some("big@example.com".into());
        big.phone = None;
        big.adjustments = "x".repeat(64 * 1024);
        let err = store
            .register(&event, &big, Source::Kiosk, &actor)
            .unwrap_err();
        assert!(matches!(err, StoreError::DiskFull), "{err}");
        assert!(err.to_string().contains("Free some space"), "{err}");
        let queue = store.candidates(&event).unwrap();
        assert_eq!(queue.len(), 1, "the earlier registration is intact");
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }

    #[test]
    fn a_second_process_sees_a_registration_through_data_version() {
        let (dir, mut store, event) = test_store();
        let other = Store::open(&dir.path().join("test.db")).unwrap();
        let before = other.data_version().unwrap();
        register_zoe(&mut store, &event);
        assert_ne!(other.data_version().unwrap(), before);
        assert_eq!(other.candidates(&event).unwrap().len(), 1);
    }
}
