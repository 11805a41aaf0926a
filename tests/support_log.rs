//! The support log, through the real binary: where it is, what it says about each use case and
//! each failure, that it is private, and that it never holds a candidate's details, a PIN or what
//! was typed; with no folder to write it in, fairfloor says so once and works as usual.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{EVENT_DAY, Workspace, init_args, run_piped, succeeded};

/// Values that must never reach the log: a candidate's details as imported, a row refused for
/// its email, what was typed as an offer to withdraw and why, a member of staff and their PIN.
const PERSONAL: [&str; 11] = [
    "Zebedee",
    "Quillfeather",
    "zebedee.quill@example.org",
    "07700 900417",
    "WF13 4QQ",
    "Ottoline",
    "ottoline-at-nowhere",
    "Marguerite Okonkwo-Vale",
    "moved to Wolverhampton",
    "Florian Draxwell",
    "739146",
];

/// A workspace whose data folder (and so its log) is its own.
struct Fair {
    ws: Workspace,
    data: PathBuf,
}

impl Fair {
    fn new() -> Self {
        let ws = Workspace::new();
        let data = ws.dir.path().join("data");
        Self { ws, data }
    }

    /// A fair with its event made (`init`).
    fn with_event() -> Self {
        let fair = Self::new();
        fair.ok(
            &init_args("Leeds Jobs Fair", "First Direct Arena", EVENT_DAY),
            "",
        );
        fair
    }

    /// `fairfloor --db <db> args…` with this fair's data folder, to completion.
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        self.run_with(args, stdin, &self.data, &[])
    }

    fn run_with(&self, args: &[&str], stdin: &str, data: &Path, env: &[(&str, &str)]) -> Output {
        let mut command = self.ws.command(args);
        command
            .env("XDG_DATA_HOME", data)
            .env_remove("FAIRFLOOR_LOG");
        for (name, value) in env {
            command.env(name, value);
        }
        run_piped(&mut command, stdin)
    }

    fn ok(&self, args: &[&str], stdin: &str) -> String {
        succeeded(format_args!("fairfloor {args:?}"), &self.run(args, stdin))
    }

    fn log_folder(&self) -> PathBuf {
        self.data.join("fairfloor").join("logs")
    }

    /// Every log file, and all their text.
    fn logs(&self) -> (Vec<PathBuf>, String) {
        let files: Vec<PathBuf> = std::fs::read_dir(self.log_folder())
            .expect("the log folder exists")
            .map(|entry| entry.expect("a folder entry").path())
            .collect();
        let text = files
            .iter()
            .map(|file| std::fs::read_to_string(file).expect("read a log file"))
            .collect();
        (files, text)
    }
}

fn lines_with<'a>(log: &'a str, word: &str) -> Vec<&'a str> {
    log.lines().filter(|line| line.contains(word)).collect()
}

#[test]
fn the_log_has_a_line_per_use_case_and_failure_and_no_personal_data() {
    let fair = Fair::with_event();
    fair.ok(
        &[
            "staff",
            "add",
            "--name",
            "Florian Draxwell",
            "--role",
            "recruiter",
        ],
        "739146\n739146\n",
    );
    let csv = fair.ws.file(
        "attendees.csv",
        "given_name,family_name,email,phone,postcode,roles\n\
         Zebedee,Quillfeather,zebedee.quill@example.org,07700 900417,WF13 4QQ,hcsw\n\
         Ottoline,Row,ottoline-at-nowhere,,,\n",
    );
    let import = fair.run(&["import", csv.to_str().unwrap()], "");
    assert_eq!(import.status.code(), Some(2), "one row is refused");
    let out = fair.ws.dir.path().join("candidates.csv");
    let exported = fair.ok(
        &[
            "export",
            "candidates",
            "--date",
            EVENT_DAY,
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        std::fs::read_to_string(&out).unwrap().contains("Zebedee"),
        "{exported}"
    );
    // Refused: what was typed (a name, not an offer) is in the message, and not in the log.
    let refused = fair.run(
        &[
            "offer",
            "withdraw",
            "Marguerite Okonkwo-Vale",
            "--reason",
            "moved to Wolverhampton",
        ],
        "",
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Marguerite Okonkwo-Vale"),
        "the person at the keyboard still sees what they typed"
    );
    // Nothing of the log on the terminal.
    for output in [&import, &refused] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains(" INFO ") && !stderr.contains(" WARN "),
            "{stderr}"
        );
    }

    let (files, log) = fair.logs();
    assert_eq!(files.len(), 1, "one file a day: {files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("fairfloor.") && name.ends_with(".log"),
        "{name}"
    );
    for value in PERSONAL {
        assert!(!log.contains(value), "the log holds {value:?}:\n{log}");
    }
    for (use_case, with) in [
        ("event create", "first_ticket=A-001"),
        ("staff add", "role=\"recruiter\""),
        ("import", "imported=1 already_registered=0 rows_refused=1"),
        ("export", "dataset=\"candidates\""),
    ] {
        let lines = lines_with(&log, &format!(" INFO {use_case} "));
        assert_eq!(lines.len(), 1, "one line for {use_case}:\n{log}");
        assert!(lines[0].contains(with), "{use_case} with {with}:\n{log}");
        assert!(
            lines[0].contains(" ms="),
            "{use_case} says how long it took:\n{log}"
        );
    }
    assert!(
        lines_with(&log, " INFO export ")[0].contains("rows=1"),
        "{log}"
    );
    // The failure, with its error's kind, from the use case and from the command.
    let failed = lines_with(&log, " WARN offer close failed");
    assert_eq!(failed.len(), 1, "{log}");
    assert!(failed[0].contains("error=OfferNotFound"), "{log}");
    let command = lines_with(&log, " ERROR failed");
    assert!(
        command.len() == 1
            && command[0].contains("command=Offer")
            && command[0].contains("error=OfferNotFound"),
        "{log}"
    );
    assert_eq!(
        lines_with(&log, " started ").len(),
        5,
        "one per run:\n{log}"
    );
}

#[cfg(unix)]
#[test]
fn the_log_is_readable_only_by_its_owner() {
    let fair = Fair::with_event();
    let (files, _) = fair.logs();
    assert_eq!(fairfloor::fsperm::mode(&fair.log_folder()), Some(0o700));
    for file in files {
        assert_eq!(
            fairfloor::fsperm::mode(&file),
            Some(0o600),
            "{}",
            file.display()
        );
    }
}

#[test]
fn the_level_is_chosen_by_flag_or_environment_and_a_wrong_one_is_refused() {
    let fair = Fair::with_event();
    // doctor's exit status says what it found, not whether it ran.
    fair.run_with(&["doctor"], "", &fair.data, &[("FAIRFLOOR_LOG", "debug")]);
    let (_, log) = fair.logs();
    assert_eq!(lines_with(&log, " DEBUG doctor open ").len(), 1, "{log}");
    fair.ok(&["--log-level", "warn", "staff", "list"], "");
    let (_, log) = fair.logs();
    assert!(lines_with(&log, "command=Staff").is_empty(), "{log}");

    let wrong = fair.run(&["--log-level", "chatty", "doctor"], "");
    assert_eq!(wrong.status.code(), Some(2));
    let message = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        message.contains("invalid value 'chatty' for '--log-level <LEVEL>'")
            && message.contains("error, warn, info, debug, trace"),
        "{message}"
    );
}

#[test]
fn with_no_folder_for_the_log_fairfloor_says_so_once_and_works_as_usual() {
    let fair = Fair::new();
    // The data folder's parent is a file, so no folder can be made in it.
    let blocked = fair.ws.file("not-a-folder", "");
    let init = fair.run_with(
        &init_args("Leeds Jobs Fair", "First Direct Arena", EVENT_DAY),
        "",
        &blocked,
        &[],
    );
    let stdout = succeeded("init without a log", &init);
    assert!(stdout.contains("Created Leeds Jobs Fair"), "{stdout}");
    let stderr = String::from_utf8_lossy(&init.stderr);
    assert_eq!(
        stderr.matches("no support log this time").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("Everything else works as usual"),
        "{stderr}"
    );
}
