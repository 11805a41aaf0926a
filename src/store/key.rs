//! The key that opens the laptop's encrypted database (SQLCipher), given once at the start of the
//! day and used by every open of the store in this process ([`Store::open`](super::Store::open)
//! and [`Store::open_for_inspection`](super::Store::open_for_inspection) apply it, before anything
//! is read).
//!
//! A key is either 256 random bits (from a key file, for the unattended kiosk) or a passphrase a
//! coordinator types, which SQLCipher's own key derivation turns into the key.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use zeroize::Zeroizing;

/// A database key. Its bytes are wiped from memory when it is dropped, and never printed.
pub enum Key {
    /// 256 random bits, given to SQLCipher as a raw key (no key derivation).
    Raw(Zeroizing<[u8; 32]>),
    /// A passphrase, stretched by SQLCipher's key derivation.
    Passphrase(Zeroizing<String>),
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Key::Raw(_) => "Key::Raw(..)",
            Key::Passphrase(_) => "Key::Passphrase(..)",
        })
    }
}

/// Why a key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "cannot read the key file {path}: {source}. Check the path given with --key-file (or FAIRFLOOR_KEY_FILE)"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the key file {path} can be read by other accounts, so it no longer protects the database. Make it private with: chmod 600 {path}"
    )]
    OpenToOthers { path: PathBuf },
    #[error(
        "{path} is not a fairfloor key file (it should hold 64 hexadecimal characters, as written by fairfloor key new --out PATH)"
    )]
    Malformed { path: PathBuf },
    #[error(
        "{path} already exists; fairfloor will not replace a key (the database it opens would be lost). Choose another --out PATH"
    )]
    Exists { path: PathBuf },
    #[error("cannot write the key file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the operating system's random source failed ({0}), so no key was made. Try again")]
    NoRandomness(String),
}

impl Key {
    /// 256 fresh bits from the operating system's random source.
    pub fn generate() -> Result<Key, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|e| KeyError::NoRandomness(e.to_string()))?;
        Ok(Key::Raw(bytes))
    }

    pub fn passphrase(text: &str) -> Key {
        Key::Passphrase(Zeroizing::new(text.to_string()))
    }

    /// The value of `PRAGMA key`: `x'…'` for a raw key (SQLCipher's raw key form), else the
    /// passphrase itself.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        match self {
            Key::Raw(bytes) => Zeroizing::new(format!("x'{}'", hex::encode(bytes.as_ref()))),
            Key::Passphrase(text) => text.clone(),
        }
    }

    /// Reads a key file: 64 hexadecimal characters (surrounding white space ignored), readable by
    /// its owner only.
    pub fn read_file(path: &Path) -> Result<Key, KeyError> {
        let read = |source| KeyError::Read {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(read)?;
        if !meta.is_file() || meta.len() > 1024 {
            return Err(KeyError::Malformed {
                path: path.to_path_buf(),
            });
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(KeyError::OpenToOthers {
                    path: path.to_path_buf(),
                });
            }
        }
        let mut text = Zeroizing::new(String::new());
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(read)?;
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), bytes.as_mut()).map_err(|_| KeyError::Malformed {
            path: path.to_path_buf(),
        })?;
        Ok(Key::Raw(bytes))
    }

    /// Writes a raw key to a new file, readable by its owner only (`0600`). Never replaces a file.
    pub fn write_new_file(&self, path: &Path) -> Result<(), KeyError> {
        use std::io::Write;
        let Key::Raw(bytes) = self else {
            unreachable!("only raw keys are written to files")
        };
        let mut options = crate::fsperm::private_file();
        options.write(true).create_new(true);
        let mut file = options.open(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                KeyError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                KeyError::Write {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        let text = Zeroizing::new(format!("{}\n", hex::encode(bytes.as_ref())));
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|source| KeyError::Write {
                path: path.to_path_buf(),
                source,
            })
    }
}

static KEY: OnceLock<Key> = OnceLock::new();

/// Sets this process's database key (once, at the start). Returns false when one was already set,
/// which is then kept.
pub fn use_key(key: Key) -> bool {
    KEY.set(key).is_ok()
}

/// This process's database key, if one was given.
pub fn current() -> Option<&'static Key> {
    KEY.get()
}

/// How an encrypted file's pages are laid out. Both keep SQLCipher's AES-256 and a MAC on every
/// page; they differ in page size and MAC, and a file must be opened with the layout it was made
/// with (SQLCipher cannot tell from the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// What fairfloor makes: 2 KiB pages and HMAC-SHA256, which current CPUs compute in hardware.
    /// A registration rewrites a dozen small rows, and SQLCipher 4's defaults (4 KiB pages,
    /// HMAC-SHA512 in software) made each commit 1.7 times as slow as on a plain file; this
    /// layout measures about 1.2 times (`cargo bench --bench registration`).
    Current,
    /// SQLCipher 4's defaults, which the first encrypting release used: its files open as they are.
    Sqlcipher4,
}

impl Layout {
    /// The statements that select this layout on a keyed connection, for the main database or
    /// an attached one (`schema`), before its first read.
    pub fn pragmas(self, schema: Option<&str>) -> String {
        let prefix = schema.map(|s| format!("{s}.")).unwrap_or_default();
        match self {
            Layout::Current => format!(
                "PRAGMA {prefix}cipher_page_size = 2048; PRAGMA {prefix}cipher_hmac_algorithm = HMAC_SHA256;"
            ),
            Layout::Sqlcipher4 => "PRAGMA cipher_compatibility = 4;".to_string(),
        }
    }
}

/// Keys a new connection with `layout` and reads its first page, which is where a wrong key (or
/// layout) shows, as SQLite's "file is not a database".
pub(crate) fn unlock(
    conn: &rusqlite::Connection,
    key: &Key,
    layout: Layout,
) -> rusqlite::Result<()> {
    // SQLCipher would print its own lines about a wrong key to standard error; the caller says it.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    conn.pragma_update(None, "key", &*key.pragma_value())?;
    conn.execute_batch(&layout.pragmas(None))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
}

/// What a database file looks like from its first bytes, before any key is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file yet, or an empty one: it will be created encrypted.
    New,
    /// A plain SQLite file (from a release before encryption): opened without a key.
    Plain,
    /// Neither: an encrypted database (or something else, which the key then fails to open).
    Opaque,
}

/// The first 16 bytes of every unencrypted SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub fn file_state(path: &Path) -> FileState {
    let mut head = [0u8; 16];
    let Ok(mut file) = std::fs::File::open(path) else {
        return FileState::New;
    };
    match file.read(&mut head) {
        Ok(0) => FileState::New,
        Ok(16) if &head == SQLITE_HEADER => FileState::Plain,
        _ => FileState::Opaque,
    }
}

/// Whether an opaque file looks like SQLCipher's work rather than some other file: whole pages
/// (a multiple of 512 bytes) that start with 16 random bytes (the salt), not text.
pub fn looks_encrypted(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if meta.len() < 512 || meta.len() % 512 != 0 {
        return false;
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head));
    read.is_ok()
        && head
            .iter()
            .any(|b| !(0x20..0x7f).contains(b) && !b"\t\r\n".contains(b))
}

/// Encrypts a plain database from a release before encryption, in place: SQLCipher's
/// `sqlcipher_export` copies it into a new encrypted file beside it, which then replaces it. No
/// other fairfloor may have the file open meanwhile.
pub fn encrypt_plain_file(path: &Path, key: &Key) -> super::Result<()> {
    use super::StoreError;
    if file_state(path) != FileState::Plain {
        return Err(StoreError::NotPlain {
            path: path.to_path_buf(),
        });
    }
    let mut scratch = path.as_os_str().to_owned();
    scratch.push(".encrypting");
    let scratch = PathBuf::from(scratch);
    let _ = std::fs::remove_file(&scratch);
    crate::fsperm::create_database(&scratch);
    let copy = (|| -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![scratch.to_string_lossy(), &*key.pragma_value()],
        )?;
        conn.execute_batch(&Layout::Current.pragmas(Some("encrypted")))?;
        // Nobody writes while the copy is made.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA encrypted.user_version = {version}; COMMIT"
        ))?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
        conn.close().map_err(|(_, e)| e)
    })();
    if let Err(error) = copy {
        let _ = std::fs::remove_file(&scratch);
        return Err(super::migrations::classify_open_error(error, path));
    }
    std::fs::rename(&scratch, path).map_err(|source| {
        let _ = std::fs::remove_file(&scratch);
        StoreError::Replace {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let key = Key::generate().unwrap();
        key.write_new_file(&path).unwrap();
        assert_eq!(crate::fsperm::mode(&path), Some(0o600));
        let again = Key::read_file(&path).unwrap();
        assert_eq!(*again.pragma_value(), *key.pragma_value());
        assert!(matches!(
            key.write_new_file(&path),
            Err(KeyError::Exists { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        Key::generate().unwrap().write_new_file(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = Key::read_file(&path).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("chmod 600 {}", path.display())),
            "{err}"
        );
    }

    #[test]
    fn a_file_of_other_text_is_not_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        crate::fsperm::write_private(&path, b"not a key").unwrap();
        assert!(matches!(
            Key::read_file(&path),
            Err(KeyError::Malformed { .. })
        ));
    }

    /// The key unit tests use (see `apply_key`).
    fn test_key() -> Key {
        Key::Raw(Zeroizing::new([7; 32]))
    }

    #[test]
    fn a_new_file_is_made_in_the_current_layout_and_only_opens_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        super::super::Store::open(&path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        unlock(&conn, &test_key(), Layout::Current).unwrap();
        let page: String = conn
            .pragma_query_value(None, "cipher_page_size", |r| r.get(0))
            .unwrap();
        assert_eq!(page, "2048");
        let other = rusqlite::Connection::open(&path).unwrap();
        let err = unlock(&other, &test_key(), Layout::Sqlcipher4).unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase)
        );
    }

    #[test]
    fn a_file_from_the_first_encrypting_release_still_opens_with_everything_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            // What that release made: SQLCipher 4's default layout, keyed the same way.
            let made = super::super::Store::open(&dir.path().join("model.db")).unwrap();
            drop(made);
            let conn = rusqlite::Connection::open(&path).unwrap();
            unlock(&conn, &test_key(), Layout::Sqlcipher4).unwrap();
            conn.execute_batch("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('Zoë');")
                .unwrap();
        }
        let store = super::super::Store::open(&path).unwrap();
        assert!(store.is_encrypted());
        let kept: String = store
            .connection()
            .query_row("SELECT v FROM kept", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "Zoë");
        // Its layout is kept: the old one opens it, as before.
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        unlock(&conn, &test_key(), Layout::Sqlcipher4).unwrap();
    }

    #[test]
    fn a_plain_file_is_encrypted_in_the_current_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        rusqlite::Connection::open(&path)
            .and_then(|c| {
                c.execute_batch("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('Zoë');")
            })
            .unwrap();
        encrypt_plain_file(&path, &test_key()).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        unlock(&conn, &test_key(), Layout::Current).unwrap();
        let kept: String = conn
            .query_row("SELECT v FROM kept", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "Zoë");
    }
}
