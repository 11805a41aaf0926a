//! Equality-monitoring aggregates for one day, with small counts suppressed. Pure: no I/O.
//!
//! For each question in `assets/equality.toml` every registered candidate falls in exactly one
//! group: the option they chose ("prefer not to say" is a group like any other), or
//! [`NOT_ANSWERED`] when they skipped the question. So every question's groups add up to the same
//! registered total. Per group: registered, interviewed, offered, the offer rate (offered ÷
//! interviewed, the interview-to-offer rate events report) and its ratio to the highest shown
//! group's rate, flagged under 0.8 (the "four-fifths rule").
//!
//! # Suppression
//!
//! A group is shown whole or hidden whole, so a rate can never be shown for a group whose counts
//! are hidden and the three columns of a group can never be played against each other.
//!
//! 1. **Primary.** A group is hidden when any of its counts is under 5, *zero included*: a
//!    published 0 is a count under 5 too, and tells anyone who knows one person's group what
//!    happened to them ("none of them were offered"). A group is also hidden when the gap between
//!    two of its counts is 1 to 4 ("12 registered, 10 interviewed" would publish that 2 people
//!    were not). A gap of 0 is allowed: it names nobody, and at the end of a fair, when everyone
//!    who came was interviewed, hiding it would hide every group.
//! 2. **Complementary.** A hidden group could be worked out from the total and the shown groups
//!    if it were the only one hidden, and a column whose hidden groups add up to 0 pins each of
//!    them at 0. So while exactly one group is hidden, or any column's hidden groups add up to 0,
//!    the smallest shown group is hidden too.
//! 3. **Totals.** If fewer than 5 registered, the question shows nothing but "fewer than 5". A
//!    column total under 5 is shown as hidden (every group then has a count under 5 in it and is
//!    hidden by rule 1).
//!
//! Every hidden cell reads the same ([`HIDDEN`]), whether it is under 5 or hidden to protect
//! another: a different mark for each would tell a reader which cells are under 5 and narrow
//! what the totals allow.
//!
//! Why this is enough: with two or more groups hidden and every column's hidden sum at least 1,
//! the tables "all of the hidden people are in group A" and "all of them are in group B" agree
//! with everything shown, and give each hidden cell two different values. The proptest below
//! checks exactly that on random days.

use crate::content::{EqualityMonitoring, EqualityQuestion};
use crate::domain::fairness::Person;

/// The group of candidates who skipped a question (or all the questions).
pub const NOT_ANSWERED: &str = "not_answered";
pub const NOT_ANSWERED_LABEL: &str = "Not answered (skipped)";

/// Counts under this are never shown or left derivable.
pub const THRESHOLD: u32 = 5;

/// A group's rate below this share of the highest shown rate is flagged.
pub const FOUR_FIFTHS: f64 = 0.8;

/// What every hidden cell reads, in the CSV and the text report.
pub const HIDDEN: &str = "fewer than 5 or hidden";

/// One group's counts. Always `offered <= interviewed <= registered`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub registered: u32,
    pub interviewed: u32,
    pub offered: u32,
}

impl Counts {
    fn column(&self, column: usize) -> u32 {
        match column {
            0 => self.registered,
            1 => self.interviewed,
            _ => self.offered,
        }
    }

    fn add(&mut self, person: &Person) {
        self.registered += 1;
        // Offered implies interviewed, whatever the rows say, so the columns nest.
        self.interviewed += u32::from(person.interviewed || person.offered);
        self.offered += u32::from(person.offered);
    }

    /// A count under 5, or a gap of 1 to 4 between two of them.
    fn has_small_count(&self) -> bool {
        let small_gap = |d: u32| (1..THRESHOLD).contains(&d);
        self.offered < THRESHOLD
            || self.interviewed < THRESHOLD
            || self.registered < THRESHOLD
            || small_gap(self.registered.saturating_sub(self.interviewed))
            || small_gap(self.interviewed.saturating_sub(self.offered))
    }
}

/// A count as published: the number, or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Shown(u32),
    Hidden,
}

impl Figure {
    fn of(count: u32) -> Self {
        if count < THRESHOLD {
            Figure::Hidden
        } else {
            Figure::Shown(count)
        }
    }

    pub fn shown(self) -> Option<u32> {
        match self {
            Figure::Shown(n) => Some(n),
            Figure::Hidden => None,
        }
    }
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Shown(n) => write!(f, "{n}"),
            Figure::Hidden => f.write_str(HIDDEN),
        }
    }
}

/// One group of one question as published.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupReport {
    pub id: String,
    pub label: String,
    /// `None` when the group is hidden.
    pub counts: Option<Counts>,
    /// Offered ÷ interviewed, when the group is shown.
    pub rate: Option<f64>,
    /// The rate ÷ the highest shown group's rate.
    pub ratio: Option<f64>,
}

impl GroupReport {
    /// The ratio is under four fifths of the highest shown rate.
    pub fn flagged(&self) -> bool {
        self.ratio.is_some_and(|r| r < FOUR_FIFTHS)
    }

    pub fn registered(&self) -> Figure {
        self.counts
            .map_or(Figure::Hidden, |c| Figure::Shown(c.registered))
    }

    pub fn interviewed(&self) -> Figure {
        self.counts
            .map_or(Figure::Hidden, |c| Figure::Shown(c.interviewed))
    }

    pub fn offered(&self) -> Figure {
        self.counts
            .map_or(Figure::Hidden, |c| Figure::Shown(c.offered))
    }
}

/// One question as published.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionReport {
    pub id: String,
    pub title: String,
    /// The same for every question: everyone registered is in one group of each.
    pub registered: Figure,
    pub interviewed: Figure,
    pub offered: Figure,
    /// Empty when fewer than 5 registered: then nothing but "fewer than 5" is shown.
    pub groups: Vec<GroupReport>,
}

impl QuestionReport {
    pub fn too_few(&self) -> bool {
        self.registered == Figure::Hidden
    }

    /// The overall offer rate, when both its counts are shown.
    pub fn rate(&self) -> Option<f64> {
        match (self.interviewed, self.offered) {
            (Figure::Shown(i), Figure::Shown(o)) if i > 0 => Some(f64::from(o) / f64::from(i)),
            _ => None,
        }
    }
}

/// The whole report: one entry per equality question, in the order the kiosk asks them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FairnessReport {
    pub questions: Vec<QuestionReport>,
}

/// A question's groups: its options in order, answers no longer among the options (kept, under
/// their stored id, so the groups still add up), then [`NOT_ANSWERED`].
pub fn tabulate(question: &EqualityQuestion, people: &[Person]) -> Vec<(String, String, Counts)> {
    let mut groups: Vec<(String, String, Counts)> = question
        .options
        .iter()
        .map(|o| (o.id.clone(), o.label.clone(), Counts::default()))
        .collect();
    let mut skipped = Counts::default();
    for person in people {
        let Some(answer) = person.answers.get(&question.id) else {
            skipped.add(person);
            continue;
        };
        match groups.iter_mut().find(|(id, _, _)| id == answer) {
            Some((_, _, counts)) => counts.add(person),
            None => {
                let mut counts = Counts::default();
                counts.add(person);
                groups.push((
                    answer.clone(),
                    format!("{answer} (an answer no longer offered)"),
                    counts,
                ));
            }
        }
    }
    groups.push((NOT_ANSWERED.into(), NOT_ANSWERED_LABEL.into(), skipped));
    groups
}

/// Which groups to hide: primary, then complementary until it is safe (see the module docs).
pub fn hidden_groups(counts: &[Counts]) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(Counts::has_small_count).collect();
    loop {
        let hidden_count = hidden.iter().filter(|h| **h).count();
        if hidden_count == 0 {
            return hidden;
        }
        let column_pinned_at_zero = (0..3).any(|column| {
            counts
                .iter()
                .zip(&hidden)
                .filter(|(_, h)| **h)
                .map(|(c, _)| c.column(column))
                .sum::<u32>()
                == 0
        });
        if hidden_count >= 2 && !column_pinned_at_zero {
            return hidden;
        }
        let smallest = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(i, c)| (c.registered, c.interviewed, c.offered, *i))
            .map(|(i, _)| i);
        match smallest {
            Some(i) => hidden[i] = true,
            // Everything is hidden: nothing more can be done or needs doing.
            None => return hidden,
        }
    }
}

/// Publishes one question's groups.
pub fn publish(id: &str, title: &str, groups: &[(String, String, Counts)]) -> QuestionReport {
    let mut total = Counts::default();
    for (_, _, c) in groups {
        total.registered += c.registered;
        total.interviewed += c.interviewed;
        total.offered += c.offered;
    }
    let registered = Figure::of(total.registered);
    if registered == Figure::Hidden {
        return QuestionReport {
            id: id.into(),
            title: title.into(),
            registered,
            interviewed: Figure::Hidden,
            offered: Figure::Hidden,
            groups: Vec::new(),
        };
    }
    let counts: Vec<Counts> = groups.iter().map(|(_, _, c)| *c).collect();
    let hidden = hidden_groups(&counts);
    let rate =
        |c: &Counts| (c.interviewed > 0).then(|| f64::from(c.offered) / f64::from(c.interviewed));
    let highest = counts
        .iter()
        .zip(&hidden)
        .filter(|(_, h)| !**h)
        .filter_map(|(c, _)| rate(c))
        .fold(None, |best: Option<f64>, r| {
            Some(best.map_or(r, |b| b.max(r)))
        });
    let groups = groups
        .iter()
        .zip(&hidden)
        .map(|((id, label, c), hidden)| {
            let shown = (!hidden).then_some(*c);
            let rate = shown.as_ref().and_then(rate);
            let ratio = match (rate, highest) {
                (Some(r), Some(h)) if h > 0.0 => Some(r / h),
                _ => None,
            };
            GroupReport {
                id: id.clone(),
                label: label.clone(),
                counts: shown,
                rate,
                ratio,
            }
        })
        .collect();
    QuestionReport {
        id: id.into(),
        title: title.into(),
        registered,
        interviewed: Figure::of(total.interviewed),
        offered: Figure::of(total.offered),
        groups,
    }
}

/// The report for every equality question.
pub fn report(equality: &EqualityMonitoring, people: &[Person]) -> FairnessReport {
    FairnessReport {
        questions: equality
            .questions
            .iter()
            .map(|q| publish(&q.id, &q.title, &tabulate(q, people)))
            .collect(),
    }
}

/// A rate as a whole percentage, or the hidden mark.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("{:.0}%", r * 100.0))
}

/// A ratio to two places, or a dash. Rounded down, so a flagged ratio never reads 0.80.
pub fn ratio_text(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "-".to_string(), |r| format!("{:.2}", floor_to(r, 100.0)))
}

fn floor_to(value: f64, scale: f64) -> f64 {
    (value * scale).floor() / scale
}

/// The report as CSV: one row per group (and a total row per question), hidden cells reading
/// [`HIDDEN`]. Column `flag` says `under 0.8` for a flagged group.
/// The report as JSON for a script: the same rows as [`to_csv`], a hidden count as `null` (and
/// `"hidden": true` on its group), never a number under [`THRESHOLD`].
pub fn to_json(report: &FairnessReport, date: &str) -> serde_json::Value {
    let figure = |f: Figure| f.shown().map_or(serde_json::Value::Null, Into::into);
    let questions: Vec<_> = report
        .questions
        .iter()
        .map(|q| {
            let groups: Vec<_> = q
                .groups
                .iter()
                .map(|g| {
                    serde_json::json!({
                        "group": g.id,
                        "label": g.label,
                        "hidden": g.counts.is_none(),
                        "registered": figure(g.registered()),
                        "interviewed": figure(g.interviewed()),
                        "offered": figure(g.offered()),
                        "offer_rate": g.rate,
                        "ratio_to_highest": g.ratio,
                        "flagged": g.flagged(),
                    })
                })
                .collect();
            serde_json::json!({
                "question": q.id,
                "title": q.title,
                "registered": figure(q.registered),
                "interviewed": figure(q.interviewed),
                "offered": figure(q.offered),
                "offer_rate": q.rate(),
                "groups": groups,
            })
        })
        .collect();
    serde_json::json!({ "date": date, "questions": questions })
}

pub fn to_csv(report: &FairnessReport, date: &str) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "date",
        "question",
        "group",
        "registered",
        "interviewed",
        "offered",
        "offer_rate",
        "ratio_to_highest",
        "flag",
    ])?;
    for q in &report.questions {
        if q.too_few() {
            out.write_record([date, &q.title, "All", "fewer than 5", "", "", "", "", ""])?;
            continue;
        }
        for g in &q.groups {
            out.write_record([
                date,
                &q.title,
                &g.label,
                &g.registered().to_string(),
                &g.interviewed().to_string(),
                &g.offered().to_string(),
                &g.rate.map(|r| format!("{r:.3}")).unwrap_or_default(),
                &g.ratio
                    .map(|r| format!("{:.3}", floor_to(r, 1000.0)))
                    .unwrap_or_default(),
                if g.flagged() { "under 0.8" } else { "" },
            ])?;
        }
        out.write_record([
            date,
            &q.title,
            "All",
            &q.registered.to_string(),
            &q.interviewed.to_string(),
            &q.offered.to_string(),
            &q.rate().map(|r| format!("{r:.3}")).unwrap_or_default(),
            "",
            "",
        ])?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The report as plain text for a terminal: a table per question, then what the marks mean.
pub fn to_text(report: &FairnessReport, heading: &str) -> String {
    let mut text = format!("{heading}\n");
    for q in &report.questions {
        text.push_str(&format!("\n{}\n", q.title));
        if q.too_few() {
            text.push_str("  fewer than 5 registered: nothing is shown for this question\n");
            continue;
        }
        let width = q
            .groups
            .iter()
            .map(|g| g.label.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(10, 42);
        let cell = |f: Figure| match f {
            Figure::Shown(n) => n.to_string(),
            Figure::Hidden => "hidden".to_string(),
        };
        text.push_str(&format!(
            "  {:<width$}  {:>10}  {:>11}  {:>7}  {:>5}  {:>5}\n",
            "group", "registered", "interviewed", "offered", "rate", "ratio"
        ));
        for g in &q.groups {
            let label: String = g.label.chars().take(width).collect();
            text.push_str(&format!(
                "  {label:<width$}  {:>10}  {:>11}  {:>7}  {:>5}  {:>5}{}\n",
                cell(g.registered()),
                cell(g.interviewed()),
                cell(g.offered()),
                percent(g.rate),
                ratio_text(g.ratio),
                if g.flagged() { "  under 0.8" } else { "" },
            ));
        }
        text.push_str(&format!(
            "  {:<width$}  {:>10}  {:>11}  {:>7}  {:>5}\n",
            "All",
            cell(q.registered),
            cell(q.interviewed),
            cell(q.offered),
            percent(q.rate()),
        ));
    }
    text.push_str(
        "\nhidden: fewer than 5, or hidden so that a count under 5 cannot be worked out from the totals.\n\
         rate: offered ÷ interviewed. ratio: the group's rate ÷ the highest shown group's rate; under 0.8 is flagged.\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(registered: u32, interviewed: u32, offered: u32) -> Counts {
        Counts {
            registered,
            interviewed,
            offered,
        }
    }

    fn groups(counts: &[Counts]) -> Vec<(String, String, Counts)> {
        counts
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("g{i}"), format!("Group {i}"), *c))
            .collect()
    }

    fn question() -> EqualityQuestion {
        crate::content::Content::load()
            .unwrap()
            .equality
            .questions
            .into_iter()
            .find(|q| q.id == "sex")
            .unwrap()
    }

    fn person(sex: Option<&str>, interviewed: bool, offered: bool) -> Person {
        Person {
            answers: sex
                .map(|s| [("sex".to_string(), s.to_string())].into())
                .unwrap_or_default(),
            interviewed,
            offered,
        }
    }

    #[test]
    fn every_candidate_is_in_one_group_and_skipping_is_its_own_group() {
        let people = vec![
            person(Some("female"), true, true),
            person(Some("prefer_not_to_say"), true, false),
            person(None, false, false),
            person(Some("male"), false, false),
        ];
        let table = tabulate(&question(), &people);
        let ids: Vec<&str> = table.iter().map(|(id, _, _)| id.as_str()).collect();
        assert_eq!(ids, ["female", "male", "prefer_not_to_say", NOT_ANSWERED]);
        let total: u32 = table.iter().map(|(_, _, c)| c.registered).sum();
        assert_eq!(total, 4);
        assert_eq!(table[0].2, c(1, 1, 1));
        assert_eq!(table[2].2, c(1, 1, 0));
        assert_eq!(table[3].2, c(1, 0, 0));
    }

    #[test]
    fn an_answer_no_longer_offered_keeps_its_own_group() {
        let people = vec![person(Some("retired_option"), true, false)];
        let table = tabulate(&question(), &people);
        assert!(
            table
                .iter()
                .any(|(id, _, c)| id == "retired_option" && c.registered == 1)
        );
    }

    #[test]
    fn fewer_than_five_registered_shows_nothing() {
        let q = publish("q", "Q", &groups(&[c(2, 2, 1), c(2, 1, 1)]));
        assert!(q.too_few());
        assert!(q.groups.is_empty());
        let csv = to_csv(&FairnessReport { questions: vec![q] }, "2026-03-29").unwrap();
        assert!(csv.contains("fewer than 5"), "{csv}");
        assert!(!csv.contains(",2,"), "{csv}");
    }

    #[test]
    fn one_small_group_takes_the_next_smallest_with_it() {
        let q = publish(
            "q",
            "Q",
            &groups(&[c(40, 40, 30), c(3, 3, 2), c(20, 20, 15), c(30, 30, 25)]),
        );
        let hidden: Vec<bool> = q.groups.iter().map(|g| g.counts.is_none()).collect();
        assert_eq!(hidden, [false, true, true, false]);
        // Its rate and ratio go with it.
        assert_eq!(q.groups[2].rate, None);
        assert_eq!(q.groups[2].ratio, None);
        assert_eq!(q.registered, Figure::Shown(93));
    }

    #[test]
    fn a_zero_is_a_count_under_five() {
        let hidden = hidden_groups(&[c(20, 20, 15), c(20, 20, 0), c(30, 30, 20)]);
        assert_eq!(hidden, [true, true, false]);
    }

    #[test]
    fn a_small_gap_between_columns_hides_the_group_and_a_zero_gap_does_not() {
        // 12 registered and 10 interviewed would say that 2 were not.
        assert!(c(12, 10, 6).has_small_count());
        assert!(c(12, 12, 9).has_small_count());
        assert!(!c(12, 12, 12).has_small_count());
        assert!(!c(20, 10, 5).has_small_count());
    }

    #[test]
    fn hidden_groups_that_add_up_to_zero_in_a_column_take_another_group() {
        // Two groups with no offers between them would each be pinned at zero.
        let hidden = hidden_groups(&[c(8, 6, 0), c(6, 6, 0), c(30, 30, 20), c(50, 40, 30)]);
        assert_eq!(hidden, [true, true, true, false]);
    }

    #[test]
    fn the_ratio_is_to_the_highest_shown_rate_and_flags_under_four_fifths() {
        let q = publish(
            "q",
            "Q",
            &groups(&[
                c(50, 50, 40),
                c(40, 40, 20),
                c(30, 30, 25),
                c(2, 1, 1),
                c(6, 6, 6),
            ]),
        );
        // Group 3 is small, so group 4 (the next smallest, 100%) is hidden with it and the
        // highest shown rate is group 2's 25/30.
        assert!(q.groups[3].counts.is_none() && q.groups[4].counts.is_none());
        let top = 25.0 / 30.0;
        assert!((q.groups[2].ratio.unwrap() - 1.0).abs() < 1e-9);
        assert!((q.groups[0].ratio.unwrap() - 0.8 / top).abs() < 1e-9);
        assert!(!q.groups[0].flagged());
        assert!((q.groups[1].ratio.unwrap() - 0.5 / top).abs() < 1e-9);
        assert!(q.groups[1].flagged());
    }

    #[test]
    fn text_and_csv_mark_hidden_cells_and_flags() {
        let q = publish(
            "q",
            "Sex",
            &groups(&[c(50, 50, 40), c(40, 40, 20), c(3, 2, 1), c(9, 9, 9)]),
        );
        let report = FairnessReport { questions: vec![q] };
        let csv = to_csv(&report, "2026-03-29").unwrap();
        assert!(
            csv.contains(&format!("Group 2,{HIDDEN},{HIDDEN},{HIDDEN},,,")),
            "{csv}"
        );
        assert!(
            csv.contains("Group 1,40,40,20,0.500,0.625,under 0.8"),
            "{csv}"
        );
        assert!(csv.contains("All,102,101,70"), "{csv}");
        let text = to_text(&report, "Fairness");
        assert!(
            text.contains("under 0.8") && text.contains("hidden"),
            "{text}"
        );
    }

    /// What a reader of the published question knows about a table: the shown groups exactly,
    /// the totals when shown (under 5 otherwise), and that counts nest.
    fn agrees_with(published: &QuestionReport, table: &[Counts]) -> bool {
        let nested = table
            .iter()
            .all(|c| c.offered <= c.interviewed && c.interviewed <= c.registered);
        let shown_match = published
            .groups
            .iter()
            .zip(table)
            .all(|(g, c)| g.counts.is_none_or(|shown| shown == *c));
        let total = |f: fn(&Counts) -> u32| table.iter().map(f).sum::<u32>();
        let total_match = |fig: Figure, n: u32| match fig {
            Figure::Shown(s) => s == n,
            Figure::Hidden => n < THRESHOLD,
        };
        nested
            && shown_match
            && total_match(published.registered, total(|c| c.registered))
            && total_match(published.interviewed, total(|c| c.interviewed))
            && total_match(published.offered, total(|c| c.offered))
    }

    fn counts_strategy() -> impl Strategy<Value = Counts> {
        (0u32..40, 0u32..=100, 0u32..=100).prop_map(|(r, i_pct, o_pct)| {
            let i = r * i_pct / 100;
            let o = i * o_pct / 100;
            c(r, i, o)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No shown count or gap is under 5; hidden groups are none or two or more; and an
        /// adversary who solves the published relations cannot pin any hidden cell: for each
        /// hidden cell, two tables that agree with everything published give it different values.
        #[test]
        fn no_count_under_five_is_ever_recoverable(
            table in prop::collection::vec(counts_strategy(), 2..8),
            small in prop::collection::vec(0u32..5, 0..3),
        ) {
            // Mix in some groups that are small in every column.
            let mut table = table;
            for s in small { table.push(c(s, s.min(2), s.min(1))); }
            let published = publish("q", "Q", &groups(&table));
            prop_assert!(agrees_with(&published, &table));
            if published.too_few() {
                prop_assert!(published.groups.is_empty());
                return Ok(());
            }
            for fig in [published.registered, published.interviewed, published.offered] {
                if let Figure::Shown(n) = fig { prop_assert!(n >= THRESHOLD); }
            }
            let hidden: Vec<usize> = published.groups.iter().enumerate()
                .filter(|(_, g)| g.counts.is_none()).map(|(i, _)| i).collect();
            prop_assert!(hidden.len() != 1);
            for g in &published.groups {
                match g.counts {
                    Some(s) => {
                        prop_assert!(s.offered >= THRESHOLD);
                        for gap in [s.registered - s.interviewed, s.interviewed - s.offered] {
                            prop_assert!(gap == 0 || gap >= THRESHOLD);
                        }
                        prop_assert!(g.rate.is_some());
                    }
                    None => prop_assert!(g.rate.is_none() && g.ratio.is_none()),
                }
            }
            if hidden.is_empty() { return Ok(()); }
            // The witnesses: every hidden person moved into one hidden group.
            let mut pool = Counts::default();
            for &i in &hidden {
                pool.registered += table[i].registered;
                pool.interviewed += table[i].interviewed;
                pool.offered += table[i].offered;
            }
            let mut witnesses = vec![table.clone()];
            for &into in &hidden {
                let mut w = table.clone();
                for &i in &hidden { w[i] = Counts::default(); }
                w[into] = pool;
                prop_assert!(agrees_with(&published, &w), "witness must agree with what is shown");
                // A column total shown only as under 5 leaves room to move by one as well.
                for (di, d_o) in [(1i64, 0i64), (1, 1), (0, 1), (-1, 0), (-1, -1), (0, -1)] {
                    let mut v = w.clone();
                    let (Some(i), Some(o)) = (
                        u32::try_from(i64::from(pool.interviewed) + di).ok(),
                        u32::try_from(i64::from(pool.offered) + d_o).ok(),
                    ) else { continue };
                    v[into] = c(pool.registered, i, o);
                    if agrees_with(&published, &v) { witnesses.push(v); }
                }
                witnesses.push(w);
            }
            for &i in &hidden {
                for column in 0..3 {
                    let values: std::collections::BTreeSet<u32> =
                        witnesses.iter().map(|w| w[i].column(column)).collect();
                    prop_assert!(values.len() >= 2, "group {i} column {column} is pinned: {table:?}");
                }
            }
        }
    }
}
