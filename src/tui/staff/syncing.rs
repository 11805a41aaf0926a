//! Sync on the staff screens: the status words in the queue's header, and the sync a coordinator
//! starts from the dashboard (`s`), which runs the same client as `fairfloor sync` on a background
//! thread with its own connection to the file and reports back over a channel as [`Msg`]s.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono_tz::Tz;

use super::Msg;
use crate::doctor::{changes, grouped};
use crate::domain::day::SyncStatus;
use crate::service;
use crate::store::Store;
use crate::sync::client::{SyncEvent, SyncOptions};

/// A sync running in the background, as the dashboard shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRun {
    sent: u64,
    total: Option<u64>,
    /// The transient failure being waited out, in words.
    retrying: Option<String>,
}

impl SyncRun {
    /// Takes in what the client reported.
    pub fn update(&mut self, event: &SyncEvent) {
        match event {
            SyncEvent::Connected { .. } | SyncEvent::Reidentified(_) => self.retrying = None,
            SyncEvent::Progress { sent, total } => {
                self.sent = *sent;
                self.total = Some(*total);
                self.retrying = None;
            }
            SyncEvent::Retrying {
                attempt,
                attempts,
                delay,
                reason,
            } => {
                self.retrying = Some(format!(
                    "{reason}; trying again in {:.0} s (try {} of {attempts})",
                    delay.as_secs_f64().ceil(),
                    attempt + 1
                ));
            }
        }
    }

    /// One line for the dashboard.
    pub fn text(&self) -> String {
        if let Some(retrying) = &self.retrying {
            return format!("Syncing: {retrying}");
        }
        match self.total {
            None => "Syncing: reaching the central service…".to_string(),
            Some(total) => format!(
                "Syncing: sent {} of {}…",
                grouped(self.sent as i64),
                changes(total as i64)
            ),
        }
    }
}

/// The queue header's sync words: in full, shorter for a narrow terminal, and the warning about
/// rejected changes (shown where notices go, so it is never squeezed out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncWords {
    pub full: String,
    pub short: String,
    pub rejected: Option<String>,
}

/// What the queue header says about sync.
pub fn summary(unsynced: Option<i64>, status: Option<&SyncStatus>, timezone: Tz) -> SyncWords {
    let Some(status) = status else {
        let text = match unsynced {
            Some(0) => "Nothing waiting to sync".to_string(),
            Some(n) => format!("{} to sync", changes(n)),
            None => String::new(),
        };
        return SyncWords {
            short: text.clone(),
            full: text,
            rejected: None,
        };
    };
    let last = status
        .last_sync_at
        .map(|at| at.with_timezone(&timezone).format("%H:%M").to_string());
    let (full, short) = match (status.unsynced, last) {
        (0, Some(last)) => (format!("all synced {last}"), format!("synced {last}")),
        (0, None) => ("Nothing waiting to sync".to_string(), "synced".to_string()),
        (n, Some(last)) => (
            format!("{} to sync · last sync {last}", changes(n)),
            format!("{} to sync", grouped(n)),
        ),
        (n, None) => (
            format!("{} to sync · never synced", changes(n)),
            format!("{} to sync", grouped(n)),
        ),
    };
    let rejected = (status.rejected > 0).then(|| {
        format!(
            "{} rejected by the central service — run fairfloor doctor",
            changes(status.rejected)
        )
    });
    SyncWords {
        full,
        short,
        rejected,
    }
}

/// Starts a sync of the file at `db` on its own thread; its progress and its end arrive on the
/// returned channel as [`Msg::SyncProgress`] and [`Msg::SyncFinished`].
pub fn start(db: PathBuf) -> Receiver<Msg> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        let outcome = run(db, &sender);
        let _ = sender.send(Msg::SyncFinished(outcome));
    });
    receiver
}

fn run(db: PathBuf, sender: &Sender<Msg>) -> Result<String, String> {
    let mut store = Store::open(&db).map_err(|e| crate::tui::words::error(&e))?;
    let settings =
        service::sync::central_settings(&store).map_err(|e| crate::tui::words::error(&e))?;
    // The same connection as the last `fairfloor sync`: its certificate file and proxy too.
    let options = SyncOptions::from_settings(&settings);
    let token = settings
        .token
        .or_else(|| std::env::var("FAIRFLOOR_SYNC_TOKEN").ok());
    let url = settings.url;
    let (Some(url), Some(token)) = (url, token) else {
        return Err(
            "this laptop has not synced yet. Run fairfloor sync --central URL --token TOKEN once in a terminal; after that, s here syncs"
                .to_string(),
        );
    };
    let report = service::sync::sync(&mut store, &url, &token, &options, &mut |event| {
        let _ = sender.send(Msg::SyncProgress(event.clone()));
    })
    .map_err(|e| crate::tui::words::error(&e))?
    .report;
    let mut text = if report.sent == 0 {
        "Nothing to sync: the central service has every change.".to_string()
    } else {
        format!("Synced {}.", changes(report.sent as i64))
    };
    if report.rejected > 0 {
        text.push_str(&format!(
            " {} rejected — run fairfloor doctor.",
            grouped(report.rejected as i64)
        ));
    }
    if report.reidentified.is_some() {
        text.push_str(
            " This database was a copy of another laptop's: it now syncs as a new laptop — run fairfloor doctor.",
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use std::time::Duration;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_header_says_what_waits_when_it_last_synced_and_what_was_rejected() {
        let tz = chrono_tz::Europe::London;
        let status = |unsynced, rejected, last: Option<&str>| SyncStatus {
            unsynced,
            rejected,
            last_sync_at: last.map(at),
            last_error: None,
        };
        // Summer time: 13:02 UTC is 14:02 in London.
        let words = |status: SyncStatus| summary(Some(status.unsynced), Some(&status), tz);
        // Summer time: 13:02 UTC is 14:02 in London.
        let w = words(status(312, 0, Some("2026-06-01T13:02:00Z")));
        assert_eq!(
            (w.full.as_str(), w.short.as_str(), w.rejected),
            ("312 changes to sync · last sync 14:02", "312 to sync", None)
        );
        let w = words(status(0, 0, Some("2026-06-01T13:02:00Z")));
        assert_eq!(
            (w.full.as_str(), w.short.as_str()),
            ("all synced 14:02", "synced 14:02")
        );
        let w = words(status(1, 0, None));
        assert_eq!(w.full, "1 change to sync · never synced");
        let w = words(status(0, 2, Some("2026-06-01T13:02:00Z")));
        assert_eq!(
            w.rejected.as_deref(),
            Some("2 changes rejected by the central service — run fairfloor doctor")
        );
        assert_eq!(summary(Some(4), None, tz).full, "4 changes to sync");
        assert_eq!(summary(None, None, tz), SyncWords::default());
    }

    #[test]
    fn a_running_sync_shows_progress_and_the_wait_after_a_failure() {
        let mut run = SyncRun::default();
        assert_eq!(run.text(), "Syncing: reaching the central service…");
        run.update(&SyncEvent::Progress {
            sent: 4000,
            total: 12345,
        });
        assert_eq!(run.text(), "Syncing: sent 4,000 of 12,345 changes…");
        run.update(&SyncEvent::Retrying {
            attempt: 2,
            attempts: 8,
            delay: Duration::from_millis(1500),
            reason: "connection refused".into(),
        });
        assert_eq!(
            run.text(),
            "Syncing: connection refused; trying again in 2 s (try 3 of 8)"
        );
        run.update(&SyncEvent::Progress {
            sent: 6000,
            total: 12345,
        });
        assert_eq!(run.text(), "Syncing: sent 6,000 of 12,345 changes…");
    }

    mod screens {
        use super::*;
        use crate::content::Content;
        use crate::domain::{Event, Staff, StaffRole};
        use crate::tui::Program;
        use crate::tui::staff::{Effect, StaffApp};
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;

        fn key(c: char) -> Msg {
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        }

        fn coordinator_app(width: u16, height: u16, status: SyncStatus) -> StaffApp {
            let event = Event {
                id: "event-1".into(),
                name: "Leeds Jobs Fair".into(),
                venue: "First Direct Arena".into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
                timezone: chrono_tz::Europe::London,
                demo: false,
            };
            let priya = Staff {
                id: "c1".into(),
                name: "Priya Shah".into(),
                role: StaffRole::Coordinator,
            };
            let mut app = StaffApp::new(
                Content::load().unwrap(),
                event,
                vec![priya.clone()],
                None,
                at("2026-06-01T14:30:00Z"),
            );
            app.update(Msg::Resize(width, height));
            app.update(Msg::SignedIn(priya));
            app.update(Msg::Candidates(Vec::new()));
            app.update(Msg::SyncStatus(status));
            app
        }

        fn draw(app: &StaffApp, width: u16, height: u16) -> Terminal<TestBackend> {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|frame| app.render(frame)).unwrap();
            terminal
        }

        fn waiting_and_rejected() -> SyncStatus {
            SyncStatus {
                unsynced: 312,
                rejected: 2,
                last_sync_at: Some(at("2026-06-01T13:02:00Z")),
                last_error: None,
            }
        }

        #[test]
        fn snapshot_queue_with_sync_status_120x30() {
            let app = coordinator_app(120, 30, waiting_and_rejected());
            insta::assert_snapshot!(draw(&app, 120, 30).backend());
        }

        #[test]
        fn snapshot_queue_with_sync_status() {
            // Too narrow for the whole phrase: the short one, and the warning still shows.
            let app = coordinator_app(80, 24, waiting_and_rejected());
            crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
        }

        #[test]
        fn s_on_the_dashboard_starts_one_sync_shows_progress_and_then_the_result() {
            let mut app = coordinator_app(100, 30, waiting_and_rejected());
            assert_eq!(app.update(key('d')), vec![Effect::WatchDashboard]);
            app.update(Msg::Dashboard {
                rows: Box::default(),
                people: Vec::new(),
            });
            assert_eq!(app.update(key('s')), vec![Effect::StartSync]);
            // A second press while it runs starts nothing.
            assert_eq!(app.update(key('s')), Vec::<Effect>::new());
            assert_eq!(
                app.notice(),
                Some(("A sync is already running; its progress shows below.", true))
            );
            app.update(Msg::SyncProgress(SyncEvent::Connected {
                url: "https://central.test".into(),
            }));
            app.update(Msg::SyncProgress(SyncEvent::Progress {
                sent: 2000,
                total: 12345,
            }));
            assert_eq!(
                app.sync_run().map(SyncRun::text).as_deref(),
                Some("Syncing: sent 2,000 of 12,345 changes…")
            );
            // The notice from the second press hides the progress line until it is cleared.
            app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
            app.update(key('d'));
            app.update(Msg::Dashboard {
                rows: Box::default(),
                people: Vec::new(),
            });
            insta::assert_snapshot!(draw(&app, 100, 30).backend());
            let effects = app.update(Msg::SyncFinished(Ok("Synced 12,345 changes.".into())));
            assert_eq!(effects, vec![Effect::Reload]);
            assert_eq!(app.sync_run(), None);
            assert_eq!(app.notice(), Some(("Synced 12,345 changes.", false)));
            // A failed sync says why, and another can be started.
            assert_eq!(app.update(key('s')), vec![Effect::StartSync]);
            app.update(Msg::SyncFinished(Err("the centre is down".into())));
            assert_eq!(
                app.notice(),
                Some(("Sync stopped: the centre is down", true))
            );
        }
    }

    #[test]
    fn a_laptop_that_never_synced_is_told_how_to_start() {
        let (dir, store, _) = crate::store::test_store();
        let path = store.path().to_path_buf();
        drop(store);
        let receiver = start(path);
        let message = receiver.recv_timeout(Duration::from_secs(10)).unwrap();
        let Msg::SyncFinished(Err(text)) = message else {
            panic!("expected a failed sync, got {message:?}");
        };
        assert!(
            text.contains("Run fairfloor sync --central URL --token TOKEN once"),
            "{text}"
        );
        drop(dir);
    }
}
