//! A candidate's registration: what they told us at the kiosk, at a recruiter's table or in an import.

stored_enum! {
    /// "Do you have the right to work in the UK?"
    pub enum RightToWork { Yes, No, NotSure }
}
stored_enum! {
    /// Previous care experience; unpaid caring for family or friends counts as experience.
    pub enum CareExperience { Paid, Unpaid, None }
}
stored_enum! {
    /// Kinds of contract a candidate would take.
    pub enum ContractType { FullTime, PartTime, Bank }
}
stored_enum! {
    /// When a candidate can work.
    pub enum WorkPattern { Days, Nights, Weekends }
}
stored_enum! {
    /// Where a registration came from.
    pub enum Source { Kiosk, WalkIn, Import, Demo }
}
stored_enum! {
    /// Where a candidate is in the day. Booked people have not arrived yet.
    pub enum Status { Booked, Waiting, NoShow }
}

/// Everything a candidate gives us when registering, already validated and normalised
/// (see [`crate::domain::validate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registration {
    pub given_name: String,
    pub family_name: String,
    /// At least one of `email` and `phone` is given (see [`crate::domain::contact::reach`]).
    pub email: Option<String>,
    /// E.164: a UK mobile or landline, or a number with its country code.
    pub phone: Option<String>,
    /// A UK postcode, [`NO_FIXED_ADDRESS`](crate::domain::contact::NO_FIXED_ADDRESS), or `None`
    /// when not given.
    pub postcode: Option<String>,
    /// Role codes from `assets/roles.toml`, at most [`MAX_ROLES`].
    pub roles: Vec<String>,
    pub contract_types: Vec<ContractType>,
    pub work_patterns: Vec<WorkPattern>,
    pub right_to_work: Option<RightToWork>,
    pub care_experience: Option<CareExperience>,
    pub adjustments: String,
    /// Equality-monitoring answers as (question id, answer id); empty when skipped.
    pub equality: Vec<(String, String)>,
    /// The privacy notice version agreed to, if the candidate agreed in person (kiosk).
    pub privacy_version: Option<String>,
}

/// How many roles a candidate may say they are interested in.
pub const MAX_ROLES: usize = 3;

impl Registration {
    /// The name a recruiter calls out.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn answers_round_trip_through_their_stored_names() {
        assert_eq!(RightToWork::NotSure.as_ref(), "not_sure");
        assert_eq!(RightToWork::from_str("not_sure"), Ok(RightToWork::NotSure));
        assert_eq!(ContractType::FullTime.to_string(), "full_time");
        assert_eq!(Source::WalkIn.as_ref(), "walk_in");
        assert_eq!(Status::from_str("no_show"), Ok(Status::NoShow));
        assert!(CareExperience::from_str("lots").is_err());
    }
}
