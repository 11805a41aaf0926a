//! The structured interview, end to end: the real binary in a pseudo-terminal, a real SQLite file.

mod support;

use support::keys::{self, CTRL_S};
use support::{PtyRun, Workspace};

/// An event with one recruiter (PIN 4821) and one pre-booked candidate, Amara, for care roles.
fn workspace_with_amara() -> Workspace {
    let ws = Workspace::new().with_event();
    let csv = ws.file(
        "booked.csv",
        "given_name,family_name,email,phone,postcode,roles\nAmara,Okafor,amara@example.com,07700 900001,LS1 4DY,hcsw\n",
    );
    ws.ok(&["import", csv.to_str().unwrap()], "");
    ws
}

/// Signs in, marks Amara as arrived and opens her interview at the first eligibility check.
fn start_interview(staff: &mut PtyRun) {
    staff.sign_in("4821");
    staff.wait_for("Signed in: Sam Lead");
    staff.send(keys::TAB); // the booked list
    staff.wait_for("Amara Okafor");
    staff.send("a");
    staff.wait_for("marked as arrived");
    staff.send(keys::SHIFT_TAB); // back to the waiting list
    staff.wait_for("[Waiting 1]");
    staff.send("s");
    staff.wait_for("Guidance");
    staff.send(keys::ENTER);
    staff.wait_for("Check 1 of 2");
}

/// Passes both eligibility checks, gives every values question `score`, and saves the decision
/// the recommendation (an offer) gives.
fn answer_every_question(staff: &mut PtyRun, score: &str) {
    staff.answer_each(&["1", "1"]);
    for n in 1..=6 {
        staff.wait_for(&format!("Question {n} of 6"));
        staff.answer(score);
    }
    staff.wait_for("Recommendation: OFFER");
    staff.send(CTRL_S);
}

#[test]
fn a_recruiter_interviews_a_candidate_and_the_decision_is_in_sqlite() {
    let ws = workspace_with_amara();
    let mut staff = PtyRun::spawn(ws.path(), &[], 110, 36);
    start_interview(&mut staff);
    answer_every_question(&mut staff, "3");
    // The decision is saved and the offer form opens; leaving it makes no offer yet.
    staff.wait_for("Offer for Amara Okafor");
    staff.send(keys::ESC);
    staff.wait_for("No offer made yet for B-001");
    staff.send(keys::TAB); // waiting → booked
    staff.send(keys::TAB); // → screened
    staff.wait_for("Offer");

    let db = ws.sqlite();
    let (status, total, recommendation, decision, hash, script): (String, i64, String, String, String, String) = db
        .query_row(
            "SELECT status, total, recommendation, decision, script_hash, script_id FROM screenings",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .expect("one screening");
    assert_eq!(
        (
            status.as_str(),
            total,
            recommendation.as_str(),
            decision.as_str(),
            script.as_str()
        ),
        ("completed", 18, "offer", "offer", "hcsw-values")
    );
    assert_eq!(hash.len(), 64, "the exact script is recorded by its hash");
    let answers: i64 = ws.value("SELECT count(*) FROM screening_answers");
    assert_eq!(
        answers, 8,
        "two eligibility checks and six values questions"
    );
}

#[cfg(unix)]
#[test]
fn an_interview_cut_off_by_a_dead_laptop_resumes_at_the_same_question() {
    let ws = workspace_with_amara();
    let mut staff = PtyRun::spawn(ws.path(), &[], 110, 36);
    start_interview(&mut staff);
    staff.answer_each(&["1", "1"]);
    staff.wait_for("Question 1 of 6");
    staff.answer("4");
    staff.wait_for("Question 2 of 6");
    staff.send("2");
    staff.wait_for("▶ 2");
    staff.kill_hard();

    let mut again = PtyRun::spawn(ws.path(), &[], 110, 36);
    again.sign_in("4821");
    // Straight back into the open interview, past the answered questions.
    again.wait_for("Question 3 of 6");
    let scores: Vec<(String, i64)> = ws
        .sqlite()
        .prepare("SELECT question_id, score FROM screening_answers WHERE score IS NOT NULL ORDER BY question_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(scores.len(), 2, "{scores:?}");
}

#[test]
fn script_check_names_the_file_question_and_field_of_each_problem() {
    let ws = Workspace::new();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scripts/missing-anchor.toml"
    );
    let out = ws.run(&["script", "check", fixture], "");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("missing-anchor.toml"), "{text}");
    assert!(text.contains("question '"), "{text}");
    assert!(text.contains("field 'anchors'"), "{text}");

    let good = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/scripts/hcsw-values.toml"
    );
    let out = ws.run(&["script", "check", good], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let shown = ws.ok(&["script", "show", "hcsw-values"], "");
    assert!(shown.contains("Compassion"), "{shown}");
}

#[test]
fn a_broken_script_is_refused_and_the_staff_screens_still_work() {
    let ws = workspace_with_amara();
    let scripts = ws.dir.path().join("scripts");
    std::fs::create_dir(&scripts).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/scripts/bad-toml.toml"
        ),
        scripts.join("bad-toml.toml"),
    )
    .unwrap();
    let listed = ws.ok(
        &["--scripts", scripts.to_str().unwrap(), "script", "list"],
        "",
    );
    assert!(listed.contains("refused: "), "{listed}");
    assert!(listed.contains("hcsw-values"), "{listed}");

    let mut staff = PtyRun::spawn(
        ws.path(),
        &["--scripts", scripts.to_str().unwrap()],
        110,
        36,
    );
    start_interview(&mut staff);
}

/// Decodes a PNG QR code with a real decoder.
fn decode_png(path: &std::path::Path) -> String {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let (width, height) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        pixels[(y * width + x) * channels]
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {}", path.display());
    grids[0].decode().unwrap().1
}

#[test]
fn an_offer_after_the_interview_gets_a_qr_code_that_decodes_to_its_link() {
    let ws = workspace_with_amara();
    ws.ok(
        &[
            "event",
            "--onboarding-url",
            "https://jobs.example.nhs.uk/start/",
            "--printer",
            &format!("file:{}", ws.dir.path().join("slip.pdf").display()),
        ],
        "",
    );
    let mut staff = PtyRun::spawn(ws.path(), &[], 110, 50);
    start_interview(&mut staff);
    answer_every_question(&mut staff, "4");
    // An offer decision goes straight to the offer form.
    staff.wait_for("Offer for Amara Okafor");
    staff.send("St James's, Ward 12");
    staff.send(CTRL_S);
    staff.wait_for("Conditional offer: Healthcare support worker");
    staff.send("p");
    staff.wait_for("Printed: written to");
    assert!(ws.dir.path().join("slip.pdf").exists());

    let (url, site, reference): (String, String, String) = ws
        .sqlite()
        .query_row(
            "SELECT onboarding_url, site, reference FROM offers",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("one offer");
    assert_eq!(site, "St James's, Ward 12");
    assert!(
        url.starts_with("https://jobs.example.nhs.uk/start/"),
        "{url}"
    );
    assert!(!url.contains("amara") && !url.contains("Okafor"), "{url}");
    staff.wait_for(&url);

    let png = ws.qr_png(&reference);
    assert_eq!(decode_png(&png), url);
    let printed: i64 = ws.value("SELECT count(*) FROM print_log WHERE outcome = 'printed'");
    assert_eq!(printed, 1);
}

/// Every QR code rqrr finds in a grid of modules, drawn at 4 pixels a module as a phone's
/// camera would see the screen.
fn decode_modules(modules: &[Vec<bool>]) -> Vec<String> {
    const SCALE: usize = 4;
    let (height, width) = (modules.len(), modules.first().map_or(0, Vec::len));
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width * SCALE, height * SCALE, |x, y| {
            if modules[y / SCALE][x / SCALE] {
                0
            } else {
                255
            }
        });
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// Issue 14: at 80×24, the size the README promises, the QR screen drew no code at all. The
/// whole flow, from the waiting list through the interview and the offer to the QR code, on a
/// real terminal of exactly that size; the code is rebuilt from the screen's cells and read by
/// a real decoder to the link stored with the offer.
#[test]
fn at_80x24_the_interview_and_offer_end_on_a_qr_code_that_scans_to_the_stored_link() {
    let ws = workspace_with_amara();
    ws.ok(
        &[
            "event",
            "--onboarding-url",
            "https://jobs.example.nhs.uk/start/",
        ],
        "",
    );
    let mut staff = PtyRun::spawn(ws.path(), &[], 80, 24);
    start_interview(&mut staff);
    answer_every_question(&mut staff, "4");
    staff.wait_for("Offer for Amara Okafor");
    staff.send("St James's, Ward 12");
    staff.send(CTRL_S);
    staff.wait_for("Conditional offer");
    let url: String = ws.value("SELECT onboarding_url FROM offers");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let decoded = loop {
        let decoded = staff.qr_modules().map(|m| decode_modules(&m));
        if decoded.as_ref().is_some_and(|d| !d.is_empty()) || std::time::Instant::now() > deadline {
            break decoded;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(
        decoded,
        Some(vec![url.clone()]),
        "the screen:\n{}",
        staff.screen()
    );
}
