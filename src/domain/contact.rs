//! The one rule for how we can reach a candidate, used by the kiosk, the staff walk-in form and
//! the import alike: at least one way to reach them (an email address, or a phone number: a UK
//! mobile or landline, or a number with its country code), and a postcode that is optional,
//! with "no fixed address" as an answer. No I/O.
//!
//! The rule is generous on purpose: the drives exist to reach people new to care, returning to
//! work or without a settled home, and a form that demands an email, a UK mobile and a postcode
//! sends exactly those people away.

use super::validate::{self, FieldError, is_uk_mobile, phone_digits, uk_national_number};

/// What the postcode column holds for someone who told us they have no fixed address. Stored
/// as the postcode (so exports, the synced record and the centre carry it with no new column)
/// and chosen so it can never be mistaken for a postcode, which is always in capitals.
pub const NO_FIXED_ADDRESS: &str = "no fixed address";

/// What people write in a spreadsheet or a staff box to mean [`NO_FIXED_ADDRESS`] (compared
/// ignoring case).
const NO_FIXED_ADDRESS_WORDS: [&str; 2] = [NO_FIXED_ADDRESS, "nfa"];

/// Fewest digits in an international number after the '+' (a country code and a short number).
const INTERNATIONAL_MIN_DIGITS: usize = 8;

/// Most digits in an international number after the '+' (ITU-T E.164).
const INTERNATIONAL_MAX_DIGITS: usize = 15;

/// Which contact box a problem is about, so each shell can point at the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactField {
    Email,
    Phone,
}

/// The ways to reach a candidate, checked and normalised; at least one is `Some`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Checks the email and phone answers together: a blank box means "not given", a filled one
/// must be valid, and at least one must be given.
///
/// # Errors
///
/// Every problem with the box it is in: [`validate::email`]'s errors on
/// [`ContactField::Email`], [`phone`]'s on [`ContactField::Phone`], and
/// [`FieldError::ContactMissing`] (on [`ContactField::Email`], the first of the two boxes) when
/// both are blank.
pub fn reach(email: &str, phone_number: &str) -> Result<Reach, Vec<(ContactField, FieldError)>> {
    let mut problems = Vec::new();
    let mut given =
        |field: ContactField, input: &str, check: fn(&str) -> Result<String, FieldError>| {
            if input.trim().is_empty() {
                return None;
            }
            check(input)
                .map_err(|error| problems.push((field, error)))
                .ok()
        };
    let email_value = given(ContactField::Email, email, validate::email);
    let phone_value = given(ContactField::Phone, phone_number, phone);
    if email.trim().is_empty() && phone_number.trim().is_empty() {
        problems.push((ContactField::Email, FieldError::ContactMissing));
    }
    if problems.is_empty() {
        Ok(Reach {
            email: email_value,
            phone: phone_value,
        })
    } else {
        Err(problems)
    }
}

/// Checks a phone number of any kind we can call or text and returns it in E.164 form, like
/// "+447700900982", "+441134960000" or "+33612345678".
///
/// It uses the same normalising as [`validate::uk_mobile`] (separators ignored, "+44", "0044",
/// "44", "(0)" or a leading 0 worked out) and accepts, besides UK mobiles, UK landlines
/// (01, 02 and 03 numbers) and numbers written with a country code ("+" or "00" first). One
/// stored form keeps duplicates findable whichever way the number was typed.
///
/// # Errors
///
/// [`FieldError::PhoneMissing`] when empty, otherwise [`FieldError::PhoneNumberFormat`].
///
/// ```
/// use fairfloor::domain::contact::phone;
/// assert_eq!(phone("0113 496 0000").as_deref(), Ok("+441134960000"));
/// assert_eq!(phone("+33 6 12 34 56 78").as_deref(), Ok("+33612345678"));
/// assert!(phone("0800 123 4567").is_err()); // a freephone number reaches no one person
/// ```
pub fn phone(input: &str) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::PhoneMissing);
    }
    let digits = phone_digits(trimmed);
    if let Some(national) = uk_national_number(&digits)
        && (is_uk_mobile(national) || is_uk_landline(national))
    {
        return Ok(format!("+44{national}"));
    }
    let international = digits
        .strip_prefix('+')
        .or_else(|| digits.strip_prefix("00"))
        .filter(|rest| !rest.starts_with("44"));
    match international {
        Some(rest) if is_international(rest) => Ok(format!("+{rest}")),
        _ => Err(FieldError::PhoneNumberFormat),
    }
}

/// Whether a UK national number (without its 0 or +44) is a landline people answer: geographic
/// (1 or 2, 9 or 10 digits) or non-geographic 03 (10 digits).
fn is_uk_landline(national: &str) -> bool {
    let all_digits = national.bytes().all(|b| b.is_ascii_digit());
    let shape = match national.as_bytes().first() {
        Some(b'1' | b'2') => (9..=10).contains(&national.len()),
        Some(b'3') => national.len() == 10,
        _ => false,
    };
    all_digits && shape
}

/// Whether the digits after '+' or '00' can be an E.164 number: a country code that does not
/// start with 0, and 8 to 15 digits in all.
fn is_international(rest: &str) -> bool {
    (INTERNATIONAL_MIN_DIGITS..=INTERNATIONAL_MAX_DIGITS).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_digit())
        && !rest.starts_with('0')
}

/// Checks an optional postcode answer: blank is `None` (not given), "no fixed address" (or
/// "NFA", any case) is [`NO_FIXED_ADDRESS`], anything else must be a UK postcode.
///
/// # Errors
///
/// [`FieldError::PostcodeFormat`] from [`validate::uk_postcode`].
pub fn postcode(input: &str) -> Result<Option<String>, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let words = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    if NO_FIXED_ADDRESS_WORDS
        .iter()
        .any(|nfa| words.eq_ignore_ascii_case(nfa))
    {
        return Ok(Some(NO_FIXED_ADDRESS.to_string()));
    }
    validate::uk_postcode(trimmed).map(Some)
}

/// How to reach a candidate and their postcode, checked together, as staff correct them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDetails {
    pub reach: Reach,
    pub postcode: Option<String>,
}

/// Which box of the contact details a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactBox {
    Email,
    Phone,
    Postcode,
}

/// Checks corrected contact details with the same rules as a registration: [`reach`] for the
/// email and phone, [`postcode`] for the postcode.
///
/// # Errors
///
/// Every problem, with the box it is in.
pub fn details(
    email: &str,
    phone_number: &str,
    postcode_answer: &str,
) -> Result<ContactDetails, Vec<(ContactBox, FieldError)>> {
    let mut problems = Vec::new();
    let reach = reach(email, phone_number)
        .map_err(|found| {
            problems.extend(found.into_iter().map(|(field, error)| {
                let field = match field {
                    ContactField::Email => ContactBox::Email,
                    ContactField::Phone => ContactBox::Phone,
                };
                (field, error)
            }));
        })
        .unwrap_or_default();
    let postcode = postcode(postcode_answer)
        .map_err(|error| problems.push((ContactBox::Postcode, error)))
        .unwrap_or_default();
    if problems.is_empty() {
        Ok(ContactDetails { reach, postcode })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrected_details_follow_the_registration_rules_box_by_box() {
        let ok = details(" Zoe@Example.com ", "", "nfa").unwrap();
        assert_eq!(ok.reach.email.as_deref(), Some("zoe@example.com"));
        assert_eq!(ok.reach.phone, None);
        assert_eq!(ok.postcode.as_deref(), Some(NO_FIXED_ADDRESS));
        let problems = details("", "", "not a postcode").unwrap_err();
        let boxes: Vec<ContactBox> = problems.iter().map(|(b, _)| *b).collect();
        assert_eq!(boxes, vec![ContactBox::Email, ContactBox::Postcode]);
        assert_eq!(problems[0].1, FieldError::ContactMissing);
    }

    fn codes(
        result: Result<Reach, Vec<(ContactField, FieldError)>>,
    ) -> Vec<(ContactField, &'static str)> {
        result
            .unwrap_err()
            .iter()
            .map(|(field, error)| (*field, error.code()))
            .collect()
    }

    #[test]
    fn an_email_alone_is_enough() {
        assert_eq!(
            reach("Sam@Example.com", "  "),
            Ok(Reach {
                email: Some("sam@example.com".into()),
                phone: None
            })
        );
    }

    #[test]
    fn a_uk_mobile_alone_is_enough() {
        assert_eq!(
            reach("", "07700 900982"),
            Ok(Reach {
                email: None,
                phone: Some("+447700900982".into())
            })
        );
    }

    /// Each number, typed with no email, is enough on its own and is stored as given.
    fn each_phone_alone_reaches(cases: &[(&str, &str)]) {
        for &(typed, stored) in cases {
            assert_eq!(
                reach("", typed),
                Ok(Reach {
                    email: None,
                    phone: Some(stored.into())
                }),
                "input {typed:?}"
            );
        }
    }

    #[test]
    fn a_landline_alone_is_enough() {
        each_phone_alone_reaches(&[
            ("0113 496 0000", "+441134960000"),
            ("020 7946 0000", "+442079460000"),
            ("+44 (0)113 496 0000", "+441134960000"),
            ("0300 123 4567", "+443001234567"),
            ("016977 3456", "+44169773456"),
        ]);
    }

    #[test]
    fn an_international_mobile_alone_is_enough() {
        each_phone_alone_reaches(&[
            ("+33 6 12 34 56 78", "+33612345678"),
            ("0033 6 12 34 56 78", "+33612345678"),
            ("+1 (415) 555-0100", "+14155550100"),
            ("+48 512 345 678", "+48512345678"),
        ]);
    }

    #[test]
    fn nothing_at_all_says_what_to_give() {
        assert_eq!(
            codes(reach("", "")),
            vec![(ContactField::Email, "contact.missing")]
        );
        assert_eq!(
            FieldError::ContactMissing.to_string(),
            "Enter an email address or a phone number, so we can contact you"
        );
    }

    #[test]
    fn a_bad_answer_is_refused_even_beside_a_good_one() {
        assert_eq!(
            codes(reach("sam@example.com", "12345")),
            vec![(ContactField::Phone, "phone.number_format")]
        );
        assert_eq!(
            codes(reach("sam.example.com", "07700 900982")),
            vec![(ContactField::Email, "email.format")]
        );
    }

    #[test]
    fn numbers_nobody_answers_are_refused() {
        for bad in [
            "0800 123 4567",
            "0871 123 4567",
            "07700 90098",
            "+44 12",
            "+0 123 456 789",
            "+",
            "+33 6",
            "+1234567890123456",
            "phone me",
            "07700\u{202E}900982",
            "４１５５５５０１００",
            "14155550100",
        ] {
            assert_eq!(
                phone(bad).map_err(|e| e.code()),
                Err("phone.number_format"),
                "input {bad:?}"
            );
        }
        assert_eq!(phone(" ").map_err(|e| e.code()), Err("phone.missing"));
    }

    #[test]
    fn stored_numbers_read_back_the_same() {
        for stored in [
            "+447700900982",
            "+441134960000",
            "+33612345678",
            "+14155550100",
        ] {
            assert_eq!(phone(stored).as_deref(), Ok(stored));
        }
    }

    #[test]
    fn a_postcode_is_optional_and_no_fixed_address_is_an_answer() {
        assert_eq!(postcode("  "), Ok(None));
        assert_eq!(postcode("ls14dy"), Ok(Some("LS1 4DY".into())));
        for nfa in ["no fixed address", "No  Fixed Address", "NFA", " nfa "] {
            assert_eq!(
                postcode(nfa),
                Ok(Some(NO_FIXED_ADDRESS.into())),
                "input {nfa:?}"
            );
        }
        assert_eq!(
            postcode(NO_FIXED_ADDRESS),
            Ok(Some(NO_FIXED_ADDRESS.into()))
        );
        assert_eq!(
            postcode("LS1 4CY").map_err(|e| e.code()),
            Err("postcode.format")
        );
    }
}
