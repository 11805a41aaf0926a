//! Reading the rows the coordinator's reports are computed from (see `crate::report`): the
//! dashboard's candidates, interviews, offers and sync status for an event's day, and the
//! equality-monitoring answers the fairness report aggregates. Read-only.
//!
//! "The day" is the event's day: an event is one day (`events.event_date`), a candidate belongs to
//! the event they registered at, and their interviews and offers to the same event (the store
//! refuses them for a candidate of another event). So the day's records are the event's records,
//! taken by `event_id`, never by whether a UTC time written by this laptop's clock falls inside
//! the local day ([`crate::domain::event::local_day_bounds`]): a clock that is days out cannot move a record off its day.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{collect_rows, opt, text_enum};
use super::time::parse;
use crate::domain::Event;
use crate::domain::day::{CandidateRow, DayRows, OfferRow, ScreeningRow, SyncStatus};
use crate::domain::fairness::Person;

impl Store {
    /// The event on `date`: this laptop's current one when it is on that date, otherwise the
    /// most recently created event on that date.
    pub fn event_on(&self, date: NaiveDate) -> Result<Option<Event>> {
        if let Some(current) = self.current_event()?
            && current.date == date
        {
            return Ok(Some(current));
        }
        let found: Option<(String, String, String, String, bool)> = self
            .conn
            .query_row(
                "SELECT id, name, venue, timezone, demo FROM events WHERE event_date = ?1
                 ORDER BY created_at DESC, id DESC LIMIT 1",
                [date.format("%Y-%m-%d").to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((id, name, venue, timezone, demo)) = found else {
            return Ok(None);
        };
        Ok(Some(Event {
            id,
            name,
            venue,
            date,
            timezone: timezone
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("time zone '{timezone}'")))?,
            demo,
        }))
    }

    /// The dates that have events, newest first, for a message when a date has none.
    pub fn event_dates(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT event_date FROM events ORDER BY event_date DESC LIMIT 10")?;
        let dates = stmt.query_map([], |r| r.get(0))?;
        Ok(dates.collect::<rusqlite::Result<_>>()?)
    }

    /// Everything the dashboard is computed from, for the event's day (the event's records).
    pub fn day_rows(&self, event: &Event) -> Result<DayRows> {
        let candidates = self.event_rows(
            "SELECT id, status, arrived_at, care_experience FROM candidates
             WHERE event_id = ?1 AND merged_into IS NULL",
            event,
            |r| {
                Ok(CandidateRow {
                    id: r.get(0)?,
                    status: text_enum(&r.get::<_, String>(1)?)?,
                    arrived_at: opt(r.get(2)?, parse)?,
                    care_experience: opt(r.get(3)?, text_enum)?,
                })
            },
        )?;

        let screenings = self.event_rows(
            "SELECT s.candidate_id, s.staff_id, st.name, s.status, s.started_at, s.completed_at
             FROM screenings s JOIN staff st ON st.id = s.staff_id
             WHERE s.event_id = ?1",
            event,
            |r| {
                Ok(ScreeningRow {
                    candidate_id: r.get(0)?,
                    staff_id: r.get(1)?,
                    staff_name: r.get(2)?,
                    status: text_enum(&r.get::<_, String>(3)?)?,
                    started_at: parse(&r.get::<_, String>(4)?)?,
                    completed_at: opt(r.get(5)?, parse)?,
                })
            },
        )?;

        let offers = self.event_rows(
            "SELECT o.candidate_id, o.staff_id, st.name, o.kind, o.status, o.role_code
             FROM offers o JOIN staff st ON st.id = o.staff_id
             WHERE o.event_id = ?1",
            event,
            |r| {
                Ok(OfferRow {
                    candidate_id: r.get(0)?,
                    staff_id: r.get(1)?,
                    staff_name: r.get(2)?,
                    kind: text_enum(&r.get::<_, String>(3)?)?,
                    status: text_enum(&r.get::<_, String>(4)?)?,
                    role_code: r.get(5)?,
                })
            },
        )?;

        Ok(DayRows {
            candidates,
            screenings,
            offers,
            sync: self.sync_status()?,
        })
    }

    /// Every row `sql` finds for `event` (its `?1`), mapped by `map`.
    fn event_rows<T>(
        &self,
        sql: &str,
        event: &Event,
        map: impl Fn(&rusqlite::Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        collect_rows(&mut stmt, [&event.id], map)
    }

    /// Changes waiting to sync, changes the centre refused, and the last sync and its error.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let (unsynced, rejected): (i64, i64) = self.conn.query_row(
            "SELECT count(*) FILTER (WHERE synced_at IS NULL),
                    count(*) FILTER (WHERE rejected_reason IS NOT NULL)
             FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let last: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT last_sync_at, last_error FROM sync_state
                 ORDER BY last_sync_at IS NULL, last_sync_at DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (last_sync_at, last_error) = last.unwrap_or_default();
        Ok(SyncStatus {
            unsynced,
            rejected,
            last_sync_at: last_sync_at.as_deref().map(parse).transpose()?,
            last_error,
        })
    }

    /// Everyone registered on the event's day (arrived; booked people who never came are not
    /// candidates yet), with their equality answers, whether they were interviewed that day and
    /// whether they were made an offer (a declined offer was made; a withdrawn one does not count).
    pub fn fairness_people(&self, event: &Event) -> Result<Vec<Person>> {
        let bounds = params![event.id];
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id,
                EXISTS (SELECT 1 FROM screenings s WHERE s.candidate_id = c.id
                        AND s.event_id = ?1 AND s.status = 'completed'),
                EXISTS (SELECT 1 FROM offers o WHERE o.candidate_id = c.id AND o.event_id = ?1
                        AND o.kind = 'offer' AND o.status <> 'withdrawn')
             FROM candidates c
             WHERE c.event_id = ?1 AND c.status <> 'booked' AND c.merged_into IS NULL",
        )?;
        let rows = stmt.query_map(bounds, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        let mut people: HashMap<String, Person> = HashMap::new();
        for row in rows {
            let (id, interviewed, offered) = row?;
            people.insert(
                id,
                Person {
                    answers: Default::default(),
                    interviewed,
                    offered,
                },
            );
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.candidate_id, m.question, m.answer
             FROM equality_monitoring m JOIN candidates c ON c.id = m.candidate_id
             WHERE c.event_id = ?1 AND c.merged_into IS NULL",
        )?;
        let answers = stmt.query_map([&event.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for answer in answers {
            let (candidate_id, question, answer) = answer?;
            if let Some(person) = people.get_mut(&candidate_id) {
                person.answers.insert(question, answer);
            }
        }
        Ok(people.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::local_day_bounds;
    use crate::report::{day, fairness};

    fn demo_store(candidates: usize) -> (tempfile::TempDir, Store, Event) {
        let (dir, mut store, event) = crate::store::test_store();
        crate::store::add_test_demo(&mut store, &event, candidates);
        (dir, store, event)
    }

    fn count(store: &Store, sql: &str) -> usize {
        store
            .connection()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    }

    #[test]
    fn the_dashboard_figures_match_direct_sql_counts_on_a_demo_day() {
        let (_dir, store, event) = demo_store(300);
        let rows = store.day_rows(&event).unwrap();
        let (_, end) = local_day_bounds(event.date, event.timezone);
        let f = day::figures(&rows, end, event.timezone);
        assert_eq!(
            f.registered,
            count(
                &store,
                "SELECT count(*) FROM candidates WHERE status <> 'booked'"
            )
        );
        assert_eq!(
            f.booked,
            count(
                &store,
                "SELECT count(*) FROM candidates WHERE status = 'booked'"
            )
        );
        assert_eq!(
            f.screened,
            count(
                &store,
                "SELECT count(DISTINCT candidate_id) FROM screenings WHERE status = 'completed'"
            )
        );
        assert_eq!(
            f.in_interview,
            count(
                &store,
                "SELECT count(*) FROM screenings WHERE status = 'in_progress'"
            )
        );
        assert_eq!(
            f.waiting,
            count(
                &store,
                "SELECT count(*) FROM candidates c WHERE status = 'waiting' AND NOT EXISTS
                 (SELECT 1 FROM screenings s WHERE s.candidate_id = c.id AND s.status <> 'abandoned')"
            )
        );
        assert_eq!(
            f.offers,
            count(
                &store,
                "SELECT count(*) FROM offers WHERE kind = 'offer' AND status <> 'withdrawn'"
            )
        );
        assert_eq!(
            f.new_to_care,
            count(
                &store,
                "SELECT count(*) FROM offers o JOIN candidates c ON c.id = o.candidate_id
                 WHERE o.kind = 'offer' AND o.status <> 'withdrawn' AND c.care_experience = 'none'"
            )
        );
        assert!(f.offers > 100 && f.screened > f.offers, "{f:?}");
        let per_hour: usize = f.throughput.iter().map(|(_, n)| n).sum();
        assert_eq!(per_hour, f.screened);
        let per_recruiter: usize = f.recruiters.iter().map(|r| r.interviews).sum();
        assert_eq!(per_recruiter, f.screened);
        let by_role: usize = f.offers_by_role.iter().map(|(_, n)| n).sum();
        assert_eq!(by_role, f.offers);
        assert_eq!(
            f.sync.unsynced,
            count(
                &store,
                "SELECT count(*) FROM outbox WHERE synced_at IS NULL"
            ) as i64
        );
        assert!(f.seen.longest.is_some() && f.seen.median <= f.seen.longest);
    }

    #[test]
    fn the_fairness_report_adds_up_to_the_days_totals_for_every_question() {
        let (_dir, store, event) = demo_store(300);
        let people = store.fairness_people(&event).unwrap();
        let content = crate::content::Content::load().unwrap();
        let registered = count(
            &store,
            "SELECT count(*) FROM candidates WHERE status <> 'booked'",
        );
        assert_eq!(people.len(), registered);
        let offered = count(
            &store,
            "SELECT count(*) FROM offers WHERE kind = 'offer' AND status <> 'withdrawn'",
        );
        let report = fairness::report(&content.equality, &people);
        for q in &report.questions {
            assert_eq!(q.registered, fairness::Figure::Shown(registered as u32));
            assert_eq!(q.offered, fairness::Figure::Shown(offered as u32));
            let table = fairness::tabulate(
                content
                    .equality
                    .questions
                    .iter()
                    .find(|e| e.id == q.id)
                    .unwrap(),
                &people,
            );
            let sum: u32 = table.iter().map(|(_, _, c)| c.registered).sum();
            assert_eq!(sum as usize, registered, "{}", q.id);
            // Any group shown matches a direct count of the answers.
            for g in q.groups.iter().filter(|g| g.counts.is_some()) {
                if g.id == fairness::NOT_ANSWERED {
                    continue;
                }
                let direct: i64 = store
                    .connection()
                    .query_row(
                        "SELECT count(*) FROM equality_monitoring m JOIN candidates c
                         ON c.id = m.candidate_id WHERE c.status <> 'booked'
                         AND m.question = ?1 AND m.answer = ?2",
                        [&q.id, &g.id],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(g.registered(), fairness::Figure::Shown(direct as u32));
            }
        }
    }

    /// Issue 11: the day's figures take the event's records whatever the laptop's clock said when
    /// they were written: three days fast or an hour slow, a walk-in still counts on its day.
    #[test]
    fn a_walk_in_registered_with_a_wrong_clock_still_counts_on_the_events_day() {
        use crate::domain::Source;
        use crate::store::Actor;
        use crate::store::candidates::tests::zoe;
        let (_dir, mut store, event) = crate::store::test_store();
        let (start, _) = local_day_bounds(event.date, event.timezone);
        let noon = start + chrono::Duration::hours(12);
        for (email, at) in [
            ("fast@example.com", noon + chrono::Duration::days(3)),
            ("slow@example.com", start - chrono::Duration::hours(1)),
        ] {
            let mut person = zoe();
            person.email = Some(email.into());
            person.phone = None;
            store
                .register(&event, &person, Source::WalkIn, &Actor::new("cli", at))
                .unwrap();
        }
        let rows = store.day_rows(&event).unwrap();
        let f = day::figures(&rows, noon, event.timezone);
        assert_eq!((f.registered, f.waiting), (2, 2));
        assert_eq!(store.fairness_people(&event).unwrap().len(), 2);
    }

    #[test]
    fn the_event_on_a_date_prefers_this_laptops_current_event() {
        let (_dir, store, event) = crate::store::test_store();
        assert_eq!(store.event_on(event.date).unwrap(), Some(event.clone()));
        let other = event.date.succ_opt().unwrap();
        assert_eq!(store.event_on(other).unwrap(), None);
        assert_eq!(store.event_dates().unwrap(), [event.date.to_string()]);
    }
}
