//! A clinic's profile as management edits it: names, address, contacts, IANA time zone,
//! coordinates and opening hours per weekday (a day without hours is closed).

use crate::person::Email;
use crate::phone::Phone;
use crate::time::{parse_tz, LocalTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest name or address, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ClinicError {
    #[error("the text must be 1–{MAX_TEXT_CHARS} characters")]
    Text,
    #[error("not a Russian phone number")]
    Phone,
    #[error("not an e-mail address")]
    Email,
    #[error("not an IANA time zone such as Europe/Moscow")]
    TimeZone,
    #[error("a latitude is a number from -90 to 90")]
    Latitude,
    #[error("a longitude is a number from -180 to 180")]
    Longitude,
    #[error("opening hours are two times like 09:00 and 21:00, the first earlier")]
    Hours,
}

/// The form's fields; `hours[d]` is `09:00–21:00` (or empty: closed) for weekday `d`,
/// Monday = 0.
#[derive(Debug, Clone, Default)]
pub struct ClinicProfileRaw<'a> {
    pub name: &'a str,
    pub name_en: &'a str,
    pub address: &'a str,
    pub address_en: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub tz: &'a str,
    pub lat: &'a str,
    pub lon: &'a str,
    pub hours: [&'a str; 7],
}

/// A checked profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ClinicProfile {
    pub name: String,
    pub name_en: String,
    pub address: String,
    pub address_en: String,
    pub phone: Phone,
    pub email: Option<Email>,
    /// A valid IANA name, as typed (trimmed).
    pub tz: String,
    pub lat: f64,
    pub lon: f64,
    /// `None`: closed that weekday.
    pub hours: [Option<(LocalTime, LocalTime)>; 7],
}

/// `55.7601` or `55,7601` within `-limit..=limit`.
fn coordinate(text: &str, limit: f64) -> Option<f64> {
    let value: f64 = text.trim().replace(',', ".").parse().ok()?;
    (value.is_finite() && value.abs() <= limit).then_some(value)
}

/// `09:00–21:00` (any dash, spaces allowed) or empty for a closed day.
fn day_hours(text: &str) -> Result<Option<(LocalTime, LocalTime)>, ClinicError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (opens, closes) = text.split_once(['-', '–', '—']).ok_or(ClinicError::Hours)?;
    let opens: LocalTime = opens.parse().map_err(|_| ClinicError::Hours)?;
    let closes: LocalTime = closes.parse().map_err(|_| ClinicError::Hours)?;
    if opens < closes {
        Ok(Some((opens, closes)))
    } else {
        Err(ClinicError::Hours)
    }
}

/// Form names of the weekday fields: `hours_0` … `hours_6`.
pub const HOURS_FIELDS: [&str; 7] = [
    "hours_0", "hours_1", "hours_2", "hours_3", "hours_4", "hours_5", "hours_6",
];

impl ClinicProfile {
    /// Checks every field; each bad one is reported with its form name.
    pub fn new(
        raw: ClinicProfileRaw<'_>,
    ) -> Result<ClinicProfile, Vec<(&'static str, ClinicError)>> {
        let mut errors = Vec::new();
        let mut text = |field: &'static str, value: &str| {
            let value = value.trim();
            if value.is_empty() || value.chars().count() > MAX_TEXT_CHARS {
                errors.push((field, ClinicError::Text));
            }
            value.to_string()
        };
        let name = text("name", raw.name);
        let name_en = text("name_en", raw.name_en);
        let address = text("address", raw.address);
        let address_en = text("address_en", raw.address_en);
        let phone = Phone::parse(raw.phone)
            .map_err(|_| errors.push(("phone", ClinicError::Phone)))
            .ok();
        let email = match raw.email.trim() {
            "" => Some(None),
            typed => Email::parse(typed)
                .map(Some)
                .map_err(|_| errors.push(("email", ClinicError::Email)))
                .ok(),
        };
        if parse_tz(raw.tz).is_err() {
            errors.push(("tz", ClinicError::TimeZone));
        }
        let lat = coordinate(raw.lat, 90.0);
        if lat.is_none() {
            errors.push(("lat", ClinicError::Latitude));
        }
        let lon = coordinate(raw.lon, 180.0);
        if lon.is_none() {
            errors.push(("lon", ClinicError::Longitude));
        }
        let mut hours = [None; 7];
        for (day, text) in raw.hours.iter().enumerate() {
            match day_hours(text) {
                Ok(h) => hours[day] = h,
                Err(e) => errors.push((HOURS_FIELDS[day], e)),
            }
        }
        match (phone, email, lat, lon) {
            (Some(phone), Some(email), Some(lat), Some(lon)) if errors.is_empty() => {
                Ok(ClinicProfile {
                    name,
                    name_en,
                    address,
                    address_en,
                    phone,
                    email,
                    tz: raw.tz.trim().to_string(),
                    lat,
                    lon,
                    hours,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A room's name: 1–60 characters.
pub fn room_name(text: &str) -> Result<String, ClinicError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 60 {
        Err(ClinicError::Text)
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> ClinicProfileRaw<'static> {
        ClinicProfileRaw {
            name: " Приём на Чистых прудах ",
            name_en: "Priyom Chistye Prudy",
            address: "Москва, Чистопрудный бульвар, 12",
            address_en: "Moscow, Chistoprudny Boulevard, 12",
            phone: "8 (495) 123-45-67",
            email: "",
            tz: "Europe/Moscow",
            lat: "55,7601",
            lon: "37.6454",
            hours: [
                "09:00–21:00",
                "09:00-21:00",
                "9:00 — 21:00",
                "09:00–21:00",
                "09:00–21:00",
                " 10:00–18:00 ",
                "",
            ],
        }
    }

    #[test]
    fn a_good_profile_is_trimmed_and_parsed() {
        let p = ClinicProfile::new(raw()).expect("valid");
        assert_eq!(p.name, "Приём на Чистых прудах");
        assert_eq!(p.phone.as_str(), "+74951234567");
        assert_eq!(p.email, None);
        assert!((p.lat - 55.7601).abs() < 1e-9);
        assert_eq!(p.hours[6], None);
        assert_eq!(p.hours[2], p.hours[0], "any dash and spacing");
        assert_eq!(
            p.hours[5].map(|(o, c)| (o.to_string(), c.to_string())),
            Some(("10:00".into(), "18:00".into()))
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut bad = raw();
        bad.name = " ";
        bad.phone = "12";
        bad.email = "not-mail";
        bad.tz = "Moscow";
        bad.lat = "91";
        bad.lon = "east";
        bad.hours[0] = "21:00–09:00";
        bad.hours[2] = "09:00";
        bad.hours[4] = "9–18";
        let fields: Vec<&str> = ClinicProfile::new(bad)
            .expect_err("invalid")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            ["name", "phone", "email", "tz", "lat", "lon", "hours_0", "hours_2", "hours_4"]
        );
    }

    #[test]
    fn coordinates_take_a_comma_and_stay_in_range() {
        assert_eq!(coordinate("-33,86", 90.0), Some(-33.86));
        assert_eq!(coordinate("180", 180.0), Some(180.0));
        assert_eq!(coordinate("180.1", 180.0), None);
        assert_eq!(coordinate("NaN", 90.0), None);
        assert_eq!(coordinate("inf", 90.0), None);
    }

    #[test]
    fn room_names_are_short_and_not_blank() {
        assert_eq!(room_name(" Кабинет 3 "), Ok("Кабинет 3".into()));
        assert_eq!(room_name("  "), Err(ClinicError::Text));
        assert_eq!(room_name(&"к".repeat(61)), Err(ClinicError::Text));
    }
}
