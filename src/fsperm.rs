//! Who may read what fairfloor writes: the database holds personal data and PIN hashes, and
//! exports, slips and QR images hold candidates' details. The one place that knows about file
//! permissions; on platforms without unix modes these are plain file operations (the folder's
//! own access control applies).
//!
//! On unix: folders fairfloor creates are `0700`; the database and its `-wal`/`-shm` files are
//! `0600` (SQLite gives those the main file's mode), or `0660` when the database's folder is
//! shared with a group on purpose (group read, write and search: the README's kiosk account);
//! files written for people are `0600`. Modes are only ever narrowed, never widened.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

/// Creates `path` and any missing parents, each private to this user.
pub fn create_private_dir_all(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(path)
    }
}

/// Makes a folder fairfloor owns (its data folder) private, even if an older release made it
/// readable by others. Not for folders a person chose, such as the one `--db` points into.
pub fn make_dir_private(path: &Path) -> io::Result<()> {
    create_private_dir_all(path)?;
    narrow(path, 0o700)
}

/// Options that create a new file readable and writable by this user only.
pub fn private_file() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Writes `bytes` to `path` (replacing it), readable by this user only.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = private_file()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    // An existing file keeps its mode when opened: narrow it too.
    narrow(path, 0o600)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Narrows an existing file to this user only (a file another program created with the
/// default mode).
pub fn make_file_private(path: &Path) -> io::Result<()> {
    narrow(path, 0o600)
}

/// Before SQLite opens the database at `path`: when missing, creates it empty (an empty file
/// is an empty database) with the private mode, which SQLite then gives its `-wal` and `-shm`
/// files. Best effort: SQLite reports any real problem with the path.
pub fn create_database(path: &Path) {
    if path.exists() {
        return;
    }
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(database_mode(path));
    }
    if let Ok(file) = options.write(true).create_new(true).open(path) {
        // Exactly the mode, whatever the umask took away (a shared folder needs group write).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(database_mode(path));
            let _ = file.set_permissions(mode);
        }
        drop(file);
    }
}

/// Once `path` has opened as a database: narrows it and its `-wal`/`-shm`/`-journal` files to
/// the private mode (an older release left them readable by everyone). Best effort: a file
/// owned by someone else in a shared folder cannot be changed, and need not be.
pub fn make_database_private(path: &Path) {
    let mode = database_mode(path);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = Path::new(&name);
        if file.exists() {
            let _ = narrow(file, mode);
        }
    }
}

/// `0660` when the database's folder is shared with its group (rwx for the group), else `0600`.
fn database_mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let shared = std::fs::metadata(folder)
            .map(|m| m.permissions().mode() & 0o070 == 0o070)
            .unwrap_or(false);
        if shared { 0o660 } else { 0o600 }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o600
    }
}

/// Takes away any permission outside `allowed` (never adds one).
fn narrow(path: &Path, allowed: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o7777;
        if mode & !allowed != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & allowed))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let _ = (path, allowed);
        Ok(())
    }
}

/// The permission bits of `path`, for tests and `fairfloor doctor`; `None` where there are none.
pub fn mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_folders_are_0700_and_written_files_0600_even_over_an_open_file() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dir_all(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), Some(0o700));
        assert_eq!(mode(&nested), Some(0o700));
        let file = nested.join("slip.png");
        std::fs::write(&file, b"old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&file, b"new").unwrap();
        assert_eq!(mode(&file), Some(0o600));
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }

    #[test]
    fn a_database_is_0600_or_0660_in_a_folder_shared_with_a_group_and_never_wider() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fair.db");
        create_database(&db);
        assert_eq!(mode(&db), Some(0o600));
        // An older release's file, readable by everyone, and its WAL.
        let wal = dir.path().join("fair.db-wal");
        std::fs::write(&wal, b"").unwrap();
        for file in [&db, &wal] {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        make_database_private(&db);
        assert_eq!((mode(&db), mode(&wal)), (Some(0o600), Some(0o600)));

        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o770)).unwrap();
        let db = shared.join("fair.db");
        std::fs::write(&db, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
        make_database_private(&db);
        assert_eq!(mode(&db), Some(0o660));
    }
}
