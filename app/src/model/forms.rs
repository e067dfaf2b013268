//! Forms whose fields travel flat (the names a page without JavaScript posts) but reach the
//! server function as one typed value (`#[server(flatten)]`): the fields are text, exactly as
//! typed, and the domain's parsers turn them into checked values.

use serde::{Deserialize, Serialize};

/// A clinic's profile as the management form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicProfileFields {
    pub name: String,
    pub name_en: String,
    pub address: String,
    pub address_en: String,
    pub phone: String,
    pub email: String,
    pub tz: String,
    pub lat: String,
    pub lon: String,
    /// Opening hours per weekday, Monday first (`09:00-20:00`, empty when closed).
    pub hours_0: String,
    pub hours_1: String,
    pub hours_2: String,
    pub hours_3: String,
    pub hours_4: String,
    pub hours_5: String,
    pub hours_6: String,
}

impl ClinicProfileFields {
    /// The fields as the domain's profile parser reads them.
    pub fn raw(&self) -> priyom::ClinicProfileRaw<'_> {
        priyom::ClinicProfileRaw {
            name: &self.name,
            name_en: &self.name_en,
            address: &self.address,
            address_en: &self.address_en,
            phone: &self.phone,
            email: &self.email,
            tz: &self.tz,
            lat: &self.lat,
            lon: &self.lon,
            hours: [
                &self.hours_0,
                &self.hours_1,
                &self.hours_2,
                &self.hours_3,
                &self.hours_4,
                &self.hours_5,
                &self.hours_6,
            ],
        }
    }
}

/// A service's card as the management forms send it (edit and new).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCardFields {
    pub name: String,
    pub name_en: String,
    /// Roubles as typed: "2500" or "2500,50".
    pub price: String,
    pub duration_min: String,
    pub buffer_before_min: String,
    pub buffer_after_min: String,
    /// A checkbox: present when ticked.
    pub needs_room: Option<String>,
    /// A checkbox on the edit form; the new-service form has none (a new service is active).
    pub active: Option<String>,
}

/// A specialist's public profile as the management form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialistProfileFields {
    pub title: String,
    pub title_en: String,
    pub bio: String,
    pub bio_en: String,
    /// A year, or empty when not given.
    pub practice_since: String,
    pub education: String,
    pub certificates: String,
    /// A checkbox: present when ticked.
    pub active: Option<String>,
}

impl SpecialistProfileFields {
    /// The fields as the domain's profile parser reads them.
    pub fn raw(&self) -> priyom::SpecialistProfileRaw<'_> {
        priyom::SpecialistProfileRaw {
            title: &self.title,
            title_en: &self.title_en,
            bio: &self.bio,
            bio_en: &self.bio_en,
            practice_since: &self.practice_since,
            education: &self.education,
            certificates: &self.certificates,
            active: self.active.is_some(),
        }
    }
}
