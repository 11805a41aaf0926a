//! The dashboard's figures for one event day, computed from plain rows. Pure: no I/O, and the
//! clock comes in as `now`, so the same rows give the same figures in a test.
//!
//! Definitions (the README's "coordinator's dashboard" section says the same in plain words):
//! - **registered**: the event's candidates who arrived (waiting, seen, or later marked no-show), whatever
//!   the laptop's clock said when they did (the day is the event's, see `store::reports`); people booked
//!   in advance who have not arrived are counted apart as **booked**.
//! - **waiting**: arrived, not in interview now and not yet interviewed.
//! - **in interview**: an interview in progress. **screened**: an interview completed.
//! - **offers**: conditional offers made (a declined offer was still made; a withdrawn one is
//!   not counted). **offer rate**: offers ÷ screened. **new to care**: offers to people with no
//!   previous care experience. **talent pool**: talent-pool places not withdrawn.
//! - **wait, still waiting**: now − arrival for each person waiting now.
//!   **wait, seen**: first interview start − arrival for each person taken into interview.
//!   Median and longest of each; they answer different questions ("how long is the queue now?"
//!   and "how long did people wait today?").
//! - **throughput**: interviews completed in each local hour of the event's time zone.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::day::{DayRows, SyncStatus};
use crate::domain::screening::ScreeningStatus;
use crate::domain::{CareExperience, Status};

/// Median and longest of a set of waits; `None` when nobody is in the set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waits {
    pub people: usize,
    pub median: Option<Duration>,
    pub longest: Option<Duration>,
}

impl Waits {
    /// The median of an even count is the mean of the middle two, to the second.
    pub fn of(mut waits: Vec<Duration>) -> Self {
        waits.sort();
        let people = waits.len();
        let median = match people {
            0 => None,
            n if n % 2 == 1 => Some(waits[n / 2]),
            n => Some(Duration::seconds(
                (waits[n / 2 - 1].num_seconds() + waits[n / 2].num_seconds()) / 2,
            )),
        };
        Self {
            people,
            median,
            longest: waits.last().copied(),
        }
    }
}

/// One recruiter's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecruiterFigures {
    pub name: String,
    pub interviews: usize,
    pub offers: usize,
    pub in_interview_now: bool,
}

/// The dashboard's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayFigures {
    pub registered: usize,
    pub booked: usize,
    pub no_shows: usize,
    pub waiting: usize,
    pub in_interview: usize,
    pub screened: usize,
    pub offers: usize,
    pub new_to_care: usize,
    pub talent_pool: usize,
    /// Role code and offers made for it, most first.
    pub offers_by_role: Vec<(String, usize)>,
    pub still_waiting: Waits,
    pub seen: Waits,
    /// Local hour (0–23) and interviews completed in it, for every hour from the first to the
    /// last with anything in it (and always 09:00 to 17:00, so the chart has a shape early on).
    pub throughput: Vec<(u32, usize)>,
    pub recruiters: Vec<RecruiterFigures>,
    pub sync: SyncStatus,
}

impl DayFigures {
    /// Offers ÷ screened.
    pub fn offer_rate(&self) -> Option<f64> {
        (self.screened > 0).then(|| self.offers as f64 / self.screened as f64)
    }

    /// Share of offers made to people new to care.
    pub fn new_to_care_share(&self) -> Option<f64> {
        (self.offers > 0).then(|| self.new_to_care as f64 / self.offers as f64)
    }
}

/// Works the figures out at `now`.
pub fn figures(rows: &DayRows, now: DateTime<Utc>, timezone: Tz) -> DayFigures {
    let mut in_interview: HashMap<&str, &str> = HashMap::new();
    let mut screened: HashMap<&str, ()> = HashMap::new();
    let mut first_start: HashMap<&str, DateTime<Utc>> = HashMap::new();
    let mut per_hour: BTreeMap<u32, usize> = BTreeMap::new();
    let mut recruiters: BTreeMap<&str, RecruiterFigures> = BTreeMap::new();
    fn recruiter<'a, 'm>(
        map: &'m mut BTreeMap<&'a str, RecruiterFigures>,
        id: &'a str,
        name: &str,
    ) -> &'m mut RecruiterFigures {
        map.entry(id).or_insert_with(|| RecruiterFigures {
            name: name.to_string(),
            interviews: 0,
            offers: 0,
            in_interview_now: false,
        })
    }
    for s in &rows.screenings {
        match s.status {
            ScreeningStatus::InProgress => {
                in_interview.insert(&s.candidate_id, &s.staff_id);
            }
            ScreeningStatus::Completed => {
                screened.insert(&s.candidate_id, ());
                if let Some(done) = s.completed_at {
                    let hour = done.with_timezone(&timezone).hour();
                    *per_hour.entry(hour).or_default() += 1;
                }
            }
            ScreeningStatus::Abandoned => continue,
        }
        first_start
            .entry(&s.candidate_id)
            .and_modify(|t| *t = (*t).min(s.started_at))
            .or_insert(s.started_at);
        let r = recruiter(&mut recruiters, &s.staff_id, &s.staff_name);
        match s.status {
            ScreeningStatus::Completed => r.interviews += 1,
            _ => r.in_interview_now = true,
        }
    }
    let mut by_role: BTreeMap<&str, usize> = BTreeMap::new();
    let care: HashMap<&str, Option<CareExperience>> = rows
        .candidates
        .iter()
        .map(|c| (c.id.as_str(), c.care_experience))
        .collect();
    let (mut offers, mut new_to_care, mut talent_pool) = (0, 0, 0);
    for o in &rows.offers {
        if o.is_talent_pool() {
            talent_pool += 1;
        }
        if !o.is_offer_made() {
            continue;
        }
        offers += 1;
        *by_role.entry(&o.role_code).or_default() += 1;
        if care.get(o.candidate_id.as_str()) == Some(&Some(CareExperience::None)) {
            new_to_care += 1;
        }
        recruiter(&mut recruiters, &o.staff_id, &o.staff_name).offers += 1;
    }

    let mut figures = DayFigures {
        offers,
        new_to_care,
        talent_pool,
        in_interview: in_interview.len(),
        screened: screened.len(),
        sync: rows.sync.clone(),
        ..DayFigures::default()
    };
    let mut waiting_waits = Vec::new();
    let mut seen_waits = Vec::new();
    for c in &rows.candidates {
        match c.status {
            Status::Booked => {
                figures.booked += 1;
                continue;
            }
            Status::NoShow => figures.no_shows += 1,
            Status::Waiting => {}
        }
        figures.registered += 1;
        let id = c.id.as_str();
        let taken = in_interview.contains_key(id) || screened.contains_key(id);
        if c.status == Status::Waiting && !taken {
            figures.waiting += 1;
            if let Some(arrived) = c.arrived_at {
                waiting_waits.push((now - arrived).max(Duration::zero()));
            }
        }
        if let (Some(arrived), Some(start)) = (c.arrived_at, first_start.get(id)) {
            seen_waits.push((*start - arrived).max(Duration::zero()));
        }
    }
    figures.still_waiting = Waits::of(waiting_waits);
    figures.seen = Waits::of(seen_waits);

    let mut roles: Vec<(String, usize)> = by_role
        .into_iter()
        .map(|(role, n)| (role.to_string(), n))
        .collect();
    roles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    figures.offers_by_role = roles;

    let first = per_hour.keys().next().copied().unwrap_or(9).min(9);
    let last = per_hour.keys().last().copied().unwrap_or(17).max(17);
    figures.throughput = (first..=last)
        .map(|h| (h, per_hour.get(&h).copied().unwrap_or(0)))
        .collect();

    let mut recruiters: Vec<RecruiterFigures> = recruiters.into_values().collect();
    recruiters.sort_by(|a, b| {
        b.interviews
            .cmp(&a.interviews)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    figures.recruiters = recruiters;
    figures
}

/// Minutes as people say them: "12 min", "1 h 05".
pub fn minutes_text(wait: Option<Duration>) -> String {
    match wait {
        None => "-".to_string(),
        Some(d) if d.num_minutes() < 60 => format!("{} min", d.num_minutes()),
        Some(d) => format!("{} h {:02}", d.num_hours(), d.num_minutes() % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::day::{CandidateRow, OfferRow, ScreeningRow};
    use crate::domain::offer::{OfferKind, OfferStatus};

    fn at(time: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-06-01T{time}:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn candidate(id: &str, status: Status, arrived: Option<&str>) -> CandidateRow {
        CandidateRow {
            id: id.into(),
            status,
            arrived_at: arrived.map(at),
            care_experience: Some(CareExperience::Paid),
        }
    }

    fn screening(
        candidate: &str,
        staff: &str,
        status: ScreeningStatus,
        start: &str,
        done: Option<&str>,
    ) -> ScreeningRow {
        ScreeningRow {
            candidate_id: candidate.into(),
            staff_id: staff.into(),
            staff_name: format!("Recruiter {staff}"),
            status,
            started_at: at(start),
            completed_at: done.map(at),
        }
    }

    fn offer(candidate: &str, staff: &str, kind: OfferKind, status: OfferStatus) -> OfferRow {
        OfferRow {
            candidate_id: candidate.into(),
            staff_id: staff.into(),
            staff_name: format!("Recruiter {staff}"),
            kind,
            status,
            role_code: "hcsw".into(),
        }
    }

    fn rows() -> DayRows {
        let mut new_to_care = candidate("c3", Status::Waiting, Some("09:00"));
        new_to_care.care_experience = Some(CareExperience::None);
        DayRows {
            candidates: vec![
                candidate("c1", Status::Waiting, Some("09:00")),
                candidate("c2", Status::Waiting, Some("09:10")),
                new_to_care,
                candidate("c4", Status::Waiting, Some("10:00")),
                candidate("c5", Status::Waiting, Some("10:20")),
                candidate("c6", Status::Booked, None),
                candidate("c7", Status::NoShow, Some("09:30")),
                candidate("c8", Status::Waiting, Some("10:40")),
            ],
            screenings: vec![
                screening(
                    "c1",
                    "r1",
                    ScreeningStatus::Completed,
                    "09:20",
                    Some("09:50"),
                ),
                screening(
                    "c2",
                    "r2",
                    ScreeningStatus::Completed,
                    "09:30",
                    Some("10:05"),
                ),
                screening(
                    "c3",
                    "r1",
                    ScreeningStatus::Completed,
                    "10:00",
                    Some("10:25"),
                ),
                screening("c4", "r2", ScreeningStatus::InProgress, "10:30", None),
                // Given back to the queue: c5 is waiting again, from their arrival.
                screening("c5", "r1", ScreeningStatus::Abandoned, "10:30", None),
            ],
            offers: vec![
                offer("c1", "r1", OfferKind::Offer, OfferStatus::Made),
                offer("c3", "r1", OfferKind::Offer, OfferStatus::Declined),
                offer("c2", "r2", OfferKind::Offer, OfferStatus::Withdrawn),
                offer("c2", "r2", OfferKind::TalentPool, OfferStatus::Made),
            ],
            sync: SyncStatus::default(),
        }
    }

    #[test]
    fn the_day_counts_follow_the_definitions() {
        let f = figures(&rows(), at("11:00"), chrono_tz::Europe::London);
        assert_eq!(f.registered, 7, "everyone who arrived, no-shows included");
        assert_eq!((f.booked, f.no_shows), (1, 1));
        assert_eq!(f.waiting, 2, "c5 (given back) and c8");
        assert_eq!(f.in_interview, 1);
        assert_eq!(f.screened, 3);
        assert_eq!(
            f.offers, 2,
            "a declined offer was made; a withdrawn one does not count"
        );
        assert_eq!(f.talent_pool, 1);
        assert_eq!(f.new_to_care, 1);
        assert_eq!(f.offer_rate(), Some(2.0 / 3.0));
        assert_eq!(f.offers_by_role, [("hcsw".to_string(), 2)]);
    }

    #[test]
    fn waits_are_measured_for_people_still_waiting_and_for_people_seen() {
        let f = figures(&rows(), at("11:00"), chrono_tz::Europe::London);
        // Still waiting at 11:00: c5 since 10:20 (40 min) and c8 since 10:40 (20 min).
        assert_eq!(f.still_waiting.people, 2);
        assert_eq!(f.still_waiting.median, Some(Duration::minutes(30)));
        assert_eq!(f.still_waiting.longest, Some(Duration::minutes(40)));
        // Seen: c1 20 min, c2 20 min, c3 60 min, c4 30 min.
        assert_eq!(f.seen.people, 4);
        assert_eq!(f.seen.median, Some(Duration::minutes(25)));
        assert_eq!(f.seen.longest, Some(Duration::minutes(60)));
    }

    #[test]
    fn an_odd_number_of_waits_has_the_middle_one_as_median_and_none_has_none() {
        let w = Waits::of(vec![
            Duration::minutes(5),
            Duration::minutes(50),
            Duration::minutes(7),
        ]);
        assert_eq!(w.median, Some(Duration::minutes(7)));
        assert_eq!(Waits::of(Vec::new()), Waits::default());
    }

    #[test]
    fn throughput_is_counted_in_local_hours() {
        // 1 June is summer time in London: 09:50Z is 10:50 local.
        let f = figures(&rows(), at("11:00"), chrono_tz::Europe::London);
        let hours: BTreeMap<u32, usize> = f.throughput.iter().copied().collect();
        assert_eq!(hours.get(&10), Some(&1));
        assert_eq!(hours.get(&11), Some(&2));
        assert_eq!(hours.get(&9), Some(&0));
        assert_eq!(f.throughput.first().map(|h| h.0), Some(9));
        assert_eq!(f.throughput.last().map(|h| h.0), Some(17));
    }

    #[test]
    fn each_recruiter_has_their_interviews_and_offers() {
        let f = figures(&rows(), at("11:00"), chrono_tz::Europe::London);
        let r1 = f
            .recruiters
            .iter()
            .find(|r| r.name == "Recruiter r1")
            .unwrap();
        assert_eq!(
            (r1.interviews, r1.offers, r1.in_interview_now),
            (2, 2, false)
        );
        let r2 = f
            .recruiters
            .iter()
            .find(|r| r.name == "Recruiter r2")
            .unwrap();
        assert_eq!(
            (r2.interviews, r2.offers, r2.in_interview_now),
            (1, 0, true)
        );
    }

    #[test]
    fn minutes_read_naturally() {
        assert_eq!(minutes_text(Some(Duration::minutes(12))), "12 min");
        assert_eq!(minutes_text(Some(Duration::minutes(65))), "1 h 05");
        assert_eq!(minutes_text(None), "-");
    }
}
