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
