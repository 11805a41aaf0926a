//! The key hints at the foot of every staff screen, packed into as many lines as they need: at
//! 80 columns (the size the README promises) no key is dropped and no prompt is cut, so every
//! key can be found and a question is always read before it is answered.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub use crate::tui::widgets::hint_lines;

/// Rows [`hint_line`] needs for `keys` at `width` columns: give the hint area this height.
pub fn hint_height(keys: &[&str], width: u16) -> u16 {
    u16::try_from(hint_lines(keys, width).len()).unwrap_or(u16::MAX)
}

/// Draws the key hints, dimmed, wrapped as [`hint_lines`] packs them; an area shorter than
/// [`hint_height`] shows the first lines (the most used keys come first).
pub fn hint_line(frame: &mut Frame, area: Rect, keys: &[&str]) {
    draw(
        frame,
        area,
        keys,
        Style::default().add_modifier(Modifier::DIM),
    );
}

/// A yes/no question in the hint area, bold and wrapped like the hints, so it is never dropped.
pub fn prompt_line(frame: &mut Frame, area: Rect, question: &str) {
    draw(
        frame,
        area,
        &[question],
        Style::default().add_modifier(Modifier::BOLD),
    );
}

fn draw(frame: &mut Frame, area: Rect, keys: &[&str], style: Style) {
    let lines: Vec<Line> = hint_lines(keys, area.width)
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines).style(style), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_that_do_not_fit_go_to_the_next_line_whole() {
        let keys = ["s interview", "o offer", "q sign out", "Ctrl-C quit"];
        assert_eq!(
            hint_lines(&keys, 30),
            vec!["s interview  o offer", "q sign out  Ctrl-C quit"]
        );
        assert_eq!(hint_height(&keys, 30), 2);
        assert_eq!(hint_height(&keys, 80), 1);
        assert_eq!(hint_height(&[], 80), 1);
    }

    #[test]
    fn a_question_wider_than_the_line_wraps_at_its_spaces() {
        let question = "Give this candidate back to the queue? y yes";
        assert_eq!(
            hint_lines(&["a b", question, "c d"], 20),
            vec![
                "a b",
                "Give this candidate",
                "back to the queue? y",
                "yes",
                "c d"
            ]
        );
        assert_eq!(hint_lines(&["abcdefgh"], 3), vec!["abc", "def", "gh"]);
    }
}
