//! What a candidate has typed so far at the kiosk, and turning it into a [`Registration`].

use zeroize::Zeroize;

use crate::content::Content;
use crate::domain::candidate::MAX_ROLES;
use crate::domain::contact::{self, ContactField, NO_FIXED_ADDRESS};
use crate::domain::validate::{self, FieldError, NameField};
use crate::domain::{CareExperience, ContractType, Registration, RightToWork, WorkPattern};

/// The longest answer to "do you need anything for your interview".
pub const ADJUSTMENTS_MAX_CHARS: usize = 500;

/// The questions answered by typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStep {
    GivenName,
    FamilyName,
    Email,
    Phone,
    Postcode,
    Adjustments,
}

impl TextStep {
    /// Checks an answer; Ok holds the value as it will be stored ("" when an optional answer is
    /// left empty). Whether the email and phone together reach the person is checked by
    /// [`Form::reach`].
    pub fn validate(self, input: &str) -> Result<String, FieldError> {
        let optional = |check: fn(&str) -> Result<String, FieldError>| {
            if input.trim().is_empty() {
                Ok(String::new())
            } else {
                check(input)
            }
        };
        match self {
            TextStep::GivenName => validate::person_name(input, NameField::Given),
            TextStep::FamilyName => validate::person_name(input, NameField::Family),
            TextStep::Email => optional(validate::email),
            TextStep::Phone => optional(contact::phone),
            TextStep::Postcode => contact::postcode(input).map(Option::unwrap_or_default),
            TextStep::Adjustments => validate::optional_free_text(input, ADJUSTMENTS_MAX_CHARS),
        }
    }
}

/// The answers, kept as typed so going back shows exactly what the candidate wrote.
/// Wiped (overwritten, not just dropped) when the candidate finishes or walks away.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    /// They ticked "I do not have a fixed address" instead of giving a postcode.
    pub no_fixed_address: bool,
    pub adjustments: String,
    /// Role codes, in the order of `assets/roles.toml`.
    pub roles: Vec<String>,
    pub contract_types: Vec<ContractType>,
    pub work_patterns: Vec<WorkPattern>,
    pub right_to_work: Option<RightToWork>,
    pub care_experience: Option<CareExperience>,
    /// `None` while skipped; otherwise one answer id per equality question.
    pub equality: Option<Vec<Option<String>>>,
}

impl Form {
    pub fn text(&self, step: TextStep) -> &str {
        match step {
            TextStep::GivenName => &self.given_name,
            TextStep::FamilyName => &self.family_name,
            TextStep::Email => &self.email,
            TextStep::Phone => &self.phone,
            TextStep::Postcode => &self.postcode,
            TextStep::Adjustments => &self.adjustments,
        }
    }

    /// Stores a typed answer, overwriting the old one in memory first.
    pub fn set_text(&mut self, step: TextStep, value: String) {
        let field = match step {
            TextStep::GivenName => &mut self.given_name,
            TextStep::FamilyName => &mut self.family_name,
            TextStep::Email => &mut self.email,
            TextStep::Phone => &mut self.phone,
            TextStep::Postcode => &mut self.postcode,
            TextStep::Adjustments => &mut self.adjustments,
        };
        field.zeroize();
        *field = value;
    }

    pub fn is_empty(&self) -> bool {
        *self == Form::default()
    }

    /// Clears every answer from memory, not just from the screen.
    pub fn wipe(&mut self) {
        for field in [
            &mut self.given_name,
            &mut self.family_name,
            &mut self.email,
            &mut self.phone,
            &mut self.postcode,
            &mut self.adjustments,
        ] {
            field.zeroize();
        }
        for answer in self.equality.iter_mut().flatten().flatten() {
            answer.zeroize();
        }
        *self = Form::default();
    }

    /// The contact rule for the email and phone answers, with `phone` in place of the stored
    /// phone answer (the kiosk checks it before keeping it). A problem says which question to
    /// go back to: nothing given at all goes to the phone question, the last of the two.
    pub fn reach(
        &self,
        phone: &str,
        content: &Content,
    ) -> Result<contact::Reach, (Question, String)> {
        contact::reach(&self.email, phone).map_err(|problems| {
            let (field, error) = &problems[0];
            let step = match (field, error) {
                (ContactField::Email, FieldError::ContactMissing) | (ContactField::Phone, _) => {
                    TextStep::Phone
                }
                (ContactField::Email, _) => TextStep::Email,
            };
            (Question::Text(step), content.kiosk.field_error(error))
        })
    }

    /// The postcode answer as the contact rule reads it.
    fn postcode_answer(&self) -> &str {
        if self.no_fixed_address {
            NO_FIXED_ADDRESS
        } else {
            &self.postcode
        }
    }

    /// Checks every answer again and builds the registration to save.
    /// On a problem, says which question to go back to and why.
    pub fn to_registration(&self, content: &Content) -> Result<Registration, (Question, String)> {
        let text = |step: TextStep| {
            step.validate(self.text(step))
                .map_err(|e| (Question::Text(step), content.kiosk.field_error(&e)))
        };
        let missing = |question: Question, code: &str| (question, content.kiosk.error(code));
        let given_name = text(TextStep::GivenName)?;
        let family_name = text(TextStep::FamilyName)?;
        let reach = self.reach(&self.phone, content)?;
        let postcode = contact::postcode(self.postcode_answer()).map_err(|e| {
            (
                Question::Text(TextStep::Postcode),
                content.kiosk.field_error(&e),
            )
        })?;
        let registration = Registration {
            given_name,
            family_name,
            email: reach.email,
            phone: reach.phone,
            postcode,
            roles: match self.roles.len() {
                0 => return Err(missing(Question::Roles, "roles.missing")),
                n if n > MAX_ROLES => return Err(missing(Question::Roles, "roles.too_many")),
                _ => self.roles.clone(),
            },
            contract_types: if self.contract_types.is_empty() {
                return Err(missing(Question::ContractTypes, "contract_types.missing"));
            } else {
                self.contract_types.clone()
            },
            work_patterns: if self.work_patterns.is_empty() {
                return Err(missing(Question::WorkPatterns, "work_patterns.missing"));
            } else {
                self.work_patterns.clone()
            },
            right_to_work: Some(
                self.right_to_work
                    .ok_or_else(|| missing(Question::RightToWork, "right_to_work.missing"))?,
            ),
            care_experience: Some(
                self.care_experience
                    .ok_or_else(|| missing(Question::CareExperience, "care_experience.missing"))?,
            ),
            adjustments: text(TextStep::Adjustments)?,
            equality: self.equality_answers(content)?,
            privacy_version: Some(content.privacy.version.clone()),
        };
        Ok(registration)
    }

    fn equality_answers(
        &self,
        content: &Content,
    ) -> Result<Vec<(String, String)>, (Question, String)> {
        let Some(answers) = &self.equality else {
            return Ok(Vec::new());
        };
        content
            .equality
            .questions
            .iter()
            .enumerate()
            .map(|(i, question)| match answers.get(i).cloned().flatten() {
                Some(answer) => Ok((question.id.clone(), answer)),
                None => Err((
                    Question::Equality(i),
                    content.kiosk.error("equality.missing"),
                )),
            })
            .collect()
    }
}

/// A question of the form, for sending the candidate back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Text(TextStep),
    Roles,
    ContractTypes,
    WorkPatterns,
    RightToWork,
    CareExperience,
    Equality(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn filled(content: &Content) -> Form {
        Form {
            given_name: "Zoë".into(),
            family_name: "O'Brien".into(),
            email: "Zoe@Example.COM".into(),
            phone: "07700 900982".into(),
            postcode: "ls14dy".into(),
            no_fixed_address: false,
            adjustments: String::new(),
            roles: vec![content.roles.roles[0].code.clone()],
            contract_types: vec![ContractType::PartTime],
            work_patterns: vec![WorkPattern::Days],
            right_to_work: Some(RightToWork::Yes),
            care_experience: Some(CareExperience::None),
            equality: None,
        }
    }

    #[test]
    fn a_complete_form_becomes_a_normalised_registration() {
        let content = Content::load().unwrap();
        let registration = filled(&content).to_registration(&content).unwrap();
        assert_eq!(registration.given_name, "Zoë");
        assert_eq!(registration.email.as_deref(), Some("zoe@example.com"));
        assert_eq!(registration.phone.as_deref(), Some("+447700900982"));
        assert_eq!(registration.postcode.as_deref(), Some("LS1 4DY"));
        assert_eq!(
            registration.privacy_version,
            Some(content.privacy.version.clone())
        );
        assert!(registration.equality.is_empty());
    }

    #[test]
    fn a_missing_answer_names_the_question_to_go_back_to() {
        let content = Content::load().unwrap();
        let mut form = filled(&content);
        form.work_patterns.clear();
        let (question, message) = form.to_registration(&content).unwrap_err();
        assert_eq!(question, Question::WorkPatterns);
        assert!(message.contains("Select at least one"), "{message}");

        let mut form = filled(&content);
        form.equality = Some(vec![None; content.equality.questions.len()]);
        let (question, _) = form.to_registration(&content).unwrap_err();
        assert_eq!(question, Question::Equality(0));
    }

    #[test]
    fn a_phone_alone_or_no_fixed_address_is_enough() {
        let content = Content::load().unwrap();
        let mut form = filled(&content);
        form.email.clear();
        form.phone = "0113 496 0000".into();
        form.postcode.clear();
        let registration = form.to_registration(&content).unwrap();
        assert_eq!(registration.email, None);
        assert_eq!(registration.phone.as_deref(), Some("+441134960000"));
        assert_eq!(registration.postcode, None);

        form.no_fixed_address = true;
        let registration = form.to_registration(&content).unwrap();
        assert_eq!(registration.postcode.as_deref(), Some(NO_FIXED_ADDRESS));

        form.phone.clear();
        let (question, message) = form.to_registration(&content).unwrap_err();
        assert_eq!(question, Question::Text(TextStep::Phone));
        assert!(message.contains("contact you"), "{message}");
    }

    #[test]
    fn wiping_clears_every_answer() {
        let content = Content::load().unwrap();
        let mut form = filled(&content);
        form.equality = Some(vec![Some("25_34".into())]);
        form.wipe();
        assert!(form.is_empty());
    }
}
