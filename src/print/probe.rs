//! Is the printer there? A look at a [`Target`] that prints nothing, for the check before the
//! doors open (`fairfloor doctor --ready`): the CUPS queue exists and accepts jobs, the receipt
//! printer's device file can be opened, the network printer takes a connection, the slip file's
//! folder exists. Sending a real test slip is [`super::print`]'s job.

use std::io;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::send::{Unreached, connect, describe};
use super::target::Target;

/// Why the printer did not answer, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrinterProblem {
    /// `lpstat` is not installed, so CUPS cannot be asked.
    #[error(
        "CUPS is not installed on this laptop (no lpstat): install it (sudo apt-get install cups) or use a receipt printer (escpos:...)"
    )]
    NoCups,
    /// CUPS does not know the queue, or its scheduler is not running.
    #[error(
        "CUPS has no printer queue '{queue}' ({said}): lpstat -p lists the queues; set the right one with fairfloor event --printer cups:QUEUE"
    )]
    NoSuchQueue {
        /// The queue named in the settings.
        queue: String,
        /// What lpstat said.
        said: String,
    },
    /// The queue exists but is stopped, so slips would wait in it.
    #[error(
        "the CUPS queue '{queue}' is not taking jobs ({said}): start it with cupsenable {queue} (and cupsaccept {queue})"
    )]
    QueueStopped {
        /// The queue named in the settings.
        queue: String,
        /// What lpstat said.
        said: String,
    },
    /// The receipt printer's device file is not there.
    #[error(
        "no printer at {}: check the printer is plugged in and switched on (ls /dev/usb lists USB printers)",
        path.display()
    )]
    DeviceMissing {
        /// The device file.
        path: PathBuf,
    },
    /// The device file cannot be opened for writing.
    #[error(
        "cannot write to the printer at {} ({reason}): on Linux add this user to the group that owns it (sudo usermod -aG lp $USER, then sign out and in again)",
        path.display()
    )]
    DeviceUnusable {
        /// The device file.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// A network printer did not take a connection.
    #[error(
        "the printer at {host}:{port} is not answering ({reason}): check it is switched on and on the same network as this laptop"
    )]
    NotAnswering {
        /// Host name or address.
        host: String,
        /// TCP port.
        port: u16,
        /// What the system said.
        reason: String,
    },
    /// A `file:` target's folder is not there.
    #[error(
        "slips are set to be written to {}, but that folder does not exist: make it, or set another with fairfloor event --printer file:PATH.pdf",
        folder.display()
    )]
    NoFolder {
        /// The folder the slip file would go in.
        folder: PathBuf,
    },
}

/// Looks at `target` without printing; says, in a few words, what answered.
///
/// # Errors
/// A [`PrinterProblem`] saying what is wrong and how to put it right.
pub fn probe(target: &Target) -> Result<String, PrinterProblem> {
    match target {
        Target::Cups { queue } => probe_cups(queue),
        Target::EscposDevice { path } => {
            // Opened for writing only, never created: the same as printing does.
            std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map(|_| format!("the receipt printer at {} is there", path.display()))
                .map_err(|e| match e.kind() {
                    io::ErrorKind::NotFound => PrinterProblem::DeviceMissing { path: path.clone() },
                    _ => PrinterProblem::DeviceUnusable {
                        path: path.clone(),
                        reason: describe(&e),
                    },
                })
        }
        Target::EscposTcp { host, port } => probe_tcp(host, *port),
        Target::File { path } => {
            let folder = match path.parent() {
                Some(parent) if parent.as_os_str().is_empty() => PathBuf::from("."),
                Some(parent) => parent.to_path_buf(),
                None => PathBuf::from("/"),
            };
            if folder.is_dir() {
                Ok(format!("slips are written to {}", path.display()))
            } else {
                Err(PrinterProblem::NoFolder { folder })
            }
        }
    }
}

/// `lpstat -p QUEUE`: "printer front-desk is idle.  enabled since ..." or "... disabled since".
fn probe_cups(queue: &str) -> Result<String, PrinterProblem> {
    let output = Command::new("lpstat")
        .arg("-p")
        .arg(queue)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => PrinterProblem::NoCups,
            _ => PrinterProblem::NoSuchQueue {
                queue: queue.to_string(),
                said: describe(&e),
            },
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let said = |text: &str| {
        text.lines()
            .next()
            .unwrap_or_default()
            .trim()
            .trim_start_matches("lpstat:")
            .trim()
            .trim_end_matches('.')
            .to_string()
    };
    if !output.status.success() || stdout.trim().is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(PrinterProblem::NoSuchQueue {
            queue: queue.to_string(),
            said: said(&stderr),
        });
    }
    if stdout.contains("disabled") {
        return Err(PrinterProblem::QueueStopped {
            queue: queue.to_string(),
            said: said(&stdout),
        });
    }
    Ok(format!("CUPS queue '{queue}': {}", said(&stdout)))
}

/// Connects and closes again: a receipt printer takes a connection and prints nothing.
fn probe_tcp(host: &str, port: u16) -> Result<String, PrinterProblem> {
    match connect(host, port) {
        Ok(_) => Ok(format!("the receipt printer at {host}:{port} answered")),
        Err(Unreached::UnknownHost(reason) | Unreached::NotAnswering(reason)) => {
            Err(PrinterProblem::NotAnswering {
                host: host.to_string(),
                port,
                reason,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listening_port_answers_and_a_closed_one_does_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let target = Target::EscposTcp {
            host: "127.0.0.1".into(),
            port,
        };
        assert!(probe(&target).is_ok());
        // Another loopback address on the same port: nothing listens there, and while the
        // listener is held no other test can take the port (a freed port can be reused at once).
        let closed = Target::EscposTcp {
            host: "127.0.0.2".into(),
            port,
        };
        let err = probe(&closed).unwrap_err();
        drop(listener);
        assert!(
            matches!(&err, PrinterProblem::NotAnswering { reason, .. } if reason.contains("refused")),
            "{err}"
        );
        assert!(err.to_string().contains("switched on"), "{err}");
    }

    #[test]
    fn a_missing_device_or_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("lp9");
        let err = probe(&Target::EscposDevice {
            path: missing.clone(),
        })
        .unwrap_err();
        assert_eq!(err, PrinterProblem::DeviceMissing { path: missing });
        assert!(!dir.path().join("lp9").exists(), "a probe creates nothing");

        let file = dir.path().join("slip.pdf");
        assert!(probe(&Target::File { path: file }).is_ok());
        let nowhere = dir.path().join("no-such-folder").join("slip.pdf");
        assert!(matches!(
            probe(&Target::File { path: nowhere }),
            Err(PrinterProblem::NoFolder { .. })
        ));
    }
}
