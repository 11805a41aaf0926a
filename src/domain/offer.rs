//! Conditional offers: what is offered, on what conditions, and the onboarding link.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
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
    /// As a candidate reads it on the slip.
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

/// 128 bits from the operating system's random source, URL-safe: 22 characters.
/// No personal data goes into the link or the QR code, only this.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
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

    #[test]
    fn tokens_are_128_bits_url_safe_and_different_each_time() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{a}"
        );
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 16);
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
