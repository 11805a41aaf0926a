//! The thin shell between a [`Program`] and a real terminal.

use std::time::Duration;

use anyhow::Result;
use crossterm::event;

use super::Program;

/// How often the clock ticks: fast enough for countdowns and for another process's
/// registration to show up well within a second.
pub const TICK: Duration = Duration::from_millis(250);

/// Restores the terminal when dropped, on every way out of the loop (including `?` and a
/// panic's unwinding). `ratatui::init` also installs a panic hook that restores it before a
/// panic message prints.
struct TerminalGuard {
    bracketed_paste: bool,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.bracketed_paste {
            let _ = crossterm::execute!(std::io::stdout(), event::DisableBracketedPaste);
        }
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
    let bracketed_paste = program.pastes_whole()
        && crossterm::execute!(std::io::stdout(), event::EnableBracketedPaste).is_ok();
    let _guard = TerminalGuard { bracketed_paste };
    let no_colour = wants_no_colour(std::env::var_os("NO_COLOR").as_deref());
    let mut next_tick = std::time::Instant::now();
    while !program.finished() {
        terminal.draw(|frame| {
            program.render(frame);
            if no_colour {
                without_colour(frame.buffer_mut());
            }
        })?;
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

/// Whether the `NO_COLOR` convention (no-color.org) asks for no colour: set and not empty.
fn wants_no_colour(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Takes the colours out of a drawn frame, keeping bold, reverse and underline: every screen
/// marks what matters with those too (an error says "Error:" in bold, the chosen tab is in
/// brackets), so nothing is lost without colour. A QR code's dark-on-light cells stay: they are
/// the code itself, which a phone reads only dark on light.
fn without_colour(buffer: &mut ratatui::buffer::Buffer) {
    use crate::qr::{DARK, LIGHT};
    use ratatui::style::Color;
    let qr = |colour: Color| colour == DARK || colour == LIGHT;
    for cell in &mut buffer.content {
        if qr(cell.fg) && qr(cell.bg) {
            continue;
        }
        cell.set_fg(Color::Reset);
        cell.set_bg(Color::Reset);
    }
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

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier, Style};

    use super::*;

    #[test]
    fn no_colour_keeps_the_text_and_its_emphasis() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(
            0,
            0,
            "Error: no",
            Style::default()
                .fg(Color::Red)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
        );
        without_colour(&mut buffer);
        let cell = &buffer[(0, 0)];
        assert_eq!(
            (cell.symbol(), cell.fg, cell.bg),
            ("E", Color::Reset, Color::Reset)
        );
        assert!(cell.modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn no_colour_leaves_a_qr_code_dark_on_light() {
        use crate::qr::{DARK, LIGHT};
        let mut buffer = Buffer::empty(Rect::new(0, 0, 2, 1));
        buffer[(0, 0)].set_symbol("▀").set_fg(DARK).set_bg(LIGHT);
        buffer[(1, 0)].set_symbol("▄").set_fg(LIGHT).set_bg(DARK);
        let before = buffer.clone();
        without_colour(&mut buffer);
        assert_eq!(buffer, before);
    }

    #[test]
    fn no_color_set_to_anything_but_empty_asks_for_none() {
        assert!(wants_no_colour(Some(std::ffi::OsStr::new("1"))));
        assert!(!wants_no_colour(Some(std::ffi::OsStr::new(""))));
        assert!(!wants_no_colour(None));
    }
}
