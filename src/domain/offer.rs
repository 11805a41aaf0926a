//! Conditional offers: what is offered, on what conditions, and the onboarding link.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::roles::Role;

stored_enum! {
    /// The six NHS Employment Check Standards an offer is conditional on.
    pub enum Check {
        Identity,
        RightToWork,
        /// Professional registration and qualifications, only where the role needs them.
        Registration,
        EmploymentHistory,
        CriminalRecord,
        WorkHealth,
    }
}

impl Check {
    /// As staff read it on the offer form: short, and with what staff must keep in mind.
    pub fn title(self) -> &'static str {
        match self {
            Check::Identity => "Proof of who you are",
            Check::RightToWork => "Right to work in the UK",
            Check::Registration => "Professional registration and qualifications",
            Check::EmploymentHistory => "Work history and references",
            Check::CriminalRecord => "Criminal record check (DBS)",
            Check::WorkHealth => "Work health assessment (after the offer, never before)",
        }
    }

    /// As a candidate reads it on the slip: what they will do or show, in plain English, for
    /// someone who has never applied for a job in care.
    pub fn for_candidate(self) -> &'static str {
        match self {
            Check::Identity => "Proof of who you are",
            Check::RightToWork => "Proof that you can work in the UK",
            Check::Registration => "Your professional registration and qualifications",
            Check::EmploymentHistory => {
                "Your recent work or study, and people we can ask for a reference"
            }
            Check::CriminalRecord => "A criminal record check (DBS), which we apply for with you",
            Check::WorkHealth => {
                "A health questionnaire, which you fill in after accepting this offer"
            }
        }
    }

    /// The checks that apply to a role: all six, except registration where the role does not need it.
    pub fn for_role(role: &Role) -> Vec<Check> {
        use strum::IntoEnumIterator;
        Check::iter()
            .filter(|check| *check != Check::Registration || role.needs_registration)
            .collect()
    }
}

stored_enum! {
    /// Kinds of contract an offer can be for.
    pub enum Contract {
        Permanent,
        FixedTerm,
        Bank,
    }
}

impl Contract {
    pub fn title(self) -> &'static str {
        match self {
            Contract::Permanent => "Permanent",
            Contract::FixedTerm => "Fixed-term",
            Contract::Bank => "Bank (flexible shifts)",
        }
    }
}

stored_enum! {
    /// An offer of a job, or a place in the talent pool for a role with no vacancy today.
    pub enum OfferKind {
        Offer,
        TalentPool,
    }
}

stored_enum! {
    pub enum OfferStatus {
        Made,
        Withdrawn,
        /// The candidate said no.
        Declined,
    }
}

/// Identity and right-to-work documents a recruiter saw in the original today. Never a copy
/// or a document number: only what kind, who saw it and when (and a Home Office share code for
/// an online right-to-work check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSeen {
    pub check: Check,
    pub document: String,
    pub share_code: Option<String>,
}

/// What a recruiter confirms on the offer screen, checked before it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub candidate_id: String,
    pub screening_id: Option<String>,
    pub kind: OfferKind,
    pub role_code: String,
    pub site: String,
    pub contract: Contract,
    pub hours: String,
    pub conditions: Vec<Check>,
    pub expires_on: NaiveDate,
    pub documents_seen: Vec<DocumentSeen>,
}

/// The conditions still to meet: those with no document seen for them at the table. The slip
/// and every export of offers (the laptop's and the centre's) list these, not all of them.
pub fn still_to_do<T: PartialEq + Clone>(conditions: &[T], seen: &[T]) -> Vec<T> {
    conditions
        .iter()
        .filter(|condition| !seen.contains(condition))
        .cloned()
        .collect()
}

/// Why an offer or its settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferError {
    #[error(
        "'{0}' is not an https web address. Set the onboarding address with: fairfloor event --onboarding-url https://jobs.example.nhs.uk/start"
    )]
    NotHttps(String),
    #[error(
        "'{0}' is not a usable web address: it needs a host name and no spaces, '?' or '#', like https://jobs.example.nhs.uk/start"
    )]
    BadUrl(String),
    #[error("a Home Office share code is 9 letters and numbers, like W2X 7KP 9HQ; '{0}' is not")]
    BadShareCode(String),
    #[error("the expiry date {0} is before today; choose a later date")]
    ExpiresInPast(NaiveDate),
    #[error("the site or ward area is empty; write where the job is, like \"St James's, Ward 12\"")]
    NoSite,
}

/// Checks an onboarding base address and returns it without a trailing slash.
pub fn onboarding_base_url(input: &str) -> Result<String, OfferError> {
    let url = input.trim();
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| OfferError::NotHttps(input.to_string()))?;
    let host = rest.split('/').next().unwrap_or("");
    let bad = host.is_empty()
        || !host.contains('.')
        || url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>')
        });
    if bad {
        return Err(OfferError::BadUrl(input.to_string()));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// The characters of an onboarding token: digits and lower-case letters with none that can be
/// mistaken for another when read off paper or typed from it (no 0/o, 1/l/i, u/v).
pub const TOKEN_ALPHABET: &[u8; 30] = b"23456789abcdefghjkmnpqrstvwxyz";

/// Characters in a token: the fewest that carry at least 128 bits, i.e. the smallest `n` with
/// `30^n >= 2^128` (the first power of the alphabet size that does not fit in a `u128`).
pub const TOKEN_LEN: usize = {
    let base = TOKEN_ALPHABET.len() as u128;
    let mut n = 0;
    let mut power: u128 = 1;
    loop {
        n += 1;
        match power.checked_mul(base) {
            Some(next) => power = next,
            None => break n,
        }
    }
};

/// A new onboarding token: [`TOKEN_LEN`] characters of [`TOKEN_ALPHABET`], each uniformly
/// random from the operating system's random source (at least 128 bits in all). No personal
/// data goes into the link or the QR code, only this.
///
/// Tokens made before this alphabet (22 characters of URL-safe base64) stay valid: fairfloor
/// stores the whole link and never parses a token back, so old slips and links keep working.
pub fn new_token() -> Result<String, getrandom::Error> {
    // Bytes at or above the largest multiple of the alphabet size are dropped so every
    // character is equally likely (240 = 8 x 30 of 256 byte values are used).
    let base = TOKEN_ALPHABET.len();
    let usable = u8::try_from(256 / base * base).unwrap_or(u8::MAX);
    let mut token = String::with_capacity(TOKEN_LEN);
    let mut bytes = [0u8; 64];
    while token.len() < TOKEN_LEN {
        getrandom::fill(&mut bytes)?;
        for &b in bytes
            .iter()
            .filter(|&&b| b < usable)
            .take(TOKEN_LEN - token.len())
        {
            token.push(char::from(TOKEN_ALPHABET[usize::from(b) % base]));
        }
    }
    Ok(token)
}

/// The link a candidate follows to onboarding.
pub fn onboarding_link(base: &str, token: &str) -> String {
    format!("{base}/{token}")
}

/// A short reference people can read out: the ticket and four characters of the token.
pub fn reference(ticket: &str, token: &str) -> String {
    let tail: String = token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(4)
        .collect::<String>()
        .to_ascii_uppercase();
    format!("{ticket}-{tail}")
}

/// A share code as people type it ("w2x 7kp 9hq") → "W2X7KP9HQ".
pub fn share_code(input: &str) -> Result<String, OfferError> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if code.len() == 9 && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err(OfferError::BadShareCode(input.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters that can be read as another on a printed slip or typed wrongly from it.
    const LOOK_ALIKES: &str = "0Oo1lIiuU|";

    #[test]
    fn tokens_carry_at_least_128_bits_and_differ_each_time() {
        let bits = TOKEN_LEN as f64 * (TOKEN_ALPHABET.len() as f64).log2();
        assert!(
            bits >= 128.0,
            "{TOKEN_LEN} characters carry only {bits} bits"
        );
        assert!(
            (TOKEN_LEN - 1) as f64 * (TOKEN_ALPHABET.len() as f64).log2() < 128.0,
            "the token is no longer than it needs to be"
        );
        assert_eq!(TOKEN_LEN, 27);
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), TOKEN_LEN);
        assert_ne!(a, b);
    }

    #[test]
    fn tokens_have_no_look_alike_characters() {
        // The alphabet itself: distinct, URL-safe, none that reads as another.
        let alphabet: std::collections::BTreeSet<u8> = TOKEN_ALPHABET.iter().copied().collect();
        assert_eq!(alphabet.len(), TOKEN_ALPHABET.len(), "no repeats");
        for &c in TOKEN_ALPHABET {
            let c = char::from(c);
            assert!(c.is_ascii_digit() || c.is_ascii_lowercase(), "{c}");
            assert!(!LOOK_ALIKES.contains(c), "{c} is a look-alike");
        }
        // And what comes out: every character of many tokens is in the alphabet, and every
        // character of the alphabet turns up (so none is starved by the sampling).
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let token = new_token().unwrap();
            assert!(
                token.bytes().all(|b| alphabet.contains(&b)),
                "{token} has a character outside the alphabet"
            );
            seen.extend(token.bytes());
        }
        assert_eq!(seen, alphabet);
    }

    #[test]
    fn references_from_new_tokens_read_out_without_look_alikes() {
        for _ in 0..50 {
            let r = reference("B-042", &new_token().unwrap());
            let tail = r.strip_prefix("B-042-").unwrap();
            assert_eq!(tail.len(), 4);
            assert!(!tail.chars().any(|c| LOOK_ALIKES.contains(c)), "{r}");
        }
    }

    #[test]
    fn links_made_with_old_base64_tokens_still_work() {
        // Offers made before the new alphabet keep their stored link and reference as they were.
        let old = "q3Xz-9_bKf2LmN0pQrStUw";
        assert_eq!(
            onboarding_link("https://jobs.example.nhs.uk/start", old),
            "https://jobs.example.nhs.uk/start/q3Xz-9_bKf2LmN0pQrStUw"
        );
        assert_eq!(reference("B-042", old), "B-042-Q3XZ");
    }

    #[test]
    fn every_check_has_candidate_wording_apart_from_the_staff_label() {
        use strum::IntoEnumIterator;
        for check in Check::iter() {
            // Staff notes ("never before") are for the recruiter, not the candidate.
            assert!(!check.for_candidate().contains("never"), "{check:?}");
        }
        assert_eq!(
            Check::WorkHealth.title(),
            "Work health assessment (after the offer, never before)"
        );
        assert_eq!(
            Check::WorkHealth.for_candidate(),
            "A health questionnaire, which you fill in after accepting this offer"
        );
    }

    #[test]
    fn only_https_onboarding_addresses_are_accepted() {
        assert_eq!(
            onboarding_base_url("https://jobs.example.nhs.uk/start/").unwrap(),
            "https://jobs.example.nhs.uk/start"
        );
        assert!(matches!(
            onboarding_base_url("http://jobs.example.nhs.uk"),
            Err(OfferError::NotHttps(_))
        ));
        for bad in [
            "https://",
            "https://localhost",
            "https://a.b/x?name=zoe",
            "https://a b.uk",
        ] {
            assert!(
                matches!(onboarding_base_url(bad), Err(OfferError::BadUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_link_holds_no_personal_data() {
        let token = new_token().unwrap();
        let link = onboarding_link("https://jobs.example.nhs.uk/start", &token);
        assert_eq!(link, format!("https://jobs.example.nhs.uk/start/{token}"));
    }

    #[test]
    fn share_codes_are_tidied_or_refused() {
        assert_eq!(share_code("w2x 7kp 9hq").unwrap(), "W2X7KP9HQ");
        assert!(share_code("W2X7KP").is_err());
    }

    #[test]
    fn references_are_short_and_readable() {
        assert_eq!(reference("B-042", "7k-3Qx_9aa"), "B-042-7K3Q");
    }
}
