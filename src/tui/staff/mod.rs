//! The staff screens: sign in, the live queue, a candidate's details, the walk-in form, and the
//! coordinator's screens (the dashboard, the staff list).
//!
//! [`StaffApp`] is the state machine ([`Program`]): keys and the clock come in as [`Msg`]s,
//! `update` changes the state and asks for [`Effect`]s (check a PIN, save a status, register a
//! walk-in), and `render` only draws. [`Shell`] carries the effects out against the [`Store`],
//! and notices other processes' commits (the kiosk) through `PRAGMA data_version`.

mod app;
pub mod contact;
pub mod dashboard;
pub mod detail;
pub mod hints;
pub mod interview;
mod jobs;
mod message;
pub mod offer;
pub mod queue;
mod shell;
pub mod sign_in;
pub mod syncing;
pub mod team;
pub mod walk_in;

use std::cell::RefCell;

use chrono::Utc;

use crate::content::Content;
use crate::screening::ScriptLibrary;
use crate::service::floor;
use crate::store::Store;
use crate::tui::Program;

pub use app::StaffApp;
pub use message::{Effect, Msg, Pin};
pub use shell::Shell;

/// Runs the staff screens on the real terminal until someone presses Ctrl-C.
/// `scripts_dir` holds extra or replacement screening scripts (`*.toml`) besides the built-in ones
/// and those in the content's fair pack.
pub fn run(
    store: Store,
    content: Content,
    scripts_dir: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let floor::Opening {
        event,
        staff,
        first_run_hint,
        blind,
    } = floor::opening(&store)?;
    let scripts = ScriptLibrary::load_with_pack(
        content.pack_scripts_dir().as_deref(),
        scripts_dir.as_deref(),
        &content.roles,
    );
    let shell = RefCell::new(Shell::new(store, event.clone(), content.clone()));
    let mut app = StaffApp::new(content, event, staff, first_run_hint, Utc::now())
        .with_scripts(scripts, blind);
    let mut perform = |effect| shell.borrow_mut().perform(effect);
    if let Ok((width, height)) = crossterm::terminal::size() {
        app.update(Msg::Resize(width, height));
    }
    let first = shell.borrow().refresh();
    crate::tui::terminal::dispatch(&mut app, first, &mut perform);
    crate::tui::terminal::run(&mut app, perform, || shell.borrow_mut().poll())
}

#[cfg(test)]
pub(crate) mod tests;
