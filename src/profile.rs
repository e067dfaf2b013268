//! A specialist's public profile as management edits it: titles in both languages, the
//! biography, the year they began to practise, education and certificates.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest title ("Массажист, реабилитолог"), in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest biography, education or certificates text, in characters.
pub const MAX_ABOUT_CHARS: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ProfileError {
    #[error("the title must be 1–{MAX_TITLE_CHARS} characters")]
    Title,
    #[error("the text is longer than {MAX_ABOUT_CHARS} characters")]
    TooLong,
    #[error("the year must be from 1950 to this year")]
    Year,
}

#[derive(Debug, Clone, Default)]
pub struct SpecialistProfileRaw<'a> {
    pub title: &'a str,
    pub title_en: &'a str,
    pub bio: &'a str,
    pub bio_en: &'a str,
    /// Empty: not given.
    pub practice_since: &'a str,
    pub education: &'a str,
    pub certificates: &'a str,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialistProfile {
    pub title: String,
    pub title_en: String,
    pub bio: String,
    pub bio_en: String,
    pub practice_since: Option<i32>,
    pub education: String,
    pub certificates: String,
    pub active: bool,
}

impl SpecialistProfile {
    /// Checks every field against `this_year` (the clinic's); each bad one is named.
    pub fn new(
        raw: SpecialistProfileRaw<'_>,
        this_year: i32,
    ) -> Result<SpecialistProfile, Vec<(&'static str, ProfileError)>> {
        let mut errors = Vec::new();
        let mut title = |field: &'static str, text: &str| {
            let text = text.trim();
            if text.is_empty() || text.chars().count() > MAX_TITLE_CHARS {
                errors.push((field, ProfileError::Title));
            }
            text.to_string()
        };
        let (t, t_en) = (title("title", raw.title), title("title_en", raw.title_en));
        let mut about = |field: &'static str, text: &str| {
            let text = text.replace("\r\n", "\n").trim().to_string();
            if text.chars().count() > MAX_ABOUT_CHARS {
                errors.push((field, ProfileError::TooLong));
            }
            text
        };
        let bio = about("bio", raw.bio);
        let bio_en = about("bio_en", raw.bio_en);
        let education = about("education", raw.education);
        let certificates = about("certificates", raw.certificates);
        let practice_since = match raw.practice_since.trim() {
            "" => None,
            year => match year.parse::<i32>() {
                Ok(y) if (1950..=this_year).contains(&y) => Some(y),
                _ => {
                    errors.push(("practice_since", ProfileError::Year));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SpecialistProfile {
            title: t,
            title_en: t_en,
            bio,
            bio_en,
            practice_since,
            education,
            certificates,
            active: raw.active,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> SpecialistProfileRaw<'static> {
        SpecialistProfileRaw {
            title: " Массажист ",
            title_en: "Massage therapist",
            bio: "Работаю с 2012 года.\r\nСпина и шея.",
            practice_since: "2012",
            active: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_good_profile_is_trimmed() {
        let p = SpecialistProfile::new(raw(), 2026).expect("valid");
        assert_eq!(p.title, "Массажист");
        assert_eq!(p.bio, "Работаю с 2012 года.\nСпина и шея.");
        assert_eq!(p.practice_since, Some(2012));
        let none = SpecialistProfile::new(
            SpecialistProfileRaw {
                practice_since: " ",
                ..raw()
            },
            2026,
        );
        assert_eq!(none.map(|p| p.practice_since), Ok(None));
    }

    #[test]
    fn every_bad_field_is_named() {
        let long = "а".repeat(MAX_ABOUT_CHARS + 1);
        let bad = SpecialistProfileRaw {
            title: "",
            bio_en: &long,
            practice_since: "2027",
            ..raw()
        };
        let fields: Vec<&str> = SpecialistProfile::new(bad, 2026)
            .expect_err("invalid")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["title", "bio_en", "practice_since"]);
        for year in ["1949", "двадцать", "20.5"] {
            let bad = SpecialistProfileRaw {
                practice_since: year,
                ..raw()
            };
            assert!(SpecialistProfile::new(bad, 2026).is_err(), "{year}");
        }
    }
}
