//! Plain text for printers that only know ASCII: transliteration, word wrapping, and the
//! onboarding link broken only where a person would not misread it.

use super::layout::NO_BREAK_SPACE;

/// ASCII spelling of a character that a receipt printer's code page may not have, or `None`
/// when the character has no sensible spelling (the caller prints `?`). Letters of other
/// scripts are transliterated (`deunicode`): Nguyễn → Nguyen, 王芳 → Wang Fang, Иван → Ivan,
/// so a name in any script prints as something a person can read out, never as `?`s.
///
/// Control characters are never passed through: text a candidate typed must not become a
/// printer command.
pub(crate) fn ascii_spelling(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "Th",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '´' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{2022}' | '\u{00B7}' | '\u{2023}' | '\u{2043}' => "*",
        '€' => "EUR",
        '£' => "GBP",
        '©' => "(c)",
        '®' => "(R)",
        '™' => "TM",
        '×' => "x",
        '÷' => "/",
        '½' => "1/2",
        '¼' => "1/4",
        '¾' => "3/4",
        '°' => " deg",
        '✓' | '✔' => "[x]",
        // Spaces of every width, and tabs and line breaks inside a field, become one space.
        '\u{00A0}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t'
        | '\n'
        | '\r' => " ",
        // Zero-width characters and soft hyphens disappear.
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        c if c.is_ascii_graphic() || c == ' ' => return ascii_str(c),
        c if c.is_control() => return None,
        c => return transliterated(c),
    })
}

/// `c` in another script spelt in printable ASCII, when `deunicode` knows how (a mark that
/// only changes the letter before it, such as a virama, is spelt as nothing).
fn transliterated(c: char) -> Option<&'static str> {
    deunicode::deunicode_char(c).filter(|s| s.chars().all(|c| c.is_ascii_graphic() || c == ' '))
}

/// The `&'static str` for one printable ASCII character.
fn ascii_str(c: char) -> Option<&'static str> {
    const PRINTABLE: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    let i = (c as usize).checked_sub(0x20)?;
    PRINTABLE.get(i..i + 1)
}

/// `text` spelled in printable ASCII only, with `keep` characters passed through as they are
/// (e.g. `£` for a printer whose code page has it). Anything else without a spelling is `?`.
pub(crate) fn to_ascii_keeping(text: &str, keep: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep.contains(&c) {
            out.push(c);
        } else {
            match ascii_spelling(c) {
                Some(s) => out.push_str(s),
                None => out.push('?'),
            }
        }
    }
    out
}

/// Text with control characters (and other line-breaking or invisible characters) made safe
/// for one line of a PDF or PNG: whitespace becomes a space (a no-break space stays, for
/// wrapping to respect), the rest is dropped.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c == NO_BREAK_SPACE {
                Some(c)
            } else if c.is_whitespace() {
                Some(' ')
            } else if c.is_control()
                || matches!(
                    c,
                    '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
                )
            {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Breaks `text` into lines no wider than `max` by `width`, at spaces where possible and
/// inside a word only when the word alone is too wide (long links).
pub(crate) fn wrap_by(text: &str, max: f32, width: impl Fn(char) -> f32) -> Vec<String> {
    fill(text.split(' ').filter(|w| !w.is_empty()), " ", max, width)
}

/// Breaks an onboarding link into lines no wider than `max` by `width`: all on one line when
/// it fits, otherwise only just after a `/`, so the token at the end (which has none) is never
/// cut and no line ends where the reader might think the link ends. Only a part between two
/// slashes wider than a whole line (a very long host name) is cut where it fills the line.
pub(crate) fn link_lines_by(link: &str, max: f32, width: impl Fn(char) -> f32) -> Vec<String> {
    fill(link.split_inclusive('/'), "", max, width)
}

/// [`link_lines_by`] with every character one column wide.
pub(crate) fn link_lines_columns(link: &str, columns: usize) -> Vec<String> {
    link_lines_by(link, columns as f32, |_| 1.0)
}

/// Lines no wider than `max` of `parts` joined by `sep`, breaking only between parts, and
/// inside a part only when it alone is wider than a line.
fn fill<'a>(
    parts: impl Iterator<Item = &'a str>,
    sep: &str,
    max: f32,
    width: impl Fn(char) -> f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0_f32;
    let sep_w: f32 = sep.chars().map(&width).sum();
    for part in parts {
        let part_w: f32 = part.chars().map(&width).sum();
        let gap = if line.is_empty() { 0.0 } else { sep_w };
        if line_w + gap + part_w <= max {
            if !line.is_empty() {
                line.push_str(sep);
            }
            line.push_str(part);
            line_w += gap + part_w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        if part_w <= max {
            line.push_str(part);
            line_w = part_w;
            continue;
        }
        // A part wider than a whole line: break it wherever it fills the line.
        for c in part.chars() {
            let w = width(c);
            if line_w + w > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            line.push(c);
            line_w += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// [`wrap_by`] with every character one column wide.
pub(crate) fn wrap_columns(text: &str, columns: usize) -> Vec<String> {
    wrap_by(text, columns as f32, |_| 1.0)
}

/// Whether `c` is in WinAnsi (Windows-1252): the PDF's built-in fonts show it, and on a
/// receipt printer its ASCII spelling loses only an accent.
pub(crate) fn win_ansi(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{FF}') || (c != ' ' && WIN_ANSI_HIGH.contains(c))
}

/// Windows-1252's 0x80..=0x9F, with a space where it has no character.
pub(crate) const WIN_ANSI_HIGH: &str = "€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_typography_become_ascii() {
        assert_eq!(
            to_ascii_keeping("Zoë O’Brien – café “ok” naïve Łukasz Øre ß…", &[]),
            "Zoe O'Brien - cafe \"ok\" naive Lukasz Ore ss..."
        );
        assert_eq!(to_ascii_keeping("£12.50", &['£']), "£12.50");
        assert_eq!(to_ascii_keeping("£12.50", &[]), "GBP12.50");
    }

    #[test]
    fn control_characters_never_pass_through() {
        let nasty = "Ann\u{1b}@\u{1d}V\u{0}\u{7f}\u{9b}2J 中";
        let out = to_ascii_keeping(nasty, &[]);
        assert!(out.bytes().all(|b| (0x20..0x7f).contains(&b)), "{out:?}");
        // The controls become '?'; the Chinese letter is spelt out.
        assert_eq!(out, "Ann?@?V???2J Zhong ");
        assert_eq!(one_line("a\u{1b}[2Jb\tc\nd"), "a[2Jb c d");
    }

    /// Issue 14: names in other scripts printed as '?' on receipt slips; now each prints as a
    /// transliteration a person can read out (no '?' at all).
    #[test]
    fn names_in_any_script_are_spelt_out_not_questioned() {
        for (name, spelt) in [
            ("Nguyễn Thị Thu", Some("Nguyen Thi Thu")),
            ("王芳", Some("Wang Fang")),
            ("Иван Петров", Some("Ivan Petrov")),
            ("Νίκος Παπαδόπουλος", Some("Nikos Papadopoulos")),
            ("محمد", None),
            ("אבי", None),
            ("सुनीता", None),
            ("সুমন", None),
            ("ਹਰਪ੍ਰੀਤ", None),
        ] {
            let out = to_ascii_keeping(name, &[]);
            assert!(!out.contains('?'), "{name} -> {out:?}");
            assert!(out.bytes().all(|b| (0x20..0x7f).contains(&b)), "{out:?}");
            assert!(
                out.chars().any(|c| c.is_ascii_alphabetic()),
                "{name} -> {out:?}"
            );
            if let Some(spelt) = spelt {
                assert_eq!(out.trim(), spelt, "{name}");
            }
        }
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap_columns("the quick brown fox jumps", 10),
            vec!["the quick", "brown fox", "jumps"]
        );
        assert_eq!(
            wrap_columns("go to https://example.org/abcdefghij now", 12),
            vec!["go to", "https://exam", "ple.org/abcd", "efghij now"]
        );
        assert!(wrap_columns("   ", 5).is_empty());
        // A no-break space holds its words together.
        assert_eq!(
            wrap_columns("call us on 01632\u{A0}960000", 14),
            vec!["call us on", "01632\u{A0}960000"]
        );
    }

    #[test]
    fn a_link_that_fits_stays_on_one_line() {
        let link = "https://jobs.example.nhs.uk/start/7kq3m9xw";
        assert_eq!(link_lines_columns(link, link.len()), vec![link]);
    }

    #[test]
    fn a_long_link_breaks_only_after_a_slash() {
        let token = "7kq3m9xwzr2b4c5d6e7f8g9h2jk";
        let link = format!("https://jobs.example.nhs.uk/start/{token}");
        assert_eq!(
            link_lines_columns(&link, 42),
            vec!["https://jobs.example.nhs.uk/start/", token]
        );
        assert_eq!(
            link_lines_columns(&link, 32),
            vec!["https://jobs.example.nhs.uk/", "start/", token]
        );
        // Proportional widths too: lines end at a slash and never exceed the width.
        let lines = link_lines_by(&link, 60.0, |c| if c == 'w' { 3.0 } else { 2.0 });
        assert_eq!(lines.concat(), link);
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with('/'), "{lines:?}");
        }
        assert_eq!(lines.last().unwrap(), token);
    }

    #[test]
    fn only_a_part_wider_than_a_line_is_cut() {
        assert_eq!(
            link_lines_columns("https://a-very-long-host-name.example.org/t", 16),
            vec!["https://", "a-very-long-host", "-name.example.or", "g/t"]
        );
    }
}
