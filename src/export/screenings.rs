//! The screenings export: one row per interview started in the event's local day, with its
//! scores, recommendation and decision. Answers to individual questions are not included.

use super::table::{Cell, Column, ColumnKind};
use super::{FAMILY_NAME, GIVEN_NAME, col, integer, list, time, who_then};
pub use crate::store::exports::ScreeningRow;

/// The screenings export's columns, in order. Stable: scripts and spreadsheets depend on them.
pub const COLUMNS: &[Column] = &[
    col("ticket", ColumnKind::Text, "the candidate's ticket"),
    GIVEN_NAME,
    FAMILY_NAME,
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

impl ScreeningRow {
    /// The row's cells, in [`COLUMNS`] order.
    pub fn cells(self) -> Vec<Cell> {
        who_then(
            self.who,
            [
                Cell::Text(self.staff_name),
                Cell::Text(self.script_id),
                Cell::Integer(self.script_version),
                Cell::Text(self.script_hash),
                Cell::Bool(self.blind),
                Cell::Text(self.status),
                Cell::DateTime(self.started_at),
                time(self.completed_at),
                integer(self.total),
                integer(self.max_total),
                Cell::opt_text(self.recommendation),
                Cell::opt_text(self.decision),
                Cell::opt_text(self.override_reason),
                Cell::Text(self.feedback),
                list(self.signposts),
            ],
        )
    }
}
