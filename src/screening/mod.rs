//! Structured values-based screening: scripts as data (`script`), reading and checking script
//! files (`loader`), and the rules that turn scores into a recommendation (`scoring`).

pub mod loader;
pub mod scoring;
pub mod script;

pub use loader::{
    LoadedScript, ScriptLibrary, ScriptProblem, check_file, parse_script, parse_script_bytes, show,
};
pub use scoring::{Assessment, assess};
pub use script::{
    Anchor, EligibilityAnswer, EligibilityOutcome, EligibilityQuestion, Guidance, MAX_SCORE,
    MIN_SCORE, NhsValue, Rules, Script, ValuesQuestion,
};
