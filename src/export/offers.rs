//! The offers export: one row per offer (or talent-pool place) made on the day, with the contact
//! details the offer letter needs. The columns live here, once, so the central service writes the
//! same file from PostgreSQL (`fairfloor central export offers`) by filling [`OfferRow`]s.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;

use super::table::{Cell, Column, ColumnKind};
use super::{DayScope, ExportError, date, json_list, local_time};
use crate::domain::RoleCatalogue;

/// The offers export's columns, in order. Stable: scripts and spreadsheets depend on them.
pub const COLUMNS: &[Column] = &[
    col(
        "reference",
        ColumnKind::Text,
        "the offer's reference, e.g. B-042-7K3Q",
    ),
    col("kind", ColumnKind::Text, "offer or talent_pool"),
    col("status", ColumnKind::Text, "made, withdrawn or declined"),
    col(
        "made_at",
        ColumnKind::DateTime,
        "when the offer was made (event's local time)",
    ),
    col(
        "expires_on",
        ColumnKind::Date,
        "the last day the offer is open",
    ),
    col(
        "ticket",
        ColumnKind::Text,
        "the candidate's ticket, e.g. B-042",
    ),
    col("given_name", ColumnKind::Text, "the candidate's given name"),
    col(
        "family_name",
        ColumnKind::Text,
        "the candidate's family name",
    ),
    col(
        "email",
        ColumnKind::Text,
        "the candidate's email (empty if none given)",
    ),
    col(
        "phone",
        ColumnKind::Text,
        "the candidate's phone, +44… (empty if none given)",
    ),
    col(
        "role_code",
        ColumnKind::Text,
        "the role's code in the role catalogue, e.g. hcsw",
    ),
    col(
        "role_title",
        ColumnKind::Text,
        "the role's title, e.g. Healthcare support worker",
    ),
    col("site", ColumnKind::Text, "where the job is"),
    col(
        "contract",
        ColumnKind::Text,
        "permanent, fixed_term or bank",
    ),
    col("hours", ColumnKind::Text, "the hours offered"),
    col(
        "conditions",
        ColumnKind::Text,
        "the employment checks still to do, separated by '; '",
    ),
    col(
        "onboarding_url",
        ColumnKind::Text,
        "the candidate's onboarding link",
    ),
    col(
        "staff_name",
        ColumnKind::Text,
        "the recruiter who made the offer",
    ),
    col(
        "screening_total",
        ColumnKind::Integer,
        "the interview's total score (empty if none)",
    ),
    col(
        "screening_max",
        ColumnKind::Integer,
        "the most that interview could score",
    ),
    col(
        "status_reason",
        ColumnKind::Text,
        "why it was withdrawn or declined",
    ),
];

const fn col(name: &'static str, kind: ColumnKind, about: &'static str) -> Column {
    Column { name, kind, about }
}

/// One offer, from any source: fill it and call [`cells`](Self::cells).
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

impl OfferRow {
    /// The row's cells, in [`COLUMNS`] order.
    pub fn cells(self) -> Vec<Cell> {
        vec![
            Cell::Text(self.reference),
            Cell::Text(self.kind),
            Cell::Text(self.status),
            Cell::DateTime(self.made_at),
            Cell::Date(self.expires_on),
            Cell::Text(self.ticket),
            Cell::Text(self.given_name),
            Cell::Text(self.family_name),
            Cell::opt_text(self.email),
            Cell::opt_text(self.phone),
            Cell::Text(self.role_code),
            Cell::Text(self.role_title),
            Cell::Text(self.site),
            Cell::Text(self.contract),
            Cell::Text(self.hours),
            Cell::Text(self.conditions.join("; ")),
            Cell::Text(self.onboarding_url),
            Cell::Text(self.staff_name),
            self.screening_total.map_or(Cell::Empty, Cell::Integer),
            self.screening_max.map_or(Cell::Empty, Cell::Integer),
            Cell::opt_text(self.status_reason),
        ]
    }
}

/// The event's offers (made on its day). An offer made without a screening id takes the candidate's latest
/// completed interview for its score.
const FROM: &str = "FROM offers o
     JOIN candidates c ON c.id = o.candidate_id
     JOIN staff st ON st.id = o.staff_id
     LEFT JOIN screenings s ON s.id = COALESCE(o.screening_id,
         (SELECT s2.id FROM screenings s2 WHERE s2.candidate_id = o.candidate_id
          AND s2.status = 'completed' ORDER BY s2.completed_at DESC, s2.id DESC LIMIT 1))
     WHERE o.event_id = ?1";

/// The SELECT that the export runs, also used by the benchmark's `sqlite3 -csv` floor.
pub fn select_sql() -> String {
    format!(
        "SELECT o.reference, o.kind, o.status, o.created_at, o.expires_on, c.ticket, c.given_name,
            c.family_name, c.email, c.phone, o.role_code, o.site, o.contract, o.hours, o.conditions,
            o.onboarding_url, st.name, s.total, s.max_total, o.status_reason
         {FROM}
         ORDER BY o.created_at, o.reference"
    )
}

pub(super) fn count(conn: &Connection, scope: &DayScope) -> Result<u64, ExportError> {
    // The joined rows always exist (foreign keys), so counting the one table gives the same
    // number without running the join twice.
    super::count(
        conn,
        "SELECT count(*) FROM offers o WHERE o.event_id = ?1",
        scope,
    )
}

pub(super) fn rows(
    conn: &Connection,
    scope: &DayScope,
    roles: &RoleCatalogue,
    each: &mut dyn FnMut(Vec<Cell>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut stmt = conn.prepare(&select_sql())?;
    let mut found = stmt.query(scope.params())?;
    while let Some(r) = found.next()? {
        let role_code: String = r.get(10)?;
        let offer = OfferRow {
            reference: r.get(0)?,
            kind: r.get(1)?,
            status: r.get(2)?,
            made_at: local_time(&r.get::<_, String>(3)?, scope)?,
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
            conditions: json_list(&r.get::<_, String>(14)?)?,
            onboarding_url: r.get(15)?,
            staff_name: r.get(16)?,
            screening_total: r.get(17)?,
            screening_max: r.get(18)?,
            status_reason: r.get(19)?,
        };
        each(offer.cells())?;
    }
    Ok(())
}
