//! Keeping spreadsheet formulas out of exports (CSV injection).
//!
//! A spreadsheet runs a cell as a formula when its text starts with `=`, `+`, `-` or `@`, and some
//! also after a leading tab or carriage return. Text a candidate typed must never do that, so such a
//! cell gets a single quote in front (the OWASP advice): the spreadsheet shows the text as typed.
//! Two kinds of value are left alone because a spreadsheet reads them as plain values, never as a
//! call: a real number (`-12.5`) and a phone number in international form (`+447700900123`).

use std::borrow::Cow;

/// The characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as it is safe to put in a spreadsheet cell.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) => {
            if is_plain_number(text) || is_international_phone(text) {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(format!("'{text}"))
            }
        }
        _ => Cow::Borrowed(text),
    }
}

/// A decimal number such as `-1`, `+2.5` or `-0.75e3`: nothing but a sign, digits, one point and
/// an exponent. (`f64::from_str` alone would also take `-inf` and `+NaN`.)
fn is_plain_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// `+` then 7 to 15 digits, single spaces allowed between digits: `+44 7700 900123`.
fn is_international_phone(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.ends_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && !rest.contains("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_and_their_disguises_get_a_quote() {
        for hostile in [
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "+SUM(A1:A9)",
            "-1+1",
            "@cmd",
            "@SUM(1,1)",
            "\tTab",
            "\r=1+1",
            "=1",
            "-",
            "+",
            "-inf",
            "+NaN",
            "+44 7700 900123=1",
            "+44(0)7700900123",
            "-2-cmd|' /C calc'!A0",
        ] {
            assert_eq!(neutralise(hostile), format!("'{hostile}"), "{hostile:?}");
        }
    }

    #[test]
    fn numbers_phones_and_ordinary_text_are_untouched() {
        for safe in [
            "-12",
            "-12.5",
            "+3",
            "-0.75e3",
            "+447700900123",
            "+44 7700 900123",
            "+353861234567",
            "Amara Okafor",
            "O'Brien",
            "1+1",
            "a=b",
            "",
            " =1",
        ] {
            assert_eq!(neutralise(safe), safe, "{safe:?}");
        }
    }

    proptest! {
        /// Whatever the text, the result never starts a formula unless it is a number or a phone,
        /// and taking the quote off gives back exactly what was typed.
        #[test]
        fn the_result_is_never_a_formula_and_loses_nothing(text in "\\PC{0,12}|[=+\\-@\t\r][\\PC0-9]{0,10}") {
            let safe = neutralise(&text);
            let unquoted = if safe.len() == text.len() + 1 { &safe[1..] } else { &safe[..] };
            prop_assert_eq!(unquoted, text.as_str());
            if let Some(first) = safe.chars().next()
                && FORMULA_STARTS.contains(&first)
            {
                prop_assert!(is_plain_number(&safe) || is_international_phone(&safe), "{:?}", safe);
            }
        }
    }
}
