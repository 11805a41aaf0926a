//! The rows of an event's exports (offers, candidates, interviews): their SQL and row mapping.
//!
//! A [`DaySnapshot`] reads one event's records in one read transaction, so a count and the rows
//! that follow it agree even while other processes write to the file. Rows are handed to a
//! callback one at a time: an export can be 100,000 rows, and they are never all in memory.
//! The export's columns and cell formatting are in `crate::export`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use rusqlite::{Row, Transaction};

use super::rows::{for_each_row, opt};
use super::time::parse;
use super::{Result, Store, StoreError};
use crate::domain::offer::still_to_do;
use crate::domain::{Event, RoleCatalogue};

/// One offer (or talent-pool place) as the offers export shows it. The central service fills
/// the same struct from PostgreSQL, so both write the same file.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub made_at: DateTime<FixedOffset>,
    pub expires_on: NaiveDate,
    pub ticket: String,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_code: String,
    /// Empty when the code is not in the role catalogue (a role retired since).
    pub role_title: String,
    pub site: String,
    pub contract: String,
    pub hours: String,
    pub conditions: Vec<String>,
    pub onboarding_url: String,
    pub staff_name: String,
    pub screening_total: Option<i64>,
    pub screening_max: Option<i64>,
    pub status_reason: Option<String>,
}

/// Whom a row of the candidates or screenings export is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Who {
    pub ticket: String,
    pub given_name: String,
    pub family_name: String,
}

/// One registration as the candidates export shows it. Equality-monitoring answers are never
/// here: they are only ever reported in aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub who: Who,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    pub roles: Vec<String>,
    pub contract_types: Vec<String>,
    pub work_patterns: Vec<String>,
    pub right_to_work: Option<String>,
    pub care_experience: Option<String>,
    pub adjustments: String,
    pub source: String,
    pub status: String,
    pub registered_at: Option<DateTime<FixedOffset>>,
    pub arrived_at: Option<DateTime<FixedOffset>>,
    pub consent_at: Option<DateTime<FixedOffset>>,
    pub privacy_version: Option<String>,
    /// The ticket of the earlier registration this one may repeat.
    pub duplicate_of: Option<String>,
}

/// One interview as the screenings export shows it; answers to single questions are not here.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningRow {
    pub who: Who,
    pub staff_name: String,
    pub script_id: String,
    pub script_version: i64,
    pub script_hash: String,
    pub blind: bool,
    pub status: String,
    pub started_at: DateTime<FixedOffset>,
    pub completed_at: Option<DateTime<FixedOffset>>,
    pub total: Option<i64>,
    pub max_total: Option<i64>,
    pub recommendation: Option<String>,
    pub decision: Option<String>,
    pub override_reason: Option<String>,
    pub feedback: String,
    pub signposts: Vec<String>,
}

/// The event's offers (made on its day). An offer made without a screening id takes the
/// candidate's latest completed interview for its score.
const OFFERS_FROM: &str = "FROM offers o
     JOIN candidates c ON c.id = o.candidate_id
     JOIN staff st ON st.id = o.staff_id
     LEFT JOIN screenings s ON s.id = COALESCE(o.screening_id,
         (SELECT s2.id FROM screenings s2 WHERE s2.candidate_id = o.candidate_id
          AND s2.status = 'completed' ORDER BY s2.completed_at DESC, s2.id DESC LIMIT 1))
     WHERE o.event_id = ?1";

/// The SELECT the offers export runs, with the event's id as `?1`; the benchmark runs it with
/// `sqlite3 -csv` as its floor.
pub fn offers_select_sql() -> String {
    format!(
        "SELECT o.reference, o.kind, o.status, o.created_at, o.expires_on, c.ticket, c.given_name,
            c.family_name, c.email, c.phone, o.role_code, o.site, o.contract, o.hours, o.conditions,
            o.onboarding_url, st.name, s.total, s.max_total, o.status_reason,
            (SELECT json_group_array(d.check_id) FROM documents_seen d WHERE d.offer_id = o.id)
         {OFFERS_FROM}
         ORDER BY o.created_at, o.reference"
    )
}

const CANDIDATES_SQL: &str = "SELECT c.ticket, c.given_name, c.family_name, c.email, c.phone,
        c.postcode, c.roles, c.contract_types, c.work_patterns, c.right_to_work, c.care_experience,
        c.adjustments, c.source, c.status, c.registered_at, c.arrived_at, c.consent_at,
        c.privacy_version, d.ticket
     FROM candidates c
     LEFT JOIN candidates d ON d.id = c.duplicate_of
     WHERE c.event_id = ?1 AND c.merged_into IS NULL
     ORDER BY c.arrived_at IS NULL, c.arrived_at, c.ticket";

const SCREENINGS_SQL: &str = "SELECT c.ticket, c.given_name, c.family_name, st.name, s.script_id,
        s.script_version, s.script_hash, s.blind, s.status, s.started_at, s.completed_at, s.total,
        s.max_total, s.recommendation, s.decision, s.override_reason, s.feedback, s.signposts
     FROM screenings s
     JOIN candidates c ON c.id = s.candidate_id
     JOIN staff st ON st.id = s.staff_id
     WHERE s.event_id = ?1
     ORDER BY s.started_at, s.id";

/// One event's records, read in one snapshot of the file, with times in the event's time zone.
/// The event is one day: its records are taken by the event they belong to, never by whether a
/// time written by a laptop's clock falls inside the local day, so a clock that is days out
/// cannot drop a record.
pub struct DaySnapshot<'a> {
    // Never committed: dropping it ends the read.
    read: Transaction<'a>,
    event_id: String,
    timezone: Tz,
}

impl Store {
    /// Starts a read of `event`'s records for an export.
    pub fn day_snapshot(&self, event: &Event) -> Result<DaySnapshot<'_>> {
        Ok(DaySnapshot {
            read: self.conn.unchecked_transaction()?,
            event_id: event.id.clone(),
            timezone: event.timezone,
        })
    }
}

impl DaySnapshot<'_> {
    // The joined rows always exist (foreign keys), so counting the one table gives the same
    // number as the export's join without running it twice.

    /// How many rows [`offers`](Self::offers) gives.
    pub fn offer_count(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM offers WHERE event_id = ?1")
    }

    /// How many rows [`candidates`](Self::candidates) gives.
    pub fn candidate_count(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM candidates WHERE event_id = ?1 AND merged_into IS NULL")
    }

    /// How many rows [`screenings`](Self::screenings) gives.
    pub fn screening_count(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM screenings WHERE event_id = ?1")
    }

    /// The event's offers, oldest first; role titles come from `roles`.
    pub fn offers<E: From<StoreError>>(
        &self,
        roles: &RoleCatalogue,
        each: impl FnMut(OfferRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.each_row(&offers_select_sql(), each, |r| {
            let role_code: String = r.get(10)?;
            Ok(OfferRow {
                reference: r.get(0)?,
                kind: r.get(1)?,
                status: r.get(2)?,
                made_at: self.local_time(&r.get::<_, String>(3)?)?,
                expires_on: date(&r.get::<_, String>(4)?)?,
                ticket: r.get(5)?,
                given_name: r.get(6)?,
                family_name: r.get(7)?,
                email: r.get(8)?,
                phone: r.get(9)?,
                role_title: roles
                    .get(&role_code)
                    .map(|role| role.title.clone())
                    .unwrap_or_default(),
                role_code,
                site: r.get(11)?,
                contract: r.get(12)?,
                hours: r.get(13)?,
                conditions: still_to_do(
                    &json_list(&r.get::<_, String>(14)?)?,
                    &json_list(&r.get::<_, String>(20)?)?,
                ),
                onboarding_url: r.get(15)?,
                staff_name: r.get(16)?,
                screening_total: r.get(17)?,
                screening_max: r.get(18)?,
                status_reason: r.get(19)?,
            })
        })
    }

    /// The event's registrations: those who arrived, in order of arrival, then those booked.
    pub fn candidates<E: From<StoreError>>(
        &self,
        each: impl FnMut(CandidateRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.each_row(CANDIDATES_SQL, each, |r| {
            Ok(CandidateRow {
                who: who(r)?,
                email: r.get(3)?,
                phone: r.get(4)?,
                postcode: r.get(5)?,
                roles: json_list(&r.get::<_, String>(6)?)?,
                contract_types: json_list(&r.get::<_, String>(7)?)?,
                work_patterns: json_list(&r.get::<_, String>(8)?)?,
                right_to_work: r.get(9)?,
                care_experience: r.get(10)?,
                adjustments: r.get(11)?,
                source: r.get(12)?,
                status: r.get(13)?,
                registered_at: self.opt_local_time(r.get(14)?)?,
                arrived_at: self.opt_local_time(r.get(15)?)?,
                consent_at: self.opt_local_time(r.get(16)?)?,
                privacy_version: r.get(17)?,
                duplicate_of: r.get(18)?,
            })
        })
    }

    /// The event's interviews, in the order they started.
    pub fn screenings<E: From<StoreError>>(
        &self,
        each: impl FnMut(ScreeningRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.each_row(SCREENINGS_SQL, each, |r| {
            Ok(ScreeningRow {
                who: who(r)?,
                staff_name: r.get(3)?,
                script_id: r.get(4)?,
                script_version: r.get(5)?,
                script_hash: r.get(6)?,
                blind: r.get(7)?,
                status: r.get(8)?,
                started_at: self.local_time(&r.get::<_, String>(9)?)?,
                completed_at: self.opt_local_time(r.get(10)?)?,
                total: r.get(11)?,
                max_total: r.get(12)?,
                recommendation: r.get(13)?,
                decision: r.get(14)?,
                override_reason: r.get(15)?,
                feedback: r.get(16)?,
                signposts: json_list(&r.get::<_, String>(17)?)?,
            })
        })
    }

    fn count(&self, sql: &str) -> Result<u64> {
        let n: i64 = self.read.query_row(sql, [&self.event_id], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// Runs `sql` for the event and hands each row, mapped by `map`, to `each`.
    fn each_row<T, E: From<StoreError>>(
        &self,
        sql: &str,
        each: impl FnMut(T) -> std::result::Result<(), E>,
        map: impl Fn(&Row<'_>) -> Result<T>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self.read.prepare(sql).map_err(StoreError::from)?;
        for_each_row(&mut stmt, [&self.event_id], map, each)
    }

    /// A stored UTC time in the event's local time, offset kept.
    fn local_time(&self, text: &str) -> Result<DateTime<FixedOffset>> {
        Ok(parse(text)?.with_timezone(&self.timezone).fixed_offset())
    }

    fn opt_local_time(&self, text: Option<String>) -> Result<Option<DateTime<FixedOffset>>> {
        opt(text, |text| self.local_time(text))
    }
}

/// The first three columns: the candidate's ticket and name.
fn who(r: &Row<'_>) -> Result<Who> {
    Ok(Who {
        ticket: r.get(0)?,
        given_name: r.get(1)?,
        family_name: r.get(2)?,
    })
}

fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("date '{text}'")))
}

/// A JSON array of strings as stored (roles, conditions, signposts).
fn json_list(text: &str) -> Result<Vec<String>> {
    Ok(serde_json::from_str(text)?)
}
