//! The centre's offers export, with the same columns as the laptop's (`fairfloor export offers`).
//!
//! A small writer of its own for now: the shared typed-cell writer (`src/export/`) is being built
//! on another branch; once it is merged this should fill its `OfferRow` instead.

use std::io::Write;

use serde_json::Value;

use super::query::OfferRow;
use crate::domain::RoleCatalogue;

/// The offers export's columns, in the laptop export's order and names.
pub const OFFER_COLUMNS: [&str; 21] = [
    "reference",
    "kind",
    "status",
    "made_at",
    "expires_on",
    "ticket",
    "given_name",
    "family_name",
    "email",
    "phone",
    "role_code",
    "role_title",
    "site",
    "contract",
    "hours",
    "conditions",
    "onboarding_url",
    "staff_name",
    "screening_total",
    "screening_max",
    "status_reason",
];

/// The file formats the export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Xlsx,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// One cell: text, a whole number, or nothing.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Integer(i64),
    Empty,
}

fn cells(row: &OfferRow, roles: &RoleCatalogue) -> Vec<Cell> {
    let text = |s: &str| Cell::Text(s.to_string());
    let optional = |s: &Option<String>| s.as_deref().map_or(Cell::Empty, text);
    vec![
        text(&row.reference),
        text(&row.kind),
        text(&row.status),
        text(&row.made_at),
        text(&row.expires_on),
        text(&row.ticket),
        text(&row.given_name),
        text(&row.family_name),
        optional(&row.email),
        optional(&row.phone),
        text(&row.role_code),
        Cell::Text(
            roles
                .get(&row.role_code)
                .map(|role| role.title.clone())
                .unwrap_or_default(),
        ),
        text(&row.site),
        text(&row.contract),
        text(&row.hours),
        Cell::Text(row.conditions.join("; ")),
        text(&row.onboarding_url),
        text(&row.staff_name),
        row.screening_total.map_or(Cell::Empty, Cell::Integer),
        row.screening_max.map_or(Cell::Empty, Cell::Integer),
        optional(&row.status_reason),
    ]
}

/// Text a spreadsheet would run as a formula gets a quote in front (CSV injection); numbers and
/// international phone numbers are left as they are.
fn neutralise(text: &str) -> String {
    let risky = matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    let plain_number = text.parse::<f64>().is_ok_and(f64::is_finite)
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    let phone = text.starts_with('+')
        && text.len() > 1
        && text[1..].chars().all(|c| c.is_ascii_digit() || c == ' ');
    if risky && !plain_number && !phone {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes the rows in `format` to `out`.
pub fn write(
    rows: &[OfferRow],
    roles: &RoleCatalogue,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        Format::Csv => {
            let mut csv = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            csv.write_record(OFFER_COLUMNS)?;
            for row in rows {
                csv.write_record(cells(row, roles).into_iter().map(|cell| match cell {
                    Cell::Text(text) => neutralise(&text),
                    Cell::Integer(n) => n.to_string(),
                    Cell::Empty => String::new(),
                }))?;
            }
            csv.flush()?;
        }
        Format::Jsonl => {
            for row in rows {
                // By hand, so the keys keep the column order.
                let mut line = String::from("{");
                for (i, (name, cell)) in OFFER_COLUMNS.iter().zip(cells(row, roles)).enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    line.push_str(&Value::from(*name).to_string());
                    line.push(':');
                    line.push_str(&match cell {
                        Cell::Text(text) => Value::from(text).to_string(),
                        Cell::Integer(n) => n.to_string(),
                        Cell::Empty => "null".into(),
                    });
                }
                line.push_str("}\n");
                out.write_all(line.as_bytes())?;
            }
        }
        Format::Xlsx => {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let sheet = workbook.add_worksheet();
            sheet.set_name("offers")?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (col, name) in (0_u16..).zip(OFFER_COLUMNS) {
                sheet.write_string_with_format(0, col, name, &bold)?;
            }
            for (row_index, row) in (1_u32..).zip(rows) {
                for (col, cell) in (0_u16..).zip(cells(row, roles)) {
                    match cell {
                        Cell::Text(text) => {
                            sheet.write_string(row_index, col, text)?;
                        }
                        Cell::Integer(n) => {
                            sheet.write_number(row_index, col, n as f64)?;
                        }
                        Cell::Empty => {}
                    }
                }
            }
            out.write_all(&workbook.save_to_buffer()?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_numbers_and_phones_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(neutralise("+447700900123"), "+447700900123");
        assert_eq!(neutralise("Amara"), "Amara");
    }
}
