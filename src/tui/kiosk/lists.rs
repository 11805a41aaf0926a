//! The kiosk's lists: the options of each choice page, which are chosen, and the keys that
//! move, choose and continue. Kept apart from the page flow in `mod.rs`.

use crossterm::event::{KeyCode, KeyEvent};
use strum::IntoEnumIterator;

use super::{Effect, Kiosk, Step};
use crate::domain::candidate::MAX_ROLES;
use crate::domain::{CareExperience, ContractType, RightToWork, WorkPattern};

impl Kiosk {
    pub(super) fn on_choice_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let options = self.option_count();
        let multiple = self.is_multiple();
        match key.code {
            KeyCode::Up | KeyCode::Down if options > 0 => {
                let from_nothing = std::mem::take(&mut self.first_highlight);
                let next = match (self.cursor, key.code) {
                    // From nothing chosen, Up goes round to the last ("I prefer not to say").
                    (None, KeyCode::Up) => options - 1,
                    (Some(_), KeyCode::Up) if from_nothing => options - 1,
                    (None, _) => 0,
                    (Some(i), KeyCode::Up) => i.saturating_sub(1),
                    (Some(i), _) => (i + 1).min(options - 1),
                };
                self.cursor = Some(next);
                if !multiple {
                    // Radio buttons: moving chooses, as in a browser.
                    self.choose(next);
                }
            }
            KeyCode::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if i < options {
                    self.first_highlight = false;
                    self.cursor = Some(i);
                    self.choose(i);
                }
            }
            KeyCode::Char(' ') if self.step == Step::Privacy => {
                // Space ticks everywhere else, so here it agrees, as Enter on "I agree" does.
                self.first_highlight = false;
                self.cursor = Some(0);
                self.continue_from_choice();
            }
            KeyCode::Char(' ') => {
                self.first_highlight = false;
                if let Some(i) = self.cursor {
                    self.choose(i);
                }
            }
            KeyCode::Enter => {
                if std::mem::take(&mut self.first_highlight)
                    && let Some(i) = self.cursor
                {
                    // Nothing chosen yet and the first option highlighted: Enter takes it,
                    // so Enter works the first time.
                    self.choose(i);
                }
                self.continue_from_choice();
            }
            KeyCode::Esc => self.back(),
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn continue_from_choice(&mut self) {
        let kiosk = &self.content.kiosk;
        let problem = match self.step {
            Step::Privacy => match self.cursor {
                Some(0) => None,
                Some(_) => {
                    self.reset();
                    self.step = Step::Declined;
                    return;
                }
                None => Some(kiosk.error("consent.missing")),
            },
            Step::EqualityIntro => match self.cursor {
                Some(0) => {
                    let count = self.content.equality.questions.len();
                    if self.form.equality.is_none() {
                        self.form.equality = Some(vec![None; count]);
                    }
                    None
                }
                Some(_) => {
                    self.form.equality = None;
                    None
                }
                None => Some(kiosk.error("equality_intro.missing")),
            },
            Step::Roles if self.form.roles.is_empty() => Some(kiosk.error("roles.missing")),
            Step::ContractTypes if self.form.contract_types.is_empty() => {
                Some(kiosk.error("contract_types.missing"))
            }
            Step::WorkPatterns if self.form.work_patterns.is_empty() => {
                Some(kiosk.error("work_patterns.missing"))
            }
            Step::RightToWork if self.form.right_to_work.is_none() => {
                Some(kiosk.error("right_to_work.missing"))
            }
            Step::CareExperience if self.form.care_experience.is_none() => {
                Some(kiosk.error("care_experience.missing"))
            }
            Step::Equality(i) if self.equality_answer(i).is_none() => {
                Some(kiosk.error("equality.missing"))
            }
            _ => None,
        };
        match problem {
            Some(message) => self.errors = vec![message],
            None => self.advance(),
        }
    }

    pub(super) fn equality_answer(&self, question: usize) -> Option<&String> {
        self.form.equality.as_ref()?.get(question)?.as_ref()
    }

    pub(super) fn is_multiple(&self) -> bool {
        matches!(
            self.step,
            Step::Roles | Step::ContractTypes | Step::WorkPatterns
        )
    }

    pub(super) fn option_count(&self) -> usize {
        self.option_labels().len()
    }

    /// The labels of the current list, in order.
    pub fn option_labels(&self) -> Vec<String> {
        let content = &self.content;
        let kiosk = &content.kiosk;
        match self.step {
            Step::Privacy => vec![
                content.privacy.agree.clone(),
                content.privacy.disagree.clone(),
            ],
            Step::EqualityIntro => vec![
                content.equality.answer.clone(),
                content.equality.skip.clone(),
            ],
            Step::Roles => content
                .roles
                .roles
                .iter()
                .map(|r| r.title.clone())
                .collect(),
            Step::ContractTypes => ContractType::iter()
                .map(|c| kiosk.contract_types.option(c.as_ref()).to_string())
                .collect(),
            Step::WorkPatterns => WorkPattern::iter()
                .map(|w| kiosk.work_patterns.option(w.as_ref()).to_string())
                .collect(),
            Step::RightToWork => RightToWork::iter()
                .map(|r| kiosk.right_to_work.option(r.as_ref()).to_string())
                .collect(),
            Step::CareExperience => CareExperience::iter()
                .map(|c| kiosk.care_experience.option(c.as_ref()).to_string())
                .collect(),
            Step::Equality(i) => content
                .equality
                .questions
                .get(i)
                .map(|q| q.options.iter().map(|o| o.label.clone()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Which options of the current list are chosen.
    pub fn chosen(&self) -> Vec<bool> {
        let content = &self.content;
        match self.step {
            Step::Privacy | Step::EqualityIntro => {
                // These two are held by the cursor; the page's own highlight chooses nothing.
                let picked = self.cursor.filter(|_| !self.first_highlight);
                vec![picked == Some(0), picked == Some(1)]
            }
            Step::Roles => content
                .roles
                .roles
                .iter()
                .map(|r| self.form.roles.contains(&r.code))
                .collect(),
            Step::ContractTypes => ContractType::iter()
                .map(|c| self.form.contract_types.contains(&c))
                .collect(),
            Step::WorkPatterns => WorkPattern::iter()
                .map(|w| self.form.work_patterns.contains(&w))
                .collect(),
            Step::RightToWork => RightToWork::iter()
                .map(|r| self.form.right_to_work == Some(r))
                .collect(),
            Step::CareExperience => CareExperience::iter()
                .map(|c| self.form.care_experience == Some(c))
                .collect(),
            Step::Equality(i) => content
                .equality
                .questions
                .get(i)
                .map(|q| {
                    q.options
                        .iter()
                        .map(|o| self.equality_answer(i) == Some(&o.id))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Chooses (radio) or toggles (checkbox) option `i` of the current list.
    pub(super) fn choose(&mut self, i: usize) {
        self.errors.clear();
        match self.step {
            Step::Roles => {
                let Some(role) = self.content.roles.roles.get(i) else {
                    return;
                };
                if let Some(at) = self.form.roles.iter().position(|code| *code == role.code) {
                    self.form.roles.remove(at);
                } else if self.form.roles.len() >= MAX_ROLES {
                    self.errors = vec![self.content.kiosk.error("roles.too_many")];
                } else {
                    self.form.roles.push(role.code.clone());
                    // Keep the catalogue's order, whatever order they were ticked in.
                    let order = |code: &String| {
                        self.content
                            .roles
                            .roles
                            .iter()
                            .position(|r| r.code == *code)
                    };
                    self.form.roles.sort_by_key(order);
                }
            }
            Step::ContractTypes => {
                if let Some(choice) = ContractType::iter().nth(i) {
                    toggle(&mut self.form.contract_types, choice);
                }
            }
            Step::WorkPatterns => {
                if let Some(choice) = WorkPattern::iter().nth(i) {
                    toggle(&mut self.form.work_patterns, choice);
                }
            }
            Step::RightToWork => self.form.right_to_work = RightToWork::iter().nth(i),
            Step::CareExperience => self.form.care_experience = CareExperience::iter().nth(i),
            Step::Equality(q) => {
                let answer = self
                    .content
                    .equality
                    .questions
                    .get(q)
                    .and_then(|question| question.options.get(i))
                    .map(|option| option.id.clone());
                if let Some(slot) = self.form.equality.as_mut().and_then(|a| a.get_mut(q)) {
                    *slot = answer;
                }
            }
            // Privacy and the equality intro are plain choices held by the cursor.
            _ => {}
        }
    }
}

fn toggle<T: PartialEq + Ord>(items: &mut Vec<T>, item: T) {
    if let Some(at) = items.iter().position(|x| *x == item) {
        items.remove(at);
    } else {
        items.push(item);
        items.sort();
    }
}
