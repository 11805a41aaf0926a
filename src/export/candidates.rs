//! The candidates export: one row per person registered for the day — everyone who arrived during
//! the event's local day, plus people booked who have not arrived. Equality-monitoring answers are
//! never here: they are only ever reported in aggregate (`fairfloor report fairness`).

use rusqlite::Connection;

use super::table::{Cell, Column, ColumnKind};
use super::{DayScope, ExportError, json_list, local_time};

/// The candidates export's columns, in order. Stable: scripts and spreadsheets depend on them.
pub const COLUMNS: &[Column] = &[
    col("ticket", ColumnKind::Text, "the ticket, e.g. B-042"),
    col("given_name", ColumnKind::Text, "given name"),
    col("family_name", ColumnKind::Text, "family name"),
    col(
        "email",
        ColumnKind::Text,
        "email, lower-case (empty if none given)",
    ),
    col(
        "phone",
        ColumnKind::Text,
        "phone, +44… (empty if none given)",
    ),
    col(
        "postcode",
        ColumnKind::Text,
        "postcode (empty if none given)",
    ),
    col(
        "roles",
        ColumnKind::Text,
        "role codes they are interested in, separated by '; '",
    ),
    col(
        "contract_types",
        ColumnKind::Text,
        "full_time, part_time, bank; separated by '; '",
    ),
    col(
        "work_patterns",
        ColumnKind::Text,
        "days, nights, weekends; separated by '; '",
    ),
    col("right_to_work", ColumnKind::Text, "yes, no or not_sure"),
    col("care_experience", ColumnKind::Text, "paid, unpaid or none"),
    col(
        "adjustments",
        ColumnKind::Text,
        "adjustments asked for at the interview",
    ),
    col("source", ColumnKind::Text, "kiosk, walk_in, import or demo"),
    col("status", ColumnKind::Text, "booked, waiting or no_show"),
    col(
        "registered_at",
        ColumnKind::DateTime,
        "when they registered or were imported",
    ),
    col(
        "arrived_at",
        ColumnKind::DateTime,
        "when they arrived (empty while only booked)",
    ),
    col(
        "consent_at",
        ColumnKind::DateTime,
        "when they agreed to the privacy notice",
    ),
    col(
        "privacy_version",
        ColumnKind::Text,
        "which privacy notice they agreed to",
    ),
    col(
        "possible_duplicate_of",
        ColumnKind::Text,
        "ticket of an earlier registration with the same email or phone",
    ),
];

const fn col(name: &'static str, kind: ColumnKind, about: &'static str) -> Column {
    Column { name, kind, about }
}

const FROM: &str = "FROM candidates c
     LEFT JOIN candidates d ON d.id = c.duplicate_of
     WHERE c.event_id = ?1";

pub(super) fn count(conn: &Connection, scope: &DayScope) -> Result<u64, ExportError> {
    // The joined rows always exist (foreign keys), so counting the one table gives the same
    // number without running the join twice.
    super::count(
        conn,
        "SELECT count(*) FROM candidates c WHERE c.event_id = ?1",
        scope,
    )
}

pub(super) fn rows(
    conn: &Connection,
    scope: &DayScope,
    each: &mut dyn FnMut(Vec<Cell>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.ticket, c.given_name, c.family_name, c.email, c.phone, c.postcode, c.roles,
            c.contract_types, c.work_patterns, c.right_to_work, c.care_experience, c.adjustments,
            c.source, c.status, c.registered_at, c.arrived_at, c.consent_at, c.privacy_version,
            d.ticket
         {FROM}
         ORDER BY c.arrived_at IS NULL, c.arrived_at, c.ticket"
    ))?;
    let mut found = stmt.query(scope.params())?;
    let list = |text: String| -> Result<Cell, ExportError> {
        Ok(Cell::Text(json_list(&text)?.join("; ")))
    };
    let time = |text: Option<String>| -> Result<Cell, ExportError> {
        Ok(match text {
            Some(text) => Cell::DateTime(local_time(&text, scope)?),
            None => Cell::Empty,
        })
    };
    while let Some(r) = found.next()? {
        each(vec![
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            Cell::Text(r.get(2)?),
            Cell::opt_text(r.get::<_, Option<String>>(3)?),
            Cell::opt_text(r.get::<_, Option<String>>(4)?),
            Cell::opt_text(r.get::<_, Option<String>>(5)?),
            list(r.get(6)?)?,
            list(r.get(7)?)?,
            list(r.get(8)?)?,
            Cell::opt_text(r.get::<_, Option<String>>(9)?),
            Cell::opt_text(r.get::<_, Option<String>>(10)?),
            Cell::Text(r.get(11)?),
            Cell::Text(r.get(12)?),
            Cell::Text(r.get(13)?),
            time(r.get(14)?)?,
            time(r.get(15)?)?,
            time(r.get(16)?)?,
            Cell::opt_text(r.get::<_, Option<String>>(17)?),
            Cell::opt_text(r.get::<_, Option<String>>(18)?),
        ])?;
    }
    Ok(())
}
