//! A fair pack: a folder of content files an employer edits without a Rust toolchain. Each file the
//! pack has replaces the built-in one of the same name; a missing one falls back to the built-in
//! file. `pack.toml` names the pack and its version, so what candidates saw can be traced.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ContentError;

/// The file naming a pack and its version.
pub const PACK_TOML: &str = "pack.toml";

/// The folder of screening scripts in a pack.
pub const SCRIPTS_DIR: &str = "scripts";

/// The content files a pack can replace, with the built-in text of each.
pub const BUILT_IN: [(&str, &str); 7] = [
    ("kiosk.toml", include_str!("../../assets/kiosk.toml")),
    (
        "privacy-notice.toml",
        include_str!("../../assets/privacy-notice.toml"),
    ),
    ("equality.toml", include_str!("../../assets/equality.toml")),
    ("roles.toml", include_str!("../../assets/roles.toml")),
    (
        "signposts.toml",
        include_str!("../../assets/signposts.toml"),
    ),
    ("employer.toml", include_str!("../../assets/employer.toml")),
    (
        "documents.toml",
        include_str!("../../assets/documents.toml"),
    ),
];

/// The version of the content built into this binary; change it whenever `assets/` changes.
pub const BUILT_IN_VERSION: &str = "builtin-2026-12";

/// The largest content file read: the biggest built-in one is a few KiB.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// `pack.toml`: the pack's name and version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub name: String,
    /// Change it whenever any file in the pack changes.
    pub version: String,
}

impl PackInfo {
    pub fn built_in() -> Self {
        Self {
            name: "built-in".to_string(),
            version: BUILT_IN_VERSION.to_string(),
        }
    }
}

/// The built-in text of a content file.
pub(super) fn built_in(name: &str) -> &'static str {
    BUILT_IN
        .iter()
        .find(|(file, _)| *file == name)
        .map_or("", |(_, text)| text)
}

/// Where content files are read from: a pack folder, or only the built-in files.
pub(super) struct Source<'a> {
    dir: Option<&'a Path>,
    pub(super) info: PackInfo,
}

impl<'a> Source<'a> {
    /// Opens a pack folder (which must exist and have a `pack.toml`), or the built-in content.
    pub(super) fn open(dir: Option<&'a Path>) -> Result<Self, ContentError> {
        let Some(dir) = dir else {
            return Ok(Self {
                dir: None,
                info: PackInfo::built_in(),
            });
        };
        if !dir.is_dir() {
            return Err(ContentError::NoPack {
                dir: dir.display().to_string(),
            });
        }
        let path = dir.join(PACK_TOML);
        let Some(text) = read_text(&path)? else {
            return Err(ContentError::NoPackToml {
                dir: dir.display().to_string(),
            });
        };
        let info = super::parse(&path.display().to_string(), &text)?;
        Ok(Self {
            dir: Some(dir),
            info,
        })
    }

    /// A content file's name as errors show it, and its text: the pack's, or the built-in one.
    pub(super) fn text(&self, name: &str) -> Result<(String, Cow<'static, str>), ContentError> {
        if let Some(dir) = self.dir {
            let path = dir.join(name);
            if let Some(text) = read_text(&path)? {
                return Ok((path.display().to_string(), Cow::Owned(text)));
            }
        }
        Ok((format!("assets/{name}"), Cow::Borrowed(built_in(name))))
    }
}

/// The text of a file in a pack; `None` when there is no such file.
pub(super) fn read_text(path: &Path) -> Result<Option<String>, ContentError> {
    let file = path.display().to_string();
    let bytes = match crate::outside_file::read(path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::outside_file::OutsideFileError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            return Ok(None);
        }
        Err(error) => {
            return Err(ContentError::Read {
                file,
                reason: error.reason(),
            });
        }
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ContentError::Read {
            file,
            reason: "this file is not UTF-8 text. Save it from your editor as UTF-8".to_string(),
        })
}

/// What `pack.toml` says in a new pack.
const STARTING_PACK_TOML: &str = "# This fair pack's name, and its version: change the version whenever you change any file here.\nname = \"Our fair pack\"\nversion = \"1\"\n";

/// Why `fairfloor pack init` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "{dir} already has {}; pack init never overwrites files. Choose a new folder, or move those files away first",
        .existing.join(", ")
    )]
    Exists { dir: String, existing: Vec<String> },
    #[error(
        "{path} no longer has the starting pack's example {field}, so it was left as it is: put your details in it with a text editor"
    )]
    Edited { path: String, field: &'static str },
    #[error("cannot write {path} ({source}); check you can write to that folder")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Where a fair pack is read from when none is given: `pack/` in fairfloor's config folder,
/// beside the default database's key file (`~/.config/fairfloor/pack` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "fairfloor").map(|dirs| dirs.config_dir().join("pack"))
}

/// The employer's details `fairfloor init` puts in a pack it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerDetails {
    pub name: String,
    pub phone: Option<String>,
    /// Also the privacy notice's contact: where candidates write about their information.
    pub email: Option<String>,
}

/// Puts `details` in place of the starting pack's examples in `dir` (a pack [`init_pack`] just
/// wrote): the name, phone and email in `employer.toml`, and the email as `privacy-notice.toml`'s
/// contact. Only the example lines change, so every comment in the files stays.
pub fn set_employer(dir: &Path, details: &EmployerDetails) -> Result<(), InitError> {
    let quoted = |text: &str| toml::Value::String(text.to_string()).to_string();
    let mut changes = vec![(
        "employer.toml",
        "name",
        "name = \"Example NHS Trust\"".to_string(),
        format!("name = {}", quoted(&details.name)),
    )];
    if let Some(phone) = &details.phone {
        changes.push((
            "employer.toml",
            "phone",
            "phone = \"01632 960000\"".into(),
            format!("phone = {}", quoted(phone)),
        ));
    }
    if let Some(email) = &details.email {
        changes.push((
            "employer.toml",
            "email",
            "email = \"recruitment@example.nhs.uk\"".into(),
            format!("email = {}", quoted(email)),
        ));
        changes.push((
            "privacy-notice.toml",
            "contact_email",
            "contact_email = \"recruitment@example.nhs.uk\"".into(),
            format!("contact_email = {}", quoted(email)),
        ));
    }
    for (file, field, example, given) in changes {
        let path = dir.join(file);
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| InitError::Write {
            path: shown.clone(),
            source,
        })?;
        let Some(at) = text.lines().position(|line| line.trim() == example) else {
            return Err(InitError::Edited { path: shown, field });
        };
        let mut lines: Vec<&str> = text.lines().collect();
        lines[at] = &given;
        let mut written = lines.join("\n");
        written.push('\n');
        std::fs::write(&path, written).map_err(|source| InitError::Write {
            path: shown,
            source,
        })?;
    }
    Ok(())
}

/// Writes a starting pack in `dir` (made if need be): `pack.toml`, every built-in content file
/// and the built-in scripts in `scripts/`. Writes nothing if any of those files exists already.
/// Returns the files written, relative to `dir`.
pub fn init_pack(dir: &Path, scripts: &[(&str, &str)]) -> Result<Vec<String>, InitError> {
    let mut files: Vec<(String, &str)> = vec![(PACK_TOML.to_string(), STARTING_PACK_TOML)];
    files.extend(
        BUILT_IN
            .iter()
            .map(|(name, text)| (name.to_string(), *text)),
    );
    files.extend(
        scripts
            .iter()
            .map(|(name, text)| (format!("{SCRIPTS_DIR}/{name}"), *text)),
    );
    let existing: Vec<String> = files
        .iter()
        .filter(|(name, _)| dir.join(name).symlink_metadata().is_ok())
        .map(|(name, _)| name.clone())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists {
            dir: dir.display().to_string(),
            existing,
        });
    }
    let write_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| InitError::Write { path, source }
    };
    let scripts_dir = dir.join(SCRIPTS_DIR);
    std::fs::create_dir_all(&scripts_dir).map_err(write_error(&scripts_dir))?;
    for (name, text) in &files {
        let path = dir.join(name);
        // create_new: a file that appeared since the check above is still never overwritten.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(write_error(&path))?;
    }
    Ok(files.into_iter().map(|(name, _)| name).collect())
}
