//! The queue: everyone registered at the event, filtered and searched, drawn a screenful at a time.
//!
//! The filtered list is kept in state as indices into the rows, recomputed in `update` only when
//! the rows, the search or the filter change, so drawing 50,000 candidates costs no more than
//! drawing twenty.

use chrono::{DateTime, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::content::Content;
use crate::domain::screening::Recommendation;
use crate::domain::text::{truncate, visible};
use crate::domain::{RightToWork, Status};
use crate::store::QueueRow;
use crate::tui::widgets::{notice_line, wait_label};

// Kept at this path for the screens that import it from here.
pub use super::hints::{hint_height, hint_line};

/// Which candidates the table shows, cycled with Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    Waiting,
    Booked,
    Screened,
    NoShow,
    All,
}

impl Filter {
    pub const ALL: [Filter; 5] = [
        Filter::Waiting,
        Filter::Booked,
        Filter::Screened,
        Filter::NoShow,
        Filter::All,
    ];

    pub fn next(self) -> Self {
        let at = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }

    pub fn prev(self) -> Self {
        let at = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(at + Self::ALL.len() - 1) % Self::ALL.len()]
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::Waiting => "Waiting",
            Filter::Booked => "Booked",
            Filter::Screened => "Screened",
            Filter::NoShow => "No-show",
            Filter::All => "All",
        }
    }

    /// Waiting means still to be seen: in interview counts, an interview finished does not.
    fn admits(self, row: &QueueRow) -> bool {
        match self {
            Filter::Waiting => row.status == Status::Waiting && row.decision.is_none(),
            Filter::Booked => row.status == Status::Booked,
            Filter::Screened => row.decision.is_some(),
            Filter::NoShow => row.status == Status::NoShow,
            Filter::All => true,
        }
    }
}

/// A decision in the queue's narrow column.
pub fn decision_label(decision: Recommendation) -> &'static str {
    match decision {
        Recommendation::Offer => "Offer",
        Recommendation::SecondOpinion => "2nd op.",
        Recommendation::NotProgressing => "Not prog.",
    }
}

/// How a status reads on the staff screens.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Waiting => "Waiting",
        Status::Booked => "Booked",
        Status::NoShow => "No-show",
    }
}

/// The right-to-work answer in one short word or two.
pub fn right_to_work_label(answer: Option<RightToWork>) -> &'static str {
    match answer {
        Some(RightToWork::Yes) => "Yes",
        Some(RightToWork::No) => "No",
        Some(RightToWork::NotSure) => "Not sure",
        None => "-",
    }
}

/// A short form of a role title for the dense table: the first word, or the first two when the
/// first is a number ("111 call handler" → "111 call").
fn short_title(title: &str) -> String {
    let mut words = title.split_whitespace();
    match words.next() {
        Some(first) if first.chars().all(|c| c.is_ascii_digit()) => match words.next() {
            Some(second) => format!("{first} {second}"),
            None => first.to_string(),
        },
        Some(first) => first.to_string(),
        None => String::new(),
    }
}

/// The roles column: full titles when they fit in `width`, short ones when not.
fn roles_text(content: &Content, codes: &[String], width: usize) -> String {
    let full = content.roles.titles(codes).join(", ");
    if full.chars().count() <= width {
        return full;
    }
    content
        .roles
        .titles(codes)
        .iter()
        .map(|t| short_title(t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a row is searched by, worked out once when the rows arrive.
#[derive(Debug, Clone)]
struct SearchKey {
    /// Ticket, full name and email, lower-cased and separated so a query cannot span two.
    text: String,
    /// The phone number's digits, "+447700900982" → "447700900982".
    phone: String,
}

impl SearchKey {
    fn of(row: &QueueRow) -> Self {
        let text = format!(
            "{}\u{1}{} {}\u{1}{}",
            row.ticket,
            row.given_name,
            row.family_name,
            row.email.as_deref().unwrap_or("")
        )
        .to_lowercase();
        let phone = row
            .phone
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        Self { text, phone }
    }
}

/// A search as typed, prepared for matching.
struct Query {
    text: String,
    /// Set when the query looks like a phone number: its digits in international form.
    phone: Option<String>,
}

impl Query {
    fn parse(typed: &str) -> Self {
        let text = typed.trim().to_lowercase();
        let phonelike = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let phone = (phonelike && digits.len() >= 4).then(|| {
            if let Some(rest) = digits.strip_prefix("00") {
                rest.to_string()
            } else if let Some(rest) = digits.strip_prefix('0') {
                format!("44{rest}")
            } else {
                digits.clone()
            }
        });
        Self { text, phone }
    }

    fn matches(&self, key: &SearchKey) -> bool {
        if self.text.is_empty() {
            return true;
        }
        key.text.contains(&self.text)
            || self
                .phone
                .as_deref()
                .is_some_and(|digits| !key.phone.is_empty() && key.phone.contains(digits))
    }
}

/// How many candidates are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub waiting: usize,
    pub booked: usize,
    pub screened: usize,
    pub no_show: usize,
    pub all: usize,
}

impl Counts {
    fn of(&self, filter: Filter) -> usize {
        match filter {
            Filter::Waiting => self.waiting,
            Filter::Booked => self.booked,
            Filter::Screened => self.screened,
            Filter::NoShow => self.no_show,
            Filter::All => self.all,
        }
    }
}

/// What a key in the queue asks the app to do beyond moving around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueAction {
    None,
    Open(String),
    WalkIn,
    NoShow,
    Arrived,
    /// Start (or resume) an interview with the selected candidate.
    Interview,
    /// Open the selected candidate's offer, or make it.
    Offer,
    /// Open the coordinator's dashboard (the app refuses recruiters).
    Dashboard,
    /// Open the coordinator's staff list (the app refuses recruiters).
    Staff,
    SignOut,
}

/// The queue screen's state.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    rows: Vec<QueueRow>,
    keys: Vec<SearchKey>,
    /// Indices into `rows` that pass the filter and the search, in queue order.
    shown: Vec<usize>,
    filter: Filter,
    search: Input,
    /// The search box has the keyboard.
    searching: bool,
    /// Index into `shown`.
    selected: usize,
    /// First index into `shown` on screen.
    offset: usize,
    counts: Counts,
    /// Select this candidate when they appear (a walk-in just registered).
    select_when_seen: Option<String>,
}

/// Lines the queue uses that are not table rows: three header lines, the column headings,
/// the notice line and the key hints.
const CHROME_LINES: u16 = 6;

/// How many table rows fit in a terminal `height` lines tall.
pub fn page_height(height: u16) -> usize {
    height.saturating_sub(CHROME_LINES).max(1) as usize
}

impl Queue {
    pub fn rows(&self) -> &[QueueRow] {
        &self.rows
    }

    /// The candidates the table shows, in order.
    pub fn shown(&self) -> impl ExactSizeIterator<Item = &QueueRow> + '_ {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    pub fn filter(&self) -> Filter {
        self.filter
    }

    pub fn search_text(&self) -> &str {
        self.search.value()
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    pub fn selected(&self) -> Option<&QueueRow> {
        self.shown.get(self.selected).map(|&i| &self.rows[i])
    }

    /// Replaces the rows (a reload), keeping the selection on the same candidate.
    pub fn set_rows(&mut self, rows: Vec<QueueRow>, page: usize) {
        let keep = self
            .select_when_seen
            .clone()
            .filter(|id| rows.iter().any(|r| &r.id == id))
            .inspect(|_| self.select_when_seen = None)
            .or_else(|| self.selected().map(|r| r.id.clone()));
        self.keys = rows.iter().map(SearchKey::of).collect();
        let count = |filter: Filter| rows.iter().filter(|row| filter.admits(row)).count();
        let counts = Counts {
            waiting: count(Filter::Waiting),
            booked: count(Filter::Booked),
            screened: count(Filter::Screened),
            no_show: count(Filter::NoShow),
            all: rows.len(),
        };
        self.counts = counts;
        self.rows = rows;
        self.refilter(keep.as_deref(), page);
    }

    /// Asks for `id` to be selected once it is in the rows.
    pub fn select_when_seen(&mut self, id: String) {
        self.select_when_seen = Some(id);
    }

    /// Back to the first tab with no search, as a new person signing in expects.
    pub fn reset_view(&mut self) {
        self.filter = Filter::Waiting;
        self.search = Input::default();
        self.searching = false;
        self.selected = 0;
        self.offset = 0;
        self.refilter(None, 1);
    }

    /// Recomputes the shown list, keeping `keep` selected if it is still shown.
    fn refilter(&mut self, keep: Option<&str>, page: usize) {
        let query = Query::parse(self.search.value());
        let filter = self.filter;
        self.shown = self
            .rows
            .iter()
            .zip(&self.keys)
            .enumerate()
            .filter(|(_, (row, key))| filter.admits(row) && query.matches(key))
            .map(|(i, _)| i)
            .collect();
        let found = keep.and_then(|id| self.shown.iter().position(|&i| self.rows[i].id == id));
        self.selected = match found {
            Some(position) => position,
            None => self.selected.min(self.shown.len().saturating_sub(1)),
        };
        self.scroll_to_selection(page);
    }

    fn scroll_to_selection(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let last_start = self.shown.len().saturating_sub(page);
        self.offset = self.offset.min(last_start);
    }

    fn move_to(&mut self, index: usize, page: usize) {
        self.selected = index.min(self.shown.len().saturating_sub(1));
        self.scroll_to_selection(page);
    }

    /// Handles a key; `page` is how many rows the table shows.
    pub fn key(&mut self, key: KeyEvent, page: usize) -> QueueAction {
        // Moving through the list works the same with or without the search box.
        match key.code {
            KeyCode::Up => self.move_to(self.selected.saturating_sub(1), page),
            KeyCode::Down => self.move_to(self.selected + 1, page),
            KeyCode::PageUp => self.move_to(self.selected.saturating_sub(page), page),
            KeyCode::PageDown => self.move_to(self.selected + page, page),
            KeyCode::Tab => {
                self.filter = self.filter.next();
                let keep = self.selected().map(|r| r.id.clone());
                self.refilter(keep.as_deref(), page);
            }
            KeyCode::BackTab => {
                self.filter = self.filter.prev();
                let keep = self.selected().map(|r| r.id.clone());
                self.refilter(keep.as_deref(), page);
            }
            _ if self.searching => return self.search_key(key, page),
            KeyCode::Home => self.move_to(0, page),
            KeyCode::End => self.move_to(usize::MAX, page),
            KeyCode::Esc => self.clear_search(page),
            KeyCode::Enter => {
                if let Some(row) = self.selected() {
                    return QueueAction::Open(row.id.clone());
                }
            }
            KeyCode::Char(c) if plain(key) => match c {
                '/' => self.searching = true,
                'w' => return QueueAction::WalkIn,
                'n' => return QueueAction::NoShow,
                'a' => return QueueAction::Arrived,
                's' => return QueueAction::Interview,
                'o' => return QueueAction::Offer,
                'q' => return QueueAction::SignOut,
                'd' => return QueueAction::Dashboard,
                'm' => return QueueAction::Staff,
                'k' => self.move_to(self.selected.saturating_sub(1), page),
                'j' => self.move_to(self.selected + 1, page),
                'g' => self.move_to(0, page),
                'G' => self.move_to(usize::MAX, page),
                _ => {}
            },
            _ => {}
        }
        QueueAction::None
    }

    fn search_key(&mut self, key: KeyEvent, page: usize) -> QueueAction {
        match key.code {
            KeyCode::Esc => self.clear_search(page),
            KeyCode::Enter => self.searching = false,
            _ => {
                if let Some(request) = to_input_request(&TermEvent::Key(key))
                    && self.search.handle(request).is_some_and(|r| r.value)
                {
                    let keep = self.selected().map(|r| r.id.clone());
                    self.refilter(keep.as_deref(), page);
                }
            }
        }
        QueueAction::None
    }

    fn clear_search(&mut self, page: usize) {
        self.searching = false;
        if !self.search.value().is_empty() {
            self.search = Input::default();
            let keep = self.selected().map(|r| r.id.clone());
            self.refilter(keep.as_deref(), page);
        }
    }
}

/// A key with no modifier but Shift (capital letters).
fn plain(key: KeyEvent) -> bool {
    (key.modifiers - KeyModifiers::SHIFT).is_empty()
}

/// What the header shows besides the queue itself.
pub struct Header<'a> {
    pub event: &'a str,
    pub signed_in: &'a str,
    pub unsynced: Option<i64>,
    /// Where sync stands, once read.
    pub sync: Option<&'a crate::domain::day::SyncStatus>,
    pub timezone: chrono_tz::Tz,
    pub notice: Option<(&'a str, bool)>,
    pub now: DateTime<Utc>,
    /// Coordinators see the dashboard's and the staff list's keys among the hints.
    pub coordinator: bool,
    /// A warning that this laptop's clock looks wrong, shown in the header in place of the
    /// search hint (which the key hints also give) until the clock is right.
    pub clock: Option<&'a str>,
}

/// Draws the queue into the whole frame (already checked to be big enough).
pub fn render(frame: &mut Frame, queue: &Queue, content: &Content, header: &Header<'_>) {
    let area = frame.area();
    // Most used first: a hint that does not fit goes to a second line.
    let keys: Vec<&str> = if queue.searching {
        vec![
            "Type to search",
            "Enter done",
            "Esc clear",
            "↑↓ move",
            "Tab filter",
        ]
    } else {
        let coordinator = header
            .coordinator
            .then_some(["d dashboard", "m staff"])
            .into_iter()
            .flatten();
        ["s interview", "o offer"]
            .into_iter()
            .chain(coordinator)
            .chain([
                "Enter detail",
                "/ search",
                "Tab filter",
                "w walk-in",
                "n no-show",
                "a arrived",
                "q sign out",
                "Ctrl-C quit",
            ])
            .collect()
    };
    let [top, tabs, search, table, notice, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(1),
        Constraint::Length(hint_height(&keys, area.width)),
    ])
    .areas(area);

    two_ends(
        frame,
        top,
        Line::from(Span::from(visible(header.event).into_owned()).bold()),
        Line::from(vec![
            Span::from("Signed in: "),
            Span::from(visible(header.signed_in).into_owned()).bold(),
        ]),
    );

    let mut tab_spans = Vec::new();
    for (i, filter) in Filter::ALL.into_iter().enumerate() {
        if i > 0 {
            tab_spans.push(Span::from("  "));
        }
        let text = format!("{} {}", filter.label(), queue.counts.of(filter));
        if filter == queue.filter {
            tab_spans.push(Span::styled(
                format!("[{text}]"),
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ));
        } else {
            tab_spans.push(Span::from(format!(" {text} ")));
        }
    }
    let words = super::syncing::summary(header.unsynced, header.sync, header.timezone);
    let tab_line = Line::from(tab_spans);
    let room = (tabs.width as usize).saturating_sub(tab_line.width() + 1);
    let sync = if words.full.chars().count() <= room {
        words.full
    } else {
        words.short
    };
    two_ends(frame, tabs, tab_line, Line::from(sync));

    render_search(frame, search, queue, header.clock);
    render_table(frame, table, queue, content, header.now);

    if let Some((text, error)) = header.notice {
        frame.render_widget(Paragraph::new(notice_line(text, error)), notice);
    } else if let Some(rejected) = words.rejected {
        frame.render_widget(Paragraph::new(Span::from(rejected).bold().red()), notice);
    }

    hint_line(frame, hints, &keys);
}

/// One line with `left` at the start and `right` at the end (right wins when short of room).
fn two_ends(frame: &mut Frame, area: Rect, left: Line<'_>, right: Line<'_>) {
    // The left side carries the figures people act on; the right gives way when both do not fit.
    if left.width() + 1 + right.width() > area.width as usize {
        frame.render_widget(Paragraph::new(left), area);
        return;
    }
    let right_width = (right.width() as u16).min(area.width);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)])
        .spacing(1)
        .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right.right_aligned()), r);
}

fn render_search(frame: &mut Frame, area: Rect, queue: &Queue, clock: Option<&str>) {
    if !queue.searching
        && queue.search.value().is_empty()
        && let Some(clock) = clock
    {
        frame.render_widget(
            Paragraph::new(Span::from(visible(clock).into_owned()).bold().red()),
            area,
        );
        return;
    }
    if !queue.searching && queue.search.value().is_empty() {
        frame.render_widget(
            Paragraph::new("Press / to search by name, ticket, email or phone")
                .style(Style::default().add_modifier(Modifier::DIM)),
            area,
        );
        return;
    }
    let label = "Search: ";
    let [label_area, box_area] =
        Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Min(1)])
            .areas(area);
    frame.render_widget(Paragraph::new(label).bold(), label_area);
    let width = box_area.width.saturating_sub(1) as usize;
    let scroll = queue.search.visual_scroll(width);
    let style = if queue.searching {
        Style::default().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::default()
    };
    let shown = visible(queue.search.value()).into_owned();
    let note = if queue.searching {
        String::new()
    } else {
        format!("   ({} found, Esc clears)", queue.shown.len())
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(shown, style),
            Span::from(note).add_modifier(Modifier::DIM),
        ]))
        .scroll((0, scroll as u16)),
        box_area,
    );
    if queue.searching {
        let x = queue.search.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((
            (box_area.x + x).min(box_area.right().saturating_sub(1)),
            box_area.y,
        ));
    }
}

const TICKET_W: u16 = 7;
const RTW_W: u16 = 8;
const ADJ_W: u16 = 3;
const WAIT_W: u16 = 9;
const DUP_W: u16 = 4;

fn render_table(
    frame: &mut Frame,
    area: Rect,
    queue: &Queue,
    content: &Content,
    now: DateTime<Utc>,
) {
    let constraints = [
        Constraint::Length(1),
        Constraint::Length(TICKET_W),
        Constraint::Fill(3),
        Constraint::Fill(3),
        Constraint::Length(RTW_W),
        Constraint::Length(ADJ_W),
        Constraint::Length(WAIT_W),
        Constraint::Length(DUP_W),
    ];
    let widths = Layout::horizontal(constraints)
        .spacing(1)
        .split(Rect::new(0, 0, area.width, 1));
    let name_w = widths[2].width as usize;
    let roles_w = widths[3].width as usize;
    let body = area.height.saturating_sub(1) as usize;

    let header = Row::new(["", "Ticket", "Name", "Roles", "RTW", "Adj", "Wait", "Dup"])
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));

    if queue.shown.is_empty() {
        let [head, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        frame.render_widget(
            Table::new(Vec::<Row>::new(), constraints)
                .header(header)
                .column_spacing(1),
            head,
        );
        let message = if !queue.search.value().is_empty() {
            format!(
                "No one matches \"{}\" here. Press Tab for other lists, or Esc to clear the search.",
                visible(&truncate(queue.search.value(), 30))
            )
        } else if queue.filter == Filter::Waiting {
            "Nobody is waiting. New registrations from the kiosk appear here by themselves."
                .to_string()
        } else {
            format!("No one in {}.", queue.filter.label())
        };
        frame.render_widget(
            Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
            rest,
        );
        return;
    }

    // The same rule as `Queue::scroll_to_selection`, applied to the real height, without changing state.
    let mut offset = queue.offset;
    if queue.selected < offset {
        offset = queue.selected;
    } else if body > 0 && queue.selected >= offset + body {
        offset = queue.selected + 1 - body;
    }
    offset = offset.min(queue.shown.len().saturating_sub(body));

    let rows: Vec<Row> = queue.shown[offset..]
        .iter()
        .take(body)
        .enumerate()
        .map(|(i, &index)| {
            let row = &queue.rows[index];
            let selected = offset + i == queue.selected;
            let name = format!("{} {}", row.given_name, row.family_name);
            let roles = roles_text(content, &row.roles, roles_w);
            let wait = match (row.status, &row.interviewer, row.decision) {
                (_, Some(interviewer), _) => {
                    format!("▸{}", interviewer.split_whitespace().next().unwrap_or(""))
                }
                (_, None, Some(decision)) => decision_label(decision).to_string(),
                (Status::Waiting, None, None) => row
                    .arrived_at
                    .map(|at| wait_label((now - at).num_minutes()))
                    .unwrap_or_default(),
                (Status::Booked, ..) => "booked".to_string(),
                (Status::NoShow, ..) => "no-show".to_string(),
            };
            let cells = vec![
                Cell::from(if selected { "▶" } else { " " }),
                Cell::from(visible(&truncate(&row.ticket, TICKET_W as usize)).into_owned()),
                Cell::from(visible(&truncate(&name, name_w)).into_owned()),
                Cell::from(visible(&truncate(&roles, roles_w)).into_owned()),
                Cell::from(right_to_work_label(row.right_to_work)),
                Cell::from(if row.has_adjustments { "Yes" } else { "" }),
                Cell::from(wait),
                Cell::from(if row.possible_duplicate {
                    Span::from("DUP?").bold()
                } else {
                    Span::from("")
                }),
            ];
            let style = if selected {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::default()
            };
            Row::new(cells).style(style)
        })
        .collect();
    frame.render_widget(
        Table::new(rows, constraints)
            .header(header)
            .column_spacing(1),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// Every `typed` query finds the row and none of `not`.
    fn assert_found(row: &QueueRow, typed: &[&str], not: &[&str]) {
        let key = SearchKey::of(row);
        for query in typed {
            assert!(Query::parse(query).matches(&key), "{query}");
        }
        for query in not {
            assert!(!Query::parse(query).matches(&key), "{query}");
        }
    }

    #[test]
    fn phone_queries_compare_digits_in_international_form() {
        let mut row = super::super::tests::row(1, "Amara", "Okafor");
        row.phone = Some("+447700900982".into());
        assert_found(
            &row,
            &[
                "07700 900",
                "+44 7700 900982",
                "7700900",
                "0044 7700",
                "900982",
            ],
            &["07700 901", "0123"],
        );
    }

    #[test]
    fn text_queries_match_name_ticket_and_email_ignoring_case() {
        let row = super::super::tests::row(12, "Amara", "Okafor");
        assert_found(
            &row,
            &[
                "amara",
                "OKAFOR",
                "amara oka",
                "a-012",
                "012",
                "amara.okafor@example",
            ],
            &["zoe"],
        );
    }

    #[test]
    fn short_titles_keep_numbers_readable() {
        assert_eq!(short_title("Healthcare support worker"), "Healthcare");
        assert_eq!(short_title("111 call handler"), "111 call");
        assert_eq!(short_title(""), "");
    }

    #[test]
    fn moving_past_the_ends_stays_in_the_list() {
        let mut queue = Queue::default();
        let rows = (1..=30)
            .map(|i| super::super::tests::row(i, "Sam", "Jones"))
            .collect();
        queue.set_rows(rows, 10);
        queue.key(key(KeyCode::Up), 10);
        assert_eq!(queue.selected_index(), 0);
        queue.key(key(KeyCode::End), 10);
        assert_eq!(queue.selected_index(), 29);
        assert_eq!(queue.offset, 20);
        queue.key(key(KeyCode::PageUp), 10);
        assert_eq!(queue.selected_index(), 19);
        assert_eq!(queue.offset, 19);
        queue.key(key(KeyCode::Down), 10);
        queue.key(key(KeyCode::Home), 10);
        assert_eq!((queue.selected_index(), queue.offset), (0, 0));
    }
}
