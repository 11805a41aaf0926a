//! The screenings export: one row per interview started in the event's local day, with its
//! scores, recommendation and decision. Answers to individual questions are not included.

use rusqlite::Connection;

use super::table::{Cell, Column, ColumnKind};
use super::{DayScope, ExportError, json_list, local_time};

/// The screenings export's columns, in order. Stable: scripts and spreadsheets depend on them.
pub const COLUMNS: &[Column] = &[
    col("ticket", ColumnKind::Text, "the candidate's ticket"),
    col("given_name", ColumnKind::Text, "the candidate's given name"),
    col(
        "family_name",
        ColumnKind::Text,
        "the candidate's family name",
    ),
    col(
        "staff_name",
        ColumnKind::Text,
        "the recruiter who interviewed",
    ),
    col("script_id", ColumnKind::Text, "the screening script used"),
    col("script_version", ColumnKind::Integer, "its version"),
    col(
        "script_hash",
        ColumnKind::Text,
        "the hash of its exact content",
    ),
    col("blind", ColumnKind::Bool, "whether the interview was blind"),
    col(
        "status",
        ColumnKind::Text,
        "in_progress, completed or abandoned",
    ),
    col(
        "started_at",
        ColumnKind::DateTime,
        "when the interview started",
    ),
    col(
        "completed_at",
        ColumnKind::DateTime,
        "when it ended (empty if it has not)",
    ),
    col("total", ColumnKind::Integer, "the total score"),
    col("max_total", ColumnKind::Integer, "the most it could score"),
    col(
        "recommendation",
        ColumnKind::Text,
        "offer, second_opinion or not_progressing",
    ),
    col(
        "decision",
        ColumnKind::Text,
        "the recruiter's decision, same values",
    ),
    col(
        "override_reason",
        ColumnKind::Text,
        "why the decision differs from the recommendation",
    ),
    col("feedback", ColumnKind::Text, "feedback given on the day"),
    col(
        "signposts",
        ColumnKind::Text,
        "other routes suggested, separated by '; '",
    ),
];

const fn col(name: &'static str, kind: ColumnKind, about: &'static str) -> Column {
    Column { name, kind, about }
}

const FROM: &str = "FROM screenings s
     JOIN candidates c ON c.id = s.candidate_id
     JOIN staff st ON st.id = s.staff_id
     WHERE s.event_id = ?1";

pub(super) fn count(conn: &Connection, scope: &DayScope) -> Result<u64, ExportError> {
    // The joined rows always exist (foreign keys), so counting the one table gives the same
    // number without running the join twice.
    super::count(
        conn,
        "SELECT count(*) FROM screenings s WHERE s.event_id = ?1",
        scope,
    )
}

pub(super) fn rows(
    conn: &Connection,
    scope: &DayScope,
    each: &mut dyn FnMut(Vec<Cell>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.ticket, c.given_name, c.family_name, st.name, s.script_id, s.script_version,
            s.script_hash, s.blind, s.status, s.started_at, s.completed_at, s.total, s.max_total,
            s.recommendation, s.decision, s.override_reason, s.feedback, s.signposts
         {FROM}
         ORDER BY s.started_at, s.id"
    ))?;
    let mut found = stmt.query(scope.params())?;
    let integer = |n: Option<i64>| n.map_or(Cell::Empty, Cell::Integer);
    while let Some(r) = found.next()? {
        let completed_at: Option<String> = r.get(10)?;
        each(vec![
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            Cell::Text(r.get(2)?),
            Cell::Text(r.get(3)?),
            Cell::Text(r.get(4)?),
            Cell::Integer(r.get(5)?),
            Cell::Text(r.get(6)?),
            Cell::Bool(r.get(7)?),
            Cell::Text(r.get(8)?),
            Cell::DateTime(local_time(&r.get::<_, String>(9)?, scope)?),
            match completed_at {
                Some(text) => Cell::DateTime(local_time(&text, scope)?),
                None => Cell::Empty,
            },
            integer(r.get(11)?),
            integer(r.get(12)?),
            Cell::opt_text(r.get::<_, Option<String>>(13)?),
            Cell::opt_text(r.get::<_, Option<String>>(14)?),
            Cell::opt_text(r.get::<_, Option<String>>(15)?),
            Cell::Text(r.get(16)?),
            Cell::Text(json_list(&r.get::<_, String>(17)?)?.join("; ")),
        ])?;
    }
    Ok(())
}
