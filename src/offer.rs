//! From a stored offer to what a candidate takes away: the slip's words, in plain English.

use chrono::{DateTime, Utc};

use crate::content::Content;
use crate::domain::Event;
use crate::domain::offer::{Check, OfferKind};
use crate::print::Slip;
use crate::store::offers::OfferRecord;

/// The offer slip for `offer` at `event`, dated in the event's time zone, with the employer and
/// the role's pay from the fair pack. Every condition is in the candidate's words
/// ([`Check::for_candidate`]), not the staff form's. A demo event's slip says DEMO.
pub fn slip(offer: &OfferRecord, content: &Content, event: &Event) -> Slip {
    let timezone = event.timezone;
    let role = content.roles.get(&offer.role_code);
    let done: Vec<Check> = offer.documents_seen.iter().map(|d| d.check).collect();
    let condition = |check: Check| match (check, role) {
        (Check::CriminalRecord, Some(role)) => {
            format!("{} ({})", check.for_candidate(), role.criminal_record_check)
        }
        _ => check.for_candidate().to_string(),
    };
    // The recruiter's hours on the offer form, else the role's.
    let hours = if offer.hours.trim().is_empty() {
        role.map(|r| r.hours.clone()).unwrap_or_default()
    } else {
        offer.hours.clone()
    };
    let what_next = match offer.kind {
        OfferKind::Offer => vec![
            "Scan the code or open the link to start your onboarding today.".to_string(),
            "Upload or bring what the checks still need. We will help you.".to_string(),
            "We will confirm your start date when the checks are done.".to_string(),
        ],
        OfferKind::TalentPool => vec![
            "You are in our talent pool for this role.".to_string(),
            "We will contact you when a job that fits you comes up.".to_string(),
        ],
    };
    Slip {
        candidate_name: offer.candidate_name.clone(),
        demo: event.demo,
        employer_name: given(&content.employer.name),
        employer_phone: given(&content.employer.phone),
        role_title: role.map_or_else(|| offer.role_code.clone(), |r| r.title.clone()),
        band: role.map(|r| r.band.clone()).unwrap_or_default(),
        pay: role.and_then(|r| given(&r.pay)),
        hours,
        site: offer.site.clone(),
        contract: offer.contract.title().to_string(),
        conditions: crate::domain::offer::still_to_do(&offer.conditions, &done)
            .into_iter()
            .map(condition)
            .collect(),
        done: offer
            .documents_seen
            .iter()
            .map(|d| format!("{}: {} seen today", d.check.for_candidate(), d.document))
            .collect(),
        what_next,
        link: offer.onboarding_url.clone(),
        reference: offer.reference.clone(),
        recruiter: offer.staff_name.clone(),
        date: offer
            .created_at
            .with_timezone(&timezone)
            .format("%A %-d %B %Y")
            .to_string(),
        expires: format!(
            "Offer open until {}",
            offer.expires_on.format("%A %-d %B %Y")
        ),
    }
}

/// A slip that offers nothing, for trying the printer before the doors open: an offer slip's
/// layout with the employer's details, the fair's venue and date and a QR code of `link` (the
/// onboarding address), marked as no offer in its first line, so nobody could take it for one.
pub fn test_slip(content: &Content, event: &Event, link: &str, now: DateTime<Utc>) -> Slip {
    Slip {
        demo: true,
        candidate_name: "Printer test".into(),
        employer_name: given(&content.employer.name),
        employer_phone: given(&content.employer.phone),
        role_title: "None: this slip only tries the printer".into(),
        band: String::new(),
        pay: None,
        hours: String::new(),
        site: event.venue.clone(),
        contract: String::new(),
        conditions: Vec::new(),
        done: Vec::new(),
        what_next: vec!["Check the text is sharp and the code scans with a phone's camera.".into()],
        link: link.to_string(),
        reference: "TEST".into(),
        recruiter: String::new(),
        date: now
            .with_timezone(&event.timezone)
            .format("%A %-d %B %Y")
            .to_string(),
        expires: String::new(),
    }
}

/// Text from the fair pack, when it says anything.
fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::offer::{Contract, DocumentSeen, OfferStatus};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn offer() -> OfferRecord {
        OfferRecord {
            id: "o1".into(),
            candidate_id: "c1".into(),
            ticket: "B-042".into(),
            candidate_name: "Zoë O'Brien".into(),
            kind: OfferKind::Offer,
            role_code: "maternity_support".into(),
            site: "LGI, Maternity".into(),
            contract: Contract::Permanent,
            hours: "30 hours a week".into(),
            conditions: vec![Check::Identity, Check::RightToWork, Check::CriminalRecord],
            expires_on: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            reference: "B-042-7K3Q".into(),
            onboarding_url: "https://jobs.example.nhs.uk/start/abc".into(),
            status: OfferStatus::Made,
            status_reason: None,
            staff_name: "Sam Lead".into(),
            created_at: Utc.with_ymd_and_hms(2026, 11, 23, 11, 0, 0).unwrap(),
            documents_seen: vec![DocumentSeen {
                check: Check::Identity,
                document: "Passport".into(),
                share_code: None,
            }],
        }
    }

    #[test]
    fn the_slip_lists_only_the_checks_still_needed() {
        let content = Content::load().unwrap();
        let slip = slip(&offer(), &content, &event(false));
        assert_eq!(slip.role_title, "Maternity support worker");
        assert_eq!(
            slip.conditions,
            vec![
                "Proof that you can work in the UK".to_string(),
                "A criminal record check (DBS), which we apply for with you (Enhanced DBS check with adult and children's barred lists)".to_string()
            ]
        );
        assert_eq!(
            slip.done,
            vec!["Proof of who you are: Passport seen today".to_string()]
        );
        assert_eq!(slip.date, "Monday 23 November 2026");
        assert_eq!(slip.expires, "Offer open until Monday 7 December 2026");
        assert_eq!(slip.hours, "30 hours a week");
    }

    #[test]
    fn the_slip_speaks_to_the_candidate_not_to_staff() {
        let content = Content::load().unwrap();
        let mut offer = offer();
        offer.conditions.push(Check::WorkHealth);
        let slip = slip(&offer, &content, &event(false));
        assert!(slip.conditions.contains(
            &"A health questionnaire, which you fill in after accepting this offer".to_string()
        ));
        assert!(
            !slip.conditions.iter().any(|c| c.contains("never before")),
            "{:?}",
            slip.conditions
        );
    }

    #[test]
    fn the_slip_falls_back_to_the_roles_hours() {
        let content = Content::load().unwrap();
        let mut offer = offer();
        offer.hours = " ".into();
        let slip = slip(&offer, &content, &event(false));
        let role = content.roles.get("maternity_support").unwrap();
        assert_eq!(slip.hours, role.hours);
    }

    #[test]
    fn the_slip_names_the_employer_and_the_pay_from_the_fair_pack_and_says_demo_at_a_demo() {
        let mut content = Content::load().unwrap();
        content.employer.name = "Leeds Teaching Hospitals".into();
        content.employer.phone = "0113 243 3144".into();
        let slip = slip(&offer(), &content, &event(false));
        assert_eq!(
            slip.employer_name.as_deref(),
            Some("Leeds Teaching Hospitals")
        );
        assert_eq!(slip.employer_phone.as_deref(), Some("0113 243 3144"));
        let role = content.roles.get("maternity_support").unwrap();
        assert_eq!(slip.pay.as_deref(), Some(role.pay.as_str()));
        assert!(!slip.demo);
        assert!(super::slip(&offer(), &content, &event(true)).demo);
    }

    fn event(demo: bool) -> Event {
        Event {
            id: "e".into(),
            name: "Leeds Fair".into(),
            venue: "Arena".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            timezone: chrono_tz::Europe::London,
            demo,
        }
    }
}
