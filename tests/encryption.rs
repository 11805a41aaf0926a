//! Encryption at rest: the database on disk is SQLCipher's, opened only with its key (a key file
//! or a passphrase); a wrong or missing key is told plainly and changes nothing; a file from a
//! release before encryption still opens, doctor says so, and `key encrypt` encrypts it.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{BIN, PtyRun, Workspace};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the binary with `env` (and no inherited key file), `stdin` piped in.
fn run_with(args: &[&str], env: &[(&str, &Path)], stdin: &str) -> Output {
    let mut command = Command::new(BIN);
    command.env_remove("FAIRFLOOR_KEY_FILE");
    for (name, value) in env {
        command.env(name, value);
    }
    support::run_piped(command.args(args), stdin)
}

/// `--db DB init` of a small event (F at V on 2026-11-23), as the binary is run without a key.
fn init_on(db: &str) -> Vec<&str> {
    [vec!["--db", db], support::init_args("F", "V", "2026-11-23")].concat()
}

/// `--db DB key encrypt` with the test run's key file.
fn encrypt(db: &str) -> Output {
    run_with(
        &["--db", db, "key", "encrypt"],
        &[("FAIRFLOOR_KEY_FILE", support::key_file())],
        "",
    )
}

/// `--db DB staff add` of `name` as `role`, the PIN lines (and a passphrase before them) on stdin.
fn staff_add(db: &str, name: &str, role: &str, stdin: &str) -> Output {
    run_with(
        &["--db", db, "staff", "add", "--name", name, "--role", role],
        &[],
        stdin,
    )
}

/// The database file and its -wal and -shm, as bytes (those that exist).
fn files_of(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .filter_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

fn people_csv(ws: &Workspace) -> PathBuf {
    ws.file(
        "people.csv",
        "given_name,family_name,email,phone\nZebedee,Quillfeather,zebedee.quill@example.org,07700900461\n",
    )
}

#[test]
fn the_files_on_disk_hold_no_candidate_details_and_no_sync_token() {
    let ws = Workspace::new().with_event();
    let csv = people_csv(&ws);
    ws.ok(&["import", csv.to_str().unwrap()], "");
    // Through the library, with the file kept open so its -wal holds the latest writes too.
    support::use_test_key();
    let mut store = fairfloor::store::Store::open(&ws.db).unwrap();
    let token = "tok3n-that-must-never-show-in-the-clear";
    store
        .remember_central(&fairfloor::store::sync::CentralSettings {
            url: Some("https://central.example.nhs.uk".into()),
            token: Some(token.into()),
            ..Default::default()
        })
        .unwrap();
    let files = files_of(&ws.db);
    assert!(files.iter().any(|(path, _)| path.ends_with("fair.db-wal")));
    for (path, bytes) in &files {
        for secret in [
            "Zebedee",
            "Quillfeather",
            "zebedee.quill@example.org",
            "07700900461",
            token,
            "Sam Lead",
            "argon2id",
            "SQLite format 3",
        ] {
            assert!(
                !contains(bytes, secret),
                "{} holds {secret} in the clear",
                path.display()
            );
        }
    }
    // And the key opens it: the details are all there.
    let found: String = ws.value("SELECT email FROM candidates");
    assert_eq!(found, "zebedee.quill@example.org");
    assert_eq!(
        store.central_settings().unwrap().token.as_deref(),
        Some(token)
    );
    assert!(store.is_encrypted());
}

#[test]
fn a_wrong_or_missing_key_is_told_plainly_and_changes_nothing() {
    let ws = Workspace::new().with_event();
    let before = files_of(&ws.db);
    let other_key = ws.dir.path().join("other.key");
    let made = run_with(
        &["key", "new", "--out", other_key.to_str().unwrap()],
        &[],
        "",
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    let db = ws.db.to_str().unwrap();
    for (what, env, stdin) in [
        (
            "another key file",
            vec![("FAIRFLOOR_KEY_FILE", other_key.as_path())],
            "",
        ),
        ("a wrong passphrase", vec![], "not the passphrase\n"),
        ("no key at all", vec![], ""),
    ] {
        for args in [
            vec!["--db", db, "doctor"],
            vec!["--db", db, "export", "offers", "--out", "-"],
            [vec!["--db", db], support::init_args("X", "Y", "2026-11-24")].concat(),
        ] {
            let out = run_with(&args, &env, stdin);
            let said = text(&out.stderr);
            assert!(!out.status.success(), "{what} {args:?} opened it: {said}");
            assert!(
                said.contains("is encrypted") && said.contains("--key-file"),
                "{what} {args:?}: {said}"
            );
            assert!(
                !said.contains("not a fairfloor database") && !said.contains("panicked"),
                "{what} {args:?}: {said}"
            );
        }
    }
    assert!(
        files_of(&ws.db) == before,
        "a refused key changed the files"
    );
    // The right key still opens it.
    let out = text(&ws.run(&["doctor"], "").stdout);
    assert!(out.contains("encryption: encrypted at rest"), "{out}");
}

#[test]
fn a_passphrase_piped_on_standard_input_creates_and_opens_the_database() {
    let ws = Workspace::new();
    let db = ws.db.to_str().unwrap();
    let phrase = "correct horse battery staple\n";
    let short = run_with(&init_on(db), &[], "short\n");
    assert!(!short.status.success());
    assert!(
        text(&short.stderr).contains("too short"),
        "{}",
        text(&short.stderr)
    );
    let init = run_with(&init_on(db), &[], phrase);
    assert!(init.status.success(), "{}", text(&init.stderr));
    // The passphrase is the first line; the PIN lines follow, as for staff add on its own.
    let add = staff_add(
        db,
        "Sam Lead",
        "recruiter",
        &format!("{phrase}4821\n4821\n"),
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    let doctor = run_with(&["--db", db, "doctor"], &[], phrase);
    let report = text(&doctor.stdout);
    assert!(report.contains("encryption: encrypted at rest"), "{report}");
    let raw = std::fs::read(&ws.db).unwrap();
    assert!(!contains(&raw, "SQLite format 3") && !contains(&raw, "Sam Lead"));
    // The key file of the test run does not open it.
    let wrong = ws.run(&["doctor"], "");
    assert!(
        text(&wrong.stderr).contains("this key does not open it"),
        "{}",
        text(&wrong.stderr)
    );
}

#[cfg(unix)]
#[test]
fn key_new_writes_a_private_key_and_a_key_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let key = ws.dir.path().join("fair.key");
    let out = run_with(&["key", "new", "--out", key.to_str().unwrap()], &[], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let hex = std::fs::read_to_string(&key).unwrap();
    assert_eq!(hex.trim().len(), 64);
    assert!(hex.trim().chars().all(|c| c.is_ascii_hexdigit()));
    let again = run_with(&["key", "new", "--out", key.to_str().unwrap()], &[], "");
    assert!(!again.status.success(), "an existing key is never replaced");
    assert_eq!(std::fs::read_to_string(&key).unwrap(), hex);

    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let db = ws.db.to_str().unwrap();
    let mut args = vec!["--key-file", key.to_str().unwrap()];
    args.extend(init_on(db));
    let out = run_with(&args, &[], "");
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(
        said.contains(&format!("chmod 600 {}", key.display())),
        "{said}"
    );
    assert!(!ws.db.exists(), "nothing was created without a usable key");
}

/// An unencrypted copy of an (encrypted) workspace database, as an earlier release left it.
fn plain_copy(ws: &Workspace) -> PathBuf {
    let plain = ws.dir.path().join("old.db");
    let conn = ws.sqlite();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_str().unwrap()],
    )
    .unwrap();
    conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA plain.user_version = {version}; DETACH DATABASE plain"
    ))
    .unwrap();
    assert!(contains(&std::fs::read(&plain).unwrap(), "SQLite format 3"));
    plain
}

#[test]
fn an_unencrypted_file_from_an_earlier_release_still_opens_and_doctor_says_how_to_encrypt_it() {
    let ws = Workspace::new().with_event();
    let csv = people_csv(&ws);
    ws.ok(&["import", csv.to_str().unwrap()], "");
    let plain = plain_copy(&ws);
    let db = plain.to_str().unwrap();

    // No key needed, nothing asked for.
    let doctor = run_with(&["--db", db, "doctor"], &[], "");
    let report = text(&doctor.stdout);
    assert_eq!(doctor.status.code(), Some(1), "{report}");
    assert!(report.contains("encryption: NOT encrypted"), "{report}");
    assert!(report.contains("fairfloor key encrypt"), "{report}");
    let add = staff_add(db, "Old Hand", "coordinator", "5678\n5678\n");
    assert!(add.status.success(), "{}", text(&add.stderr));

    // Encrypted in place with a key file: the details are gone from the file, and still there.
    let key = support::key_file();
    let out = encrypt(db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (path, bytes) in files_of(&plain) {
        for secret in [
            "Zebedee",
            "zebedee.quill@example.org",
            "Old Hand",
            "SQLite format 3",
        ] {
            assert!(
                !contains(&bytes, secret),
                "{} holds {secret}",
                path.display()
            );
        }
    }
    let doctor = run_with(&["--db", db, "doctor"], &[("FAIRFLOOR_KEY_FILE", key)], "");
    let report = text(&doctor.stdout);
    assert!(report.contains("encryption: encrypted at rest"), "{report}");
    let names: i64 = support::open_sqlite(&plain)
        .query_row(
            "SELECT count(*) FROM candidates WHERE given_name = 'Zebedee'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(names, 1);
    let again = encrypt(db);
    assert!(
        !again.status.success(),
        "an encrypted file is left as it is"
    );
}

#[test]
fn an_export_says_its_file_is_not_encrypted() {
    let ws = Workspace::new().with_event();
    let out = ws.run(&["export", "candidates", "--out", "-"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "This file is not encrypted: keep it on an encrypted drive and delete it when done."
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_first_run_on_the_default_path_makes_a_private_key_and_says_where() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let config = home.path().join("config");
    let mut command = portable_pty::CommandBuilder::new(BIN);
    command.env_remove("FAIRFLOOR_KEY_FILE");
    command.env_remove("FAIRFLOOR_DB");
    command.env("HOME", home.path());
    command.env("XDG_DATA_HOME", &data);
    command.env("XDG_CONFIG_HOME", &config);
    let mut run = PtyRun::spawn_command(command, 120, 40);
    run.wait_for("Its key is in");
    run.wait_for("fairfloor.key");
    run.send(support::keys::CTRL_C);
    drop(run);
    let key = config.join("fairfloor").join("fairfloor.key");
    assert_eq!(fairfloor_mode(&key), Some(0o600));
    let db = data.join("fairfloor").join("fairfloor.db");
    let raw = std::fs::read(&db).unwrap();
    assert!(!contains(&raw, "SQLite format 3") && !contains(&raw, "Demo Recruiter"));
}

fn fairfloor_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Some(0o600)
    }
}
