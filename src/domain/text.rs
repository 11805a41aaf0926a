//! Making typed text harmless on a terminal.
//!
//! Everything a candidate types (names, adjustments, email addresses) ends up drawn on the
//! staff and kiosk screens. A terminal treats some characters as commands rather than text:
//! an escape sequence can move the cursor, change colours or clear the screen, and Unicode
//! bidi controls can reorder what staff see (so "Smith" could be shown as something else).
//! The helpers here turn such characters into visible stand-ins before anything is drawn.

use std::borrow::Cow;

/// The replacement used where no more specific visible stand-in exists.
const REPLACEMENT: char = '\u{FFFD}';

/// Start of the Unicode "Control Pictures" block: U+2400 is '␀', U+241B is '␛' and so on,
/// so a C0 control with code `n` is shown as `U+2400 + n`.
const CONTROL_PICTURES_START: u32 = 0x2400;

/// The control picture for DEL ('␡').
const DEL_PICTURE: char = '\u{2421}';

/// Whether `c` is an invisible formatting character that can reorder or hide text.
///
/// This covers the bidi embedding/override characters (U+202A–U+202E), the bidi isolates
/// (U+2066–U+2069), zero-width spaces, joiners and direction marks (U+200B–U+200F), the
/// byte-order mark / zero-width no-break space (U+FEFF), and, because they do the same kind
/// of harm, the Arabic letter mark (U+061C), the word joiner (U+2060) and the line and
/// paragraph separators (U+2028, U+2029), which some terminals treat as line breaks.
///
/// None of these are control characters in the `char::is_control` sense, so they must be
/// checked for separately. Validation uses the same list, so what we refuse to store and
/// what we refuse to draw stay in step.
#[must_use]
pub fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{2029}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether `c` must not reach the terminal as-is: any control character (C0, DEL, C1) or a
/// hidden formatting character (see [`is_hidden_format`]).
#[must_use]
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control() || is_hidden_format(c)
}

/// The visible stand-in drawn in place of an unsafe character.
fn stand_in(c: char) -> char {
    let code = u32::from(c);
    match code {
        // C0 controls have a dedicated picture each, which tells staff what was typed.
        0x00..=0x1F => char::from_u32(CONTROL_PICTURES_START + code).unwrap_or(REPLACEMENT),
        0x7F => DEL_PICTURE,
        // C1 controls and hidden formatting characters have no pictures of their own.
        _ => REPLACEMENT,
    }
}

/// Returns text safe to draw on a terminal: every control character (C0, DEL, C1) is replaced by a visible
/// stand-in (C0 -> the Unicode "control pictures" U+2400+code, e.g. ESC -> '␛', DEL -> '␡', C1 -> U+FFFD),
/// and bidi override/isolate and zero-width characters are replaced by U+FFFD, so a name cannot move the cursor,
/// change colours or reorder the screen. Borrow when nothing needs changing.
///
/// Each unsafe character becomes exactly one visible character, so the number of characters
/// (and therefore columns, as counted by [`truncate`]) does not change.
///
/// ```
/// use fairfloor::domain::text::visible;
/// assert_eq!(visible("\u{1b}[31mEve"), "␛[31mEve");
/// assert_eq!(visible("Zoë O'Brien"), "Zoë O'Brien");
/// ```
#[must_use]
pub fn visible(s: &str) -> Cow<'_, str> {
    // Almost all text is already safe, so only allocate once we know something must change.
    let Some(first) = s.find(is_unsafe_for_terminal) else {
        return Cow::Borrowed(s);
    };
    let (clean, rest) = s.split_at(first);
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(clean);
    out.extend(rest.chars().map(|c| {
        if is_unsafe_for_terminal(c) {
            stand_in(c)
        } else {
            c
        }
    }));
    Cow::Owned(out)
}

/// Truncates to at most `max` terminal columns, ending with '…' when cut (count chars as one column each; that is enough here).
///
/// Whitespace just before the '…' is dropped, so a cut between words reads "Smith…" rather
/// than "Smith …". When `max` is 0 nothing fits, not even the '…', so the result is empty.
#[must_use]
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    // Byte offset of the char that would be the (max + 1)th: if there is none, it all fits.
    if s.char_indices().nth(max).is_none() {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    // Keep `max - 1` chars to leave one column for the ellipsis.
    let keep_end = s
        .char_indices()
        .nth(max - 1)
        .map_or(s.len(), |(index, _)| index);
    let kept = s[..keep_end].trim_end();
    let mut out = String::with_capacity(kept.len() + '…'.len_utf8());
    out.push_str(kept);
    out.push('…');
    Cow::Owned(out)
}

/// A count as people read it, with thousands separators: 12345 → "12,345", -1000 → "-1,000".
pub fn grouped(n: impl std::fmt::Display) -> String {
    let text = n.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", text.as_str()),
    };
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_replaces_unsafe_characters() {
        let cases: &[(&str, &str)] = &[
            ("\x1b[31mEvil", "␛[31mEvil"),
            ("a\u{202E}b", "a\u{FFFD}b"),
            ("a\u{2066}b\u{2069}c", "a\u{FFFD}b\u{FFFD}c"),
            ("zero\u{200B}width", "zero\u{FFFD}width"),
            ("\u{FEFF}bom", "\u{FFFD}bom"),
            ("line\nbreak", "line␊break"),
            ("tab\there", "tab␉here"),
            ("carriage\rreturn", "carriage␍return"),
            ("nul\0", "nul␀"),
            ("bell\x07", "bell␇"),
            ("unit sep\x1f", "unit sep␟"),
            ("del\x7f", "del␡"),
            (
                "c1 \u{80} \u{9B}2J \u{9F}",
                "c1 \u{FFFD} \u{FFFD}2J \u{FFFD}",
            ),
            ("next line\u{85}", "next line\u{FFFD}"),
            ("para\u{2029}sep", "para\u{FFFD}sep"),
            ("Zoë\x1b]0;title\x07", "Zoë␛]0;title␇"),
        ];
        for &(input, expected) in cases {
            let got = visible(input);
            assert_eq!(got, expected, "input {input:?}");
            assert!(
                matches!(got, Cow::Owned(_)),
                "input {input:?} should be owned"
            );
            assert_eq!(
                got.chars().count(),
                input.chars().count(),
                "one stand-in per character for {input:?}"
            );
        }
    }

    #[test]
    fn visible_borrows_safe_text() {
        let cases = [
            "",
            "O'Brien",
            "Smith-Jones",
            "Zoë Siobhán",
            "Nguyễn Thị Minh Khai",
            "محمد",
            "王秀英",
            "Ольга",
            "I need a quiet room, please 🙂",
        ];
        for input in cases {
            let got = visible(input);
            assert!(matches!(got, Cow::Borrowed(_)), "input {input:?}");
            assert_eq!(got, input);
        }
    }

    #[test]
    fn visible_output_is_always_safe() {
        let mut all = String::new();
        for code in (0u32..0x300).chain(0x2000..0x2100).chain(0xFEF0..0xFF00) {
            if let Some(c) = char::from_u32(code) {
                all.push(c);
            }
        }
        let shown = visible(&all);
        assert!(!shown.chars().any(is_unsafe_for_terminal));
    }

    #[test]
    fn truncate_cuts_with_ellipsis() {
        let cases: &[(&str, usize, &str)] = &[
            ("hello world", 5, "hell…"),
            ("hello world", 7, "hello…"),
            ("hello world", 10, "hello wor…"),
            ("Siobhán Ní Bhriain", 8, "Siobhán…"),
            ("王秀英王秀英", 3, "王秀…"),
            ("ab", 1, "…"),
            ("   abc", 3, "…"),
            ("ab", 0, ""),
        ];
        for &(input, max, expected) in cases {
            let got = truncate(input, max);
            assert_eq!(got, expected, "input {input:?} max {max}");
            assert!(got.chars().count() <= max, "input {input:?} max {max}");
        }
    }

    #[test]
    fn truncate_borrows_when_it_fits() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("", 5),
            ("hello", 5),
            ("hello", 6),
            ("Zoë", 3),
            ("王秀英", 3),
        ];
        for &(input, max) in cases {
            let got = truncate(input, max);
            assert!(matches!(got, Cow::Borrowed(_)), "input {input:?} max {max}");
            assert_eq!(got, input);
        }
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000_u64), "1,000");
        assert_eq!(grouped(12345_i64), "12,345");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-1000), "-1,000");
        assert_eq!(grouped(-999), "-999");
    }
}
