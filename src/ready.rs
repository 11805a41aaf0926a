//! Ready before the doors open: what a fair needs, judged from facts gathered elsewhere
//! ([`crate::service::ready`]), each finding with the command that puts it right. Pure: the
//! same facts always give the same report, for `fairfloor doctor --ready`, the end of `init`
//! and a coordinator's screen.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::StaffRole;

/// Free space a fair day needs where the database is: a day's registrations, the WAL, a
/// backup copy and the exports, with room to spare.
pub const MIN_FREE_BYTES: u64 = 500 * 1024 * 1024;

/// How far this laptop's clock may be from the centre's before times in the records mislead.
pub const CLOCK_TOLERANCE_SECONDS: i64 = 5 * 60;

/// Everything the check looks at, read from the database, the pack, the printer and the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Today in the event's time zone (Europe/London when there is no event).
    pub today: NaiveDate,
    pub event: Option<EventFacts>,
    /// Everyone who can be signed in as (active), with whether they came with a demo.
    pub staff: Vec<StaffFacts>,
    pub pack: PackFacts,
    /// The address offers' onboarding links start with, if set.
    pub onboarding_url: Option<String>,
    pub printer: PrinterFacts,
    pub disk: DiskFacts,
    pub clock: ClockFacts,
}

/// The current event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    pub demo: bool,
}

/// Someone on the staff list who can sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffFacts {
    pub name: String,
    pub role: StaffRole,
    /// Made with a demo: their PIN is in the README.
    pub demo: bool,
}

/// The fair pack the screens and slips would use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackFacts {
    /// No pack: the built-in words, whose contacts are examples. `home` is where a pack would be
    /// read from without `--pack`.
    BuiltIn { home: Option<PathBuf> },
    /// A pack that loaded.
    Loaded {
        folder: PathBuf,
        employer: String,
        /// Where candidates write about their information (the privacy notice's contact).
        privacy_contact: String,
        /// The employer's own email.
        employer_email: String,
    },
    /// A pack that cannot be used, with why.
    Broken { folder: PathBuf, error: String },
}

/// The printer set for the event, and what it did when asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterFacts {
    NotSet,
    /// Set, and answered the probe (no paper used).
    Answered {
        target: String,
        said: String,
    },
    /// Set, and a test slip went to it.
    TestSlip {
        target: String,
        said: String,
    },
    /// Set, but it did not answer, or the test slip failed; the message says how to fix it.
    Failed {
        target: String,
        problem: String,
    },
}

/// Free space where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskFacts {
    pub folder: PathBuf,
    /// Bytes free for this user, when the system said.
    pub free: Option<u64>,
}

/// The clock against the centre's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockFacts {
    /// The central service's address, when one is set.
    pub central: Option<String>,
    /// The centre's clock minus this laptop's at the last sync, in seconds.
    pub offset_seconds: Option<i64>,
}

/// One thing the fair needs, and whether it is there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// A word or two: "Event", "Printer".
    pub what: &'static str,
    #[serde(flatten)]
    pub state: State,
}

/// Whether a check passed: what was found, or what is wrong and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum State {
    Ready { found: String },
    Open { problem: String, fix: String },
}

/// The whole check, in the order a coordinator would work through it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Readiness {
    /// "Leeds Jobs Fair on 2026-12-04", or "this laptop" when there is no event.
    pub title: String,
    pub checks: Vec<Check>,
}

impl Readiness {
    /// Judges `facts`.
    pub fn of(facts: &Facts) -> Self {
        let title = facts.event.as_ref().map_or_else(
            || "this laptop".to_string(),
            |e| format!("{} on {}", e.name, e.date),
        );
        let checks = vec![
            check("Event", event(facts)),
            check("Staff", staff(&facts.staff)),
            check("Demo staff", demo_staff(&facts.staff)),
            check("Fair pack", pack(&facts.pack)),
            check("Onboarding", onboarding(facts.onboarding_url.as_deref())),
            check("Printer", printer(&facts.printer)),
            check("Disk", disk(&facts.disk)),
            check("Clock", clock(&facts.clock)),
        ];
        Self { title, checks }
    }

    /// The checks still open.
    pub fn open(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| matches!(c.state, State::Open { .. }))
    }

    /// Whether nothing is open.
    pub fn is_ready(&self) -> bool {
        self.open().next().is_none()
    }

    /// The report as plain text, one check a line (its fix on the next), then a verdict.
    pub fn to_text(&self) -> String {
        let mut out = format!("Ready for {}?\n", self.title);
        for Check { what, state } in &self.checks {
            let (mark, found, fix) = match state {
                State::Ready { found } => ("ok", found, None),
                State::Open { problem, fix } => ("TO DO", problem, Some(fix)),
            };
            out.push_str(&wrap(&format!("  {mark:<5} {what:<11} {found}"), 20));
            if let Some(fix) = fix {
                out.push_str(&wrap(&format!("        fix: {fix}"), 13));
            }
        }
        let open = self.open().count();
        let _ = match open {
            0 => writeln!(out, "Ready: everything a fair needs is in place."),
            1 => writeln!(out, "Not ready: 1 thing to put right (TO DO above)."),
            n => writeln!(out, "Not ready: {n} things to put right (TO DO above)."),
        };
        out
    }
}

/// The width the report is wrapped to: a standard terminal's.
const WIDTH: usize = 80;

/// `line` wrapped at spaces to [`WIDTH`] columns, the lines after the first indented by
/// `indent`; each line ends with a line break. A word longer than a line is left whole.
fn wrap(line: &str, indent: usize) -> String {
    let text = line.trim_start();
    let mut out = String::new();
    let mut current = line[..line.len() - text.len()].to_string();
    let mut fresh = true;
    for word in text.split(' ') {
        let width = current.chars().count();
        if width > indent && width + 1 + word.chars().count() > WIDTH {
            out.push_str(current.trim_end());
            out.push('\n');
            current = " ".repeat(indent);
        } else if !fresh {
            current.push(' ');
        }
        fresh = false;
        current.push_str(word);
    }
    out.push_str(current.trim_end());
    out.push('\n');
    out
}

fn check(what: &'static str, state: State) -> Check {
    Check { what, state }
}

fn open(problem: impl Into<String>, fix: impl Into<String>) -> State {
    State::Open {
        problem: problem.into(),
        fix: fix.into(),
    }
}

fn init_command(date: NaiveDate) -> String {
    format!("fairfloor init --event \"Your Fair\" --venue \"Your Venue\" --date {date}")
}

fn event(facts: &Facts) -> State {
    let today = facts.today;
    let Some(event) = &facts.event else {
        return open("no event on this laptop", init_command(today));
    };
    if event.demo {
        return open(
            format!("{} is a demo fair (its PINs are in the README)", event.name),
            format!("make the real event: {}", init_command(today)),
        );
    }
    if event.date != today {
        return open(
            format!("{} is on {}, but today is {today}", event.name, event.date),
            format!(
                "for today's fair: {}; if {} is right, check this laptop's clock",
                init_command(today),
                event.date
            ),
        );
    }
    State::Ready {
        found: format!("{} at {}, today", event.name, event.venue),
    }
}

fn staff(staff: &[StaffFacts]) -> State {
    let count = |role| staff.iter().filter(|s| !s.demo && s.role == role).count();
    let (recruiters, coordinators) = (count(StaffRole::Recruiter), count(StaffRole::Coordinator));
    let add = |role: &str| format!("fairfloor staff add --name \"Their Name\" --role {role}");
    match (recruiters, coordinators) {
        (0, 0) => open(
            "nobody can sign in",
            format!(
                "{}, then each recruiter: {}",
                add("coordinator"),
                add("recruiter")
            ),
        ),
        (0, _) => open("no recruiter can sign in", add("recruiter")),
        (_, 0) => open(
            "no coordinator (they export, unlock PINs and manage staff)",
            add("coordinator"),
        ),
        (r, c) => State::Ready {
            found: format!("{r} recruiter{}, {c} coordinator{}", plural(r), plural(c)),
        },
    }
}

fn demo_staff(staff: &[StaffFacts]) -> State {
    let demo: Vec<&str> = staff
        .iter()
        .filter(|s| s.demo)
        .map(|s| s.name.as_str())
        .collect();
    if demo.is_empty() {
        return State::Ready {
            found: "none".into(),
        };
    }
    let fix = demo
        .iter()
        .map(|name| format!("fairfloor staff disable --name \"{name}\""))
        .collect::<Vec<_>>()
        .join("; ");
    open(
        format!(
            "{} from a demo can sign in with a PIN printed in the README",
            demo.join(" and ")
        ),
        fix,
    )
}

fn pack(pack: &PackFacts) -> State {
    let check = |folder: &std::path::Path| format!("fairfloor pack check {}", folder.display());
    match pack {
        PackFacts::BuiltIn { home } => {
            let folder = home
                .as_ref()
                .map_or_else(|| "DIR".to_string(), |h| h.display().to_string());
            open(
                "no fair pack: candidates would see the built-in example employer and privacy contact",
                format!(
                    "fairfloor pack init {folder}, put your own details in its employer.toml and privacy-notice.toml, then fairfloor pack check {folder}"
                ),
            )
        }
        PackFacts::Broken { folder, error } => open(
            format!(
                "the fair pack in {} cannot be used: {error}",
                folder.display()
            ),
            format!("{} lists every problem and how to fix it", check(folder)),
        ),
        PackFacts::Loaded {
            folder,
            employer,
            privacy_contact,
            employer_email,
        } => {
            let example = [
                ("privacy-notice.toml's contact_email", privacy_contact),
                ("employer.toml's email", employer_email),
            ]
            .into_iter()
            .find(|(_, email)| crate::content::is_example_address(email));
            if example.is_none() && is_example_name(employer) {
                return open(
                    format!("employer.toml's name is still the example's ({employer})"),
                    format!(
                        "write your organisation's name in {}, then {}",
                        folder.join("employer.toml").display(),
                        check(folder)
                    ),
                );
            }
            match example {
                Some((field, email)) => open(
                    format!(
                        "{field} is an example address ({email}): candidates could not reach you"
                    ),
                    format!(
                        "write your own in {}, then {}",
                        folder.display(),
                        check(folder)
                    ),
                ),
                None => State::Ready {
                    found: format!(
                        "{employer}; privacy contact {privacy_contact} ({})",
                        folder.display()
                    ),
                },
            }
        }
    }
}

fn onboarding(url: Option<&str>) -> State {
    const FIX: &str = "fairfloor event --onboarding-url https://your-onboarding-site/start";
    match url {
        None => open("no onboarding address: offers cannot be made", FIX),
        Some(url) if !url.starts_with("https://") => {
            open(format!("{url} is not an https address"), FIX)
        }
        Some(url) if example_host(url) => open(
            format!("{url} is an example address: candidates' QR codes would lead nowhere"),
            FIX,
        ),
        Some(url) => State::Ready {
            found: url.to_string(),
        },
    }
}

/// Whether an employer's name is a placeholder ("Example NHS Trust", the built-in pack's).
fn is_example_name(name: &str) -> bool {
    name.split_whitespace()
        .any(|word| word.eq_ignore_ascii_case("example"))
}

/// Whether an https address's host is an example one (`example.nhs.uk`, `jobs.example.org`).
fn example_host(url: &str) -> bool {
    let host = url
        .trim_start_matches("https://")
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    crate::content::is_example_domain(host)
}

fn printer(printer: &PrinterFacts) -> State {
    const TEST: &str = "fairfloor doctor --ready --test-slip";
    match printer {
        PrinterFacts::NotSet => open(
            "no printer: offer slips cannot be printed",
            format!(
                "fairfloor event --printer cups:QUEUE (lpstat -p lists them), escpos:/dev/usb/lp0 or escpos:tcp://HOST:9100; then {TEST}"
            ),
        ),
        PrinterFacts::Failed { target, problem } => open(
            format!("{target}: {problem}"),
            format!("once it is put right, {TEST}"),
        ),
        PrinterFacts::Answered { target, said } => State::Ready {
            found: format!("{target}: {said} ({TEST} prints a test slip)"),
        },
        PrinterFacts::TestSlip { target, said } => State::Ready {
            found: format!("{target}: test slip {said}"),
        },
    }
}

fn disk(disk: &DiskFacts) -> State {
    let folder = disk.folder.display();
    match disk.free {
        None => open(
            format!("could not read the free space in {folder}"),
            format!("check with df -h {folder}"),
        ),
        Some(free) if free < MIN_FREE_BYTES => open(
            format!(
                "only {} free in {folder}; a fair day needs {}",
                size(free),
                size(MIN_FREE_BYTES)
            ),
            "free some space on this laptop (empty the bin, remove old exports)",
        ),
        Some(free) => State::Ready {
            found: format!("{} free in {folder}", size(free)),
        },
    }
}

fn clock(clock: &ClockFacts) -> State {
    let Some(central) = &clock.central else {
        return State::Ready {
            found: "no central service set, so nothing to compare with".into(),
        };
    };
    let Some(offset) = clock.offset_seconds else {
        return open(
            format!("not yet compared with the centre's clock ({central})"),
            "fairfloor sync (once, on a network that reaches the centre)",
        );
    };
    if offset.abs() <= CLOCK_TOLERANCE_SECONDS {
        return State::Ready {
            found: format!(
                "within {} of the centre's at the last sync",
                minutes(CLOCK_TOLERANCE_SECONDS)
            ),
        };
    }
    // The offset is the centre's clock minus ours: positive means ours is behind.
    let way = if offset > 0 { "behind" } else { "ahead of" };
    open(
        format!(
            "this laptop's clock was {} {way} the centre's at the last sync",
            minutes(offset.abs())
        ),
        "set the clock right (timedatectl set-ntp true, or the system's date and time settings), then fairfloor sync",
    )
}

fn minutes(seconds: i64) -> String {
    let minutes = (seconds + 30) / 60;
    format!("{minutes} minute{}", plural(minutes as usize))
}

fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 1024 * MIB {
        format!("{:.1} GB", bytes as f64 / (1024 * MIB) as f64)
    } else {
        format!("{} MB", bytes / MIB)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests;
