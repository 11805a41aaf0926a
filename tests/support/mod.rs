//! Running the real `fairfloor` binary: plain commands, and full-screen runs in a real
//! pseudo-terminal read back through a terminal emulator (vt100), waiting for text, not sleeping.

#![allow(dead_code)] // Each test file uses its own part of this.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_fairfloor");

pub mod central;
pub mod proxy;

/// Keys as a terminal sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const TAB: &str = "\t";
    pub const F12: &str = "\x1b[24~";
    pub const CTRL_C: &str = "\x03";
    pub const CTRL_Z: &str = "\x1a";
    pub const CTRL_BACKSLASH: &str = "\x1c";
    pub const CTRL_S: &str = "\x13";
    pub const SHIFT_TAB: &str = "\x1b[Z";
}

/// The key file every database in this test run is encrypted with (made once, `0600`, in a
/// folder of its own that lives as long as the test process).
pub fn key_file() -> &'static Path {
    static KEY_FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    KEY_FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let path = dir.join("test.key");
        fairfloor::store::key::Key::generate()
            .expect("a key")
            .write_new_file(&path)
            .expect("write the key file");
        path
    })
}

/// The key in [`key_file`], as `PRAGMA key` takes it.
pub fn key_pragma() -> String {
    let hex = std::fs::read_to_string(key_file()).expect("read the key file");
    format!("x'{}'", hex.trim())
}

/// Gives this test process the key, for tests that open a store through the library.
pub fn use_test_key() {
    let key = fairfloor::store::key::Key::read_file(key_file()).expect("read the key file");
    fairfloor::store::key::use_key(key);
}

/// Opens a test database with rusqlite directly, keyed like the binary keys it.
pub fn open_sqlite(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.pragma_update(None, "key", key_pragma())
        .expect("key the db");
    conn.execute_batch(&fairfloor::store::key::Layout::Current.pragmas(None))
        .expect("the page layout");
    conn
}

/// The day of the event [`Workspace::with_event`] makes.
pub const EVENT_DAY: &str = "2026-11-23";

/// `init --event EVENT --venue VENUE --date DATE`, for more arguments to follow.
pub fn init_args<'a>(event: &'a str, venue: &'a str, date: &'a str) -> Vec<&'a str> {
    vec!["init", "--event", event, "--venue", venue, "--date", date]
}

/// Runs `command` to completion with `stdin` piped in and its output captured.
pub fn run_piped(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the command");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Everything `child` writes to its (piped) standard error, read until it closes it.
pub fn read_stderr(child: &mut std::process::Child) -> String {
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    stderr
}

/// Runs `openssl ARGS` in `dir`, failing the test unless it succeeds.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (scripts/test installs it)");
    succeeded(format_args!("openssl {args:?}"), &out);
}

/// A new private key `key` and a certificate `cert` for `subject` signed by that key (a day
/// long), in `dir`; `extra` arguments go to `openssl req` before the file names.
pub fn self_signed(dir: &Path, subject: &str, extra: &[&str], key: &str, cert: &str) {
    let mut args = vec![
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", subject,
    ];
    args.extend_from_slice(extra);
    args.extend(["-keyout", key, "-out", cert]);
    openssl(dir, &args);
}

/// Fails the test, showing what `what` printed, unless it succeeded; its standard output.
pub fn succeeded(what: impl std::fmt::Display, output: &Output) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A temporary folder with a database path in it.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("fair.db");
        Self { dir, db }
    }

    /// `fairfloor --db <db> args…` with the test key, its output captured, not yet started.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        // Its own config and data folders: no pack or log from this machine's user gets in.
        command
            .env("FAIRFLOOR_KEY_FILE", key_file())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `fairfloor --db <db> args…` to completion with `stdin` piped in.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        run_piped(&mut self.command(args), stdin)
    }

    /// Like [`run`](Self::run) but fails the test unless the command succeeds.
    pub fn ok(&self, args: &[&str], stdin: &str) -> String {
        succeeded(format_args!("fairfloor {args:?}"), &self.run(args, stdin))
    }

    /// The first column of the one row `sql` gives, read from the database.
    pub fn value<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        self.sqlite()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Writes `contents` to a file called `name` in the workspace's folder; its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write a file in the workspace");
        path
    }

    /// Exports `dataset` for the event on `date` to `out`.
    pub fn export_on(&self, dataset: &str, date: &str, out: &Path) -> String {
        self.ok(
            &[
                "export",
                dataset,
                "--date",
                date,
                "--out",
                out.to_str().expect("a UTF-8 path"),
            ],
            "",
        )
    }

    /// The QR code of an offer's `reference` as a PNG image, `code.png` in the workspace.
    pub fn qr_png(&self, reference: &str) -> PathBuf {
        let png = self.dir.path().join("code.png");
        self.ok(
            &[
                "qr",
                reference,
                "--format",
                "png",
                "--out",
                png.to_str().expect("a UTF-8 path"),
            ],
            "",
        );
        png
    }

    /// A fresh event and one recruiter with PIN 4821.
    pub fn with_event(self) -> Self {
        let mut init = init_args("Leeds Jobs Fair", "First Direct Arena", EVENT_DAY);
        init.extend(["--device-prefix", "B"]);
        self.ok(&init, "");
        self.ok(
            &["staff", "add", "--name", "Sam Lead", "--role", "recruiter"],
            "4821\n4821\n",
        );
        self
    }

    /// A demo fair, as `fairfloor demo --candidates 0` makes one in a new file: the demo event,
    /// Demo Recruiter (PIN 1234), Demo Coordinator (PIN 5678) and a few people waiting.
    pub fn with_demo_fair(self) -> Self {
        let out = self.ok(&["demo", "--candidates", "0"], "");
        assert!(out.contains("Made a demo fair"), "{out}");
        self
    }

    /// A coordinator, Priya Shah, with PIN 5678: the kiosk opens only for a coordinator.
    pub fn with_coordinator(self) -> Self {
        self.ok(
            &[
                "staff",
                "add",
                "--name",
                "Priya Shah",
                "--role",
                "coordinator",
            ],
            "5678\n5678\n",
        );
        self
    }

    /// The database, opened with rusqlite and keyed.
    pub fn sqlite(&self) -> rusqlite::Connection {
        open_sqlite(&self.db)
    }

    pub fn path(&self) -> &Path {
        &self.db
    }
}

/// The real binary on a real pseudo-terminal.
pub struct PtyRun {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn MasterPty + Send>,
}

impl PtyRun {
    pub fn spawn(db: &Path, args: &[&str], cols: u16, rows: u16) -> Self {
        let mut command = CommandBuilder::new(BIN);
        command.env("FAIRFLOOR_KEY_FILE", key_file());
        command.arg("--db");
        command.arg(db);
        command.args(args);
        Self::spawn_command(command, cols, rows)
    }

    /// Any program on a real pseudo-terminal (a shell, a script, ssh), with `TERM` set as for the
    /// binary; the command keeps this process's environment unless it changes it.
    pub fn spawn_command(mut command: CommandBuilder, cols: u16, rows: u16) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        command.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(command).expect("spawn in pty");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("screen lock").process(&buf[..n]);
            }
        });
        Self {
            child,
            writer,
            screen,
            _master: pty.master,
        }
    }

    /// The binary on a pseudo-terminal as [`spawn`](Self::spawn) runs it, with `env` set too.
    pub fn spawn_with_env(
        db: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Self {
        let mut command = CommandBuilder::new(BIN);
        command.env("FAIRFLOOR_KEY_FILE", key_file());
        for (name, value) in env {
            command.env(name, value);
        }
        command.arg("--db");
        command.arg(db);
        command.args(args);
        Self::spawn_command(command, cols, rows)
    }

    /// How many cells on screen have a colour of their own (not the terminal's default).
    pub fn coloured_cells(&self) -> usize {
        let parser = self.screen.lock().expect("screen lock");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        (0..rows)
            .flat_map(|row| (0..cols).map(move |col| (row, col)))
            .filter_map(|(row, col)| screen.cell(row, col))
            .filter(|cell| {
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
            })
            .count()
    }

    /// The QR code on screen as a grid of modules (`true` dark), rebuilt from the cells as a
    /// terminal shows them: each '▀' cell is two modules, its foreground colour the top one and
    /// its background the bottom one, in the pure black (16) and white (231) the code is drawn
    /// in. `None` when no such cell is on screen.
    pub fn qr_modules(&self) -> Option<Vec<Vec<bool>>> {
        let (dark, light) = (vt100::Color::Idx(16), vt100::Color::Idx(231));
        let parser = self.screen.lock().expect("screen lock");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let is_code = |row: u16, col: u16| {
            screen.cell(row, col).is_some_and(|cell| {
                cell.contents() == "▀"
                    && [dark, light].contains(&cell.fgcolor())
                    && [dark, light].contains(&cell.bgcolor())
            })
        };
        let cells: Vec<(u16, u16)> = (0..rows)
            .flat_map(|row| (0..cols).map(move |col| (row, col)))
            .filter(|&(row, col)| is_code(row, col))
            .collect();
        let top = cells.iter().map(|c| c.0).min()?;
        let bottom = cells.iter().map(|c| c.0).max()?;
        let left = cells.iter().map(|c| c.1).min()?;
        let right = cells.iter().map(|c| c.1).max()?;
        let mut modules = Vec::new();
        for row in top..=bottom {
            let (mut upper, mut lower) = (Vec::new(), Vec::new());
            for col in left..=right {
                let cell = screen.cell(row, col);
                upper.push(cell.is_some_and(|c| is_code(row, col) && c.fgcolor() == dark));
                lower.push(cell.is_some_and(|c| is_code(row, col) && c.bgcolor() == dark));
            }
            modules.push(upper);
            modules.push(lower);
        }
        Some(modules)
    }

    /// What the terminal shows now, row by row.
    pub fn screen(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    /// Types keys, one burst per call; a short pause lets a lone Esc be read as Esc.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text and presses Enter.
    pub fn answer(&mut self, text: &str) {
        self.send(text);
        self.send(keys::ENTER);
    }

    /// Signs in at "Who are you?" with `pin`.
    pub fn sign_in(&mut self, pin: &str) {
        self.wait_for("Who are you?");
        self.answer(pin);
    }

    /// Signs in as the demo fair's recruiter, first in the list, with the PIN the hint gives.
    pub fn sign_in_as_demo_recruiter(&mut self) {
        self.wait_for("Demo Recruiter (PIN 1234)");
        self.answer("1234");
        self.wait_for("Signed in: Demo Recruiter");
    }

    /// Signs in as the demo fair's coordinator (one down the list, PIN 5678).
    pub fn sign_in_as_demo_coordinator(&mut self) {
        self.wait_for("Demo Coordinator");
        // Recruiters are listed first: the coordinator is one down.
        self.send(keys::DOWN);
        self.answer("5678");
        self.wait_for("Signed in: Demo Coordinator");
    }

    /// At the kiosk's start screen: starts, agrees to the privacy notice, and waits for the
    /// first question.
    pub fn start_kiosk_form(&mut self) {
        self.wait_for("Press Enter to start");
        self.send(keys::ENTER);
        self.answer("1");
        self.wait_for("What is your first name?");
    }

    /// At the kiosk's first question: gives the five `details` (first and last name, email,
    /// phone, postcode), the first choice where there is a choice, no care experience, no
    /// adjustments and no questions about them, and confirms on "Check your answers".
    pub fn register_quickly(&mut self, details: [&str; 5]) {
        self.answer_each(&details);
        self.answer_each(&["1", "1", "1", "1", "3", "", "2"]);
        self.wait_for("Check your answers");
        self.send(keys::ENTER);
    }

    /// Asks the kiosk to close (F12) and types `pin` at "Staff only".
    pub fn unlock_kiosk(&mut self, pin: &str) {
        self.send(keys::F12);
        self.wait_for("Staff only");
        self.answer(pin);
    }

    /// Answers each of `answers` in turn, each followed by Enter.
    pub fn answer_each(&mut self, answers: &[&str]) {
        for answer in answers {
            self.answer(answer);
        }
    }

    /// Waits until `text` is on screen; fails the test with the screen if it never is.
    pub fn wait_for(&self, text: &str) {
        self.wait_for_within(text, Duration::from_secs(15));
    }

    pub fn wait_for_within(&self, text: &str, limit: Duration) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Whether the program is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the program to end by itself and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "still running:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Kills the program with SIGKILL: no chance to clean up, as when a laptop's power goes.
    #[cfg(unix)]
    pub fn kill_hard(&mut self) {
        let pid = self.child.process_id().expect("pid");
        let status = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let start = Instant::now();
        while self.is_running() {
            assert!(start.elapsed() < Duration::from_secs(10), "did not die");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PtyRun {
    fn drop(&mut self) {
        if self.is_running() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
