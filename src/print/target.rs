//! Where a slip goes: parsed from `--to` or the event's printer setting.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::PrintError;

/// The port receipt printers listen on for raw jobs (JetDirect / AppSocket).
pub const DEFAULT_ESCPOS_PORT: u16 = 9100;

/// Where to print, parsed from the command line / event settings:
/// "cups:QUEUE" | "escpos:/dev/usb/lp0" (a device file) | "escpos:tcp://HOST:9100" |
/// "file:PATH.png" | "file:PATH.pdf". `escpos:tcp://HOST` without a port means port 9100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A CUPS queue, printed with `lp` as a PDF.
    Cups {
        /// The queue name as `lpstat -p` shows it.
        queue: String,
    },
    /// An ESC/POS receipt printer's device file, e.g. `/dev/usb/lp0`.
    EscposDevice {
        /// The device file.
        path: PathBuf,
    },
    /// An ESC/POS receipt printer on the network (raw TCP, usually port 9100).
    EscposTcp {
        /// Host name or IP address (IPv6 without brackets).
        host: String,
        /// TCP port.
        port: u16,
    },
    /// A PDF or PNG file, chosen by the extension.
    File {
        /// The file to write; ends in `.pdf` or `.png`.
        path: PathBuf,
    },
}

/// The kind of file a `file:` target writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Pdf,
    Png,
}

/// The file kind `path`'s extension names, if it is one fairfloor writes.
pub(crate) fn file_kind(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(FileKind::Pdf),
        "png" => Some(FileKind::Png),
        _ => None,
    }
}

impl FromStr for Target {
    type Err = PrintError;

    fn from_str(given: &str) -> Result<Self, Self::Err> {
        let bad = |problem: &str| PrintError::InvalidTarget {
            given: given.to_string(),
            problem: problem.to_string(),
        };
        let s = given.trim();
        let Some((kind, rest)) = s.split_once(':') else {
            return Err(bad("it does not say what kind of printer it is"));
        };
        match kind.to_ascii_lowercase().as_str() {
            "cups" => {
                check_queue(rest).map_err(|p| bad(&p))?;
                Ok(Target::Cups {
                    queue: rest.to_string(),
                })
            }
            "escpos" => {
                if let Some(address) = rest.strip_prefix("tcp://") {
                    let (host, port) = host_port(address).map_err(|p| bad(&p))?;
                    Ok(Target::EscposTcp { host, port })
                } else if rest.contains("://") {
                    Err(bad(
                        "a network receipt printer is written escpos:tcp://HOST:PORT",
                    ))
                } else if rest.is_empty() {
                    Err(bad(
                        "it names no device file (on Linux a USB receipt printer is usually /dev/usb/lp0)",
                    ))
                } else {
                    Ok(Target::EscposDevice {
                        path: PathBuf::from(rest),
                    })
                }
            }
            "file" => {
                if rest.is_empty() {
                    return Err(bad("it names no file"));
                }
                let path = PathBuf::from(rest);
                if file_kind(&path).is_none() {
                    return Err(bad(
                        "fairfloor writes slips as PDF or PNG, so the file name must end in .pdf or .png",
                    ));
                }
                Ok(Target::File { path })
            }
            _ => Err(bad(&format!(
                "'{kind}' is not a kind of printer fairfloor knows"
            ))),
        }
    }
}

/// Checks a CUPS queue name: CUPS allows printable characters except space, tab, '/', '\\',
/// '#', '?' and quotes; a leading '-' would read as an option to lp.
fn check_queue(queue: &str) -> Result<(), String> {
    if queue.is_empty() {
        return Err("it names no CUPS queue (lpstat -p lists them)".into());
    }
    if queue.starts_with('-') {
        return Err("a CUPS queue name cannot start with '-'".into());
    }
    if queue.len() > 127 {
        return Err("a CUPS queue name has at most 127 characters".into());
    }
    if let Some(c) = queue
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "/\\#?'\"".contains(*c))
    {
        return Err(format!(
            "a CUPS queue name cannot contain {c:?} (lpstat -p lists the queue names)"
        ));
    }
    Ok(())
}

/// Splits `HOST[:PORT]` or `[IPv6][:PORT]`; the port defaults to 9100.
fn host_port(address: &str) -> Result<(String, u16), String> {
    let address = address.trim_end_matches('/');
    let (host, port) = if let Some(rest) = address.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err("an IPv6 address needs its closing ']'".into());
        };
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err("write the port after the address as :9100".into()),
            },
        }
    } else {
        match address.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') => (host, Some(port)),
            Some(_) => {
                return Err("write an IPv6 address in brackets, e.g. tcp://[fd00::5]:9100".into());
            }
            None => (address, None),
        }
    };
    if host.is_empty() {
        return Err("it names no printer address (e.g. tcp://192.168.1.50:9100)".into());
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || ".-_:%".contains(*c)))
    {
        return Err(format!("a printer address cannot contain {c:?}"));
    }
    let port = match port {
        None => DEFAULT_ESCPOS_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(port) if port > 0 => port,
            _ => {
                return Err(format!(
                    "'{p}' is not a port number (receipt printers usually listen on 9100)"
                ));
            }
        },
    };
    Ok((host.to_string(), port))
}

impl fmt::Display for Target {
    /// The target written back in the form [`Target::from_str`] accepts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Cups { queue } => write!(f, "cups:{queue}"),
            Target::EscposDevice { path } => write!(f, "escpos:{}", path.display()),
            Target::EscposTcp { host, port } if host.contains(':') => {
                write!(f, "escpos:tcp://[{host}]:{port}")
            }
            Target::EscposTcp { host, port } => write!(f, "escpos:tcp://{host}:{port}"),
            Target::File { path } => write!(f, "file:{}", path.display()),
        }
    }
}
