//! The screens. Each app (the kiosk, the staff screens) is a state machine:
//! input becomes a message, `update` changes the state and returns effects for the shell to
//! carry out (saving, checking a PIN), and `render` draws the state and does nothing else.
//! So every screen can be driven in tests with no terminal at all.

pub mod kiosk;
pub mod staff;
pub mod terminal;
pub mod widgets;
pub mod words;

/// Snapshots a screen at 80×24, the size the README promises, and at 120×40 (the second with
/// the suffix `@120x40`), so that no screen is checked at one size only (issue 14). `$render`
/// draws the screen at a width and height and gives its text.
#[cfg(test)]
macro_rules! assert_screen_sizes {
    ($render:expr) => {{
        let render = $render;
        insta::assert_snapshot!(render(80, 24));
        insta::with_settings!({ snapshot_suffix => "120x40" }, {
            insta::assert_snapshot!(render(120, 40));
        });
    }};
    ($name:expr, $render:expr) => {{
        let render = $render;
        insta::assert_snapshot!($name, render(80, 24));
        insta::with_settings!({ snapshot_suffix => "120x40" }, {
            insta::assert_snapshot!($name, render(120, 40));
        });
    }};
}
#[cfg(test)]
pub(crate) use assert_screen_sizes;

use chrono::{DateTime, Utc};
use crossterm::event::Event;
use ratatui::Frame;

/// A state machine the [`terminal::run`] loop can drive.
pub trait Program {
    type Msg;
    type Effect;

    /// Turns a terminal event into a message, or ignores it.
    fn input(&self, event: Event) -> Option<Self::Msg>;
    /// The message sent on every tick of the clock, so timers and live views move on.
    fn tick(&self, now: DateTime<Utc>) -> Self::Msg;
    /// Changes the state; returns what the shell should do.
    fn update(&mut self, msg: Self::Msg) -> Vec<Self::Effect>;
    /// Draws the state. Must not change it.
    fn render(&self, frame: &mut Frame);
    /// True once the program has finished.
    fn finished(&self) -> bool;
    /// Whether a paste arrives as one `Event::Paste` (bracketed paste) rather than as keys.
    /// Where a pasted line break would be an Enter that answers a question, it must.
    fn pastes_whole(&self) -> bool {
        false
    }
}
