//! Ready before the doors open: gathers what [`crate::ready`] judges — the event, who can sign in,
//! the fair pack, the onboarding address, the printer (looked at, or sent a test slip on
//! request), the free disk and the clock against the centre's — for `fairfloor doctor --ready`,
//! the end of `init` and a coordinator's screen.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::content::Content;
use crate::print::Target;
use crate::ready::{
    ClockFacts, DiskFacts, EventFacts, Facts, PackFacts, PrinterFacts, Readiness, StaffFacts,
};
use crate::service::log::logged;
use crate::store::{Store, StoreError};

/// What to do about the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterCheck {
    /// Look at it without printing.
    Look,
    /// Send it a test slip (paper used; nothing about any candidate on it).
    TestSlip,
}

/// The fair pack as the check sees it: the content that loaded, or why it did not.
pub enum Pack<'a> {
    Loaded(&'a Content),
    /// The pack in `folder` cannot be used; `error` says why.
    Broken {
        folder: PathBuf,
        error: String,
    },
}

/// Checks everything a fair needs on this laptop now.
pub fn check(
    store: &Store,
    pack: Pack<'_>,
    printer: PrinterCheck,
    now: DateTime<Utc>,
) -> Result<Readiness, StoreError> {
    logged!(
        info,
        "ready check",
        gather(store, pack, printer, now).map(|facts| Readiness::of(&facts)),
        |readiness| open = readiness.open().count()
    )
}

fn gather(
    store: &Store,
    pack: Pack<'_>,
    printer: PrinterCheck,
    now: DateTime<Utc>,
) -> Result<Facts, StoreError> {
    let event = store.current_event()?;
    let timezone = event
        .as_ref()
        .map_or(chrono_tz::Europe::London, |e| e.timezone);
    let demo_ids = store.demo_staff_ids()?;
    let staff = store
        .all_staff()?
        .into_iter()
        .filter(|(_, active)| *active)
        .map(|(person, _)| StaffFacts {
            demo: demo_ids.contains(&person.id),
            name: person.name,
            role: person.role,
        })
        .collect();
    let settings = event
        .as_ref()
        .map(|event| store.offer_settings(event))
        .transpose()?;
    let onboarding_url = settings
        .as_ref()
        .and_then(|s| s.onboarding_base_url.clone());
    let printer_target = settings.as_ref().and_then(|s| s.printer.clone());
    let printer = match (printer_target, &event, &pack, printer) {
        (None, ..) => PrinterFacts::NotSet,
        (Some(target), Some(event), Pack::Loaded(content), PrinterCheck::TestSlip) => {
            // The onboarding address when set (the code scans to something real), else the
            // employer's website: either way a phone can try the code.
            let link = onboarding_url
                .clone()
                .unwrap_or_else(|| content.employer.website.clone());
            let slip = crate::offer::test_slip(content, event, &link, now);
            let sent = target.parse::<Target>().and_then(|parsed| {
                let options = crate::print::PrintOptions {
                    fonts_dir: crate::service::offer::pack_fonts(content),
                    ..crate::service::offer::print_options(store)
                };
                crate::print::print(&slip, &parsed, options)
            });
            match sent {
                Ok(said) => PrinterFacts::TestSlip { target, said },
                Err(error) => PrinterFacts::Failed {
                    target,
                    problem: error.to_string(),
                },
            }
        }
        (Some(target), ..) => match target.parse::<Target>() {
            Err(error) => PrinterFacts::Failed {
                target,
                problem: error.to_string(),
            },
            Ok(parsed) => match crate::print::probe(&parsed) {
                Ok(said) => PrinterFacts::Answered { target, said },
                Err(problem) => PrinterFacts::Failed {
                    target,
                    problem: problem.to_string(),
                },
            },
        },
    };
    let folder = store
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
    let central = store.central_settings()?.url;
    Ok(Facts {
        today: now.with_timezone(&timezone).date_naive(),
        event: event.as_ref().map(|e| EventFacts {
            name: e.name.clone(),
            venue: e.venue.clone(),
            date: e.date,
            demo: e.demo,
        }),
        staff,
        pack: pack_facts(pack),
        onboarding_url,
        printer,
        disk: DiskFacts {
            free: fs4::available_space(&folder).ok(),
            folder,
        },
        clock: ClockFacts {
            central,
            offset_seconds: store.clock_checks()?.offset.map(|o| o.seconds),
        },
    })
}

fn pack_facts(pack: Pack<'_>) -> PackFacts {
    match pack {
        Pack::Broken { folder, error } => PackFacts::Broken { folder, error },
        Pack::Loaded(content) => match content.pack_folder() {
            None => PackFacts::BuiltIn {
                home: crate::content::pack::default_dir(),
            },
            Some(folder) => PackFacts::Loaded {
                folder: folder.to_path_buf(),
                employer: content.employer.name.clone(),
                privacy_contact: content.privacy.contact_email.clone(),
                employer_email: content.employer.email.clone(),
            },
        },
    }
}
