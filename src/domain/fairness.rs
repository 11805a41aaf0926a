//! One registered candidate as the equality-monitoring report (`crate::report::fairness`) reads
//! them: their answers and how far they got, with nothing that names them.

use std::collections::BTreeMap;

/// One registered candidate, as the report needs them: their answers and how far they got.
/// Offered implies interviewed: the store counts an offered candidate as interviewed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Question id → option id, for the questions they answered.
    pub answers: BTreeMap<String, String>,
    pub interviewed: bool,
    pub offered: bool,
}
