//! The coordinator's dashboard: the day's figures live, and the fairness report for the day.
//!
//! The rows arrive from the shell ([`super::Msg::Dashboard`]) whenever anything is committed to
//! the file, by this process or another; the figures are worked out again from them when they
//! arrive and when the clock's minute changes (waits grow while nothing is written).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Cell, Clear, Paragraph, Row, Table};

use crate::content::Content;
use crate::domain::day::DayRows;
use crate::domain::fairness::Person;
use crate::domain::text::{truncate, visible};
use crate::export::{Dataset, Exported, Format, grouped};
use crate::ready::Readiness;
use crate::report::day::{self, DayFigures, minutes_text};
use crate::report::fairness::{self, FairnessReport, Figure};
use crate::service::ready::PrinterCheck;
use crate::tui::widgets::notice_line;

/// Which view of the dashboard is showing, switched with Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Day,
    Fairness,
    /// Ready before the doors open: the same check as `fairfloor doctor --ready`.
    Ready,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Day, Tab::Fairness, Tab::Ready];

    fn title(self) -> &'static str {
        match self {
            Tab::Day => "Day",
            Tab::Fairness => "Fairness",
            Tab::Ready => "Ready?",
        }
    }
}

/// What a key on the dashboard asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashboardAction {
    None,
    /// Back to the queue.
    Back,
    /// Start a sync with the central service in the background.
    Sync,
    /// Export this dataset of the day in this format (`e`, then a choice).
    Export {
        dataset: Dataset,
        format: Format,
    },
    /// Check what the fair needs, looking at the printer or sending it a test slip.
    CheckReady(PrinterCheck),
}

/// News of an export running on its own thread (see `Shell::poll`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportUpdate {
    Progress { done: u64, total: u64 },
    Finished(Result<Exported, String>),
}

/// The export started with `e`: choosing what and how, running, or how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ExportPanel {
    #[default]
    Closed,
    Choosing {
        dataset: Dataset,
        format: Format,
    },
    Running {
        dataset: Dataset,
        done: u64,
        total: u64,
    },
    Done {
        dataset: Dataset,
        rows: u64,
        path: Option<PathBuf>,
    },
    Failed {
        dataset: Dataset,
        message: String,
    },
}

/// The item after (or before) `current` in `all`, going round.
fn cycle<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let at = all.iter().position(|x| *x == current).unwrap_or(0);
    let next = if forward {
        (at + 1) % all.len()
    } else {
        (at + all.len() - 1) % all.len()
    };
    all[next]
}

/// The dashboard's state.
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    tab: Tab,
    rows: Option<DayRows>,
    people: Vec<Person>,
    figures: DayFigures,
    fairness: FairnessReport,
    /// The minute the figures were last worked out for.
    minute: Option<i64>,
    /// First line of the fairness view on screen.
    scroll: u16,
    export: ExportPanel,
    /// The last check of what the fair needs, while the Ready tab shows it.
    ready: Option<Readiness>,
}

impl Dashboard {
    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn figures(&self) -> &DayFigures {
        &self.figures
    }

    pub fn fairness(&self) -> &FairnessReport {
        &self.fairness
    }

    /// True once the first rows have arrived.
    pub fn loaded(&self) -> bool {
        self.rows.is_some()
    }

    /// New rows from the store.
    pub fn set_rows(
        &mut self,
        rows: DayRows,
        people: Vec<Person>,
        content: &Content,
        now: DateTime<Utc>,
        timezone: Tz,
    ) {
        self.fairness = fairness::report(&content.equality, &people);
        self.people = people;
        self.figures = day::figures(&rows, now, timezone);
        self.rows = Some(rows);
        self.minute = Some(now.timestamp() / 60);
    }

    /// The clock moved on: waits are worked out again once a minute.
    pub fn tick(&mut self, now: DateTime<Utc>, timezone: Tz) {
        let minute = now.timestamp() / 60;
        if self.minute == Some(minute) {
            return;
        }
        if let Some(rows) = &self.rows {
            self.figures = day::figures(rows, now, timezone);
            self.minute = Some(minute);
        }
    }

    /// The check the Ready tab asked for.
    pub fn set_ready(&mut self, readiness: Readiness) {
        self.ready = Some(readiness);
    }

    pub fn ready(&self) -> Option<&Readiness> {
        self.ready.as_ref()
    }

    pub fn export(&self) -> &ExportPanel {
        &self.export
    }

    /// News from the export thread.
    pub fn export_update(&mut self, update: ExportUpdate) {
        let dataset = match &self.export {
            ExportPanel::Running { dataset, .. } => *dataset,
            // An update for an export this dashboard did not start (it was reopened meanwhile).
            _ => return,
        };
        self.export = match update {
            ExportUpdate::Progress { done, total } => ExportPanel::Running {
                dataset,
                done,
                total,
            },
            ExportUpdate::Finished(Ok(exported)) => ExportPanel::Done {
                dataset,
                rows: exported.rows,
                path: exported.path,
            },
            ExportUpdate::Finished(Err(message)) => ExportPanel::Failed { dataset, message },
        };
    }

    /// Keys while the export choice is open: ↑↓ what, ←→ format, Enter starts, Esc closes.
    fn choosing_key(&mut self, key: KeyEvent, dataset: Dataset, format: Format) -> DashboardAction {
        self.export = match key.code {
            KeyCode::Up | KeyCode::Char('k') => ExportPanel::Choosing {
                dataset: cycle(&Dataset::ALL, dataset, false),
                format,
            },
            KeyCode::Down | KeyCode::Char('j') => ExportPanel::Choosing {
                dataset: cycle(&Dataset::ALL, dataset, true),
                format,
            },
            KeyCode::Left | KeyCode::Char('h') => ExportPanel::Choosing {
                dataset,
                format: cycle(&Format::ALL, format, false),
            },
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab => ExportPanel::Choosing {
                dataset,
                format: cycle(&Format::ALL, format, true),
            },
            KeyCode::Enter => {
                self.export = ExportPanel::Running {
                    dataset,
                    done: 0,
                    total: 0,
                };
                return DashboardAction::Export { dataset, format };
            }
            KeyCode::Esc | KeyCode::Char('q') => ExportPanel::Closed,
            _ => return DashboardAction::None,
        };
        DashboardAction::None
    }

    pub fn key(&mut self, key: KeyEvent) -> DashboardAction {
        if let ExportPanel::Choosing { dataset, format } = self.export {
            return self.choosing_key(key, dataset, format);
        }
        if key.code == KeyCode::Char('e') {
            if !matches!(self.export, ExportPanel::Running { .. }) {
                self.export = ExportPanel::Choosing {
                    dataset: Dataset::Offers,
                    format: Format::Csv,
                };
            }
            return DashboardAction::None;
        }
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Backspace => return DashboardAction::Back,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Char('f' | 'r') => {
                let tab = match key.code {
                    KeyCode::Char('f') => Tab::Fairness,
                    KeyCode::Char('r') => Tab::Ready,
                    code => cycle(&Tab::ALL, self.tab, code == KeyCode::Tab),
                };
                let again = tab == self.tab;
                self.tab = tab;
                if !again {
                    self.scroll = 0;
                }
                // The check is made each time the tab is opened (and again with r on it): it
                // looks at the printer and the disk, which change without a commit.
                if tab == Tab::Ready {
                    return DashboardAction::CheckReady(PrinterCheck::Look);
                }
            }
            KeyCode::Char('t') if self.tab == Tab::Ready => {
                return DashboardAction::CheckReady(PrinterCheck::TestSlip);
            }
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            KeyCode::Home => self.scroll = 0,
            KeyCode::Char('s') => return DashboardAction::Sync,
            _ => {}
        }
        DashboardAction::None
    }
}

/// What the dashboard shows besides its own state.
pub struct DashboardView<'a> {
    pub event: &'a str,
    pub signed_in: &'a str,
    pub content: &'a Content,
    pub timezone: Tz,
    pub now: DateTime<Utc>,
    pub notice: Option<(&'a str, bool)>,
    /// The running sync's progress line, shown where notices go.
    pub sync_run: Option<&'a str>,
}

/// Draws the dashboard into the whole frame (already checked to be big enough).
pub fn render(frame: &mut Frame, dashboard: &Dashboard, view: &DashboardView<'_>) {
    let [top, body, notice, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());

    let title = Line::from(vec![
        // The tabs take 26 columns; the event's name has the rest.
        Span::from(
            truncate(
                &visible(view.event),
                usize::from(top.width.saturating_sub(26)).max(12),
            )
            .into_owned(),
        )
        .bold(),
        Span::from("  "),
        chosen(dashboard.tab == Tab::Day, Tab::Day.title()),
        chosen(dashboard.tab == Tab::Fairness, Tab::Fairness.title()),
        chosen(dashboard.tab == Tab::Ready, Tab::Ready.title()),
    ]);
    frame.render_widget(Paragraph::new(title), top);

    match dashboard.tab {
        Tab::Ready => render_ready(frame, body, dashboard),
        _ if !dashboard.loaded() => {
            frame.render_widget(Paragraph::new("Reading the day's figures…"), body);
        }
        Tab::Day => render_day(frame, body, &dashboard.figures, view),
        Tab::Fairness => render_fairness(frame, body, dashboard),
    }

    // One line for news: an export under way, then what was just said, then a sync under way,
    // then how the last export ended (so a sync started after an export shows its progress).
    let exporting = matches!(dashboard.export, ExportPanel::Running { .. });
    let line = match (export_line(&dashboard.export), view.notice, view.sync_run) {
        (Some(line), ..) if exporting => Some(line),
        (_, Some((text, error)), _) => Some(notice_line(text, error)),
        (_, None, Some(progress)) => Some(Line::from(progress.to_string()).bold()),
        (line, None, None) => line,
    };
    if let Some(line) = line {
        frame.render_widget(Paragraph::new(line), notice);
    }
    let keys: &[&str] = match (&dashboard.export, dashboard.tab) {
        (ExportPanel::Choosing { .. }, _) => {
            &["↑↓ what", "←→ format", "Enter export", "Esc cancel"]
        }
        (_, Tab::Day) => &[
            "Tab fairness",
            "e export",
            "s sync",
            "Esc queue",
            "Ctrl-C quit",
        ],
        (_, Tab::Fairness) => &[
            "Tab ready?",
            "↑↓ scroll",
            "e export",
            "s sync",
            "Esc queue",
            "Ctrl-C quit",
        ],
        (_, Tab::Ready) => &[
            "Tab day",
            "↑↓ scroll",
            "r check again",
            "t test slip",
            "Esc queue",
        ],
    };
    super::queue::hint_line(frame, hints, keys);
    if let ExportPanel::Choosing { dataset, format } = dashboard.export {
        render_export_choice(frame, body, dataset, format);
    }
}

/// The line under the dashboard while an export runs, or how it ended.
fn export_line(panel: &ExportPanel) -> Option<Line<'static>> {
    Some(match panel {
        ExportPanel::Closed | ExportPanel::Choosing { .. } => return None,
        ExportPanel::Running {
            dataset,
            done,
            total,
        } if *total > 0 => Line::from(vec![
            Span::from(format!("Exporting {dataset}… ")).bold(),
            Span::from(format!(
                "{} of {} ({}%)",
                grouped(*done),
                grouped(*total),
                done.saturating_mul(100) / total
            )),
        ]),
        ExportPanel::Running { dataset, .. } => {
            Line::from(Span::from(format!("Exporting {dataset}…")).bold())
        }
        ExportPanel::Done {
            dataset,
            rows,
            path,
        } => Line::from(vec![
            Span::from(format!(
                "Exported {} row{} of {dataset}",
                grouped(*rows),
                if *rows == 1 { "" } else { "s" }
            ))
            .bold(),
            Span::from(match path {
                Some(path) => format!(" to {}", visible(&path.display().to_string())),
                None => String::new(),
            }),
        ]),
        ExportPanel::Failed { dataset, message } => Line::from(vec![
            Span::from("Error: ").bold().red(),
            Span::from(format!("the {dataset} export failed: {}", visible(message))),
        ]),
    })
}

/// The small choice `e` opens, over the middle of the dashboard.
fn render_export_choice(frame: &mut Frame, area: Rect, dataset: Dataset, format: Format) {
    let width = area.width.min(44);
    let height = area.height.min(9);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines: Vec<Line> = Dataset::ALL
        .iter()
        .map(|d| {
            Line::from(vec![
                Span::from(if *d == dataset { "▶ " } else { "  " }),
                chosen(*d == dataset, &format!("the day's {d}")),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    let mut formats = vec![Span::from("Format:")];
    formats.extend(
        Format::ALL
            .iter()
            .map(|f| chosen(*f == format, &f.extension().to_uppercase())),
    );
    lines.push(Line::from(formats));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Export ")),
        popup,
    );
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".to_string(), |s| format!("{:.0}%", s * 100.0))
}

fn render_day(frame: &mut Frame, area: Rect, f: &DayFigures, view: &DashboardView<'_>) {
    let [figures, middle] =
        Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
    let bold = |n: usize| Span::from(n.to_string()).bold();
    let sync = &f.sync;
    let last_sync = match sync.last_sync_at {
        Some(at) => at.with_timezone(&view.timezone).format("%H:%M").to_string(),
        None => "never".to_string(),
    };
    let mut sync_line = vec![
        Span::from("Sync: "),
        Span::from(sync.unsynced.to_string()).bold(),
        Span::from(" changes waiting · "),
        Span::from(sync.rejected.to_string()).bold(),
        Span::from(" refused · last sync "),
        Span::from(last_sync).bold(),
    ];
    if let Some(error) = &sync.last_error {
        // The whole message where the row has room for it, never half a sentence.
        let used: usize = sync_line.iter().map(|span| span.width()).sum();
        let error = visible(error);
        let whole = format!(" · last error: {error}");
        if used + whole.chars().count() <= usize::from(area.width) {
            sync_line.push(Span::from(whole).red());
        } else {
            sync_line.push(Span::from(" · the last sync failed: fairfloor doctor says why").red());
        }
    }
    let lines = vec![
        Line::from(
            [
                ("Registered ", f.registered),
                ("  Waiting ", f.waiting),
                ("  In interview ", f.in_interview),
                ("  Screened ", f.screened),
                ("  Booked ", f.booked),
                ("  No-show ", f.no_shows),
            ]
            .into_iter()
            .flat_map(|(label, n)| [Span::from(label), bold(n)])
            .collect::<Vec<_>>(),
        ),
        Line::from(vec![
            Span::from("Offers "),
            bold(f.offers),
            Span::from(format!(" ({} of screened)", percent(f.offer_rate()))),
            Span::from("  New to care "),
            bold(f.new_to_care),
            Span::from(format!(" ({} of offers)", percent(f.new_to_care_share()))),
            Span::from("  Talent pool "),
            bold(f.talent_pool),
        ]),
        Line::from(format!(
            "Waiting now: median {}, longest {} ({} waiting)",
            minutes_text(f.still_waiting.median),
            minutes_text(f.still_waiting.longest),
            f.still_waiting.people
        )),
        Line::from(format!(
            "Waited before interview: median {}, longest {} ({} seen)",
            minutes_text(f.seen.median),
            minutes_text(f.seen.longest),
            f.seen.people
        )),
        Line::from(sync_line),
    ];
    frame.render_widget(Paragraph::new(lines), figures);

    let [chart, tables] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(1)
            .areas(middle);
    let bars: Vec<Bar> = f
        .throughput
        .iter()
        .map(|(hour, n)| {
            Bar::default()
                .value(*n as u64)
                .label(Line::from(format!("{hour:02}")))
        })
        .collect();
    let inner_width = chart.width.saturating_sub(2);
    let count = f.throughput.len().max(1) as u16;
    // As wide as the area allows, at least 2 columns so two-digit hours fit under each bar.
    let bar_width = (inner_width.saturating_sub(count - 1) / count).clamp(2, 6);
    frame.render_widget(
        BarChart::new(bars)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Interviews per hour "),
            )
            .bar_width(bar_width)
            .bar_gap(1),
        chart,
    );

    let roles = f.offers_by_role.len().min(6) as u16;
    let [by_role, recruiters] =
        Layout::vertical([Constraint::Length(roles + 2), Constraint::Min(3)]).areas(tables);
    let width = by_role.width.saturating_sub(10) as usize;
    let role_rows: Vec<Row> = f
        .offers_by_role
        .iter()
        .take(6)
        .map(|(code, n)| {
            let title = view
                .content
                .roles
                .get(code)
                .map_or(code.as_str(), |r| r.title.as_str());
            Row::new(vec![
                Cell::from(truncate(&visible(title), width).into_owned()),
                Cell::from(Line::from(n.to_string()).right_aligned()),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(role_rows, [Constraint::Min(10), Constraint::Length(5)]).block(
            Block::default()
                .borders(Borders::TOP)
                .title(" Offers by role "),
        ),
        by_role,
    );
    let name_width = recruiters.width.saturating_sub(20) as usize;
    let recruiter_rows: Vec<Row> = f
        .recruiters
        .iter()
        .map(|r| {
            let name = format!(
                "{}{}",
                truncate(&visible(&r.name), name_width),
                if r.in_interview_now { " *" } else { "" }
            );
            Row::new(vec![
                Cell::from(name),
                Cell::from(Line::from(r.interviews.to_string()).right_aligned()),
                Cell::from(Line::from(r.offers.to_string()).right_aligned()),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(
            recruiter_rows,
            [
                Constraint::Min(8),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
        )
        .header(
            Row::new(vec![
                Cell::from("Recruiter"),
                Cell::from(Line::from("Seen").right_aligned()),
                Cell::from(Line::from("Offers").right_aligned()),
            ])
            .style(Style::default().add_modifier(Modifier::DIM)),
        )
        .block(
            Block::default()
                .borders(Borders::TOP)
                .title(" Recruiters (* interviewing now) "),
        ),
        recruiters,
    );
}

/// The fairness report as lines for a screen `width` wide.
fn fairness_lines(report: &FairnessReport, width: u16) -> Vec<Line<'static>> {
    // group | registered | interviewed | offered | rate | ratio | flag
    let label_width = (width as usize).saturating_sub(48).clamp(10, 60);
    let cell = |f: Figure| match f {
        Figure::Shown(n) => n.to_string(),
        Figure::Hidden => "hidden".to_string(),
    };
    let mut lines = Vec::new();
    for q in &report.questions {
        lines.push(Line::from(
            Span::from(visible(&q.title).into_owned()).bold(),
        ));
        if q.too_few() {
            lines.push(Line::from(
                "  fewer than 5 registered: nothing is shown for this question",
            ));
            continue;
        }
        lines.push(
            Line::from(format!(
                "  {:<label_width$} {:>6} {:>11} {:>7} {:>5} {:>5}",
                "group", "regist.", "interviewed", "offered", "rate", "ratio"
            ))
            .style(Style::default().add_modifier(Modifier::DIM)),
        );
        for g in &q.groups {
            // A label too long for its column has a line of its own, whole, above its figures.
            let label = visible(&g.label).into_owned();
            let label = if label.chars().count() > label_width {
                lines.push(Line::from(format!("  {label}")));
                String::new()
            } else {
                label
            };
            let mut spans = vec![Span::from(format!(
                "  {:<label_width$} {:>6} {:>11} {:>7} {:>5} {:>5}",
                label,
                cell(g.registered()),
                cell(g.interviewed()),
                cell(g.offered()),
                fairness::percent(g.rate),
                fairness::ratio_text(g.ratio),
            ))];
            if g.flagged() {
                spans.push(Span::from(" under 0.8").bold().red());
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(format!(
            "  {:<label_width$} {:>6} {:>11} {:>7} {:>5}",
            "All",
            cell(q.registered),
            cell(q.interviewed),
            cell(q.offered),
            fairness::percent(q.rate()),
        )));
    }
    lines
}

fn render_fairness(frame: &mut Frame, area: Rect, dashboard: &Dashboard) {
    let [legend, table] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("Aggregates only. hidden = fewer than 5, or hidden so a count under 5"),
            Line::from("cannot be worked out. rate = offered ÷ interviewed; ratio to the highest."),
        ])
        .style(Style::default().add_modifier(Modifier::DIM)),
        legend,
    );
    let lines = fairness_lines(&dashboard.fairness, table.width);
    let last = (lines.len() as u16).saturating_sub(table.height);
    frame.render_widget(
        Paragraph::new(lines).scroll((dashboard.scroll.min(last), 0)),
        table,
    );
}

/// The Ready tab: the same report as `fairfloor doctor --ready`, what is still to do marked.
fn render_ready(frame: &mut Frame, area: Rect, dashboard: &Dashboard) {
    let Some(readiness) = &dashboard.ready else {
        frame.render_widget(
            Paragraph::new("Checking what the fair needs (the printer may take a few seconds)…"),
            area,
        );
        return;
    };
    let lines: Vec<Line> = readiness
        .to_text()
        .lines()
        .map(|line| {
            let line = visible(line).into_owned();
            if let Some(rest) = line.strip_prefix("  TO DO") {
                Line::from(vec![
                    Span::from("  TO DO").bold().red(),
                    Span::from(rest.to_string()),
                ])
            } else if line.starts_with("Not ready") || line.starts_with("Ready:") {
                Line::from(line).bold()
            } else if line.trim_start().starts_with("fix:") {
                Line::from(line).style(Style::default().add_modifier(Modifier::DIM))
            } else {
                Line::from(line)
            }
        })
        .collect();
    let last = (lines.len() as u16).saturating_sub(area.height);
    frame.render_widget(
        Paragraph::new(lines).scroll((dashboard.scroll.min(last), 0)),
        area,
    );
}

/// One of several choices in a row (a tab, a dataset, a format): the chosen one in brackets,
/// bold and reversed, so it shows without colour too.
fn chosen(on: bool, label: &str) -> Span<'static> {
    if on {
        Span::styled(
            format!("[{label}]"),
            Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    } else {
        Span::from(format!(" {label} "))
    }
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
