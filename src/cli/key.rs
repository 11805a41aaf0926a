//! Keying the database at the start of the day (the shell side of [`crate::store::key`]): from a
//! key file (`--key-file` / `FAIRFLOOR_KEY_FILE`), from the key file fairfloor made beside its
//! own default database, or from a passphrase typed at the terminal (twice for a new file) or
//! read from the first line of standard input.
//!
//! Also `fairfloor key new` and `fairfloor key encrypt`.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use zeroize::Zeroizing;

use super::out::{say, tell};
use crate::store::key::{self, FileState, Key};

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write a new random key (256 bits, hexadecimal) to a file readable only by you (0600).
    New {
        /// The new key file (it must not exist yet)
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Encrypt a database from a release before encryption, in place (stop the kiosk and staff
    /// screens first). The key is --key-file PATH, or a new passphrase.
    Encrypt,
}

/// Shortest passphrase accepted for a new database.
const MIN_PASSPHRASE: usize = 10;

/// Where fairfloor keeps the key of its default database.
pub fn default_key_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "fairfloor")
        .context("cannot find your config folder; give a key file with --key-file PATH")?;
    Ok(dirs.config_dir().join("fairfloor.key"))
}

/// Gives this process the key for `db`. `default_db`: `db` is fairfloor's own default file, whose
/// first run makes a key file in the config folder. Returns the key file made, if one was.
pub fn unlock(db: &Path, key_file: Option<&Path>, default_db: bool) -> Result<Option<PathBuf>> {
    if let Some(path) = key_file {
        key::use_key(Key::read_file(path)?);
        return Ok(None);
    }
    let state = key::file_state(db);
    if state == FileState::Plain {
        // From a release before encryption: opened as it is; doctor says how to encrypt it.
        return Ok(None);
    }
    if default_db {
        let path = default_key_path()?;
        if path.exists() {
            key::use_key(Key::read_file(&path)?);
            return Ok(None);
        }
        if state == FileState::New {
            let key = Key::generate()?;
            if let Some(folder) = path.parent() {
                crate::fsperm::create_private_dir_all(folder).with_context(|| {
                    format!("cannot create {} for the key file", folder.display())
                })?;
            }
            key.write_new_file(&path)?;
            key::use_key(key);
            tell!(
                "Made a new key for the database, in {} (readable only by you). Keep it: without it the database cannot be opened. Back it up apart from the laptop.",
                path.display()
            );
            return Ok(Some(path));
        }
    }
    key::use_key(Key::Passphrase(read_passphrase(state == FileState::New)?));
    Ok(None)
}

/// The passphrase from the terminal (hidden; twice for a new file) or one line of standard input.
fn read_passphrase(new: bool) -> Result<Zeroizing<String>> {
    let passphrase = if std::io::stdin().is_terminal() {
        let prompt = if new {
            "New database: choose its passphrase (needed at the start of each day): "
        } else {
            "The database's passphrase: "
        };
        let first = Zeroizing::new(rpassword::prompt_password(prompt)?);
        if new {
            let again = Zeroizing::new(rpassword::prompt_password("The passphrase again: ")?);
            if *first != *again {
                bail!("the two passphrases differ; nothing was created. Run the command again");
            }
        }
        first
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line)?;
        line
    };
    let passphrase = Zeroizing::new(passphrase.trim_end_matches(['\r', '\n']).to_string());
    if passphrase.is_empty() && new {
        bail!(
            "no key was given for the new database, and every fairfloor database is encrypted: give a key file with --key-file PATH (make one with fairfloor key new --out PATH), or type a passphrase (on standard input when it is not a terminal)"
        );
    }
    if passphrase.is_empty() {
        bail!(
            "the database is encrypted and no key was given: give a key file with --key-file PATH (or FAIRFLOOR_KEY_FILE), or type the passphrase (on standard input when it is not a terminal)"
        );
    }
    if new && passphrase.chars().count() < MIN_PASSPHRASE {
        bail!(
            "that passphrase is too short to protect candidates' details: use at least {MIN_PASSPHRASE} characters (a few words)"
        );
    }
    Ok(passphrase)
}

/// `fairfloor key …`.
pub fn run(command: KeyCommand, db: &Path, key_file: Option<&Path>) -> Result<()> {
    match command {
        KeyCommand::New { out } => {
            Key::generate()?.write_new_file(&out)?;
            say!(
                "Wrote a new key to {} (readable only by you). Give it with --key-file {} or FAIRFLOOR_KEY_FILE; keep a copy apart from the laptop.",
                out.display(),
                out.display()
            );
        }
        KeyCommand::Encrypt => {
            if key::file_state(db) != FileState::Plain {
                bail!(
                    "{} is not an unencrypted fairfloor database (it may be encrypted already); nothing was changed",
                    db.display()
                );
            }
            let key = match key_file {
                Some(path) => Key::read_file(path)?,
                None => Key::Passphrase(read_passphrase(true)?),
            };
            key::encrypt_plain_file(db, &key)?;
            say!(
                "Encrypted {}. Open it from now on with the same key.",
                db.display()
            );
        }
    }
    Ok(())
}
