//! What the booking page, the confirmation page and the patient's visits list show.

use serde::{Deserialize, Serialize};

/// A choice on the booking page: a service, clinic or specialist, named by its URL slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub slug: String,
    pub name: String,
    /// A second line: price and duration, an address, or a title.
    pub detail: String,
}

/// Services grouped by their top category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceGroup {
    pub name: String,
    pub choices: Vec<Choice>,
}

/// The specialist slug meaning "whoever is free".
pub const ANY: &str = "any";

/// The first three steps: what can be chosen given what is chosen so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepChoices {
    pub services: Vec<ChoiceGroup>,
    /// Clinics offering the chosen service (empty until one is chosen).
    pub clinics: Vec<Choice>,
    /// Specialists offering the chosen service at the chosen clinic.
    pub specialists: Vec<Choice>,
}

/// One day of the month calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub date: chrono::NaiveDate,
    pub available: bool,
}

/// The month view: which days have free time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthAvailability {
    pub year: i32,
    pub month: u32,
    pub days: Vec<CalendarDay>,
    /// The first bookable month and the last (the horizon), as `YYYY-MM`, to bound paging.
    pub first_month: String,
    pub last_month: String,
}

/// A free time as the patient picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeChoice {
    /// Unix seconds.
    pub start: i64,
    /// Local wall clock, `HH:MM`.
    pub label: String,
    /// Minutes since local midnight (for grouping into morning / afternoon / evening).
    pub minute: u16,
    /// Who takes the visit (a slug; with "any specialist" it differs between times).
    pub specialist: String,
    pub specialist_name: String,
}

/// The times of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySlots {
    pub date: chrono::NaiveDate,
    pub times: Vec<TimeChoice>,
}

/// The visit about to be booked, and the key that makes its form idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub service: String,
    pub specialist: String,
    pub specialist_slug: String,
    pub clinic: String,
    pub address: String,
    /// Local date and time, written out in the page's language.
    pub when: String,
    pub price: String,
    pub duration_min: i64,
    /// Still free right now (else the page offers other times).
    pub free: bool,
    /// Fresh for every quote; a resubmitted form sends the same one.
    pub key: String,
    /// A guest proves the phone with an SMS code (an SMS provider is configured).
    pub guest_code: bool,
}

/// A visit as its patient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: i64,
    pub service: String,
    pub service_slug: String,
    pub specialist: String,
    pub specialist_slug: String,
    pub clinic: String,
    pub clinic_slug: String,
    pub address: String,
    pub clinic_phone: String,
    pub when: String,
    pub start: i64,
    pub end: i64,
    pub status: priyom::AppointmentStatus,
    pub price: String,
    pub preparation: String,
    pub cancel_reason: Option<String>,
    /// Why it can no longer be cancelled or moved online (`None`: it can).
    pub locked_reason: Option<String>,
    pub upcoming: bool,
    /// The patient may review it now (completed, not reviewed yet).
    pub can_review: bool,
    pub review: Option<MyReview>,
}

/// The patient's review of a visit and what moderation made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReview {
    pub id: i64,
    pub rating: i64,
    /// `pending`, `published`, `rejected` or `withdrawn`.
    pub state: String,
    pub reject_reason: Option<String>,
}

/// The patient's visits, soonest upcoming first, then the past, latest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLists {
    pub upcoming: Vec<VisitView>,
    pub past: Vec<VisitView>,
}
