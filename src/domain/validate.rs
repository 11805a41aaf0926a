//! Pure validation of what a candidate types. No I/O.
//!
//! Each function takes the raw text from an input box and either returns the value we store
//! (trimmed and, where there is one standard way to write it, normalised) or a [`FieldError`]
//! saying what is wrong. Rules are deliberately forgiving about *how* people type things
//! (spacing, case, "+44" or "07") and strict only where a wrong value would stop us contacting
//! the candidate or could corrupt what staff see on screen.

use super::text::is_unsafe_for_terminal;

/// Most characters allowed in a first or last name.
pub const NAME_MAX_CHARS: usize = 100;

/// Most characters allowed in a whole email address (RFC 5321 path limit, less the brackets).
pub const EMAIL_MAX_CHARS: usize = 254;

/// Most characters allowed before the '@' in an email address (RFC 5321).
pub const EMAIL_LOCAL_MAX_CHARS: usize = 64;

/// Fewest digits in a staff PIN.
pub const PIN_MIN_DIGITS: usize = 4;

/// Most digits in a staff PIN.
pub const PIN_MAX_DIGITS: usize = 8;

/// Most characters in one DNS label (RFC 1035).
const DOMAIN_LABEL_MAX_CHARS: usize = 63;

/// Characters other than letters and digits allowed before the '@' (RFC 5322 "atext", plus
/// '.'). The same set GOV.UK Notify accepts; anything else there is almost always a typo.
const EMAIL_LOCAL_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~.";

/// Which name box an answer came from, so errors can name the right field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameField {
    /// First name (given name).
    Given,
    /// Last name (family name).
    Family,
}

impl NameField {
    /// How the field is named at the start of a sentence.
    fn title(self) -> &'static str {
        match self {
            Self::Given => "First name",
            Self::Family => "Last name",
        }
    }

    /// How the field is named in the middle of a sentence.
    fn lower(self) -> &'static str {
        match self {
            Self::Given => "first name",
            Self::Family => "last name",
        }
    }
}

/// What is wrong with an answer. `code()` is a stable key (e.g. "email.format") that the UI uses to look up
/// plain-English text in assets (a content designer edits those), `Display` gives a default English
/// message written for a reading age of 9 in the style of UK GOV.UK / NHS services, naming the field and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// A first or last name was left empty.
    #[error("Enter your {}", .0.lower())]
    NameMissing(NameField),
    /// A first or last name is longer than [`NAME_MAX_CHARS`].
    #[error("{} must be {} characters or fewer", .0.title(), NAME_MAX_CHARS)]
    NameTooLong(NameField),
    /// A name contains digits, or no letters at all.
    #[error(
        "{} can only have letters, and the marks names use (spaces, hyphens, apostrophes, full stops); not numbers",
        .0.title()
    )]
    NameInvalidCharacters(NameField),
    /// A name holds a character that cannot be seen (a zero-width space, a bidi override, a
    /// control character), usually pasted in with it: said where, so it can be found and retyped.
    #[error("{}", hidden_character_message(*.field, .after, *.code))]
    NameHiddenCharacter {
        field: NameField,
        /// The visible part of the name before it ("" when it comes first).
        after: String,
        /// Its Unicode code point, for whoever supports fairfloor.
        code: u32,
    },
    /// The email address was left empty.
    #[error("Enter your email address")]
    EmailMissing,
    /// The email address is not in a form we can send to.
    #[error("Enter an email address in the correct format, like name@example.com")]
    EmailFormat,
    /// The email address is longer than [`EMAIL_MAX_CHARS`].
    #[error("Email address must be {} characters or fewer", EMAIL_MAX_CHARS)]
    EmailTooLong,
    /// The mobile number was left empty.
    #[error("Enter your mobile number")]
    PhoneMissing,
    /// The number is not a UK mobile number.
    #[error("Enter a UK mobile number, like 07700 900 982")]
    PhoneFormat,
    /// The number is not a UK mobile or landline, nor a number with a country code.
    #[error(
        "Enter a phone number, like 07700 900 982 or 0113 496 0000. For a number from outside the UK, start with + and the country code"
    )]
    PhoneNumberFormat,
    /// Neither an email address nor a phone number was given, so nobody could reach them.
    #[error("Enter an email address or a phone number, so we can contact you")]
    ContactMissing,
    /// The postcode was left empty.
    #[error("Enter your postcode")]
    PostcodeMissing,
    /// The postcode is not a full UK postcode.
    #[error("Enter a full UK postcode, like LS1 4DY")]
    PostcodeFormat,
    /// A staff PIN is not 4 to 8 digits.
    #[error("A PIN must be {} to {} digits", PIN_MIN_DIGITS, PIN_MAX_DIGITS)]
    PinFormat,
    /// Free text contains tabs, line breaks or other control or hidden characters.
    #[error("Your answer must not include tabs, line breaks or hidden characters")]
    TextInvalidCharacters,
    /// Free text is longer than the limit for that question.
    #[error("Your answer must be {max_chars} characters or fewer")]
    TextTooLong {
        /// The limit that was exceeded, so the message can say it.
        max_chars: usize,
    },
}

impl FieldError {
    /// A stable key for this error, used by the UI to look up the wording a content designer
    /// has written. These keys are part of the asset format: never rename one.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NameMissing(NameField::Given) => "given_name.missing",
            Self::NameMissing(NameField::Family) => "family_name.missing",
            Self::NameTooLong(NameField::Given) => "given_name.too_long",
            Self::NameTooLong(NameField::Family) => "family_name.too_long",
            Self::NameInvalidCharacters(NameField::Given) => "given_name.invalid_characters",
            Self::NameInvalidCharacters(NameField::Family) => "family_name.invalid_characters",
            Self::NameHiddenCharacter {
                field: NameField::Given,
                ..
            } => "given_name.hidden_character",
            Self::NameHiddenCharacter {
                field: NameField::Family,
                ..
            } => "family_name.hidden_character",
            Self::EmailMissing => "email.missing",
            Self::EmailFormat => "email.format",
            Self::EmailTooLong => "email.too_long",
            Self::PhoneMissing => "phone.missing",
            Self::PhoneFormat => "phone.format",
            Self::PhoneNumberFormat => "phone.number_format",
            Self::ContactMissing => "contact.missing",
            Self::PostcodeMissing => "postcode.missing",
            Self::PostcodeFormat => "postcode.format",
            Self::PinFormat => "pin.format",
            Self::TextInvalidCharacters => "text.invalid_characters",
            Self::TextTooLong { .. } => "text.too_long",
        }
    }
}

/// The message for a hidden character in a name, after `after` (the visible text before it).
fn hidden_character_message(field: NameField, after: &str, code: u32) -> String {
    let place = if after.is_empty() {
        "at the start".to_string()
    } else {
        format!("after \"{after}\"")
    };
    format!(
        "{} has a hidden character {place} that cannot be seen (U+{code:04X}), often pasted in with the name. Delete the {} and type it again",
        field.title(),
        field.lower()
    )
}

/// Checks a first or last name and returns it trimmed.
///
/// Names are kept exactly as typed apart from surrounding whitespace: people's names include
/// apostrophes (O'Brien), hyphens (Smith-Jones), accents (Zoë, Siobhán), spaces and non-Latin
/// scripts, and "correcting" them is both wrong and upsetting. We only refuse what cannot be a
/// name (digits, nothing but punctuation) and what could corrupt the screen (control, bidi and
/// zero-width characters).
///
/// # Errors
///
/// [`FieldError::NameMissing`] when empty, [`FieldError::NameTooLong`] when over
/// [`NAME_MAX_CHARS`], [`FieldError::NameInvalidCharacters`] for digits, control, bidi or
/// zero-width characters, or no letters at all. Each names `field`.
pub fn person_name(input: &str, field: NameField) -> Result<String, FieldError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(FieldError::NameMissing(field));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(FieldError::NameTooLong(field));
    }
    if let Some(at) = name.find(is_unsafe_for_terminal) {
        let hidden = name[at..].chars().next().unwrap_or_default();
        return Err(FieldError::NameHiddenCharacter {
            field,
            after: name[..at]
                .chars()
                .filter(|c| !is_unsafe_for_terminal(*c))
                .collect(),
            code: u32::from(hidden),
        });
    }
    // `is_numeric` rather than ASCII digits, so digits from other scripts are caught too.
    let bad_char = name.chars().any(char::is_numeric);
    let has_letter = name.chars().any(char::is_alphabetic);
    if bad_char || !has_letter {
        return Err(FieldError::NameInvalidCharacters(field));
    }
    Ok(name.to_owned())
}

/// Checks an email address and returns it trimmed and lower-cased.
///
/// The whole address is lower-cased so the same person typing "Sam@NHS.net" and "sam@nhs.net"
/// is recognised as one candidate. The format rules catch the typos people actually make
/// (missing '@', a comma for a dot, a space, "gmail,com", "name@gmail") without trying to
/// accept every address RFC 5322 allows: quoted local parts and IP-address domains are
/// refused. Letters from any script are allowed, for internationalised addresses.
///
/// # Errors
///
/// [`FieldError::EmailMissing`] when empty, [`FieldError::EmailTooLong`] when over
/// [`EMAIL_MAX_CHARS`], otherwise [`FieldError::EmailFormat`] when the format rules fail.
pub fn email(input: &str) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::EmailMissing);
    }
    if trimmed.chars().count() > EMAIL_MAX_CHARS {
        return Err(FieldError::EmailTooLong);
    }
    let address = trimmed.to_lowercase();
    if email_format_ok(&address) {
        Ok(address)
    } else {
        Err(FieldError::EmailFormat)
    }
}

/// The format rules for [`email`], applied to the trimmed, lower-cased address.
fn email_format_ok(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    // `split_once` took the first '@'; a second one means the address is malformed.
    if domain.contains('@') {
        return false;
    }
    email_local_ok(local) && email_domain_ok(domain)
}

/// The part before the '@': letters, digits and the usual symbols, with dots only between
/// other characters (so not "name.@" or "first..last@").
fn email_local_ok(local: &str) -> bool {
    !local.is_empty()
        && local.chars().count() <= EMAIL_LOCAL_MAX_CHARS
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || EMAIL_LOCAL_SYMBOLS.contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

/// The part after the '@': at least two dot-separated labels of letters, digits and hyphens,
/// no label empty or starting or ending with a hyphen, and a top-level domain of at least two
/// characters that is not all digits (so an IP address is refused).
fn email_domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let [.., tld] = labels.as_slice() else {
        return false;
    };
    if labels.len() < 2 {
        return false;
    }
    let labels_ok = labels.iter().all(|label| {
        !label.is_empty()
            && label.chars().count() <= DOMAIN_LABEL_MAX_CHARS
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    labels_ok && tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
}

/// Checks a UK mobile number and returns it in E.164 form, like "+447700900982".
///
/// People write the same number many ways ("07700 900982", "+44 (0)7700 900982",
/// "0044 7700 900982"), so spaces, hyphens, dots and brackets are ignored and the country code
/// or leading 0 is worked out. Storing one form means duplicates can be found and the number
/// can be given straight to an SMS gateway. Only numbers starting 07 (mobile) are accepted,
/// because we text candidates; landlines cannot receive those.
///
/// # Errors
///
/// [`FieldError::PhoneMissing`] when empty, otherwise [`FieldError::PhoneFormat`] for
/// anything that is not a UK mobile number.
///
/// ```
/// use fairfloor::domain::validate::uk_mobile;
/// assert_eq!(uk_mobile("07700 900 982").as_deref(), Ok("+447700900982"));
/// assert_eq!(uk_mobile("+44 (0)7700 900982").as_deref(), Ok("+447700900982"));
/// assert!(uk_mobile("0113 496 0000").is_err()); // a landline cannot take a text
/// ```
pub fn uk_mobile(input: &str) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::PhoneMissing);
    }
    let digits = phone_digits(trimmed);
    let national = uk_national_number(&digits).ok_or(FieldError::PhoneFormat)?;
    if is_uk_mobile(national) {
        Ok(format!("+44{national}"))
    } else {
        Err(FieldError::PhoneFormat)
    }
}

/// A phone number with the separators people type (spaces, hyphens, dots, brackets) removed.
pub(super) fn phone_digits(trimmed: &str) -> String {
    trimmed
        .chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')')))
        .collect()
}

/// Whether a UK national number (without its 0 or +44) is a mobile: 7 followed by 9 more digits.
pub(super) fn is_uk_mobile(national: &str) -> bool {
    national.len() == 10
        && national.starts_with('7')
        && national.bytes().all(|b| b.is_ascii_digit())
}

/// Removes the UK prefix from a number with separators already stripped: "+44", "0044" or
/// "44" (each optionally followed by the "(0)" people copy from business cards), or the
/// leading trunk "0". Returns `None` when the number does not start in a UK way.
pub(super) fn uk_national_number(digits: &str) -> Option<&str> {
    let international = digits
        .strip_prefix("+44")
        .or_else(|| digits.strip_prefix("0044"))
        .or_else(|| digits.strip_prefix("44"));
    match international {
        Some(rest) => Some(rest.strip_prefix('0').unwrap_or(rest)),
        None => digits.strip_prefix('0'),
    }
}

/// Checks a UK postcode and returns it in standard form, like "LS1 4DY".
///
/// Case and spacing are ignored ("ls14dy", " ls1  4dy ") because people type postcodes every
/// way; the standard form has capitals and one space before the last three characters. We
/// check the shape and the letters the Royal Mail never uses in each position (from the UK
/// Government Data Standards Catalogue), which catches typos like O for 0, but we cannot know
/// whether the postcode really exists. "GIR 0AA" (Girobank) is the one historical exception
/// to the rules and is accepted.
///
/// # Errors
///
/// [`FieldError::PostcodeMissing`] when empty, otherwise [`FieldError::PostcodeFormat`].
///
/// ```
/// use fairfloor::domain::validate::uk_postcode;
/// assert_eq!(uk_postcode(" ls14dy ").as_deref(), Ok("LS1 4DY"));
/// assert!(uk_postcode("LS1 4CY").is_err()); // C is never used in the last part
/// ```
pub fn uk_postcode(input: &str) -> Result<String, FieldError> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        return Err(FieldError::PostcodeMissing);
    }
    if !compact.is_ascii() || !(5..=7).contains(&compact.len()) {
        return Err(FieldError::PostcodeFormat);
    }
    // Every postcode ends with a three-character inward code; the rest is the outward code.
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let valid = (outward == "GIR" && inward == "0AA")
        || (outward_code_ok(outward.as_bytes()) && inward_code_ok(inward.as_bytes()));
    if valid {
        Ok(format!("{outward} {inward}"))
    } else {
        Err(FieldError::PostcodeFormat)
    }
}

/// Letters never used as the first character of a postcode.
const POSTCODE_NOT_FIRST: &[u8] = b"QVX";
/// Letters never used as the second character when it is a letter.
const POSTCODE_NOT_SECOND: &[u8] = b"IJZ";
/// The only letters used in the third position of an A9A outward code (like W1A).
const POSTCODE_THIRD_A9A: &[u8] = b"ABCDEFGHJKPSTUW";
/// The only letters used in the fourth position of an AA9A outward code (like SW1A).
const POSTCODE_FOURTH_AA9A: &[u8] = b"ABEHMNPRVWXY";
/// Letters never used in the inward code, because they look like digits or other letters
/// when handwritten.
const POSTCODE_INWARD_NOT: &[u8] = b"CIKMOV";

/// Whether `outward` (upper-case ASCII) is one of A9, A99, AA9, AA99, A9A or AA9A, using only
/// letters allowed in each position.
fn outward_code_ok(outward: &[u8]) -> bool {
    let first = |c: u8| c.is_ascii_uppercase() && !POSTCODE_NOT_FIRST.contains(&c);
    let second = |c: u8| c.is_ascii_uppercase() && !POSTCODE_NOT_SECOND.contains(&c);
    let digit = |c: u8| c.is_ascii_digit();
    match *outward {
        // A9
        [a, b] => first(a) && digit(b),
        // A99, A9A or AA9
        [a, b, c] => {
            (first(a) && digit(b) && (digit(c) || POSTCODE_THIRD_A9A.contains(&c)))
                || (first(a) && second(b) && digit(c))
        }
        // AA99 or AA9A
        [a, b, c, d] => {
            first(a) && second(b) && digit(c) && (digit(d) || POSTCODE_FOURTH_AA9A.contains(&d))
        }
        _ => false,
    }
}

/// Whether `inward` (upper-case ASCII) is a digit followed by two letters that Royal Mail uses.
fn inward_code_ok(inward: &[u8]) -> bool {
    let letter = |c: u8| c.is_ascii_uppercase() && !POSTCODE_INWARD_NOT.contains(&c);
    matches!(*inward, [d, x, y] if d.is_ascii_digit() && letter(x) && letter(y))
}

/// Checks a staff PIN: 4 to 8 ASCII digits and nothing else.
///
/// Unlike candidate answers this is not trimmed: a PIN is a secret, so a stray space is more
/// likely a mistake the staff member should see than something to quietly fix.
///
/// # Errors
///
/// [`FieldError::PinFormat`] for anything other than 4 to 8 ASCII digits.
pub fn staff_pin(input: &str) -> Result<(), FieldError> {
    let ok = (PIN_MIN_DIGITS..=PIN_MAX_DIGITS).contains(&input.len())
        && input.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(FieldError::PinFormat)
    }
}

/// Checks an optional free-text answer (such as adjustments needed for an interview) and
/// returns it trimmed; an empty answer is allowed.
///
/// All control characters are refused, including tabs and line breaks, along with bidi and
/// zero-width characters, so the answer is shown to staff exactly as it will be stored and
/// cannot disturb the screen. `max_chars` is counted after trimming.
///
/// # Errors
///
/// [`FieldError::TextInvalidCharacters`] for control, bidi or zero-width characters, then
/// [`FieldError::TextTooLong`] (carrying `max_chars`) when the answer is too long.
pub fn optional_free_text(input: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = input.trim();
    if text.chars().any(is_unsafe_for_terminal) {
        return Err(FieldError::TextInvalidCharacters);
    }
    if text.chars().count() > max_chars {
        return Err(FieldError::TextTooLong { max_chars });
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hidden or control character the validators must refuse, one per entry.
    const UNSAFE: &[char] = &[
        '\0', '\x07', '\x08', '\t', '\n', '\r', '\x1b', '\x7f', '\u{85}', '\u{9b}', '\u{061C}',
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{2028}', '\u{2029}',
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{2066}',
        '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}',
    ];

    #[test]
    fn person_name_accepts_real_names() {
        let cases: &[(&str, &str)] = &[
            ("Sam", "Sam"),
            ("  Sam  ", "Sam"),
            ("\tSam\n", "Sam"),
            ("O'Brien", "O'Brien"),
            ("O’Brien", "O’Brien"),
            ("Smith-Jones", "Smith-Jones"),
            ("Zoë", "Zoë"),
            ("Siobhán", "Siobhán"),
            ("Mary Ann", "Mary Ann"),
            ("van der  Berg", "van der  Berg"),
            ("de la Cruz", "de la Cruz"),
            ("Nguyễn", "Nguyễn"),
            ("محمد", "محمد"),
            ("王秀英", "王秀英"),
            ("Ольга", "Ольга"),
            ("Αλέξανδρος", "Αλέξανδρος"),
            ("प्रिया", "प्रिया"),
            ("Ngũgĩ wa Thiong'o", "Ngũgĩ wa Thiong'o"),
            ("St. John", "St. John"),
            ("X", "X"),
        ];
        for field in [NameField::Given, NameField::Family] {
            for &(input, expected) in cases {
                assert_eq!(
                    person_name(input, field).as_deref(),
                    Ok(expected),
                    "input {input:?}"
                );
            }
        }
    }

    #[test]
    fn person_name_length_limit_counts_characters() {
        let exactly = "é".repeat(NAME_MAX_CHARS);
        assert_eq!(
            person_name(&exactly, NameField::Given).as_deref(),
            Ok(exactly.as_str())
        );
        let padded = format!("  {exactly}  ");
        assert_eq!(
            person_name(&padded, NameField::Given).as_deref(),
            Ok(exactly.as_str())
        );
        let over = "a".repeat(NAME_MAX_CHARS + 1);
        assert_eq!(
            person_name(&over, NameField::Given).map_err(|e| e.code()),
            Err("given_name.too_long")
        );
        assert_eq!(
            person_name(&over, NameField::Family).map_err(|e| e.code()),
            Err("family_name.too_long")
        );
    }

    #[test]
    fn person_name_rejects_bad_input() {
        let cases: &[(&str, &str)] = &[
            ("", "missing"),
            ("   ", "missing"),
            ("\t\n", "missing"),
            ("Sam1", "invalid_characters"),
            ("R2D2", "invalid_characters"),
            ("Sam٣", "invalid_characters"),
            ("-", "invalid_characters"),
            ("'", "invalid_characters"),
            ("- '", "invalid_characters"),
            ("\x1b[31mEvil", "hidden_character"),
            ("Robert\u{202E}sirrah", "hidden_character"),
            ("\u{200B}", "hidden_character"),
            ("Sam\u{FEFF}", "hidden_character"),
            ("Mary\nAnn", "hidden_character"),
        ];
        for &(input, suffix) in cases {
            assert_eq!(
                person_name(input, NameField::Given).map_err(|e| e.code()),
                Err(format!("given_name.{suffix}").as_str()),
                "input {input:?}"
            );
            assert_eq!(
                person_name(input, NameField::Family).map_err(|e| e.code()),
                Err(format!("family_name.{suffix}").as_str()),
                "input {input:?}"
            );
        }
        for &c in UNSAFE {
            let input = format!("Sa{c}m");
            assert_eq!(
                person_name(&input, NameField::Given),
                Err(FieldError::NameHiddenCharacter {
                    field: NameField::Given,
                    after: "Sa".into(),
                    code: u32::from(c),
                }),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn person_name_messages() {
        let cases: &[(FieldError, &str)] = &[
            (
                FieldError::NameMissing(NameField::Given),
                "Enter your first name",
            ),
            (
                FieldError::NameMissing(NameField::Family),
                "Enter your last name",
            ),
            (
                FieldError::NameTooLong(NameField::Given),
                "First name must be 100 characters or fewer",
            ),
            (
                FieldError::NameTooLong(NameField::Family),
                "Last name must be 100 characters or fewer",
            ),
            (
                FieldError::NameInvalidCharacters(NameField::Given),
                "First name can only have letters, and the marks names use (spaces, hyphens, apostrophes, full stops); not numbers",
            ),
            (
                FieldError::NameInvalidCharacters(NameField::Family),
                "Last name can only have letters, and the marks names use (spaces, hyphens, apostrophes, full stops); not numbers",
            ),
            // Issue 14: a hidden character is named as one, with where it is.
            (
                person_name("Ze\u{200B}d", NameField::Given).unwrap_err(),
                "First name has a hidden character after \"Ze\" that cannot be seen (U+200B), often pasted in with the name. Delete the first name and type it again",
            ),
            (
                person_name("\u{202E}Smith", NameField::Family).unwrap_err(),
                "Last name has a hidden character at the start that cannot be seen (U+202E), often pasted in with the name. Delete the last name and type it again",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), *message);
        }
    }

    #[test]
    fn email_accepts_and_normalises() {
        let cases: &[(&str, &str)] = &[
            ("name@example.com", "name@example.com"),
            ("  name@example.com  ", "name@example.com"),
            ("Sam.Jones@NHS.NET", "sam.jones@nhs.net"),
            ("first.last+fair@nhs.uk", "first.last+fair@nhs.uk"),
            ("o'brien@example.co.uk", "o'brien@example.co.uk"),
            ("a@b.co", "a@b.co"),
            (
                "x_y-z@sub-domain.example.org",
                "x_y-z@sub-domain.example.org",
            ),
            ("name@xn--80ak6aa92e.com", "name@xn--80ak6aa92e.com"),
            ("zoë@exämple.com", "zoë@exämple.com"),
            ("ZOË@EXÄMPLE.COM", "zoë@exämple.com"),
            ("name@123.example.com", "name@123.example.com"),
        ];
        for &(input, expected) in cases {
            assert_eq!(email(input).as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn email_rejects_bad_input() {
        let long_local = "a".repeat(EMAIL_LOCAL_MAX_CHARS + 1);
        let long_label = "a".repeat(DOMAIN_LABEL_MAX_CHARS + 1);
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "email.missing"),
            ("   ".into(), "email.missing"),
            ("name".into(), "email.format"),
            ("name.example.com".into(), "email.format"),
            ("@example.com".into(), "email.format"),
            ("name@".into(), "email.format"),
            ("name@@example.com".into(), "email.format"),
            ("na@me@example.com".into(), "email.format"),
            ("name@example".into(), "email.format"),
            ("name@example.".into(), "email.format"),
            ("name@.example.com".into(), "email.format"),
            ("name@example..com".into(), "email.format"),
            ("name@example.c".into(), "email.format"),
            ("name@example,com".into(), "email.format"),
            ("name@exa mple.com".into(), "email.format"),
            ("na me@example.com".into(), "email.format"),
            ("name@example.com\u{00A0}x".into(), "email.format"),
            ("name@-example.com".into(), "email.format"),
            ("name@example-.com".into(), "email.format"),
            ("name@exam_ple.com".into(), "email.format"),
            ("name@192.168.0.1".into(), "email.format"),
            ("name@[192.168.0.1]".into(), "email.format"),
            ("\"quoted\"@example.com".into(), "email.format"),
            ("name,other@example.com".into(), "email.format"),
            ("<name@example.com>".into(), "email.format"),
            (".name@example.com".into(), "email.format"),
            ("name.@example.com".into(), "email.format"),
            ("first..last@example.com".into(), "email.format"),
            ("name@example.com\x1b[2J".into(), "email.format"),
            ("na\u{202E}me@example.com".into(), "email.format"),
            ("name\u{200B}@example.com".into(), "email.format"),
            (format!("{long_local}@example.com"), "email.format"),
            (format!("name@{long_label}.com"), "email.format"),
        ];
        for (input, code) in &cases {
            assert_eq!(
                email(input).map_err(|e| e.code()),
                Err(*code),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn email_length_limit() {
        // 64 + 1 + 185 + 4 = 254 characters, split into labels no longer than 63.
        let local = "a".repeat(EMAIL_LOCAL_MAX_CHARS);
        let domain = format!(
            "{}.{}.{}.com",
            "b".repeat(61),
            "c".repeat(61),
            "d".repeat(61)
        );
        let longest = format!("{local}@{domain}");
        assert_eq!(longest.chars().count(), EMAIL_MAX_CHARS);
        assert_eq!(email(&longest).as_deref(), Ok(longest.as_str()));
        let too_long = format!("{local}@b{domain}");
        assert_eq!(
            email(&too_long).map_err(|e| e.code()),
            Err("email.too_long")
        );
    }

    #[test]
    fn email_messages() {
        assert_eq!(
            FieldError::EmailFormat.to_string(),
            "Enter an email address in the correct format, like name@example.com"
        );
        assert_eq!(
            email("not an email").map_err(|e| e.to_string()),
            Err("Enter an email address in the correct format, like name@example.com".into())
        );
        assert_eq!(
            FieldError::EmailMissing.to_string(),
            "Enter your email address"
        );
        assert_eq!(
            FieldError::EmailTooLong.to_string(),
            "Email address must be 254 characters or fewer"
        );
    }

    #[test]
    fn uk_mobile_accepts_common_forms() {
        let cases = [
            "07700 900982",
            "07700900982",
            "07700 900 982",
            "+44 7700 900982",
            "+447700900982",
            "447700900982",
            "0044 7700 900982",
            "00447700900982",
            "(07700) 900-982",
            "+44 (0)7700 900982",
            "+44(0)7700900982",
            "+44 07700 900982",
            "07700.900.982",
            "0770-090-0982",
            "  07700 900982  ",
            "07700\u{00A0}900982",
        ];
        for input in cases {
            assert_eq!(
                uk_mobile(input).as_deref(),
                Ok("+447700900982"),
                "input {input:?}"
            );
        }
        assert_eq!(uk_mobile("07123 456789").as_deref(), Ok("+447123456789"));
        assert_eq!(uk_mobile("07624 123456").as_deref(), Ok("+447624123456"));
    }

    #[test]
    fn uk_mobile_rejects_bad_input() {
        let cases: &[(&str, &str)] = &[
            ("", "phone.missing"),
            ("   ", "phone.missing"),
            ("0113 496 0000", "phone.format"),
            ("020 7946 0000", "phone.format"),
            ("0300 123 4567", "phone.format"),
            ("+44 113 496 0000", "phone.format"),
            ("0800 123 4567", "phone.format"),
            ("07700 90098", "phone.format"),
            ("07700 9009821", "phone.format"),
            ("7700900982", "phone.format"),
            ("+44", "phone.format"),
            ("+", "phone.format"),
            ("0", "phone.format"),
            ("07700 9OO982", "phone.format"),
            ("mobile", "phone.format"),
            ("+1 415 555 0100", "phone.format"),
            ("+33 6 12 34 56 78", "phone.format"),
            ("+44 +7700 900982", "phone.format"),
            ("07700 900982 ext 1", "phone.format"),
            ("07700/900982", "phone.format"),
            ("0447700900982", "phone.format"),
            ("+44 00 7700 900982", "phone.format"),
            ("０７７００９００９８２", "phone.format"),
            ("07700\u{202E}900982", "phone.format"),
        ];
        for &(input, code) in cases {
            assert_eq!(
                uk_mobile(input).map_err(|e| e.code()),
                Err(code),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn uk_postcode_accepts_and_formats() {
        let cases: &[(&str, &str)] = &[
            ("LS1 4DY", "LS1 4DY"),
            ("ls14dy", "LS1 4DY"),
            (" ls1  4dy ", "LS1 4DY"),
            ("l s 1 4 d y", "LS1 4DY"),
            ("M1 1AE", "M1 1AE"),
            ("b338th", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("W1A 0AX", "W1A 0AX"),
            ("N1C 4AG", "N1C 4AG"),
            ("EC1A 1BB", "EC1A 1BB"),
            ("SW1A 2AA", "SW1A 2AA"),
            ("sw1a2aa", "SW1A 2AA"),
            ("BT1 5GS", "BT1 5GS"),
            ("GIR 0AA", "GIR 0AA"),
            ("gir0aa", "GIR 0AA"),
            ("\tLS1\u{00A0}4DY\n", "LS1 4DY"),
        ];
        for &(input, expected) in cases {
            assert_eq!(
                uk_postcode(input).as_deref(),
                Ok(expected),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn uk_postcode_rejects_bad_input() {
        let cases: &[(&str, &str)] = &[
            ("", "postcode.missing"),
            ("   ", "postcode.missing"),
            ("LS1", "postcode.format"),
            ("LS1 4D", "postcode.format"),
            ("4DY", "postcode.format"),
            ("LS1 4DYY", "postcode.format"),
            ("LS12A 4DY", "postcode.format"),
            ("1S1 4DY", "postcode.format"),
            ("LSS 4DY", "postcode.format"),
            ("LS1 DDY", "postcode.format"),
            ("LS1 44Y", "postcode.format"),
            ("LS1-4DY", "postcode.format"),
            ("LS1 4CY", "postcode.format"),
            ("LS1 4IY", "postcode.format"),
            ("LS1 4KY", "postcode.format"),
            ("LS1 4MY", "postcode.format"),
            ("LS1 4OY", "postcode.format"),
            ("LS1 4VY", "postcode.format"),
            ("LS1 4DC", "postcode.format"),
            ("LS1 4DO", "postcode.format"),
            ("QS1 4DY", "postcode.format"),
            ("VS1 4DY", "postcode.format"),
            ("XS1 4DY", "postcode.format"),
            ("LI1 4DY", "postcode.format"),
            ("LJ1 4DY", "postcode.format"),
            ("LZ1 4DY", "postcode.format"),
            ("W1I 0AX", "postcode.format"),
            ("W1L 0AX", "postcode.format"),
            ("SW1C 2AA", "postcode.format"),
            ("SW1D 2AA", "postcode.format"),
            ("GIR 0AB", "postcode.format"),
            ("L$1 4DY", "postcode.format"),
            ("ＬＳ1 4DY", "postcode.format"),
            ("LS1 4DÝ", "postcode.format"),
            ("LS1\u{200B}4DY", "postcode.format"),
        ];
        for &(input, code) in cases {
            assert_eq!(
                uk_postcode(input).map_err(|e| e.code()),
                Err(code),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn staff_pin_rules() {
        for ok in ["1234", "0000", "12345678", "98765"] {
            assert_eq!(staff_pin(ok), Ok(()), "input {ok:?}");
        }
        for bad in [
            "",
            "123",
            "123456789",
            " 1234",
            "1234 ",
            "12a4",
            "12 34",
            "-1234",
            "١٢٣٤",
            "１２３４",
        ] {
            assert_eq!(
                staff_pin(bad).map_err(|e| e.code()),
                Err("pin.format"),
                "input {bad:?}"
            );
        }
        assert_eq!(
            FieldError::PinFormat.to_string(),
            "A PIN must be 4 to 8 digits"
        );
    }

    #[test]
    fn optional_free_text_rules() {
        let accepted: &[(&str, usize, &str)] = &[
            ("", 10, ""),
            ("   ", 10, ""),
            ("\n", 10, ""),
            ("  Step-free access  ", 200, "Step-free access"),
            ("A quiet room, please 🙂", 200, "A quiet room, please 🙂"),
            ("ab", 2, "ab"),
            ("éé", 2, "éé"),
            ("", 0, ""),
        ];
        for &(input, max, expected) in accepted {
            assert_eq!(
                optional_free_text(input, max).as_deref(),
                Ok(expected),
                "input {input:?} max {max}"
            );
        }
        let rejected: &[(&str, usize, &str)] = &[
            ("abc", 2, "text.too_long"),
            ("ééé", 2, "text.too_long"),
            ("a", 0, "text.too_long"),
            ("line one\nline two", 200, "text.invalid_characters"),
            ("col\tcol", 200, "text.invalid_characters"),
            ("\x1b[2J", 200, "text.invalid_characters"),
            ("a\u{202E}b", 200, "text.invalid_characters"),
        ];
        for &(input, max, code) in rejected {
            assert_eq!(
                optional_free_text(input, max).map_err(|e| e.code()),
                Err(code),
                "input {input:?} max {max}"
            );
        }
        for &c in UNSAFE {
            let input = format!("a{c}b");
            assert_eq!(
                optional_free_text(&input, 200).map_err(|e| e.code()),
                Err("text.invalid_characters"),
                "input {input:?}"
            );
        }
        assert_eq!(
            optional_free_text("abc", 2),
            Err(FieldError::TextTooLong { max_chars: 2 })
        );
        assert_eq!(
            FieldError::TextTooLong { max_chars: 500 }.to_string(),
            "Your answer must be 500 characters or fewer"
        );
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let all = [
            FieldError::NameMissing(NameField::Given),
            FieldError::NameMissing(NameField::Family),
            FieldError::NameTooLong(NameField::Given),
            FieldError::NameTooLong(NameField::Family),
            FieldError::NameInvalidCharacters(NameField::Given),
            FieldError::NameInvalidCharacters(NameField::Family),
            FieldError::NameHiddenCharacter {
                field: NameField::Given,
                after: String::new(),
                code: 0x200B,
            },
            FieldError::NameHiddenCharacter {
                field: NameField::Family,
                after: String::new(),
                code: 0x200B,
            },
            FieldError::EmailMissing,
            FieldError::EmailFormat,
            FieldError::EmailTooLong,
            FieldError::PhoneMissing,
            FieldError::PhoneFormat,
            FieldError::PhoneNumberFormat,
            FieldError::ContactMissing,
            FieldError::PostcodeMissing,
            FieldError::PostcodeFormat,
            FieldError::PinFormat,
            FieldError::TextInvalidCharacters,
            FieldError::TextTooLong { max_chars: 1 },
        ];
        let mut codes: Vec<&str> = all.iter().map(FieldError::code).collect();
        for code in &codes {
            let (field, problem) = code.split_once('.').unwrap_or_default();
            assert!(!field.is_empty() && !problem.is_empty(), "{code}");
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'),
                "{code}"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for error in &all {
            let message = error.to_string();
            assert!(!message.is_empty() && !message.ends_with('.'), "{message}");
        }
    }
}
