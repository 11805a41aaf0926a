//! Fair packs, end to end: `fairfloor pack init` and `pack check` on real folders, each mistake
//! in `tests/fixtures/packs/` reported word for word, and `--pack` reaching the commands and the
//! kiosk's screens.

mod support;

use std::path::{Path, PathBuf};

use support::{PtyRun, Workspace};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/packs")
        .join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `pack check` on a fixture pack with one mistake: exit 1, the problem, and what to do next.
fn assert_one_problem(pack: &str, file: &str, problem: &str) {
    let dir = fixture(pack);
    let out = Workspace::new().run(&["pack", "check", dir.to_str().unwrap()], "");
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}: {problem}\n1 problem found in the pack; fix it, then run fairfloor pack check {} again.\n",
            dir.join(file).display(),
            dir.display()
        ),
        "{pack}"
    );
    assert_eq!(out.status.code(), Some(1), "{pack}");
}

#[test]
fn a_toml_mistake_gives_the_line_and_column() {
    assert_one_problem(
        "bad-toml",
        "roles.toml",
        "line 3, column 16: this is not valid TOML (invalid basic string, expected `\"`). Check the quotes, brackets and '=' on that line.",
    );
}

#[test]
fn a_misspelt_field_lists_the_fields() {
    assert_one_problem(
        "unknown-field",
        "employer.toml",
        "field 'webiste': line 4, column 1: 'webiste' is not a field here. Check its spelling; the fields here are: name, phone, email, website.",
    );
}

#[test]
fn a_missing_field_says_what_to_add() {
    assert_one_problem(
        "missing-retention",
        "privacy-notice.toml",
        "field 'retention': 'retention' is missing. Add it, e.g. retention = \"12 months\".",
    );
}

#[test]
fn a_role_code_must_be_lower_case_letters_digits_and_underscores() {
    assert_one_problem(
        "bad-role-code",
        "roles.toml",
        "field 'code': line 2: role code 'Porter 2' must be lower-case letters, digits and '_' only, like hcsw.",
    );
}

#[test]
fn a_role_needs_a_description() {
    assert_one_problem(
        "no-description",
        "roles.toml",
        "field 'description': line 2: role 'porter' has no description. Add one or two short sentences for someone new to care, e.g. description = \"You help nurses look after patients on a ward.\".",
    );
}

#[test]
fn every_equality_question_needs_prefer_not_to_say() {
    assert_one_problem(
        "no-prefer-not-to-say",
        "equality.toml",
        "question 'sex', field 'options': line 31: question 'sex' has no option with id \"prefer_not_to_say\"; every equality question needs one.",
    );
}

#[test]
fn an_example_privacy_contact_must_be_replaced() {
    assert_one_problem(
        "example-contact",
        "privacy-notice.toml",
        "field 'contact_email': line 7: 'recruitment@example.nhs.uk' is an example address, so candidates could not reach you. Replace it with your own, e.g. your recruitment team's address.",
    );
}

#[test]
fn a_misspelt_placeholder_is_found() {
    assert_one_problem(
        "unknown-placeholder",
        "privacy-notice.toml",
        "field 'body': line 14: '{retension}' is not a placeholder fairfloor fills. Use {contact} for the contact address or {retention} for how long details are kept, or remove the braces.",
    );
}

#[test]
fn the_website_must_be_https() {
    assert_one_problem(
        "http-website",
        "employer.toml",
        "field 'website': line 4: 'http://northshire-health.nhs.uk' does not start with https://. Give the secure address of your website, e.g. website = \"https://www.your-trust.nhs.uk\".",
    );
}

#[test]
fn share_codes_are_for_right_to_work_only() {
    assert_one_problem(
        "share-code-on-identity",
        "documents.toml",
        "field 'identity': line 15: 'Passport' has share_code = true, but share codes are for right to work. Remove share_code from it.",
    );
}

#[test]
fn a_misspelt_file_name_is_not_silently_ignored() {
    assert_one_problem(
        "misspelt-file",
        "role.toml",
        "fairfloor does not read a file with this name, so it changes nothing. Check the spelling: a pack holds pack.toml, kiosk.toml, privacy-notice.toml, equality.toml, roles.toml, signposts.toml, employer.toml, documents.toml, and scripts in scripts/.",
    );
}

#[test]
fn a_pack_needs_a_pack_toml() {
    assert_one_problem(
        "no-pack-toml",
        "pack.toml",
        "there is no pack.toml. Add one naming the pack and its version: name = \"…\" and version = \"1\" (fairfloor pack init writes one).",
    );
}

#[test]
fn scripts_in_a_pack_are_checked_like_script_check() {
    assert_one_problem(
        "bad-script",
        "scripts/extra.toml",
        "question 'q2', field 'anchors': there is no anchor for score 3. Add one: [[question.anchors]] score = 3, description = \"…\"",
    );
}

#[test]
fn a_good_pack_passes_with_a_one_line_summary() {
    let dir = fixture("full");
    let out = Workspace::new().run(&["pack", "check", dir.to_str().unwrap()], "");
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}: OK. Pack 'Northshire fixture pack' version 7: 7 of 7 content files from the pack (the rest built-in), 1 script.\n",
            dir.display()
        )
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_new_pack_checks_clean_once_its_contact_is_replaced() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("our-pack");
    let dir_arg = dir.to_str().unwrap();
    let out = ws.ok(&["pack", "init", dir_arg], "");
    assert_eq!(
        out,
        format!(
            "Wrote a starting fair pack to {dir_arg} (10 files). Edit them, then run: fairfloor pack check {dir_arg}\n"
        )
    );

    let out = ws.run(&["pack", "check", dir_arg], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.lines().count(),
        2,
        "only the example contact: {stdout}"
    );
    assert!(
        stdout.starts_with(&format!(
            "{}: field 'contact_email': line 7: 'recruitment@example.nhs.uk' is an example address",
            dir.join("privacy-notice.toml").display()
        )),
        "{stdout}"
    );

    let privacy = dir.join("privacy-notice.toml");
    let words = std::fs::read_to_string(&privacy).unwrap().replace(
        "contact_email = \"recruitment@example.nhs.uk\"",
        "contact_email = \"jobs@northshire-health.nhs.uk\"",
    );
    std::fs::write(&privacy, words).unwrap();
    let out = ws.ok(&["pack", "check", dir_arg], "");
    assert_eq!(
        out,
        format!(
            "{dir_arg}: OK. Pack 'Our fair pack' version 1: 7 of 7 content files from the pack (the rest built-in), 2 scripts.\n"
        )
    );

    let again = ws.run(&["pack", "init", dir_arg], "");
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("pack init never overwrites files"),
        "{}",
        text(&again.stderr)
    );
    assert!(
        std::fs::read_to_string(&privacy)
            .unwrap()
            .contains("jobs@northshire-health.nhs.uk"),
        "the edited file is untouched"
    );
}

#[test]
fn a_pack_given_that_is_not_there_is_an_error() {
    let ws = Workspace::new();
    let missing = ws.dir.path().join("no-such-pack");
    let out = ws.run(&["--pack", missing.to_str().unwrap(), "script", "list"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "fairfloor: the fair pack folder {0} does not exist. Check the folder given with --pack (or FAIRFLOOR_PACK), or make a pack there: fairfloor pack init {0}\n",
            missing.display()
        )
    );
}

#[test]
fn a_broken_pack_stops_a_command_and_says_how_to_see_why() {
    let ws = Workspace::new();
    let dir = fixture("bad-toml");
    let out = ws.run(&["--pack", dir.to_str().unwrap(), "script", "list"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(&format!(
            "fairfloor: the fair pack in {0} cannot be used (fairfloor pack check {0} lists every problem): {1}: line 3, column 16:",
            dir.display(),
            dir.join("roles.toml").display()
        )),
        "{}",
        text(&out.stderr)
    );
}

/// The commands a coordinator needs to put things right do not read the pack's words.
#[test]
fn a_broken_pack_does_not_stop_init_staff_doctor_or_key_commands() {
    let ws = Workspace::new();
    let dir = fixture("bad-toml");
    let pack = dir.to_str().unwrap();
    let init = support::init_args("Leeds Jobs Fair", "First Direct Arena", support::EVENT_DAY);
    ws.ok(&[&["--pack", pack][..], &init].concat(), "");
    ws.ok(&["--pack", pack, "staff", "list"], "");
    let doctor = ws.run(&["--pack", pack, "doctor"], "");
    assert!(
        !text(&doctor.stderr).contains("fair pack"),
        "{}",
        text(&doctor.stderr)
    );
    let export = ws.run(&["--pack", pack, "export", "offers"], "");
    assert!(
        text(&export.stderr).contains("the fair pack in"),
        "{}",
        text(&export.stderr)
    );
}

#[test]
fn the_pack_from_the_environment_brings_its_scripts() {
    let ws = Workspace::new();
    let mut command = ws.command(&["script", "list"]);
    command.env("FAIRFLOOR_PACK", fixture("full"));
    let out = support::run_piped(&mut command, "");
    let stdout = support::succeeded("script list", &out);
    assert!(
        stdout.contains(&format!(
            "hcsw-values  v1  Northshire clinical support interview  [hcsw, nursing_assistant, theatre_support, maternity_support, call_handler_111]  ({})",
            fixture("full").join("scripts/hcsw-values.toml").display()
        )),
        "{stdout}"
    );
}

#[test]
fn the_kiosk_shows_the_packs_words() {
    let ws = Workspace::new().with_event().with_coordinator();
    let pack = fixture("full");
    let mut kiosk = PtyRun::spawn(
        ws.path(),
        &["--pack", pack.to_str().unwrap(), "kiosk"],
        100,
        30,
    );
    kiosk.wait_for("Welcome to Northshire Health. Register for a chat today.");
    kiosk.send(support::keys::ENTER);
    kiosk.wait_for("We keep your details for 6 months.");
    kiosk.unlock_kiosk("5678");
    assert!(kiosk.wait_exit(), "the kiosk exits cleanly when unlocked");
}

/// Issue 13: a decision traces to the employer's words it was made under.
#[test]
fn interviews_and_offers_record_the_pack_they_were_made_under() {
    let ws = Workspace::new();
    let pack = fixture("full");
    ws.ok(
        &[
            "--pack",
            pack.to_str().unwrap(),
            "demo",
            "--candidates",
            "30",
        ],
        "",
    );
    for table in ["screenings", "offers"] {
        let all: i64 = ws.value(&format!("SELECT count(*) FROM {table}"));
        let stamped: i64 = ws.value(&format!(
            "SELECT count(*) FROM {table} WHERE pack_version = '7'"
        ));
        assert!(all > 0, "{table}");
        assert_eq!(stamped, all, "{table}");
    }
    let sent: i64 = ws.value(
        "SELECT count(*) FROM outbox WHERE entity = 'offer'
           AND json_extract(payload, '$.pack_version') = '7'",
    );
    assert_eq!(sent, ws.value::<i64>("SELECT count(*) FROM offers"));
}

/// The printable text of ESC/POS bytes, its lines joined and spaces collapsed, so a phrase the
/// slip wrapped at 42 columns is still found.
fn receipt_text(bytes: &[u8]) -> String {
    let text: String = bytes
        .iter()
        .map(|&b| if b.is_ascii_graphic() { b as char } else { ' ' })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Issue 13: a pack replacing every file reaches the slip (the employer, its phone, the role's
/// title and pay) and the exports (the role's title), not only the screens.
#[test]
fn a_full_pack_reaches_the_slip_and_the_exports() {
    let ws = Workspace::new();
    let pack = fixture("full");
    let pack = pack.to_str().unwrap();
    ws.ok(&["--pack", pack, "demo", "--candidates", "40"], "");
    let reference: String = ws
        .value("SELECT reference FROM offers WHERE role_code = 'hcsw' AND kind = 'offer' LIMIT 1");

    // A receipt printer's device file: an existing file the slip is written into.
    let device = ws.file("receipt-printer", "");
    let target = format!("escpos:{}", device.display());
    ws.ok(&["--pack", pack, "print", &reference, "--to", &target], "");
    let slip = receipt_text(&std::fs::read(&device).unwrap());
    for words in [
        "Employer: Northshire Health NHS Foundation Trust",
        "Role: Ward care assistant",
        "25,100 a year at Northshire",
        "Questions? Call Northshire Health NHS Foundation Trust on 01632 960123",
    ] {
        assert!(slip.contains(words), "{words:?} is not on the slip: {slip}");
    }

    let csv = ws.dir.path().join("offers.csv");
    ws.ok(
        &[
            "--pack",
            pack,
            "export",
            "offers",
            "--out",
            csv.to_str().unwrap(),
        ],
        "",
    );
    let exported = std::fs::read_to_string(&csv).unwrap();
    let row = exported
        .lines()
        .find(|line| line.starts_with(&reference))
        .expect("the offer is exported");
    assert!(row.contains(",hcsw,Ward care assistant,"), "{row}");
}
