//! The thin shell between a [`Program`] and a real terminal.

use std::time::Duration;

use anyhow::Result;
use crossterm::event;

use super::Program;

/// How often the clock ticks: fast enough for countdowns and for another process's
/// registration to show up well within a second.
pub const TICK: Duration = Duration::from_millis(250);

/// Restores the terminal when dropped, on every way out of the loop (including `?`).
/// `ratatui::init` also installs a panic hook that restores it before a panic message prints.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Runs `program` full-screen until it finishes. `perform` carries out each effect and may answer
/// with a message; `poll` runs on every tick and may report outside changes (another process).
pub fn run<P: Program>(
    program: &mut P,
    mut perform: impl FnMut(P::Effect) -> Option<P::Msg>,
    mut poll: impl FnMut() -> Option<P::Msg>,
) -> Result<()> {
    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    let mut next_tick = std::time::Instant::now();
    while !program.finished() {
        terminal.draw(|frame| program.render(frame))?;
        let wait = next_tick.saturating_duration_since(std::time::Instant::now());
        let msg = if event::poll(wait)? {
            program.input(event::read()?)
        } else {
            next_tick = std::time::Instant::now() + TICK;
            let outside = poll();
            if let Some(msg) = outside {
                dispatch(program, msg, &mut perform);
            }
            Some(program.tick(chrono::Utc::now()))
        };
        if let Some(msg) = msg {
            dispatch(program, msg, &mut perform);
        }
    }
    Ok(())
}

/// Feeds a message in, then the answers to its effects, until nothing is left to do.
pub fn dispatch<P: Program>(
    program: &mut P,
    msg: P::Msg,
    perform: &mut impl FnMut(P::Effect) -> Option<P::Msg>,
) {
    let mut pending = vec![msg];
    while let Some(msg) = pending.pop() {
        for effect in program.update(msg) {
            if let Some(answer) = perform(effect) {
                pending.push(answer);
            }
        }
    }
}
