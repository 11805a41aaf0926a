//! The centre's offers export: the laptop's offers export (`crate::export::offers`), columns and
//! writer both, filled from PostgreSQL across all laptops by [`super::query::offers_of_day`].

use std::io::Write;

use crate::export::offers::{COLUMNS, OfferRow};
use crate::export::{Format, TableError, TableWriter};

/// The export's column names, in order (the laptop's offers export's).
pub fn column_names() -> Vec<&'static str> {
    COLUMNS.iter().map(|column| column.name).collect()
}

/// Writes the rows in `format` to `out`, with the header row (CSV, XLSX); how many rows.
pub fn write(
    rows: Vec<OfferRow>,
    format: Format,
    out: &mut (dyn Write + Send),
) -> Result<u64, TableError> {
    let mut table = TableWriter::new(format, COLUMNS, out, false)?;
    let mut written = 0;
    for row in rows {
        table.write_row(&row.cells())?;
        written += 1;
    }
    table.finish()?;
    Ok(written)
}
