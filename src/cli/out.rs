//! Everything the command line prints goes through here, for two reasons:
//!
//! - Text from outside (a CSV header, a script's title, a centre's error, a candidate's name) may
//!   hold escape sequences that would retitle or clear the coordinator's terminal. Each line is
//!   passed through the same filter the screens use ([`crate::domain::text::visible`]), so no
//!   command has to remember to.
//! - A reader that goes away (`fairfloor import file.csv | head -1`) must not end a command in a
//!   panic half-way through its work: a failed write is ignored, and the work goes on.
//!
//! `clippy::print_stdout` and `clippy::print_stderr` are denied in `cli`, so a stray `println!`
//! does not compile past the lints.

use std::fmt::Display;
use std::io::Write;

use crate::domain::text::visible;

/// The text made harmless line by line; the line breaks themselves are kept.
pub fn harmless(text: &str) -> String {
    text.split('\n')
        .map(|line| visible(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `text` and a line break, ignoring a closed or failing stream.
pub fn line_to(mut stream: impl Write, text: impl Display) {
    let _ = writeln!(stream, "{}", harmless(&text.to_string()));
    let _ = stream.flush();
}

/// Writes `text` as it is (no line break added), ignoring a closed or failing stream.
pub fn text_to(mut stream: impl Write, text: impl Display) {
    let _ = write!(stream, "{}", harmless(&text.to_string()));
    let _ = stream.flush();
}

/// Writes bytes meant for the terminal as they are (a QR code drawn with colour codes): only for
/// output fairfloor made itself, never for outside text.
pub fn raw_bytes(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes);
    let _ = stdout.flush();
}

/// A line to standard output: `say!("Imported {n} people.")`.
macro_rules! say {
    () => { $crate::cli::out::line_to(std::io::stdout().lock(), "") };
    ($($arg:tt)*) => { $crate::cli::out::line_to(std::io::stdout().lock(), format_args!($($arg)*)) };
}

/// Text to standard output with no line break added.
macro_rules! say_text {
    ($($arg:tt)*) => { $crate::cli::out::text_to(std::io::stdout().lock(), format_args!($($arg)*)) };
}

/// A line to standard error (progress, warnings, errors).
macro_rules! tell {
    () => { $crate::cli::out::line_to(std::io::stderr().lock(), "") };
    ($($arg:tt)*) => { $crate::cli::out::line_to(std::io::stderr().lock(), format_args!($($arg)*)) };
}

pub(crate) use {say, say_text, tell};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_from_outside_are_made_visible_and_lines_kept() {
        let header = "given_name,\u{1b}]0;PWNED\u{7}\u{1b}[2J,email\r\nsecond";
        let shown = harmless(header);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown}"
        );
        assert!(shown.contains("PWNED"), "{shown}");
        assert_eq!(shown.lines().count(), 2, "{shown}");
        assert!(!shown.contains('\r'));
    }

    #[test]
    fn a_closed_stream_is_ignored() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
        }
        line_to(Closed, "still no panic");
        text_to(Closed, "nor here");
    }
}
