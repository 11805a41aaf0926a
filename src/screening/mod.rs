//! Structured values-based screening: scripts as data (`script`), the library of scripts and
//! reading one (`library`), the rules a script must keep (`check`), TOML errors in plain English
//! (`toml_message`), and the rules that turn scores into a recommendation (`scoring`).

mod check;
pub mod library;
mod problem;
pub mod scoring;
pub mod script;
#[cfg(test)]
mod test_fixtures;
mod toml_message;

pub use library::{LoadedScript, ScriptLibrary, check_file, parse_script, parse_script_bytes};
pub use problem::ScriptProblem;
pub use scoring::{Assessment, assess};
pub use script::{
    Anchor, EligibilityAnswer, EligibilityOutcome, EligibilityQuestion, Guidance, MAX_SCORE,
    MIN_SCORE, NhsValue, Rules, Script, ValuesQuestion,
};
pub(crate) use toml_message::toml_problem;
