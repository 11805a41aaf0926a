//! A throwaway PostgreSQL cluster for tests: one per test binary, started on first use, a fresh
//! database per test. Include it from a test file with
//! `#[path = "support/postgres.rs"] mod postgres;` and call [`fresh_database`].
//!
//! The cluster lives in a temporary folder on a free loopback port, with fsync off. It runs under
//! a tiny watchdog shell whose stdin is a pipe this process holds: when the test process ends, for
//! any reason, the pipe closes and the watchdog stops PostgreSQL and removes the folder.

#![allow(dead_code)] // Each test file uses its own part of this.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A running cluster. Never dropped: it lives until the test process exits.
pub struct Cluster {
    pub port: u16,
    pub data_dir: PathBuf,
    /// Holding the watchdog's stdin keeps PostgreSQL running.
    _watchdog: Child,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static NEXT_DATABASE: AtomicU64 = AtomicU64::new(1);

/// The cluster of this test binary, started on first use.
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(start_cluster)
}

/// A new, empty database on the cluster; returns its `postgres://` URL.
pub fn fresh_database() -> String {
    let cluster = cluster();
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        NEXT_DATABASE.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls)
        .expect("connect to the test cluster");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a test database");
    cluster.url(&name)
}

impl Cluster {
    /// The URL of a database on this cluster (superuser `postgres`, trust auth on loopback).
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

/// The folder holding `initdb` and `postgres`, newest version first.
pub fn postgres_bin_dir() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists() && bin.join("postgres").exists())
        .collect();
    found.sort_by_key(|bin| {
        bin.parent()
            .and_then(|version| version.file_name())
            .and_then(|name| name.to_str())
            .and_then(|name| name.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(newest) = found.pop() {
        return Some(newest);
    }
    // Elsewhere (a non-Debian layout), whatever is on PATH.
    let output = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?;
    Path::new(path.trim()).parent().map(Path::to_path_buf)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a shell script, as the `postgres` OS user when we are root (initdb refuses root).
fn shell(script: &str, as_postgres: bool) -> Command {
    if as_postgres {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--", "sh", "-c", script]);
        command
    } else {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("find a free loopback port")
        .port()
}

fn start_cluster() -> Cluster {
    let bin = postgres_bin_dir().unwrap_or_else(|| {
        panic!(
            "PostgreSQL server binaries (initdb, postgres) not found under /usr/lib/postgresql/*/bin: install postgresql (scripts/test does it)"
        )
    });
    let as_postgres = is_root();
    let root = tempfile::Builder::new()
        .prefix("fairfloor-pg-")
        .tempdir()
        .expect("make a temp dir")
        .keep(); // the watchdog removes it when PostgreSQL stops
    if as_postgres {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&root)
            .status()
            .expect("run chown");
        assert!(status.success(), "chown the cluster folder to postgres");
    }
    let data_dir = root.join("data");
    let port = free_port();
    // The watchdog does the whole life of the cluster, so no step can leave it behind: initdb,
    // then PostgreSQL in the background; `read` returns when our end of the pipe closes (the
    // test process ended, however), then it stops PostgreSQL (fast shutdown) and removes it all.
    // A shell starts background jobs with SIGINT ignored, and PostgreSQL only sets its own handler
    // once started: so the stop is repeated after a moment, and forced if it is still running.
    let script = format!(
        "{initdb} -D {data} -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
         >{initdb_log} 2>&1 || exit 3; \
         {postgres} -D {data} -p {port} -k {root} -c listen_addresses=127.0.0.1 \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
         -c max_connections=200 >{log} 2>&1 & pid=$!; read _unused; \
         kill -INT $pid 2>/dev/null; \
         (sleep 2; kill -INT $pid; sleep 5; kill -KILL $pid) >/dev/null 2>&1 & timer=$!; \
         wait $pid; kill $timer 2>/dev/null; rm -rf {root}",
        initdb = quote(&bin.join("initdb")),
        initdb_log = quote(&root.join("initdb.log")),
        postgres = quote(&bin.join("postgres")),
        data = quote(&data_dir),
        root = quote(&root),
        log = quote(&root.join("postgres.log")),
    );
    let mut watchdog = shell(&script, as_postgres)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start postgres");
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if postgres::Client::connect(&url, postgres::NoTls).is_ok() {
            return Cluster {
                port,
                data_dir,
                _watchdog: watchdog,
            };
        }
        let stopped = watchdog.try_wait().ok().flatten();
        if stopped.is_some() || Instant::now() > deadline {
            let logs = ["initdb.log", "postgres.log"]
                .map(|log| std::fs::read_to_string(root.join(log)).unwrap_or_default())
                .join("\n");
            let _ = std::fs::remove_dir_all(&root);
            panic!("the test PostgreSQL did not start on port {port}:\n{logs}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Lines of `ps` that are PostgreSQL servers run from `data_dir` (to check none outlive a test).
pub fn servers_using(data_dir: &Path) -> Vec<String> {
    let output = Command::new("ps")
        .args(["-eo", "pid,args"])
        .output()
        .expect("run ps");
    BufReader::new(&output.stdout[..])
        .lines()
        .map_while(Result::ok)
        .filter(|line| line.contains(&data_dir.display().to_string()) && line.contains("postgres"))
        .collect()
}
