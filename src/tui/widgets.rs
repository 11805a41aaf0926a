//! Small reusable pieces of screen, shared by the kiosk and the staff screens.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget, Wrap};
use tui_input::Input;

use crate::domain::text::visible;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// True when `area` is big enough; otherwise draws a "please enlarge" message instead.
pub fn fits(frame: &mut Frame, min_width: u16, min_height: u16) -> bool {
    let area = frame.area();
    if area.width >= min_width && area.height >= min_height {
        return true;
    }
    let message = Text::from(vec![
        Line::from("Please make this window bigger.").bold(),
        Line::from(format!(
            "It needs at least {min_width} × {min_height}; it is {} × {}.",
            area.width, area.height
        )),
    ]);
    frame.render_widget(
        Paragraph::new(message).wrap(Wrap { trim: true }).centered(),
        area,
    );
    false
}

/// A column of at most `max_width`, centred in `area`, with a margin.
pub fn centred_column(area: Rect, max_width: u16) -> Rect {
    let width = max_width.min(area.width.saturating_sub(4)).max(1);
    let [column] = Layout::horizontal([Constraint::Length(width)])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    column
}

/// GOV.UK-style error summary: a red-bordered box with a heading and each problem.
/// Says "Error:" in words, so it does not rely on colour alone.
pub struct ErrorSummary<'a> {
    pub title: &'a str,
    pub messages: &'a [String],
}

impl ErrorSummary<'_> {
    /// The messages of a form's `(box, message)` errors, in order, for a summary.
    pub fn messages_of<F>(errors: &[(F, String)]) -> Vec<String> {
        errors.iter().map(|(_, message)| message.clone()).collect()
    }

    /// Rows the summary takes at `width`: none when there is nothing to say.
    pub fn height_if_any(&self, width: u16) -> u16 {
        if self.messages.is_empty() {
            0
        } else {
            self.height(width)
        }
    }

    pub fn height(&self, width: u16) -> u16 {
        let inner = width.saturating_sub(4).max(1) as usize;
        let lines: usize = self
            .messages
            .iter()
            .map(|m| (m.chars().count() + 7).div_ceil(inner).max(1))
            .sum();
        lines as u16 + 3
    }
}

impl Widget for ErrorSummary<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Thick)
            .border_style(Style::default().fg(Color::Red))
            .title(Span::from(format!(" {} ", self.title)).bold());
        let lines: Vec<Line> = self
            .messages
            .iter()
            .map(|m| {
                Line::from(vec![
                    Span::from("Error: ").bold().red(),
                    Span::from(m.as_str()),
                ])
            })
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
    }
}

/// A one-line notice under a staff screen: what just happened (bold), or what went wrong
/// ("Error: " in bold red, then the words). Control characters in the words are made visible.
pub fn notice_line(text: &str, error: bool) -> Line<'static> {
    let text = crate::domain::text::visible(text).into_owned();
    if error {
        Line::from(vec![Span::from("Error: ").bold().red(), Span::from(text)])
    } else {
        Line::from(Span::from(text).bold())
    }
}

/// A list of radio buttons or checkboxes, one per line, drawn with the state in text
/// ("(•)" / "[x]") as well as highlight, for screen magnifiers and colour-blind readers.
pub struct ChoiceList<'a> {
    pub labels: &'a [String],
    pub chosen: &'a [bool],
    pub cursor: Option<usize>,
    pub multiple: bool,
}

impl ChoiceList<'_> {
    /// The first line to draw so the cursor stays in view.
    fn first_visible(&self, height: usize) -> usize {
        match self.cursor {
            Some(cursor) if cursor >= height => cursor + 1 - height,
            _ => 0,
        }
    }
}

impl Widget for ChoiceList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let height = area.height as usize;
        let first = self.first_visible(height);
        let lines: Vec<Line> = self
            .labels
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, label)| {
                let on = self.chosen.get(i).copied().unwrap_or(false);
                let mark = match (self.multiple, on) {
                    (true, true) => "[x]",
                    (true, false) => "[ ]",
                    (false, true) => "(•)",
                    (false, false) => "( )",
                };
                let pointer = if self.cursor == Some(i) { "▶ " } else { "  " };
                let text = format!("{pointer}{mark} {}. {}", i + 1, visible(label));
                let style = if self.cursor == Some(i) {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else if on {
                    Style::default().add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                Line::styled(text, style)
            })
            .collect();
        Paragraph::new(lines).render(area, buf);
    }
}

/// A bordered one-line text box. Shows the cursor when focused; `masked` hides digits of a PIN.
pub struct TextField<'a> {
    pub label: &'a str,
    pub input: &'a Input,
    pub focused: bool,
    pub masked: bool,
    pub error: bool,
}

impl TextField<'_> {
    pub const HEIGHT: u16 = 3;

    /// Draws the field and, when focused, places the terminal cursor in it.
    pub fn render(self, frame: &mut Frame, area: Rect) {
        let inner_width = area.width.saturating_sub(2) as usize;
        let scroll = self.input.visual_scroll(inner_width.saturating_sub(1));
        let shown: String = if self.masked {
            "•".repeat(self.input.value().chars().count())
        } else {
            visible(self.input.value()).into_owned()
        };
        let border = if self.error {
            Style::default().fg(Color::Red)
        } else if self.focused {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(if self.focused || self.error {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(border)
            .title(self.label);
        frame.render_widget(
            Paragraph::new(shown)
                .scroll((0, scroll as u16))
                .block(block),
            area,
        );
        if self.focused {
            let x = self.input.visual_cursor().saturating_sub(scroll) as u16;
            frame.set_cursor_position(Position::new(
                (area.x + 1 + x).min(area.right().saturating_sub(2)),
                area.y + 1,
            ));
        }
    }
}

/// A bordered text box that wraps what is typed over several rows, for notes that run to a few
/// sentences. Unfocused it shows the start; focused, the rows around the cursor. Every character
/// typed is on some row: nothing is hidden off to the side as in a one-line box.
pub struct WrappedTextField<'a> {
    pub label: &'a str,
    pub input: &'a Input,
    pub focused: bool,
}

impl WrappedTextField<'_> {
    /// The box's height for `rows` rows of text.
    pub const fn height(rows: u16) -> u16 {
        rows + 2
    }

    pub fn render(self, frame: &mut Frame, area: Rect) {
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        let rows_shown = usize::from(area.height.saturating_sub(2)).max(1);
        let text: Vec<char> = visible(self.input.value()).chars().collect();
        let rows = wrap_ranges(&text, width);
        let cursor = self.input.cursor().min(text.len());
        let cursor_row = rows
            .iter()
            .position(|r| cursor < r.end || (cursor == r.end && r.end == text.len()))
            .unwrap_or(rows.len() - 1);
        let first = if self.focused {
            (cursor_row + 1).saturating_sub(rows_shown)
        } else {
            0
        };
        let lines: Vec<Line> = rows
            .iter()
            .skip(first)
            .take(rows_shown)
            .map(|r| Line::from(text[r.clone()].iter().collect::<String>()))
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(if self.focused {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(if self.focused {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default().add_modifier(Modifier::DIM)
            })
            .title(self.label);
        frame.render_widget(Paragraph::new(lines).block(block), area);
        if self.focused {
            let column = cursor - rows[cursor_row].start;
            frame.set_cursor_position(Position::new(
                (area.x + 1 + column as u16).min(area.right().saturating_sub(2)),
                area.y + 1 + (cursor_row - first) as u16,
            ));
        }
    }
}

/// Splits `text` into rows at most `width` characters wide, breaking after a space where one
/// is near (else mid-word), keeping every character: row `i` is `text[ranges[i]]`.
fn wrap_ranges(text: &[char], width: usize) -> Vec<std::ops::Range<usize>> {
    let mut rows = Vec::new();
    let mut start = 0;
    while text.len() - start > width {
        let window = &text[start..start + width];
        let cut = match window.iter().rposition(|c| c.is_whitespace()) {
            Some(space) if space > 0 => start + space + 1,
            _ => start + width,
        };
        rows.push(start..cut);
        start = cut;
    }
    rows.push(start..text.len());
    rows
}

/// The key hints at the bottom of a screen, each kept whole on a line (never "Press" on one
/// line and "Esc to go back" on the next), as [`hint_lines`] packs them.
pub fn key_hints(frame: &mut Frame, area: Rect, hints: &[&str]) {
    let hints: Vec<&str> = hints.iter().copied().filter(|h| !h.is_empty()).collect();
    let lines: Vec<Line> = hint_lines(&hints, area.width)
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(
        Paragraph::new(lines).style(Style::default().add_modifier(Modifier::DIM)),
        area,
    );
}

/// The hints packed into lines of at most `width` characters, two spaces between, never splitting
/// a hint across lines; a hint wider than a line (a question) is wrapped at its spaces.
pub fn hint_lines(keys: &[&str], width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let mut current = String::new();
    for key in keys {
        let len = key.chars().count();
        let used = current.chars().count();
        if !current.is_empty() && used + 2 + len > width {
            lines.push(std::mem::take(&mut current));
        }
        if len > width {
            lines.extend(wrap_words(key, width));
            continue;
        }
        if !current.is_empty() {
            current.push_str("  ");
        }
        current.push_str(key);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word is split).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let used = current.chars().count();
        if !current.is_empty() && used + 1 + word.len() > width {
            lines.push(std::mem::take(&mut current));
        }
        while word.len() > width {
            lines.push(word.drain(..width).collect());
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.extend(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// How many lines `text` takes when wrapped to `width` (close enough for laying out paragraphs).
pub fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = width.max(1) as usize;
    let mut lines = 0usize;
    let mut current = 0usize;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if current == 0 || current + 1 + len > width {
            current = len;
            lines += 1;
        } else {
            current += 1 + len;
        }
        while current > width {
            current -= width;
            lines += 1;
        }
    }
    lines.max(1) as u16
}

/// Formats a wait as people say it: "4 min", "1 h 05".
/// Types a key into a text box that holds at most `max` characters (deleting always works).
pub fn edit_bounded(input: &mut Input, key: crossterm::event::KeyEvent, max: usize) {
    use crossterm::event::{Event, KeyCode};
    if input.value().chars().count() >= max
        && !matches!(key.code, KeyCode::Backspace | KeyCode::Delete)
    {
        return;
    }
    if let Some(request) = tui_input::backend::crossterm::to_input_request(&Event::Key(key)) {
        input.handle(request);
    }
}

pub fn wait_label(minutes: i64) -> String {
    match minutes {
        m if m < 0 => "0 min".to_string(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02}", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_label(4), "4 min");
        assert_eq!(wait_label(65), "1 h 05");
        assert_eq!(wait_label(-3), "0 min");
    }

    #[test]
    fn wrapped_rows_keep_every_character_and_break_after_spaces() {
        let text: Vec<char> = "Organised a rota for her gran's care".chars().collect();
        let rows: Vec<String> = wrap_ranges(&text, 12)
            .into_iter()
            .map(|r| text[r].iter().collect())
            .collect();
        assert_eq!(rows, ["Organised a ", "rota for ", "her gran's ", "care"]);
        assert_eq!(rows.concat(), text.iter().collect::<String>());
        let long: Vec<char> = "abcdefghij".chars().collect();
        assert_eq!(wrap_ranges(&long, 4), vec![0..4, 4..8, 8..10]);
        assert_eq!(wrap_ranges(&[], 4), vec![0..0]);
    }

    #[test]
    fn wrapped_height_counts_lines() {
        assert_eq!(wrapped_height("one two three", 7), 2);
        assert_eq!(wrapped_height("", 10), 1);
        assert_eq!(wrapped_height("abcdefghij", 4), 3);
    }

    #[test]
    fn the_choice_list_scrolls_to_keep_the_cursor_in_view() {
        let labels: Vec<String> = (1..=10).map(|i| format!("Option {i}")).collect();
        let chosen = vec![false; 10];
        let list = ChoiceList {
            labels: &labels,
            chosen: &chosen,
            cursor: Some(9),
            multiple: false,
        };
        assert_eq!(list.first_visible(4), 6);
    }
}
