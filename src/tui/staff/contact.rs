//! Correcting a candidate's contact details at the table (`e` on their details): a typo in an
//! email, a new phone number, a postcode or "no fixed address". Saving checks them with the same
//! rule as a registration (in the service); what is wrong is shown beside the box, and nothing
//! typed is lost.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;

use crate::domain::contact::ContactBox;
use crate::domain::text::visible;
use crate::store::CandidateDetail;
use crate::tui::widgets::{ErrorSummary, TextField, edit_bounded};

use super::detail::phone_for_people;
use super::hints::hint_height;
use super::queue::hint_line;

/// Longest answer a box takes: more than any email, phone or postcode needs.
const BOX_MAX: usize = 254;

/// The boxes, in the order Tab visits them.
const BOXES: [ContactBox; 3] = [ContactBox::Email, ContactBox::Phone, ContactBox::Postcode];

#[derive(Debug, Clone)]
pub struct ContactForm {
    candidate_id: String,
    ticket: String,
    name: String,
    inputs: [Input; 3],
    focus: usize,
    errors: Vec<(ContactBox, String)>,
}

/// What a key asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactAction {
    None,
    /// Leave without saving.
    Cancel,
    /// Check and save what is in the boxes.
    Save {
        candidate_id: String,
        ticket: String,
        email: String,
        phone: String,
        postcode: String,
    },
}

impl ContactForm {
    /// The form for `detail`, its boxes holding what is stored now.
    pub fn new(detail: &CandidateDetail) -> Self {
        let row = &detail.row;
        Self {
            candidate_id: row.id.clone(),
            ticket: row.ticket.clone(),
            name: format!("{} {}", row.given_name, row.family_name),
            inputs: [
                Input::new(row.email.clone().unwrap_or_default()),
                Input::new(
                    row.phone
                        .as_deref()
                        .map(phone_for_people)
                        .unwrap_or_default(),
                ),
                Input::new(detail.postcode.clone().unwrap_or_default()),
            ],
            focus: 0,
            errors: Vec::new(),
        }
    }

    pub fn candidate_id(&self) -> &str {
        &self.candidate_id
    }

    pub fn key(&mut self, key: KeyEvent) -> ContactAction {
        let save = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('s');
        match key.code {
            _ if save => self.save(),
            KeyCode::Enter => self.save(),
            KeyCode::Esc => ContactAction::Cancel,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % BOXES.len();
                ContactAction::None
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + BOXES.len() - 1) % BOXES.len();
                ContactAction::None
            }
            _ => {
                edit_bounded(&mut self.inputs[self.focus], key, BOX_MAX);
                ContactAction::None
            }
        }
    }

    fn save(&self) -> ContactAction {
        let text = |i: usize| self.inputs[i].value().to_string();
        ContactAction::Save {
            candidate_id: self.candidate_id.clone(),
            ticket: self.ticket.clone(),
            email: text(0),
            phone: text(1),
            postcode: text(2),
        }
    }

    /// The service refused the details: each problem goes beside its box, and the cursor to
    /// the first box with one.
    pub fn rejected(&mut self, problems: Vec<(ContactBox, String)>) {
        if let Some(first) = problems
            .first()
            .and_then(|(field, _)| BOXES.iter().position(|b| b == field))
        {
            self.focus = first;
        }
        self.errors = problems;
    }
}

pub fn render(frame: &mut Frame, form: &ContactForm) {
    let area = frame.area();
    let messages = ErrorSummary::messages_of(&form.errors);
    let summary = ErrorSummary {
        title: "There is a problem",
        messages: &messages,
    };
    let summary_height = summary.height_if_any(area.width);
    let keys = ["Tab/↓ next box", "Enter save", "Esc cancel"];
    let [title, errors, email, phone, postcode, note, hints] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(summary_height),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Min(0),
        Constraint::Length(hint_height(&keys, area.width)),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                "Contact details for {} · {}",
                visible(&form.name),
                visible(&form.ticket)
            ))
            .bold(),
            Line::from("Correct them with the candidate; saving checks them again.").dim(),
        ]),
        title,
    );
    if !messages.is_empty() {
        frame.render_widget(summary, errors);
    }
    let labels = [
        " Email (optional if there is a phone) ",
        " Phone (optional if there is an email) ",
        " Postcode (optional; or: no fixed address) ",
    ];
    for (i, rect) in [email, phone, postcode].into_iter().enumerate() {
        TextField {
            label: labels[i],
            input: &form.inputs[i],
            focused: form.focus == i,
            masked: false,
            error: form.errors.iter().any(|(field, _)| *field == BOXES[i]),
        }
        .render(frame, rect);
    }
    frame.render_widget(
        Paragraph::new(
            Line::from(
                "The change is audited (which boxes changed, not what they held) and sent to the centre with the next sync.",
            )
            .dim(),
        )
        .wrap(Wrap { trim: true }),
        note,
    );
    hint_line(frame, hints, &keys);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::FieldError;

    fn form() -> ContactForm {
        let detail = crate::tui::staff::tests::amara_detail();
        ContactForm::new(&detail)
    }

    fn press(form: &mut ContactForm, code: KeyCode) -> ContactAction {
        form.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn the_boxes_start_with_what_is_stored_and_enter_saves_what_was_typed() {
        let mut form = form();
        // The email box first: change its end.
        for _ in 0..".com".len() {
            press(&mut form, KeyCode::Backspace);
        }
        for c in ".org".chars() {
            press(&mut form, KeyCode::Char(c));
        }
        press(&mut form, KeyCode::Tab);
        press(&mut form, KeyCode::Tab);
        form.key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        for c in "nfa".chars() {
            press(&mut form, KeyCode::Char(c));
        }
        match press(&mut form, KeyCode::Enter) {
            ContactAction::Save {
                email,
                phone,
                postcode,
                ..
            } => {
                assert_eq!(email, "amara.okafor@example.org");
                assert_eq!(phone, "07700 800012");
                assert_eq!(postcode, "nfa");
            }
            other => panic!("expected a save, got {other:?}"),
        }
        assert_eq!(press(&mut form, KeyCode::Esc), ContactAction::Cancel);
    }

    #[test]
    fn a_refusal_is_shown_beside_its_box_at_80x24() {
        let mut form = form();
        form.rejected(vec![(
            ContactBox::Postcode,
            FieldError::PostcodeFormat.to_string(),
        )]);
        assert_eq!(form.focus, 2);
        crate::tui::assert_screen_sizes!("contact_form_refused", |w, h| {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| render(f, &form)).unwrap();
            terminal.backend().to_string()
        });
    }
}
