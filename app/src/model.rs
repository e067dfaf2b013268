//! Data shapes sent from server functions to the pages (both SSR and the browser).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClinicCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tz: String,
    pub lat: f64,
    pub lon: f64,
    pub specialist_count: i64,
}

impl ClinicCard {
    /// A map link built from the coordinates (OpenStreetMap: no tracking scripts on our pages).
    pub fn map_url(&self) -> String {
        format!(
            "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}",
            lat = self.lat,
            lon = self.lon
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecializationCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    pub specialist_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialistCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub title: String,
    pub photo_url: Option<String>,
    pub years_of_practice: Option<i64>,
    pub rating_x100: i64,
    pub review_count: i64,
}

impl SpecialistCard {
    /// Rating shown with one decimal, Russian style: "4,8".
    pub fn rating_label(&self) -> String {
        let tenths = (self.rating_x100 + 5) / 10;
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub clinics: Vec<ClinicCard>,
    pub specializations: Vec<SpecializationCard>,
    pub specialists: Vec<SpecialistCard>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_label_rounds_to_tenths() {
        let mut card = SpecialistCard {
            id: 1,
            slug: "a".into(),
            name: "A".into(),
            title: "T".into(),
            photo_url: None,
            years_of_practice: None,
            rating_x100: 475,
            review_count: 3,
        };
        assert_eq!(card.rating_label(), "4,8");
        card.rating_x100 = 500;
        assert_eq!(card.rating_label(), "5,0");
    }
}

/// A choice in a filter or a link to a related item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedLink {
    pub slug: String,
    pub name: String,
}

/// Filters of the specialists list, as they appear in the URL query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SpecialistFilter {
    pub specialization: String,
    pub clinic: String,
    pub service: String,
    pub page: u32,
}

impl SpecialistFilter {
    pub const PER_PAGE: u32 = 6;

    /// The URL query for this filter (empty parts left out), for links and pagination.
    pub fn query(&self, page: u32) -> String {
        let mut parts = Vec::new();
        for (key, value) in [
            ("specialization", &self.specialization),
            ("clinic", &self.clinic),
            ("service", &self.service),
        ] {
            if !value.is_empty() {
                parts.push(format!("{key}={}", crate::format::percent_encode(value)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialistList {
    pub items: Vec<SpecialistCard>,
    pub total: i64,
    pub specializations: Vec<NamedLink>,
    pub clinics: Vec<NamedLink>,
    pub services: Vec<NamedLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServicePrice {
    pub slug: String,
    pub name: String,
    pub duration_min: i64,
    pub price_kopecks: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub rating: i64,
    pub comment: String,
    /// First name and initial of the surname only.
    pub author: String,
    pub created_at: i64,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialistProfile {
    pub card: SpecialistCard,
    pub bio: String,
    pub education: String,
    pub certificates: Vec<String>,
    pub specializations: Vec<NamedLink>,
    pub clinics: Vec<NamedLink>,
    pub services: Vec<ServicePrice>,
    pub reviews: Vec<ReviewView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub weekday: i64,
    pub open_min: i64,
    pub close_min: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClinicPage {
    pub card: ClinicCard,
    pub email: Option<String>,
    pub hours: Vec<OpeningHours>,
    pub specialists: Vec<SpecialistCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub duration_min: i64,
    pub price_kopecks: i64,
    pub preparation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceCategory {
    pub name: String,
    pub services: Vec<ServiceItem>,
    pub children: Vec<ServiceCategory>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentPage {
    pub slug: String,
    pub title: String,
    /// Rendered from Markdown on the server with raw HTML dropped (safe to insert).
    pub html: String,
    pub seo_description: String,
}

/// "HH:MM" for minutes since midnight.
pub fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The signed-in user as the header and guards on the page see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub full_name: String,
    pub roles: Vec<priyom::Role>,
    /// In-app notices not yet read (the bell's badge).
    pub unread: i64,
    /// The browser's CSRF token as this request carried it: new after signing in.
    pub csrf: String,
}

/// The cabinet's account section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub full_name: String,
    pub phone: String,
    pub email: Option<String>,
    pub roles: Vec<priyom::Role>,
    pub sessions: i64,
}

impl Me {
    /// Works a front desk: operator or manager somewhere, or admin.
    pub fn is_staff(&self) -> bool {
        self.has(priyom::Role::Operator) || self.has(priyom::Role::Manager)
    }

    /// Holds `role`; an admin holds every role (the same rule as `priyom::Roles::has`).
    pub fn has(&self, role: priyom::Role) -> bool {
        self.roles
            .iter()
            .any(|r| *r == role || *r == priyom::Role::Admin)
    }
}

/// One role of a user as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub role: priyom::Role,
    pub clinic_id: Option<i64>,
    pub clinic_name: Option<String>,
}

/// A user found on the admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub full_name: String,
    pub phone: String,
    pub email: Option<String>,
    pub grants: Vec<GrantView>,
}

/// The admin page's search result, with the clinics a scoped role can be granted for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSearch {
    pub users: Vec<UserSummary>,
    pub clinics: Vec<(i64, String)>,
}

pub mod api_keys;
pub mod booking;
pub mod forms;
pub mod front_desk;
pub mod specialist_desk;

/// One in-app notice in the person's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeItem {
    pub id: i64,
    pub text: String,
    /// "1 декабря, 14:05" in the reader's language (server time zone of the clinic network).
    pub at: String,
    pub read: bool,
}

/// The cabinet's notification settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelChoices {
    pub email: bool,
    pub sms: bool,
    pub telegram: bool,
    pub has_email: bool,
    /// The installation has a Telegram bot.
    pub telegram_available: bool,
    pub telegram_linked: bool,
}

/// The back office's view of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub counts: Vec<(String, i64)>,
    pub rows: Vec<OutboxItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: i64,
    pub channel: String,
    pub kind: String,
    pub status: String,
    pub attempts: i64,
    pub recipient: String,
    pub due: String,
    pub last_error: Option<String>,
    pub retryable: bool,
    /// The SMS text of a working phone code when no SMS provider is configured.
    pub text: Option<String>,
}

/// A review waiting for moderation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueueItem {
    pub id: i64,
    pub rating: i64,
    pub comment: String,
    pub author: String,
    pub specialist: String,
    pub clinic: String,
    pub visit: String,
    pub written: String,
}

/// A page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditItem>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub ip: String,
    pub details: String,
}
