//! The offers export: one row per offer (or talent-pool place) made on the day, with the contact
//! details the offer letter needs. The columns live here, once, so the central service writes the
//! same file from PostgreSQL (`fairfloor central export offers`) by filling [`OfferRow`]s.

use super::table::{Cell, Column, ColumnKind};
use super::{FAMILY_NAME, GIVEN_NAME, col, integer};
pub use crate::store::exports::OfferRow;

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
    GIVEN_NAME,
    FAMILY_NAME,
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
            super::list(self.conditions),
            Cell::Text(self.onboarding_url),
            Cell::Text(self.staff_name),
            integer(self.screening_total),
            integer(self.screening_max),
            Cell::opt_text(self.status_reason),
        ]
    }
}
