//! What the front-desk pages show: the day board, a visit's card, callers found, the list.

use priyom::AppointmentStatus;
use serde::{Deserialize, Serialize};

/// A clinic the staff member may open: slug and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicChoice {
    pub slug: String,
    pub name: String,
}

/// One visit on the board, placed in 15-minute rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardBlock {
    pub id: i64,
    pub time: String,
    /// First row (1-based, after the header row) and how many rows it spans.
    pub row: i64,
    pub span: i64,
    pub status: AppointmentStatus,
    pub patient: String,
    pub service: String,
    pub room: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub name: String,
    pub visits: Vec<BoardBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayBoard {
    pub clinics: Vec<ClinicChoice>,
    pub clinic: String,
    pub clinic_name: String,
    pub date: chrono::NaiveDate,
    pub date_label: String,
    pub prev: chrono::NaiveDate,
    pub next: chrono::NaiveDate,
    pub today: bool,
    /// Row labels: "09:00" on the hour, "" between.
    pub rows: Vec<String>,
    /// The row of "now" when the board shows today.
    pub now_row: Option<i64>,
    pub columns: Vec<BoardColumn>,
    /// The viewer also manages (services, prices).
    pub manages: bool,
}

/// A visit's card for the front desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDetails {
    pub id: i64,
    pub when: String,
    pub status: AppointmentStatus,
    pub actions: Vec<AppointmentStatus>,
    pub patient: String,
    pub phone: String,
    pub email: Option<String>,
    pub specialist: String,
    pub specialist_slug: String,
    pub service: String,
    pub service_slug: String,
    /// Why the desk cannot move it to another time (past or closed); `None`: it can.
    pub move_refused: Option<String>,
    pub room: Option<String>,
    pub clinic: String,
    pub clinic_slug: String,
    pub date: chrono::NaiveDate,
    pub price: String,
    pub payment: String,
    pub source: String,
    pub notes: String,
    pub cancel_reason: Option<String>,
}

/// A person found for a caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerView {
    pub id: i64,
    pub name: String,
    pub phone: String,
}

/// A page of the visits list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitTable {
    pub rows: Vec<VisitTableRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub clinics: Vec<ClinicChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitTableRow {
    pub id: i64,
    pub when: String,
    pub clinic: String,
    pub specialist: String,
    pub service: String,
    pub patient: String,
    pub phone: String,
    pub status: AppointmentStatus,
    pub payment: String,
    pub source: String,
    pub price: String,
}
