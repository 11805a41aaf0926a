//! Reading a file someone handed fairfloor (a CSV to import, a screening script, a certificate).
//!
//! Such a path can name anything: a pipe that never ends (`mkfifo`), a device that never stops
//! (`/dev/zero`), or a file far too large to be what it claims. Each is refused with a message
//! instead of a hang or an exhausted memory: only regular files are opened, and at most `limit`
//! bytes are read.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why an outside file was not read. Shown as `PATH: reason`; [`OutsideFileError::reason`] is the
/// reason alone, for reports that name the file already.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", self.path().display(), self.reason())]
pub enum OutsideFileError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    NotAFile {
        path: PathBuf,
        kind: &'static str,
    },
    TooLarge {
        path: PathBuf,
        limit_text: String,
    },
}

impl OutsideFileError {
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::NotAFile { path, .. } | Self::TooLarge { path, .. } => {
                path
            }
        }
    }

    /// What is wrong and what to do, without the path.
    pub fn reason(&self) -> String {
        match self {
            Self::Io { source, .. } => format!(
                "cannot read this file ({source}). Check the path is right and that you can open the file"
            ),
            Self::NotAFile { kind, .. } => {
                format!("this is {kind}, not a file. Give the path of a file saved on disk")
            }
            Self::TooLarge { limit_text, .. } => format!(
                "this file is larger than {limit_text}, more than fairfloor expects of such a file. Check it is the right file, or split it into smaller ones"
            ),
        }
    }
}

/// What kind of thing a path names, when it is not a regular file.
fn kind_of(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return Some("a pipe");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// `limit` bytes in words: "1 MiB", "256 MiB".
fn size_text(limit: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if limit >= MIB && limit.is_multiple_of(MIB) {
        format!("{} MiB", limit / MIB)
    } else {
        format!("{limit} bytes")
    }
}

/// Reads the whole of the regular file at `path`, refusing anything else or anything over `limit`.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, OutsideFileError> {
    let io = |source| OutsideFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Checked before opening: opening a pipe waits for a writer, possibly for ever.
    let metadata = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = kind_of(metadata.file_type()) {
        return Err(OutsideFileError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    let too_large = || OutsideFileError::TooLarge {
        path: path.to_path_buf(),
        limit_text: size_text(limit),
    };
    if metadata.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The file may have grown since it was looked at; never read more than the limit allows.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "given_name\nAsha\n").unwrap();
        assert_eq!(read(&path, 1024).unwrap(), b"given_name\nAsha\n");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        std::fs::write(&path, vec![b'x'; 2 * 1024 * 1024 + 1]).unwrap();
        let err = read(&path, 2 * 1024 * 1024).unwrap_err();
        assert!(matches!(err, OutsideFileError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("larger than 2 MiB"), "{err}");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), 1024).unwrap_err();
        assert!(
            err.to_string().contains("this is a folder, not a file"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_that_never_ends_is_refused_without_reading() {
        let err = read(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            err.to_string().contains("this is a device, not a file"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("script.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a pipe with no writer would block this test for ever.
        let err = read(&fifo, 1024).unwrap_err();
        assert!(
            err.to_string().contains("this is a pipe, not a file"),
            "{err}"
        );
    }
}
