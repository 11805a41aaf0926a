//! The coordinator's reports, computed from plain rows with no I/O: the day's figures for the
//! dashboard ([`day`]) and the equality-monitoring aggregates with small counts suppressed
//! ([`fairness`]). The rows come from `crate::store::reports`.

pub mod day;
pub mod fairness;
