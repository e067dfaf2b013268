//! Russian phone numbers, normalised to E.164 (`+79161234567`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A Russian phone number in E.164 form: `+7` followed by ten digits whose first digit is
/// 3, 4, 8 or 9 (landlines, toll-free and mobiles; `+7 6xx`/`+7 7xx` belong to Kazakhstan).
///
/// Parsing accepts the usual ways of writing a number — `8 (916) 123-45-67`,
/// `+7 916 1234567`, `79161234567`, `9161234567` — and `Display` renders
/// `+7 916 123-45-67`. Serde uses the E.164 string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Why a phone number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum PhoneError {
    #[error("the phone number is empty")]
    Empty,
    #[error("a phone number cannot contain letters")]
    Letters,
    #[error("unexpected character {0:?} in the phone number")]
    InvalidCharacter(char),
    #[error("\"+\" may only start the phone number")]
    MisplacedPlus,
    #[error("the phone number is too short")]
    TooShort,
    #[error("the phone number is too long")]
    TooLong,
    #[error("only Russian (+7) phone numbers are accepted")]
    NotRussian,
}

/// Digits of a national significant number (after the country code).
const NATIONAL_LEN: usize = 10;
/// Longer inputs are rejected before any further work.
const MAX_DIGITS: usize = 15;

impl Phone {
    /// Normalises a Russian number typed by a person or an operator.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        // Letters get their own reason: it is the most common typo (a name in the wrong field).
        if text.chars().any(char::is_alphabetic) {
            return Err(PhoneError::Letters);
        }
        let (plus, digits) = collect_digits(text)?;
        let national = national_part(plus, &digits)?;
        if !matches!(national.as_bytes().first(), Some(b'3' | b'4' | b'8' | b'9')) {
            return Err(PhoneError::NotRussian);
        }
        Ok(Phone(format!("+7{national}")))
    }

    /// The E.164 form, `+79161234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ten national digits, `9161234567`.
    pub fn national(&self) -> &str {
        self.0.get(2..).unwrap_or_default()
    }
}

/// Keeps the digits, skipping separators people type; notes a leading `+`.
fn collect_digits(text: &str) -> Result<(bool, String), PhoneError> {
    let mut digits = String::with_capacity(MAX_DIGITS);
    let mut plus = false;
    for (i, c) in text.char_indices() {
        match c {
            '0'..='9' if digits.len() >= MAX_DIGITS => return Err(PhoneError::TooLong),
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            '+' => return Err(PhoneError::MisplacedPlus),
            ' ' | '-' | '(' | ')' | '.' | '\u{00A0}' | '\u{202F}' | '\u{2010}'..='\u{2015}' => {}
            _ => return Err(PhoneError::InvalidCharacter(c)),
        }
    }
    Ok((plus, digits))
}

/// The ten digits after the country code, deciding what the prefix means.
fn national_part(plus: bool, digits: &str) -> Result<&str, PhoneError> {
    let rest = if plus {
        // International form: the country code must be 7.
        match digits.strip_prefix('7') {
            Some(rest) => rest,
            None if digits.is_empty() => return Err(PhoneError::TooShort),
            None => return Err(PhoneError::NotRussian),
        }
    } else {
        match digits.len() {
            // 8 is the domestic trunk prefix, 7 the country code typed without "+".
            11 if digits.starts_with(['7', '8']) => &digits[1..],
            11 => return Err(PhoneError::NotRussian),
            _ => digits,
        }
    };
    match rest.len() {
        n if n < NATIONAL_LEN => Err(PhoneError::TooShort),
        n if n > NATIONAL_LEN => Err(PhoneError::TooLong),
        _ => Ok(rest),
    }
}

impl fmt::Display for Phone {
    /// `+7 916 123-45-67`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.national();
        match (n.get(0..3), n.get(3..6), n.get(6..8), n.get(8..10)) {
            (Some(a), Some(b), Some(c), Some(d)) => write!(f, "+7 {a} {b}-{c}-{d}"),
            _ => f.write_str(&self.0),
        }
    }
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phone::parse(s)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> Self {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_spellings() {
        let cases = [
            "8 (916) 123-45-67",
            "+7 916 1234567",
            "79161234567",
            "9161234567",
            "+7 (916) 123-45-67",
            "8-916-123-45-67",
            " +7\u{00A0}916\u{00A0}123\u{2011}45\u{2011}67 ",
            "7 916 123 45 67",
            "+79161234567",
        ];
        for text in cases {
            let phone = Phone::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(phone.as_str(), "+79161234567", "{text:?}");
            assert_eq!(phone.to_string(), "+7 916 123-45-67");
            assert_eq!(phone.national(), "9161234567");
        }
    }

    #[test]
    fn accepts_landlines_and_toll_free() {
        assert_eq!(
            Phone::parse("8 (495) 123-45-67").map(|p| p.to_string()),
            Ok("+7 495 123-45-67".to_string())
        );
        assert_eq!(
            Phone::parse("8 800 555-35-35").map(String::from),
            Ok("+78005553535".to_string())
        );
        assert!(Phone::parse("+7 343 000-00-00").is_ok());
    }

    #[test]
    fn rejects_junk_with_reason() {
        use PhoneError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("abc", Letters),
            ("8916abc4567", Letters),
            ("916-123-45", TooShort),
            ("+7", TooShort),
            ("+", TooShort),
            ("+7 916 123-45-6", TooShort),
            ("+7 916 123-45-678", TooLong),
            ("8 916 123-45-678", TooLong),
            ("1234567890123456789", TooLong),
            ("+380 44 123 4567", NotRussian),
            ("+1 212 555 0100", NotRussian),
            ("+7 701 123 45 67", NotRussian),
            ("19161234567", NotRussian),
            ("1161234567", NotRussian),
            ("7916+1234567", MisplacedPlus),
            ("8 916 123_45_67", InvalidCharacter('_')),
            ("8#916", InvalidCharacter('#')),
        ];
        for (text, reason) in cases {
            assert_eq!(Phone::parse(text), Err(reason), "{text:?}");
        }
    }

    #[test]
    fn serde_uses_e164_and_validates() {
        let phone = Phone::parse("8 916 123 45 67").expect("valid");
        assert_eq!(
            serde_json::to_string(&phone).ok().as_deref(),
            Some("\"+79161234567\"")
        );
        assert!(serde_json::from_str::<Phone>("\"hello\"").is_err());
        assert_eq!(
            serde_json::from_str::<Phone>("\"8 (916) 123-45-67\"").ok(),
            Some(phone)
        );
    }
}
