//! Faults and hostile input, tried on the real binary as an attacker or an unlucky coordinator
//! would: escape sequences in a CSV, a reader that goes away, a pipe or a device where a file was
//! expected, a damaged database file, a full disk.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::Workspace;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `fairfloor --db DB args…`, killing it (and failing) if it runs past `limit`.
fn run_within(ws: &Workspace, args: &[&str], limit: Duration) -> std::process::Output {
    let mut child = ws
        .command(args)
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn fairfloor");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("fairfloor {args:?} was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn import_prints_no_escape_sequence_from_a_csv_header() {
    let ws = Workspace::new().with_event();
    let csv = ws.file(
        "people.csv",
        "given_name,family_name,email,\u{1b}]0;PWNED\u{7}\u{1b}[2J\nAsha,Patel,asha@example.com,x\n",
    );
    let out = ws.run(&["import", csv.to_str().unwrap()], "");
    let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("PWNED"),
        "the unknown column is still named: {shown}"
    );
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "an escape sequence reached the terminal: {shown:?}"
    );
}

#[test]
fn import_into_a_closed_pipe_finishes_its_work_without_a_panic() {
    let ws = Workspace::new().with_event();
    let csv = ws.dir.path().join("people.csv");
    let mut rows = String::from("given_name,family_name,email,phone\n");
    for n in 0..400 {
        rows.push_str(&format!("Person,Number{n},not-an-email-{n},\n"));
    }
    rows.push_str("Asha,Patel,asha@example.com,\n");
    std::fs::write(&csv, rows).unwrap();
    // `fairfloor import people.csv | head -0`: the reader is gone before the first line.
    let mut child = ws
        .command(&["import", csv.to_str().unwrap()])
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let stderr = support::read_stderr(&mut child);
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(2), "bad rows, so exit 2: {stderr}");
    let imported: i64 =
        ws.value("SELECT count(*) FROM candidates WHERE email = 'asha@example.com'");
    assert_eq!(imported, 1, "the good row was imported all the same");
}

#[cfg(unix)]
#[test]
fn script_list_does_not_wait_on_a_pipe_in_the_scripts_folder() {
    let ws = Workspace::new().with_event();
    let scripts = ws.dir.path().join("scripts");
    std::fs::create_dir(&scripts).unwrap();
    let made = Command::new("mkfifo")
        .arg(scripts.join("trap.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = run_within(
        &ws,
        &["--scripts", scripts.to_str().unwrap(), "script", "list"],
        Duration::from_secs(30),
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("refused:") && stdout.contains("this is a pipe, not a file"),
        "{stdout}"
    );
    assert!(
        stdout.contains("hcsw"),
        "the built-in scripts stay usable: {stdout}"
    );
}

#[cfg(unix)]
#[test]
fn script_check_of_a_device_is_refused_without_reading_it() {
    let ws = Workspace::new();
    let out = run_within(
        &ws,
        &["script", "check", "/dev/zero"],
        Duration::from_secs(30),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("this is a device, not a file"), "{stdout}");
}

/// Overwrites one page the integrity check notices with random bytes, as a failing disk would.
fn damage_a_page(db: &std::path::Path) {
    let original = std::fs::read(db).unwrap();
    let page = 4096;
    let pages = original.len() / page;
    assert!(pages > 8, "a file of {pages} pages");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for target in (pages / 2..pages).chain(2..pages / 2) {
        let mut bytes = original.clone();
        for byte in &mut bytes[target * page..(target + 1) * page] {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *byte = seed as u8;
        }
        std::fs::write(db, &bytes).unwrap();
        let conn = support::open_sqlite(db);
        let check: rusqlite::Result<String> =
            conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
        drop(conn);
        if check.map_or(true, |first| first != "ok") {
            return;
        }
    }
    panic!("no page of the file was noticed when damaged");
}

#[test]
fn a_damaged_file_is_refused_by_every_command_but_doctor_which_reports_it() {
    let ws = Workspace::new().with_event();
    ws.ok(&["demo", "--candidates", "300"], "");
    damage_a_page(ws.path());
    let before = std::fs::read(ws.path()).unwrap();

    let doctor = ws.run(&["doctor"], "");
    let report = text(&doctor.stdout);
    assert_eq!(
        doctor.status.code(),
        Some(1),
        "{report}{}",
        text(&doctor.stderr)
    );
    assert!(report.contains("file: DAMAGED"), "{report}");
    assert!(report.contains("Needs attention:"), "{report}");
    assert!(
        report.contains("the database file is damaged: copy it somewhere safe"),
        "{report}"
    );

    let csv = ws.file(
        "people.csv",
        "given_name,family_name,email\nAsha,Patel,asha@example.com\n",
    );
    for args in [
        vec!["import", csv.to_str().unwrap()],
        vec!["export", "offers", "--out", "-"],
        vec!["staff", "add", "--name", "Kim Lee", "--role", "recruiter"],
    ] {
        let out = ws.run(&args, "1234\n1234\n");
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} went ahead: {stderr}");
        assert!(stderr.contains("is damaged"), "{args:?}: {stderr}");
        assert!(stderr.contains(".recover"), "{args:?}: {stderr}");
        assert!(!stderr.contains("fairfloor doctor`"), "{stderr}");
    }
    assert!(
        std::fs::read(ws.path()).unwrap() == before,
        "nothing was written to the damaged file"
    );
}

/// A small RAM disk mounted over `dir` for the life of the value (root only).
struct SmallDisk {
    dir: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(dir: &std::path::Path, size: &str) -> Option<Self> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        ok.then(|| Self {
            dir: dir.to_path_buf(),
        })
    }

    /// Writes a filler file until the disk refuses another byte.
    fn fill(&self) {
        use std::io::Write as _;
        let mut filler = std::fs::File::create(self.dir.join("filler")).unwrap();
        let block = vec![0_u8; 4096];
        while filler.write_all(&block).is_ok() {}
        let _ = filler.write_all(&[0]);
        let _ = filler.sync_all();
    }

    fn unfill(&self) {
        std::fs::remove_file(self.dir.join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[test]
fn on_a_full_disk_commands_say_so_plainly_and_lose_nothing() {
    let outer = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(outer.path(), "4m") else {
        eprintln!("SKIPPED: mounting a small disk needs root (CI runs as root)");
        return;
    };
    let ws = Workspace {
        db: outer.path().join("fair.db"),
        dir: tempfile::tempdir().unwrap(),
    };
    let ws = ws.with_event();
    ws.ok(&["demo", "--candidates", "40"], "");
    let count = |ws: &Workspace| -> i64 { ws.value("SELECT count(*) FROM candidates") };
    let saved = count(&ws);
    disk.fill();

    let csv = ws.dir.path().join("people.csv");
    let mut rows = String::from("given_name,family_name,email\n");
    for n in 0..2000 {
        rows.push_str(&format!("Person,Number{n},person{n}@example.com\n"));
    }
    std::fs::write(&csv, rows).unwrap();
    for args in [
        vec!["doctor"],
        vec!["export", "offers", "--out", "-"],
        vec!["import", csv.to_str().unwrap()],
    ] {
        let out = ws.run(&args, "");
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        if !out.status.success() {
            assert!(
                said.contains("disk is full") || said.contains("the disk may be full"),
                "{args:?} failed without saying the disk is full: {said}"
            );
        }
    }
    disk.unfill();
    assert_eq!(count(&ws), saved, "nothing saved before was lost");
    let doctor = ws.run(&["doctor"], "");
    assert!(
        text(&doctor.stdout).contains("file: sound"),
        "{}",
        text(&doctor.stdout)
    );
}
