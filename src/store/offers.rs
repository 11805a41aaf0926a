//! Offers: made in one transaction with their documents seen, audit and outbox rows; withdrawn
//! or declined with a reason; every print logged.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde_json::json;

use super::Store;
use super::change::{self, Actor, Change, Writing};
use super::error::{Result, StoreError};
use super::rows::text_enum;
use super::time::{parse, rfc3339};
use crate::domain::Event;
use crate::domain::offer::{self, Check, Contract, DocumentSeen, NewOffer, OfferKind, OfferStatus};
use crate::records::{self, Synced};

/// An offer as stored, with what the screens and the slip need about the candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRecord {
    pub id: String,
    pub candidate_id: String,
    pub ticket: String,
    pub candidate_name: String,
    pub kind: OfferKind,
    pub role_code: String,
    pub site: String,
    pub contract: Contract,
    pub hours: String,
    pub conditions: Vec<Check>,
    pub expires_on: NaiveDate,
    pub reference: String,
    /// The full onboarding link: the event's base address and the offer's random token.
    pub onboarding_url: String,
    pub status: OfferStatus,
    pub status_reason: Option<String>,
    pub staff_name: String,
    pub created_at: DateTime<Utc>,
    pub documents_seen: Vec<DocumentSeen>,
}

/// One offer for [`Store::record_offers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferToMake {
    pub offer: NewOffer,
    pub staff_id: String,
    pub at: DateTime<Utc>,
}

/// The event's offer settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferSettings {
    pub onboarding_base_url: Option<String>,
    pub offer_valid_days: u32,
    /// Where slips print, as `fairfloor print --to` takes it.
    pub printer: Option<String>,
}

const OFFER_COLUMNS: &str = "o.id, o.candidate_id, c.ticket, c.given_name || ' ' || c.family_name,
    o.kind, o.role_code, o.site, o.contract, o.hours, o.conditions, o.expires_on, o.reference,
    o.onboarding_url, o.status, o.status_reason, s.name, o.created_at";

fn offer_row(row: &Row<'_>) -> rusqlite::Result<[Option<String>; 17]> {
    let mut out: [Option<String>; 17] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = row.get(i)?;
    }
    Ok(out)
}

impl Store {
    pub fn offer_settings(&self, event: &Event) -> Result<OfferSettings> {
        Ok(self.conn.query_row(
            "SELECT onboarding_base_url, offer_valid_days, printer FROM events WHERE id = ?1",
            [&event.id],
            |row| {
                Ok(OfferSettings {
                    onboarding_base_url: row.get(0)?,
                    offer_valid_days: row.get(1)?,
                    printer: row.get(2)?,
                })
            },
        )?)
    }

    /// Changes the event's offer settings; `None` leaves a setting as it is.
    pub fn set_offer_settings(
        &mut self,
        event: &Event,
        onboarding_base_url: Option<&str>,
        offer_valid_days: Option<u32>,
        printer: Option<&str>,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.write()?;
        if let Some(url) = onboarding_base_url {
            tx.execute(
                "UPDATE events SET onboarding_base_url = ?1 WHERE id = ?2",
                params![url, event.id],
            )?;
        }
        if let Some(days) = offer_valid_days {
            tx.execute(
                "UPDATE events SET offer_valid_days = ?1 WHERE id = ?2",
                params![days, event.id],
            )?;
        }
        if let Some(printer) = printer {
            tx.execute(
                "UPDATE events SET printer = ?1 WHERE id = ?2",
                params![printer, event.id],
            )?;
        }
        let synced = Synced::of(&records::EventOfferSettings {
            id: event.id.clone(),
            onboarding_base_url: onboarding_base_url.map(str::to_string),
            offer_valid_days,
            printer: printer.map(str::to_string),
        })?;
        tx.record(
            actor,
            Change {
                action: "event.offer_settings",
                entity: "event_settings",
                entity_id: &event.id,
                // Settings hold no personal data: the audit row keeps all of them.
                detail: synced.payload.clone(),
                synced: Some(synced),
            },
        )?;
        tx.commit()
    }

    /// Makes an offer (or a talent-pool place) in one transaction with the documents seen,
    /// the audit row and the outbox rows. The token comes from the operating system's random
    /// source here, so the link is fixed the moment the offer exists.
    pub fn make_offer(
        &mut self,
        event: &Event,
        new: &NewOffer,
        staff_id: &str,
        actor: &Actor,
    ) -> Result<OfferRecord> {
        let settings = self.offer_settings(event)?;
        let base = settings
            .onboarding_base_url
            .ok_or(StoreError::NoOnboardingUrl)?;
        let token = offer::new_token().map_err(|e| StoreError::NoRandomness(e.to_string()))?;
        let tx = self.write()?;
        let id = insert_offer(&tx, event, &base, &token, new, staff_id, actor)?;
        tx.commit()?;
        self.offer(event, &id)
    }

    /// Makes many offers in one transaction (demo data): exactly the rows `make_offer` writes.
    pub fn record_offers(&mut self, event: &Event, items: &[OfferToMake]) -> Result<usize> {
        let settings = self.offer_settings(event)?;
        let base = settings
            .onboarding_base_url
            .ok_or(StoreError::NoOnboardingUrl)?;
        let tx = self.write()?;
        for item in items {
            let token = offer::new_token().map_err(|e| StoreError::NoRandomness(e.to_string()))?;
            let actor = Actor::staff(&item.staff_id, item.at).at_made_up_time();
            insert_offer(
                &tx,
                event,
                &base,
                &token,
                &item.offer,
                &item.staff_id,
                &actor,
            )?;
        }
        tx.commit()?;
        Ok(items.len())
    }

    /// An offer by its id, its reference, or the candidate's ticket (their latest offer).
    pub fn offer(&self, event: &Event, key: &str) -> Result<OfferRecord> {
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM offers o JOIN candidates c ON c.id = o.candidate_id
             JOIN staff s ON s.id = o.staff_id
             WHERE o.event_id = ?1 AND (o.id = ?2 OR o.reference = ?2 OR c.ticket = ?2)
             ORDER BY o.status = 'made' DESC, o.created_at DESC LIMIT 1"
        );
        let found = self
            .conn
            .query_row(&sql, params![event.id, key], offer_row)
            .optional()?;
        let Some(cols) = found else {
            return Err(StoreError::OfferNotFound(key.to_string()));
        };
        let get = |i: usize| cols[i].clone().unwrap_or_default();
        let id = get(0);
        let mut stmt = self.conn.prepare_cached(
            "SELECT check_id, document, share_code FROM documents_seen WHERE offer_id = ?1 ORDER BY seen_at, id",
        )?;
        let documents_seen = stmt
            .query_map([&id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?
            .map(|row| {
                let (check, document, share_code) = row?;
                Ok(DocumentSeen {
                    check: text_enum(&check)?,
                    document,
                    share_code,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(OfferRecord {
            id,
            candidate_id: get(1),
            ticket: get(2),
            candidate_name: get(3),
            kind: text_enum(&get(4))?,
            role_code: get(5),
            site: get(6),
            contract: text_enum(&get(7))?,
            hours: get(8),
            conditions: serde_json::from_str(&get(9))?,
            expires_on: NaiveDate::parse_from_str(&get(10), "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("expiry '{}'", get(10))))?,
            reference: get(11),
            onboarding_url: get(12),
            status: text_enum(&get(13))?,
            status_reason: cols[14].clone(),
            staff_name: get(15),
            created_at: parse(&get(16))?,
            documents_seen,
        })
    }

    /// Withdraws an offer, or records that the candidate declined it. Needs a reason.
    pub fn close_offer(
        &mut self,
        offer_id: &str,
        status: OfferStatus,
        reason: &str,
        actor: &Actor,
    ) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() || status == OfferStatus::Made {
            return Err(StoreError::OfferCloseNeedsReason);
        }
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE offers SET status = ?1, status_reason = ?2, updated_at = ?3
             WHERE id = ?4 AND status = 'made'",
            params![status.as_ref(), reason, now, offer_id],
        )?;
        if changed == 0 {
            let closed: Option<(String, String)> = tx
                .query_row(
                    "SELECT reference, status FROM offers WHERE id = ?1",
                    [offer_id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            return Err(match closed {
                Some((reference, status)) => StoreError::OfferClosed { reference, status },
                None => StoreError::OfferNotFound(offer_id.to_string()),
            });
        }
        tx.record(
            actor,
            Change {
                action: if status == OfferStatus::Withdrawn {
                    "offer.withdraw"
                } else {
                    "offer.decline"
                },
                entity: "offer",
                entity_id: offer_id,
                detail: json!({ "status": status, "reason_sha256": change::fingerprint(reason) }),
                synced: Some(Synced::of(&records::OfferClosed {
                    id: offer_id.to_string(),
                    status,
                    status_reason: reason.to_string(),
                    updated_at: now,
                })?),
            },
        )?;
        tx.commit()
    }

    /// Records a print (or a failed one), so a reprint is a deliberate act.
    pub fn log_print(
        &mut self,
        offer_id: &str,
        target: &str,
        printed: bool,
        detail: &str,
        actor: &Actor,
    ) -> Result<()> {
        let id = uuid::Uuid::now_v7().to_string();
        let now = rfc3339(actor.at);
        let tx = self.write()?;
        let outcome = if printed { "printed" } else { "failed" };
        tx.execute(
            "INSERT INTO print_log (id, offer_id, target, printed_by, printed_at, outcome, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, offer_id, target, actor.name, now, outcome, detail],
        )?;
        tx.record(
            actor,
            Change {
                action: "offer.print",
                entity: "print",
                entity_id: &id,
                detail: json!({ "offer_id": offer_id, "target": target, "outcome": outcome }),
                synced: None,
            },
        )?;
        tx.commit()
    }

    /// How many times an offer's slip has printed.
    pub fn prints(&self, offer_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM print_log WHERE offer_id = ?1 AND outcome = 'printed'",
            [offer_id],
            |row| row.get(0),
        )?)
    }
}

/// Writes one offer with its documents seen, audit and outbox rows, inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
fn insert_offer(
    tx: &Writing<'_>,
    event: &Event,
    base: &str,
    token: &str,
    new: &NewOffer,
    staff_id: &str,
    actor: &Actor,
) -> Result<String> {
    let now = rfc3339(actor.at);
    let ticket: Option<String> = tx
        .query_row(
            "SELECT ticket FROM candidates WHERE id = ?1 AND event_id = ?2",
            params![new.candidate_id, event.id],
            |row| row.get(0),
        )
        .optional()?;
    let ticket = ticket.ok_or_else(|| StoreError::CandidateNotFound(new.candidate_id.clone()))?;
    let live: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM offers WHERE candidate_id = ?1 AND status = 'made')",
        [&new.candidate_id],
        |row| row.get(0),
    )?;
    if live {
        return Err(StoreError::AlreadyOffered { ticket });
    }
    let id = uuid::Uuid::now_v7().to_string();
    let reference = offer::reference(&ticket, token);
    let url = offer::onboarding_link(base, token);
    let conditions = serde_json::to_string(&new.conditions)?;
    let expires = new.expires_on.format("%Y-%m-%d").to_string();
    tx.execute(
            "INSERT INTO offers (id, event_id, candidate_id, screening_id, device_id, staff_id, kind,
                role_code, site, contract, hours, conditions, expires_on, token, reference,
                onboarding_url, status, created_at, updated_at, pack_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'made', ?17, ?17, ?18)",
            params![
                id,
                event.id,
                new.candidate_id,
                new.screening_id,
                tx.device_id(),
                staff_id,
                new.kind.as_ref(),
                new.role_code,
                new.site,
                new.contract.as_ref(),
                new.hours,
                conditions,
                expires,
                token,
                reference,
                url,
                now,
                tx.pack_version()
            ],
        )?;
    let synced = Synced::of(&records::Offer {
        id: id.clone(),
        event_id: event.id.clone(),
        candidate_id: new.candidate_id.clone(),
        screening_id: new.screening_id.clone(),
        device_id: tx.device_id().to_string(),
        staff_id: staff_id.to_string(),
        kind: new.kind,
        role_code: new.role_code.clone(),
        site: new.site.clone(),
        contract: new.contract,
        hours: new.hours.clone(),
        conditions: new.conditions.clone(),
        expires_on: expires,
        token: token.to_string(),
        reference: reference.clone(),
        onboarding_url: url,
        status: OfferStatus::Made,
        created_at: now.clone(),
        updated_at: now.clone(),
        pack_version: tx.pack_version().map(str::to_string),
    })?;
    tx.record(
        actor,
        Change {
            action: "offer.make",
            entity: "offer",
            entity_id: &id,
            detail: json!({ "reference": reference, "kind": new.kind, "role_code": new.role_code }),
            synced: Some(synced),
        },
    )?;
    for seen in &new.documents_seen {
        let seen_id = uuid::Uuid::now_v7().to_string();
        tx.execute(
                "INSERT INTO documents_seen (id, offer_id, check_id, document, share_code, seen_by, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    seen_id,
                    id,
                    seen.check.as_ref(),
                    seen.document,
                    seen.share_code,
                    staff_id,
                    now
                ],
            )?;
        let synced = Synced::of(&records::DocumentSeen {
            id: seen_id,
            offer_id: id.clone(),
            check_id: seen.check,
            document: seen.document.clone(),
            share_code: seen.share_code.clone(),
            seen_by: staff_id.to_string(),
            seen_at: now.clone(),
        })?;
        change::enqueue(tx, tx.device_id(), &synced, &now)?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Registration, Source, StaffRole};
    use crate::store::{test_store, test_time};

    fn setup() -> (tempfile::TempDir, Store, Event, String, String) {
        let (dir, mut store, event) = test_store();
        let actor = Actor::new("test", test_time());
        let staff = store
            .add_staff("Sam Lead", StaffRole::Recruiter, "hash", &actor)
            .unwrap();
        let registration = Registration {
            given_name: "Zoë".into(),
            family_name: "O'Brien".into(),
            email: Some("zoe@example.com".into()),
            ..Registration::default()
        };
        let candidate = store
            .register(&event, &registration, Source::Kiosk, &actor)
            .unwrap()
            .candidate_id;
        (dir, store, event, staff.id, candidate)
    }

    /// Sets the event's onboarding address, which every offer needs, with the offer's days and
    /// the printer as given.
    fn set_onboarding_base(
        store: &mut Store,
        event: &Event,
        valid_days: Option<u32>,
        printer: Option<&str>,
        actor: &Actor,
    ) {
        let base = Some("https://jobs.example.nhs.uk/start");
        store
            .set_offer_settings(event, base, valid_days, printer, actor)
            .unwrap();
    }

    fn new_offer(candidate: &str) -> NewOffer {
        NewOffer {
            candidate_id: candidate.into(),
            screening_id: None,
            kind: OfferKind::Offer,
            role_code: "hcsw".into(),
            site: "St James's, Ward 12".into(),
            contract: Contract::Permanent,
            hours: "37.5 hours a week".into(),
            conditions: vec![Check::Identity, Check::RightToWork, Check::CriminalRecord],
            expires_on: NaiveDate::from_ymd_opt(2026, 4, 12).unwrap(),
            documents_seen: vec![DocumentSeen {
                check: Check::RightToWork,
                document: "Home Office online check".into(),
                share_code: Some("W2X7KP9HQ".into()),
            }],
        }
    }

    #[test]
    fn an_offer_needs_an_onboarding_address_first() {
        let (_dir, mut store, event, staff, candidate) = setup();
        let actor = Actor::staff(&staff, test_time());
        let err = store
            .make_offer(&event, &new_offer(&candidate), &staff, &actor)
            .unwrap_err();
        // The shells add how to set it (cli::words).
        assert!(matches!(err, StoreError::NoOnboardingUrl), "{err}");
    }

    #[test]
    fn an_offer_gets_a_random_link_with_no_personal_data_and_is_read_back() {
        let (_dir, mut store, event, staff, candidate) = setup();
        let actor = Actor::staff(&staff, test_time());
        set_onboarding_base(&mut store, &event, None, None, &actor);
        let offer = store
            .make_offer(&event, &new_offer(&candidate), &staff, &actor)
            .unwrap();
        let token = offer
            .onboarding_url
            .strip_prefix("https://jobs.example.nhs.uk/start/")
            .expect("the event's base address");
        assert_eq!(token.len(), offer::TOKEN_LEN);
        assert!(
            token.bytes().all(|b| offer::TOKEN_ALPHABET.contains(&b)),
            "{token}"
        );
        // Long enough that a random token cannot hold one by chance (a two-letter "zo" once
        // did, about one run in fifty), and compared in lower case like the address.
        for personal in ["zoë", "zo%c3%ab", "brien", "example.com", "a-001"] {
            assert!(
                !offer.onboarding_url.to_lowercase()[34..].contains(personal),
                "{}",
                offer.onboarding_url
            );
        }
        assert!(offer.reference.starts_with("A-001-"));
        assert_eq!(offer.candidate_name, "Zoë O'Brien");
        assert_eq!(
            offer.documents_seen[0].share_code.as_deref(),
            Some("W2X7KP9HQ")
        );
        // Found by ticket and by reference too.
        assert_eq!(store.offer(&event, "A-001").unwrap().id, offer.id);
        assert_eq!(store.offer(&event, &offer.reference).unwrap().id, offer.id);
        // One live offer per candidate.
        let err = store
            .make_offer(&event, &new_offer(&candidate), &staff, &actor)
            .unwrap_err();
        assert!(err.to_string().contains("already has an offer"), "{err}");
    }

    #[test]
    fn withdrawing_needs_a_reason_and_prints_are_logged() {
        let (_dir, mut store, event, staff, candidate) = setup();
        let actor = Actor::staff(&staff, test_time());
        set_onboarding_base(&mut store, &event, Some(21), Some("file:slip.pdf"), &actor);
        assert_eq!(store.offer_settings(&event).unwrap().offer_valid_days, 21);
        let offer = store
            .make_offer(&event, &new_offer(&candidate), &staff, &actor)
            .unwrap();
        store
            .log_print(&offer.id, "file:slip.pdf", true, "written", &actor)
            .unwrap();
        store
            .log_print(&offer.id, "cups:x", false, "no such queue", &actor)
            .unwrap();
        assert_eq!(store.prints(&offer.id).unwrap(), 1);
        assert!(
            store
                .close_offer(&offer.id, OfferStatus::Declined, " ", &actor)
                .is_err()
        );
        store
            .close_offer(
                &offer.id,
                OfferStatus::Declined,
                "Took a job closer to home",
                &actor,
            )
            .unwrap();
        let closed = store.offer(&event, &offer.id).unwrap();
        assert_eq!(closed.status, OfferStatus::Declined);
        assert_eq!(
            closed.status_reason.as_deref(),
            Some("Took a job closer to home")
        );
        // A new offer can now be made.
        store
            .make_offer(&event, &new_offer(&candidate), &staff, &actor)
            .unwrap();
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }
}
