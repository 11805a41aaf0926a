//! Writing a table of typed cells as CSV, XLSX or JSON Lines.
//!
//! The writer knows nothing about where rows come from: the local SQLite file today, the central
//! service's PostgreSQL later. Each dataset names its columns once ([`Column`]) and hands over rows
//! of [`Cell`]s; this module turns them into each format the same way.

use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_xlsxwriter::{Format as XlsxFormat, Workbook, XlsxError};

use super::neutralise::neutralise;

/// The file formats an export can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
    Jsonl,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Jsonl];

    /// The file name extension, also the name used on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Jsonl => "jsonl",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

/// What a column holds, which decides how each format writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    /// A calendar day: `YYYY-MM-DD` in CSV and JSON, a date cell in XLSX.
    Date,
    /// A moment, in the event's local time with its offset (`2026-11-23T10:15:00+00:00`) in CSV
    /// and JSON; a date-and-time cell showing the local time in XLSX.
    DateTime,
    /// `true` / `false` in CSV and JSON, a boolean cell in XLSX.
    Bool,
}

/// One column of an export: its stable name and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnKind,
    /// One line for the README's column list.
    pub about: &'static str,
}

/// One value in a row. `Empty` is an absent value (no email given, interview not finished).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Date(NaiveDate),
    DateTime(DateTime<FixedOffset>),
    Bool(bool),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// `Empty` for `None`.
    pub fn opt_text(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.into()))
    }

    fn fits(&self, kind: ColumnKind) -> bool {
        matches!(
            (self, kind),
            (Cell::Empty, _)
                | (Cell::Text(_), ColumnKind::Text)
                | (Cell::Integer(_), ColumnKind::Integer)
                | (Cell::Date(_), ColumnKind::Date)
                | (Cell::DateTime(_), ColumnKind::DateTime)
                | (Cell::Bool(_), ColumnKind::Bool)
        )
    }
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    #[error("a row has {found} cells where the export has {expected} columns")]
    RowLength { expected: usize, found: usize },
    #[error("column '{column}' holds {kind:?} values, but was given {cell:?}")]
    CellKind {
        column: &'static str,
        kind: ColumnKind,
        cell: Cell,
    },
    #[error(
        "more rows than one spreadsheet sheet holds ({MAX_XLSX_ROWS}); export as CSV or JSON Lines instead"
    )]
    TooManyRowsForXlsx,
}

/// Excel's limit, less the header row.
const MAX_XLSX_ROWS: u32 = 1_048_575;

/// The form of dates and times in CSV and JSON.
const DATETIME_TEXT: &str = "%Y-%m-%dT%H:%M:%S%:z";
const DATE_TEXT: &str = "%Y-%m-%d";

/// Writes rows of cells in one format. XLSX is kept in memory until [`finish`](Self::finish),
/// which is where its bytes are written.
pub struct TableWriter<W: Write + Send> {
    columns: &'static [Column],
    inner: Inner<W>,
}

enum Inner<W: Write + Send> {
    Csv(csv::Writer<W>),
    Jsonl(std::io::BufWriter<W>),
    Xlsx {
        workbook: Box<Workbook>,
        out: W,
        row: u32,
        date: XlsxFormat,
        datetime: XlsxFormat,
    },
}

impl<W: Write + Send> TableWriter<W> {
    /// Starts a table, writing the header row (CSV, XLSX). `bom` puts a UTF-8 byte-order mark
    /// first in a CSV, which Excel needs to read it as UTF-8; the other formats ignore it.
    pub fn new(
        format: Format,
        columns: &'static [Column],
        mut out: W,
        bom: bool,
    ) -> Result<Self, TableError> {
        let inner = match format {
            Format::Csv => {
                if bom {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                let mut csv = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out);
                csv.write_record(columns.iter().map(|c| c.name))?;
                Inner::Csv(csv)
            }
            Format::Jsonl => Inner::Jsonl(std::io::BufWriter::with_capacity(1 << 16, out)),
            Format::Xlsx => {
                let mut workbook = Box::new(Workbook::new());
                let header = XlsxFormat::new().set_bold();
                let sheet = workbook.add_worksheet();
                sheet.set_name("Export")?;
                for (i, column) in columns.iter().enumerate() {
                    let i = xlsx_col(i);
                    sheet.write_string_with_format(0, i, column.name, &header)?;
                    sheet.set_column_width(i, xlsx_width(column))?;
                }
                sheet.set_freeze_panes(1, 0)?;
                Inner::Xlsx {
                    workbook,
                    out,
                    row: 0,
                    date: XlsxFormat::new().set_num_format("yyyy-mm-dd"),
                    datetime: XlsxFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
                }
            }
        };
        Ok(Self { columns, inner })
    }

    /// Writes one row; its cells must match the columns in number and kind.
    pub fn write_row(&mut self, cells: &[Cell]) -> Result<(), TableError> {
        if cells.len() != self.columns.len() {
            return Err(TableError::RowLength {
                expected: self.columns.len(),
                found: cells.len(),
            });
        }
        if let Some((column, cell)) = self
            .columns
            .iter()
            .zip(cells)
            .find(|(column, cell)| !cell.fits(column.kind))
        {
            return Err(TableError::CellKind {
                column: column.name,
                kind: column.kind,
                cell: cell.clone(),
            });
        }
        match &mut self.inner {
            Inner::Csv(csv) => {
                for cell in cells {
                    match cell {
                        Cell::Empty => csv.write_field("")?,
                        Cell::Text(text) => csv.write_field(neutralise(text).as_bytes())?,
                        Cell::Integer(n) => csv.write_field(n.to_string())?,
                        Cell::Date(d) => csv.write_field(d.format(DATE_TEXT).to_string())?,
                        Cell::DateTime(t) => {
                            csv.write_field(t.format(DATETIME_TEXT).to_string())?
                        }
                        Cell::Bool(b) => csv.write_field(if *b { "true" } else { "false" })?,
                    }
                }
                csv.write_record(None::<&[u8]>)?;
            }
            Inner::Jsonl(out) => {
                // Written by hand so the keys keep the column order (serde_json's map sorts them).
                out.write_all(b"{")?;
                for (i, (column, cell)) in self.columns.iter().zip(cells).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, column.name)?;
                    out.write_all(b":")?;
                    match cell {
                        Cell::Empty => out.write_all(b"null")?,
                        Cell::Text(text) => serde_json::to_writer(&mut *out, text)?,
                        Cell::Integer(n) => write!(out, "{n}")?,
                        Cell::Date(d) => write!(out, "\"{}\"", d.format(DATE_TEXT))?,
                        Cell::DateTime(t) => write!(out, "\"{}\"", t.format(DATETIME_TEXT))?,
                        Cell::Bool(b) => write!(out, "{b}")?,
                    }
                }
                out.write_all(b"}\n")?;
            }
            Inner::Xlsx {
                workbook,
                row,
                date,
                datetime,
                ..
            } => {
                if *row >= MAX_XLSX_ROWS {
                    return Err(TableError::TooManyRowsForXlsx);
                }
                *row += 1;
                let sheet = workbook.worksheet_from_index(0)?;
                for (i, cell) in cells.iter().enumerate() {
                    let col = xlsx_col(i);
                    match cell {
                        Cell::Empty => {}
                        Cell::Text(text) => {
                            sheet.write_string(*row, col, neutralise(text).as_ref())?;
                        }
                        // Excel holds numbers as doubles; counts and scores are far below 2^53.
                        Cell::Integer(n) => {
                            sheet.write_number(*row, col, *n as f64)?;
                        }
                        Cell::Date(d) => {
                            sheet.write_number_with_format(
                                *row,
                                col,
                                excel_serial_date(*d),
                                date,
                            )?;
                        }
                        Cell::DateTime(t) => {
                            sheet.write_number_with_format(
                                *row,
                                col,
                                excel_serial_datetime(t),
                                datetime,
                            )?;
                        }
                        Cell::Bool(b) => {
                            sheet.write_boolean(*row, col, *b)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Finishes the table and flushes everything to the writer, which it gives back.
    pub fn finish(self) -> Result<W, TableError> {
        match self.inner {
            Inner::Csv(csv) => csv.into_inner().map_err(|e| TableError::Io(e.into_error())),
            Inner::Jsonl(out) => out.into_inner().map_err(|e| TableError::Io(e.into_error())),
            Inner::Xlsx {
                mut workbook,
                mut out,
                row,
                ..
            } => {
                let last_col = xlsx_col(self.columns.len().saturating_sub(1));
                workbook
                    .worksheet_from_index(0)?
                    .autofilter(0, 0, row, last_col)?;
                workbook.save_to_writer(&mut out)?;
                Ok(out)
            }
        }
    }
}

fn xlsx_col(index: usize) -> u16 {
    // Exports have a few dozen columns at most; Excel allows 16,384.
    u16::try_from(index).unwrap_or(u16::MAX)
}

fn xlsx_width(column: &Column) -> f64 {
    let by_kind = match column.kind {
        ColumnKind::Text => 16.0,
        ColumnKind::Integer | ColumnKind::Bool => 8.0,
        ColumnKind::Date => 11.0,
        ColumnKind::DateTime => 19.0,
    };
    f64::max(by_kind, column.name.len() as f64 + 2.0)
}

/// Excel's serial day: days since 1899-12-30 (right for every date after February 1900).
fn excel_serial_date(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date");
    (date - epoch).num_days() as f64
}

/// The local wall-clock time, to the second, as an Excel serial (Excel has no time zones).
fn excel_serial_datetime(at: &DateTime<FixedOffset>) -> f64 {
    let local = at.naive_local();
    let seconds = local.time().signed_duration_since(chrono::NaiveTime::MIN);
    excel_serial_date(local.date()) + seconds.num_seconds() as f64 / 86_400.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const COLUMNS: &[Column] = &[
        Column {
            name: "name",
            kind: ColumnKind::Text,
            about: "",
        },
        Column {
            name: "score",
            kind: ColumnKind::Integer,
            about: "",
        },
        Column {
            name: "day",
            kind: ColumnKind::Date,
            about: "",
        },
        Column {
            name: "at",
            kind: ColumnKind::DateTime,
            about: "",
        },
        Column {
            name: "ok",
            kind: ColumnKind::Bool,
            about: "",
        },
    ];

    fn row(name: &str) -> Vec<Cell> {
        let bst = FixedOffset::east_opt(3600).unwrap();
        vec![
            Cell::text(name),
            Cell::Integer(-7),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()),
            Cell::DateTime(bst.with_ymd_and_hms(2026, 3, 29, 23, 30, 0).unwrap()),
            Cell::Bool(true),
        ]
    }

    fn written(format: Format, bom: bool, rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut table = TableWriter::new(format, COLUMNS, Vec::new(), bom).unwrap();
        for r in rows {
            table.write_row(r).unwrap();
        }
        table.finish().unwrap()
    }

    #[test]
    fn csv_is_rfc_4180_with_a_header_quoting_and_crlf() {
        let out = written(
            Format::Csv,
            false,
            &[row("Ama, \"Ama\"\nOkafor"), row("=1+1")],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,score,day,at,ok\r\n\
             \"Ama, \"\"Ama\"\"\nOkafor\",-7,2026-03-29,2026-03-29T23:30:00+01:00,true\r\n\
             '=1+1,-7,2026-03-29,2026-03-29T23:30:00+01:00,true\r\n"
        );
    }

    #[test]
    fn the_bom_comes_first_only_when_asked_for() {
        assert!(written(Format::Csv, true, &[]).starts_with("\u{feff}name,".as_bytes()));
        assert!(written(Format::Csv, false, &[]).starts_with(b"name,"));
        assert!(written(Format::Jsonl, true, &[]).is_empty());
    }

    #[test]
    fn json_lines_keep_column_order_and_types_and_do_not_quote_formulas() {
        let mut empty = row("=1+1");
        empty[1] = Cell::Empty;
        let out = String::from_utf8(written(Format::Jsonl, false, &[empty])).unwrap();
        assert_eq!(
            out,
            "{\"name\":\"=1+1\",\"score\":null,\"day\":\"2026-03-29\",\"at\":\"2026-03-29T23:30:00+01:00\",\"ok\":true}\n"
        );
        let value: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(value["name"], "=1+1");
    }

    #[test]
    fn a_row_of_the_wrong_shape_is_refused_with_the_column_named() {
        let mut table = TableWriter::new(Format::Csv, COLUMNS, Vec::new(), false).unwrap();
        let error = table.write_row(&row("x")[..2]).unwrap_err();
        assert!(error.to_string().contains("2 cells"), "{error}");
        let mut wrong = row("x");
        wrong[1] = Cell::text("seven");
        let error = table.write_row(&wrong).unwrap_err();
        assert!(error.to_string().contains("'score'"), "{error}");
    }

    #[test]
    fn excel_serials_match_excels_own_numbers() {
        // 2026-03-29 is serial 46110 in Excel; noon adds half a day.
        assert_eq!(
            excel_serial_date(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()),
            46110.0
        );
        let noon = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 3, 29, 12, 0, 0)
            .unwrap();
        assert_eq!(excel_serial_datetime(&noon), 46110.5);
    }
}
