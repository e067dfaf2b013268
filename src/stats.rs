//! Figures of a clinic's period for the dashboard: visits per day, the no-show rate, revenue
//! and each specialist's occupancy (time booked over time worked). Pure: the caller loads the
//! visits and hours.

use crate::ids::SpecialistId;
use crate::schedule::{ScheduleExceptions, WeeklyHours};
use crate::status::AppointmentStatus;
use crate::time::DateSpan;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One visit as the figures see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitFact {
    /// Local date of the start.
    pub date: NaiveDate,
    pub specialist: SpecialistId,
    pub status: AppointmentStatus,
    /// Length of the visit itself (buffers are not working time sold).
    pub minutes: i64,
    pub price_kopecks: i64,
}

/// The figures of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodStats {
    /// Visits that were not cancelled, for every date of the period (zeros included).
    pub per_day: Vec<(NaiveDate, i64)>,
    pub completed: i64,
    pub no_shows: i64,
    pub cancelled: i64,
    /// Per mille of the visits that came due (completed or no-show) that were no-shows.
    pub no_show_permille: Option<i64>,
    /// Prices of the completed visits.
    pub revenue_kopecks: i64,
    /// Per specialist: minutes booked (every status but cancelled) and minutes of working time.
    pub occupancy: BTreeMap<SpecialistId, (i64, i64)>,
}

/// Minutes of working time of one specialist over `span`, days off and replacement hours
/// taken into account.
pub fn working_minutes(
    weekly: &WeeklyHours,
    exceptions: &ScheduleExceptions,
    span: &DateSpan,
) -> i64 {
    span.dates()
        .flat_map(|date| exceptions.resolve(weekly, date).iter())
        .map(|r| i64::from(r.end().minutes()) - i64::from(r.start().minutes()))
        .sum()
}

/// The figures of `span` from its visits (others are ignored) and each specialist's working
/// minutes.
pub fn period_stats(
    span: &DateSpan,
    visits: &[VisitFact],
    working: &BTreeMap<SpecialistId, i64>,
) -> PeriodStats {
    let mut per_day: BTreeMap<NaiveDate, i64> = span.dates().map(|d| (d, 0)).collect();
    let mut occupancy: BTreeMap<SpecialistId, (i64, i64)> =
        working.iter().map(|(s, w)| (*s, (0, *w))).collect();
    let (mut completed, mut no_shows, mut cancelled, mut revenue) = (0, 0, 0, 0);
    for v in visits.iter().filter(|v| span.contains(v.date)) {
        if v.status == AppointmentStatus::Cancelled {
            cancelled += 1;
            continue;
        }
        *per_day.entry(v.date).or_default() += 1;
        occupancy.entry(v.specialist).or_default().0 += v.minutes;
        match v.status {
            AppointmentStatus::Completed => {
                completed += 1;
                revenue += v.price_kopecks;
            }
            AppointmentStatus::NoShow => no_shows += 1,
            _ => {}
        }
    }
    let due = completed + no_shows;
    PeriodStats {
        per_day: per_day.into_iter().collect(),
        completed,
        no_shows,
        cancelled,
        no_show_permille: (due > 0).then(|| (no_shows * 1000 + due / 2) / due),
        revenue_kopecks: revenue,
        occupancy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::ScheduleException;
    use crate::time::MinuteRange;
    use chrono::Weekday;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn working_time_follows_the_week_days_off_and_replacements() {
        // Mondays and Tuesdays 09:00–13:00 and 14:00–18:00.
        let weekly = WeeklyHours::new()
            .with(Weekday::Mon, MinuteRange::from_minutes(540, 780).unwrap())
            .with(Weekday::Mon, MinuteRange::from_minutes(840, 1080).unwrap())
            .with(Weekday::Tue, MinuteRange::from_minutes(540, 780).unwrap());
        let span = DateSpan::new(d(7), d(13)).unwrap(); // Monday to Sunday
        let none = ScheduleExceptions::new([]);
        assert_eq!(working_minutes(&weekly, &none, &span), 480 + 240);
        let off = ScheduleExceptions::new([
            ScheduleException::DayOff {
                from: d(7),
                to: d(7),
            },
            ScheduleException::Hours {
                date: d(8),
                range: MinuteRange::from_minutes(600, 660).unwrap(),
            },
        ]);
        assert_eq!(working_minutes(&weekly, &off, &span), 60);
    }

    #[test]
    fn figures_count_statuses_days_and_money() {
        let (a, b) = (SpecialistId::new(1), SpecialistId::new(2));
        let visit = |day, specialist, status, minutes, price| VisitFact {
            date: d(day),
            specialist,
            status,
            minutes,
            price_kopecks: price,
        };
        use AppointmentStatus::*;
        let visits = [
            visit(1, a, Completed, 60, 250_000),
            visit(1, a, NoShow, 60, 250_000),
            visit(2, b, Cancelled, 30, 100_000),
            visit(3, b, Completed, 30, 100_000),
            visit(3, b, Confirmed, 30, 100_000),
            visit(20, a, Completed, 60, 999_999), // outside the period
        ];
        let working = BTreeMap::from([(a, 600), (b, 300)]);
        let s = period_stats(&DateSpan::new(d(1), d(4)).unwrap(), &visits, &working);
        assert_eq!(s.per_day, vec![(d(1), 2), (d(2), 0), (d(3), 2), (d(4), 0)]);
        assert_eq!((s.completed, s.no_shows, s.cancelled), (2, 1, 1));
        assert_eq!(s.no_show_permille, Some(333));
        assert_eq!(s.revenue_kopecks, 350_000);
        assert_eq!(s.occupancy[&a], (120, 600));
        assert_eq!(s.occupancy[&b], (60, 300));
        let empty = period_stats(&DateSpan::new(d(1), d(2)).unwrap(), &[], &BTreeMap::new());
        assert_eq!(empty.no_show_permille, None);
    }
}
