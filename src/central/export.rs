//! The centre's offers export: the laptop's offers export (`crate::export::offers`), columns and
//! writer both, filled from PostgreSQL across all laptops.

use std::io::Write;

use super::query::OfferRow;
use crate::domain::RoleCatalogue;
use crate::export::offers::{COLUMNS, OfferRow as ExportRow};
use crate::export::{Format, TableError, TableWriter};

/// The export's column names, in order (the laptop's offers export's).
pub fn column_names() -> Vec<&'static str> {
    COLUMNS.iter().map(|column| column.name).collect()
}

fn export_row(row: &OfferRow, roles: &RoleCatalogue) -> ExportRow {
    ExportRow {
        reference: row.reference.clone(),
        kind: row.kind.clone(),
        status: row.status.clone(),
        made_at: row.made_at,
        expires_on: row.expires_on,
        ticket: row.ticket.clone(),
        given_name: row.given_name.clone(),
        family_name: row.family_name.clone(),
        email: row.email.clone(),
        phone: row.phone.clone(),
        role_code: row.role_code.clone(),
        role_title: roles
            .get(&row.role_code)
            .map(|role| role.title.clone())
            .unwrap_or_default(),
        site: row.site.clone(),
        contract: row.contract.clone(),
        hours: row.hours.clone(),
        conditions: row.conditions.clone(),
        onboarding_url: row.onboarding_url.clone(),
        staff_name: row.staff_name.clone(),
        screening_total: row.screening_total,
        screening_max: row.screening_max,
        status_reason: row.status_reason.clone(),
    }
}

/// Writes the rows in `format` to `out`, with the header row (CSV, XLSX).
pub fn write<W: Write + Send>(
    rows: &[OfferRow],
    roles: &RoleCatalogue,
    format: Format,
    out: W,
) -> Result<W, TableError> {
    let mut table = TableWriter::new(format, COLUMNS, out, false)?;
    for row in rows {
        table.write_row(&export_row(row, roles).cells())?;
    }
    table.finish()
}
