//! What a specialist's desk shows: weekly hours, dated exceptions and the visits of a day or week.

use serde::{Deserialize, Serialize};

/// One weekly interval: its row id and `HH:MM–HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    pub id: i64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    /// Monday = 0.
    pub weekday: i64,
    pub intervals: Vec<Interval>,
}

/// A day off (a date range) or one date's replacement hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionView {
    pub id: i64,
    pub dates: String,
    /// `None`: days off.
    pub hours: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursSheet {
    /// The clinics the specialist works at: (id, name).
    pub clinics: Vec<(i64, String)>,
    /// The clinic shown.
    pub clinic: i64,
    /// Seven entries, Monday first.
    pub days: Vec<DayHours>,
    pub exceptions: Vec<ExceptionView>,
}

/// A visit on the specialist's schedule, with the status changes allowed now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleItem {
    pub id: i64,
    pub time: String,
    pub patient: String,
    pub service: String,
    pub clinic: String,
    pub room: Option<String>,
    pub status: priyom::AppointmentStatus,
    pub actions: Vec<priyom::AppointmentStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleDay {
    pub date: chrono::NaiveDate,
    pub visits: Vec<ScheduleItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub days: Vec<ScheduleDay>,
    pub week: bool,
    /// The dates the arrows lead to.
    pub prev: chrono::NaiveDate,
    pub next: chrono::NaiveDate,
}
