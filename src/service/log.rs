//! The support log's one line per use case: how it ended, how long it took, and only
//! non-personal fields (ids, tickets, counts, kinds). A failure is logged by its error's kind
//! ([`kind`]), never its message, because some messages repeat what was typed or read from a
//! file (a name in a CSV cell, a ticket that was a name). Where the lines go is the shell's
//! business (`cli::logging`); with no subscriber set these cost next to nothing.

use std::fmt::Debug;

/// Runs a use case (`$result`, an expression giving a `Result`) and logs one line: at `$level`
/// with `$name` and the fields after `|ok|` when it worked, or a warning with the error's
/// [`kind`] when it failed; both with `ms`, the time it took. Evaluates to the result.
///
/// `logged!(info, "offer make", store.make_offer(..), |made| offer = %made.id)`
macro_rules! logged {
    ($level:ident, $name:literal, $result:expr $(, |$ok:pat_param| $($field:tt)+)?) => {{
        let started = ::std::time::Instant::now();
        let result = $result;
        let ms = started.elapsed().as_millis() as u64;
        match &result {
            #[allow(unused_variables)]
            Ok(value) => {
                $(let $ok = value;)?
                ::tracing::$level!($($($field)+ ,)? ms, $name)
            }
            Err(error) => ::tracing::warn!(
                error = %$crate::service::log::kind(error),
                ms,
                concat!($name, " failed")
            ),
        }
        result
    }};
}
pub(crate) use logged;

/// The names of `error`'s variants, outermost first, e.g. `Store(InInterview)`, read from the
/// head of its `Debug` form: only the leading identifiers, so never a field's value (those are
/// quoted, numbers, or follow a field name). `error` when no name leads (a plain message).
pub fn kind(error: &dyn Debug) -> String {
    // Deep enough for a wrapper of a wrapper; a kind is a hint for support, not a backtrace.
    const MAX_DEPTH: usize = 4;
    let text = format!("{error:?}");
    let mut names: Vec<&str> = Vec::new();
    let mut rest = text.as_str();
    while names.len() < MAX_DEPTH {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        // A derived Debug puts `(`, ` {`, `)`, `,` or the end after a variant's name; anything
        // else (`Jane Doe`) is text some Debug printed unquoted.
        let ends_a_name =
            after.is_empty() || ["(", " {", ")", ","].iter().any(|p| after.starts_with(p));
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !ends_a_name {
            break;
        }
        names.push(name);
        match after.strip_prefix('(') {
            Some(inner) => rest = inner,
            None => break,
        }
    }
    match names.split_first() {
        None => "error".to_string(),
        Some((first, inner)) => {
            let mut kind = (*first).to_string();
            for name in inner {
                kind.push('(');
                kind.push_str(name);
            }
            kind.push_str(&")".repeat(inner.len()));
            kind
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::kind;
    use crate::domain::{Source, Status};
    use crate::store::{Actor, StoreError, test_store, test_time};

    /// Everything logged at every level while `run` runs, as the log file would have it.
    fn logged_by(run: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Lines(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Lines {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, run);
        String::from_utf8(lines.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_registration_is_logged_by_its_ticket_and_a_failure_by_its_kind_never_by_details() {
        let (_dir, mut store, event) = test_store();
        let kiosk = Actor::new("kiosk", test_time());
        let zoe = crate::store::candidates::tests::zoe();
        let log = logged_by(|| {
            crate::service::registration::register(&mut store, &event, &zoe, Source::Kiosk, &kiosk)
                .unwrap();
            // A name typed where a ticket was wanted.
            let typed = "Zoë O'Brien-Smith";
            crate::service::registration::set_status(
                &mut store,
                &event,
                typed,
                Status::Waiting,
                &kiosk,
            )
            .unwrap_err();
            crate::service::floor::queue(&store, &event).unwrap();
        });
        assert!(log.contains("register ticket=A-001"), "{log}");
        assert!(
            log.contains("set status failed error=CandidateNotFound"),
            "{log}"
        );
        assert!(
            log.contains("floor queue rows=1"),
            "every level is on: {log}"
        );
        let details = [
            "Zoë",
            "O'Brien",
            "zoe@example.com",
            "+447700900982",
            "LS1 4DY",
            "A quiet room please",
            "25_34",
        ];
        for detail in details {
            assert!(!log.contains(detail), "the log holds {detail:?}:\n{log}");
        }
    }

    #[derive(Debug)]
    #[allow(dead_code)] // Read through Debug only.
    enum Outer {
        Store(StoreError),
        Row { line: u32, value: String },
        Text(String),
    }

    #[test]
    fn a_kind_names_the_variants_and_never_a_value_they_hold() {
        let cases = [
            (Outer::Store(StoreError::Busy), "Store(Busy)"),
            (
                Outer::Store(StoreError::InInterview {
                    ticket: "B-042".into(),
                    with: "Asha Patel".into(),
                }),
                "Store(InInterview)",
            ),
            (
                Outer::Store(StoreError::CandidateNotFound("Jane Doe".into())),
                "Store(CandidateNotFound)",
            ),
            (
                Outer::Row {
                    line: 3,
                    value: "jane@example.org".into(),
                },
                "Row",
            ),
            (Outer::Text("Jane".into()), "Text"),
        ];
        for (error, expected) in cases {
            assert_eq!(kind(&error), expected, "{error:?}");
        }
        // A plain message (as `anyhow!` makes) has no name to give.
        assert_eq!(kind(&"Jane Doe is not registered"), "error");
        // Nor does text a hand-written Debug printed unquoted.
        struct Unquoted;
        impl std::fmt::Debug for Unquoted {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("Jane Doe, SW1A 1AA")
            }
        }
        assert_eq!(kind(&Unquoted), "error");
        assert_eq!(kind(&StoreError::DiskFull), "DiskFull");
    }
}
