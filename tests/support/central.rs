//! The real central service for tests: `fairfloor central serve` as a child process, its
//! commands, and a laptop's outbox read back as the centre receives it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fairfloor::sync::protocol::{ApiError, BatchAck, ChangeBatch, OutboxEntry};

use super::BIN;

/// A running `fairfloor central serve`, killed when dropped.
pub struct Central {
    pub child: Child,
    /// `http://127.0.0.1:PORT` (or https), as the server printed it.
    pub base: String,
}

impl Central {
    /// On a free loopback port.
    pub fn start(database: &str) -> Self {
        Self::start_on(database, "127.0.0.1:0", &[])
    }

    /// On a free loopback port over `database`, with one laptop, "Laptop A", enrolled: the
    /// centre and that laptop's token.
    pub fn with_laptop_a(database: &str) -> (Self, String) {
        (Self::start(database), add_device(database, "Laptop A"))
    }

    /// Speaking HTTPS with the certificate `cert` and its private key `key`, on a free port.
    pub fn start_tls(database: &str, cert: &Path, key: &Path) -> Self {
        Self::start_on(
            database,
            "127.0.0.1:0",
            &[
                "--tls-cert",
                cert.to_str().expect("a UTF-8 path"),
                "--tls-key",
                key.to_str().expect("a UTF-8 path"),
            ],
        )
    }

    /// On `listen`, with `extra` arguments (TLS files…).
    pub fn start_on(database: &str, listen: &str, extra: &[&str]) -> Self {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut child = Command::new(BIN)
                .args([
                    "central",
                    "serve",
                    "--listen",
                    listen,
                    "--database",
                    database,
                ])
                .args(extra)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn fairfloor central serve");
            let mut line = String::new();
            BufReader::new(child.stdout.take().expect("stdout"))
                .read_line(&mut line)
                .expect("read the first line");
            if let Some(base) = line.trim().strip_prefix("listening on ") {
                return Self {
                    base: base.to_string(),
                    child,
                };
            }
            let _ = child.kill();
            let mut stderr = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            let _ = child.wait();
            // A restart on the same port can race the old socket's release.
            assert!(
                Instant::now() < deadline,
                "serve did not say where it listens: {line:?}\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The address it listens on, for a restart in the same place.
    pub fn listen(&self) -> String {
        self.base
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .to_string()
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Posts a body as it is; the status and the answer's text.
    pub fn post_raw(&self, token: Option<&str>, body: &str) -> (u16, String) {
        let mut request = agent()
            .post(&format!("{}/v1/changes", self.base))
            .content_type("application/json");
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let mut response = request.send(body).expect("POST /v1/changes");
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().expect("body"))
    }

    /// Posts a batch that must be accepted.
    pub fn push(&self, token: &str, changes: &[OutboxEntry]) -> BatchAck {
        let body = serde_json::to_string(&ChangeBatch {
            changes: changes.to_vec(),
        })
        .unwrap();
        let (status, text) = self.post_raw(Some(token), &body);
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).expect("a BatchAck")
    }

    /// Posts a batch that must be refused with `status`; returns the message.
    pub fn refused(&self, token: Option<&str>, body: &str, status: u16) -> String {
        self.refusal(token, body, status).error
    }

    /// Posts a batch that must be refused with `status`; returns the whole error answer.
    pub fn refusal(&self, token: Option<&str>, body: &str, status: u16) -> ApiError {
        let (got, text) = self.post_raw(token, body);
        assert_eq!(got, status, "{text}");
        let error: ApiError = serde_json::from_str(&text).expect("an ApiError body");
        assert!(error.code.is_some(), "every refusal has a code: {text}");
        error
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that hands back error statuses instead of failing on them.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// `sync --central CENTRAL --token TOKEN` and `extra` arguments, as a laptop runs it.
pub fn sync_args<'a>(central: &'a str, token: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["sync", "--central", central, "--token", token];
    args.extend_from_slice(extra);
    args
}

/// Runs `fairfloor central ARGS` on `database`.
pub fn central(args: &[&str], database: &str) -> Output {
    Command::new(BIN)
        .arg("central")
        .args(args)
        .env("FAIRFLOOR_CENTRAL_DATABASE", database)
        .output()
        .expect("run fairfloor central")
}

/// Enrols a laptop; its token (the last line, 64 hex digits).
pub fn add_device(database: &str, label: &str) -> String {
    let out = central(&["add-device", "--label", label], database);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout
        .lines()
        .last()
        .expect("a token line")
        .trim()
        .to_string();
    assert_eq!(token.len(), 64, "{stdout}");
    token
}

/// A laptop's whole outbox, in seq order, as it travels.
pub fn outbox(db: &Path) -> Vec<OutboxEntry> {
    let conn = super::open_sqlite(db);
    let mut stmt = conn
        .prepare(
            "SELECT seq, device_id, entity, entity_id, op, payload, at FROM outbox ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([], |row| {
        let payload: String = row.get(5)?;
        Ok(OutboxEntry {
            seq: row.get(0)?,
            device_id: row.get(1)?,
            entity: row.get(2)?,
            id: row.get(3)?,
            op: row.get(4)?,
            payload: serde_json::from_str(&payload).unwrap(),
            at: row.get(6)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}
