//! The candidates export: one row per person registered for the day — everyone who arrived during
//! the event's local day, plus people booked who have not arrived. Equality-monitoring answers are
//! never here: they are only ever reported in aggregate (`fairfloor report fairness`).

use super::table::{Cell, Column, ColumnKind};
use super::{col, list, time, who_then};
pub use crate::store::exports::CandidateRow;

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
        "phone in international form, +44… for the UK (empty if none given)",
    ),
    col(
        "postcode",
        ColumnKind::Text,
        "postcode, or 'no fixed address' (empty if none given)",
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

impl CandidateRow {
    /// The row's cells, in [`COLUMNS`] order.
    pub fn cells(self) -> Vec<Cell> {
        who_then(
            self.who,
            [
                Cell::opt_text(self.email),
                Cell::opt_text(self.phone),
                Cell::opt_text(self.postcode),
                list(self.roles),
                list(self.contract_types),
                list(self.work_patterns),
                Cell::opt_text(self.right_to_work),
                Cell::opt_text(self.care_experience),
                Cell::Text(self.adjustments),
                Cell::Text(self.source),
                Cell::Text(self.status),
                time(self.registered_at),
                time(self.arrived_at),
                time(self.consent_at),
                Cell::opt_text(self.privacy_version),
                Cell::opt_text(self.duplicate_of),
            ],
        )
    }
}
