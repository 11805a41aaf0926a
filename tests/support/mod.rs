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
        command
            .env("FAIRFLOOR_KEY_FILE", key_file())
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `fairfloor --db <db> args…` to completion with `stdin` piped in.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .spawn()
            .expect("spawn fairfloor");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("wait")
    }

    /// Like [`run`](Self::run) but fails the test unless the command succeeds.
    pub fn ok(&self, args: &[&str], stdin: &str) -> String {
        let output = self.run(args, stdin);
        assert!(
            output.status.success(),
            "fairfloor {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// A fresh event and one recruiter with PIN 4821.
    pub fn with_event(self) -> Self {
        self.ok(
            &[
                "init",
                "--event",
                "Leeds Jobs Fair",
                "--venue",
                "First Direct Arena",
                "--date",
                "2026-11-23",
                "--device-prefix",
                "B",
            ],
            "",
        );
        self.ok(
            &["staff", "add", "--name", "Sam Lead", "--role", "recruiter"],
            "4821\n4821\n",
        );
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
