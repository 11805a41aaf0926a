//! Getting bytes to a printer: a file, a device file, a TCP socket, or CUPS through `lp`.
//!
//! This is the only part of printing that knows about the operating system; `lp` is found on
//! the PATH, so a CUPS install on macOS works the same as on Linux.

use std::ffi::OsString;
use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::PrintError;

/// How long to wait for a network printer to accept the connection.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a network printer may stall while taking the slip.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `lp` may take to hand the job to CUPS.
const LP_TIMEOUT: Duration = Duration::from_secs(30);

/// Writes a PDF or PNG file, readable by this user only (a slip names the candidate).
pub(crate) fn to_file(path: &Path, bytes: &[u8]) -> Result<String, PrintError> {
    crate::fsperm::write_private(path, bytes).map_err(|e| PrintError::WriteFile {
        path: path.to_path_buf(),
        reason: describe(&e),
    })?;
    Ok(format!("written to {}", path.display()))
}

/// Writes ESC/POS bytes to a receipt printer's device file (opened for writing only, never
/// created: a missing device is an error, not a new file).
pub(crate) fn to_device(
    path: &Path,
    bytes: &[u8],
    reference: &str,
    target: &str,
) -> Result<String, PrintError> {
    let mut device = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => PrintError::DeviceMissing {
                path: path.to_path_buf(),
                reference: reference.to_string(),
                target: target.to_string(),
            },
            io::ErrorKind::PermissionDenied => PrintError::DevicePermission {
                path: path.to_path_buf(),
                reference: reference.to_string(),
                target: target.to_string(),
            },
            _ => PrintError::DeviceOpen {
                path: path.to_path_buf(),
                reason: describe(&e),
                reference: reference.to_string(),
                target: target.to_string(),
            },
        })?;
    device
        .write_all(bytes)
        .and_then(|()| device.flush())
        .map_err(|e| PrintError::SendFailed {
            place: path.display().to_string(),
            reason: describe(&e),
            reference: reference.to_string(),
            target: target.to_string(),
        })?;
    Ok(format!("sent to the receipt printer at {}", path.display()))
}

/// Why a network printer could not be reached, in words.
pub(crate) enum Unreached {
    /// The host name does not resolve.
    UnknownHost(String),
    /// No address it resolves to took the connection.
    NotAnswering(String),
}

/// Connects to a network printer, trying each address `host` resolves to (3 s limit each):
/// printing and the check before the doors open reach a printer the same way.
pub(crate) fn connect(host: &str, port: u16) -> Result<TcpStream, Unreached> {
    let addresses: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| Unreached::UnknownHost(describe(&e)))?
        .collect();
    let mut last = None;
    for address in &addresses {
        match TcpStream::connect_timeout(address, CONNECT_TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(Unreached::NotAnswering(match last {
        Some(e)
            if matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())
        }
        Some(e) => describe(&e),
        None => "the address resolves to nothing".into(),
    }))
}

/// Sends ESC/POS bytes to a network receipt printer: connect (3 s limit), write, flush, close.
pub(crate) fn to_tcp(
    host: &str,
    port: u16,
    bytes: &[u8],
    reference: &str,
    target: &str,
) -> Result<String, PrintError> {
    let mut stream = connect(host, port).map_err(|unreached| match unreached {
        Unreached::UnknownHost(reason) => PrintError::UnknownHost {
            host: host.to_string(),
            reason,
            reference: reference.to_string(),
            target: target.to_string(),
        },
        Unreached::NotAnswering(reason) => PrintError::NotAnswering {
            host: host.to_string(),
            port,
            reason,
            reference: reference.to_string(),
            target: target.to_string(),
        },
    })?;
    let sent = stream
        .set_write_timeout(Some(WRITE_TIMEOUT))
        .and_then(|()| stream.write_all(bytes))
        .and_then(|()| stream.flush())
        .and_then(|()| stream.shutdown(std::net::Shutdown::Write));
    sent.map_err(|e| PrintError::SendFailed {
        place: format!("{host}:{port}"),
        reason: describe(&e),
        reference: reference.to_string(),
        target: target.to_string(),
    })?;
    Ok(format!("sent to the receipt printer at {host}:{port}"))
}

/// How to run `lp`: the program, and a PATH to find it on instead of this process's (tests).
pub(crate) struct Lp {
    pub(crate) program: OsString,
    pub(crate) path_env: Option<OsString>,
}

impl Default for Lp {
    fn default() -> Self {
        Self {
            program: "lp".into(),
            path_env: None,
        }
    }
}

/// Prints a PDF on a CUPS queue with `lp -d QUEUE -t "fairfloor offer REF" FILE`.
pub(crate) fn to_cups(
    lp: &Lp,
    queue: &str,
    pdf: &[u8],
    reference: &str,
) -> Result<String, PrintError> {
    let file = TempFile::write(pdf)?;
    let mut command = Command::new(&lp.program);
    command
        .arg("-d")
        .arg(queue)
        .arg("-t")
        .arg(format!("fairfloor offer {reference}"))
        .arg(&file.path)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(path) = &lp.path_env {
        command.env("PATH", path);
    }
    let lp_failed = |detail: String| PrintError::LpFailed {
        queue: queue.to_string(),
        detail,
        reference: reference.to_string(),
    };
    let mut child = command.spawn().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => PrintError::LpNotInstalled {
            reference: reference.to_string(),
        },
        _ => lp_failed(format!("could not start lp: {}", describe(&e))),
    })?;

    // lp says one line or two; waiting with a limit keeps a hung scheduler from hanging us.
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < LP_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(lp_failed(format!(
                    "lp did not finish within {} s",
                    LP_TIMEOUT.as_secs()
                )));
            }
            Err(e) => return Err(lp_failed(describe(&e))),
        }
    };
    let output = child
        .wait_with_output()
        .map_err(|e| lp_failed(describe(&e)))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let said = stderr.trim().trim_start_matches("lp:").trim().to_string();

    if !status.success() {
        let lower = stderr.to_ascii_lowercase();
        if lower.contains("does not exist")
            || lower.contains("unknown destination")
            || lower.contains("no such destination")
        {
            // lp says the same when the scheduler is not running at all: ask lpstat which.
            if let Some(state) = scheduler_stopped(lp) {
                return Err(PrintError::CupsNotRunning {
                    queue: queue.to_string(),
                    detail: state,
                    reference: reference.to_string(),
                });
            }
            return Err(PrintError::NoSuchQueue {
                queue: queue.to_string(),
                reference: reference.to_string(),
            });
        }
        if lower.contains("scheduler not responding")
            || lower.contains("connection refused")
            || lower.contains("unable to connect")
            || lower.contains("no such file or directory")
        {
            return Err(PrintError::CupsNotRunning {
                queue: queue.to_string(),
                detail: said,
                reference: reference.to_string(),
            });
        }
        let code = status
            .code()
            .map_or_else(|| "was stopped".to_string(), |c| format!("exit status {c}"));
        return Err(lp_failed(if said.is_empty() {
            code
        } else {
            format!("{code}: {said}")
        }));
    }

    // "request id is front-desk-12 (1 file(s))"
    let job = stdout
        .split("request id is ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_string);
    Ok(match job {
        Some(job) => format!("sent to CUPS queue '{queue}' as job {job}"),
        None => format!("sent to CUPS queue '{queue}'"),
    })
}

/// `Some("scheduler is not running")` when `lpstat -r` (beside lp) says so; `None` when it
/// says the scheduler runs or cannot be asked.
fn scheduler_stopped(lp: &Lp) -> Option<String> {
    let mut command = Command::new("lpstat");
    command
        .arg("-r")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    if let Some(path) = &lp.path_env {
        command.env("PATH", path);
    }
    let output = command.output().ok()?;
    let said = String::from_utf8_lossy(&output.stdout).trim().to_string();
    said.contains("not running").then_some(said)
}

/// A PDF in the temporary folder for lp to read, removed when dropped (lp has copied it to
/// the CUPS spool by the time it exits).
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn write(bytes: &[u8]) -> Result<Self, PrintError> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "fairfloor-slip-{}-{}-{nanos}.pdf",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        // The shared temporary folder: private, as it names the candidate.
        let written = crate::fsperm::private_file()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()));
        match written {
            Ok(()) => Ok(Self { path }),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                Err(PrintError::WriteFile {
                    path,
                    reason: describe(&e),
                })
            }
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An I/O error in words, without Rust's "(os error N)" suffix.
pub(crate) fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error")
        .next()
        .unwrap_or_default()
        .to_lowercase()
}
