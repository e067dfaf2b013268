//! People's names and e-mail addresses.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Longest accepted name, in characters (not bytes: Cyrillic letters take two bytes).
pub const MAX_NAME_CHARS: usize = 100;

/// A person's name as shown to staff: `Анна Сергеевна Королёва`, `O'Brien`, `Jean-Luc`.
///
/// Surrounding whitespace is trimmed and inner runs of whitespace collapse to one space.
/// Allowed: letters of any script, spaces, hyphen, apostrophes (`'` and `’`) and dots;
/// at least one letter; 1..=100 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// Why a name was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
    #[error("the name contains an unexpected character {0:?}")]
    InvalidCharacter(char),
    #[error("the name must contain at least one letter")]
    NoLetters,
}

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
            return Err(NameError::InvalidCharacter(bad));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(NameError::TooLong);
        }
        if !name.chars().any(char::is_alphabetic) {
            return Err(NameError::NoLetters);
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.')
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PersonName {
    type Err = NameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PersonName::parse(s)
    }
}

impl TryFrom<String> for PersonName {
    type Error = NameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> Self {
        name.0
    }
}

/// Longest accepted address (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;
const MAX_LABEL_LEN: usize = 63;

/// An e-mail address after a simple, sane check: `local@domain.tld`, the domain lowercased
/// (the local part keeps its case: some servers treat it as case-sensitive).
///
/// Internationalised domains such as `почта.рф` are accepted as typed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an e-mail address was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum EmailError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is too long")]
    TooLong,
    #[error("the e-mail address has no \"@\"")]
    MissingAt,
    #[error("the e-mail address has more than one \"@\"")]
    MultipleAt,
    #[error("the part before \"@\" is not valid")]
    BadLocalPart,
    #[error("the domain after \"@\" is not valid")]
    BadDomain,
}

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        if text.chars().count() > MAX_EMAIL_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = match text.split('@').collect::<Vec<_>>().as_slice() {
            [_] => return Err(EmailError::MissingAt),
            // Lowercased whole: people type their address in any case, sign-in compares it
            // lowercased, and one stored spelling keeps the unique index meaningful.
            [local, domain] => (local.to_lowercase(), domain.to_lowercase()),
            _ => return Err(EmailError::MultipleAt),
        };
        if !local_part_ok(&local) {
            return Err(EmailError::BadLocalPart);
        }
        if !domain_ok(&domain) {
            return Err(EmailError::BadDomain);
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `@`, lowercased.
    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }
}

/// No spaces, control characters or the specials that need quoting; dots only between atoms.
fn local_part_ok(local: &str) -> bool {
    const SPECIALS: &[char] = &['(', ')', ',', ':', ';', '<', '>', '[', ']', '\\', '"'];
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !SPECIALS.contains(&c))
}

/// At least two labels of letters, digits and inner hyphens; the last one not all digits.
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= MAX_LABEL_LEN
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.chars().count() >= 2 && !t.chars().all(|c| c.is_ascii_digit()));
    labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_collapsed() {
        let cases = [
            ("  Анна   Сергеевна\tКоролёва ", "Анна Сергеевна Королёва"),
            ("O'Brien", "O'Brien"),
            ("Д’Артаньян", "Д’Артаньян"),
            ("Jean-Luc Picard", "Jean-Luc Picard"),
            ("Дж. Р. Р. Толкин", "Дж. Р. Р. Толкин"),
            ("Ё", "Ё"),
            ("Ängström", "Ängström"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                PersonName::parse(input).map(String::from),
                Ok(expected.to_string()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn names_reject_with_reason() {
        use NameError::*;
        let long_ok = "Я".repeat(MAX_NAME_CHARS);
        assert!(
            PersonName::parse(&long_ok).is_ok(),
            "100 Cyrillic letters fit"
        );
        let cases = [
            (String::new(), Empty),
            ("   \n ".to_string(), Empty),
            ("Я".repeat(MAX_NAME_CHARS + 1), TooLong),
            ("Анна2".to_string(), InvalidCharacter('2')),
            ("<script>".to_string(), InvalidCharacter('<')),
            ("Анна_Мария".to_string(), InvalidCharacter('_')),
            ("Anna 🙂".to_string(), InvalidCharacter('🙂')),
            ("- . '".to_string(), NoLetters),
        ];
        for (input, reason) in cases {
            assert_eq!(PersonName::parse(&input), Err(reason), "{input:?}");
        }
    }

    #[test]
    fn emails_are_stored_lowercased_whatever_path_makes_them() {
        // Registration, sign-in and staff forms (a new specialist) all end here.
        let email = Email::parse("  Ivan.Petrov+spa@Mail.RU ").expect("valid");
        assert_eq!(email.as_str(), "ivan.petrov+spa@mail.ru");
        assert_eq!(email.domain(), "mail.ru");
        assert_eq!(
            Email::parse("анна@Почта.РФ").map(String::from),
            Ok("анна@почта.рф".to_string())
        );
        assert!(Email::parse("a@b-c.example.com").is_ok());
    }

    #[test]
    fn emails_reject_with_reason() {
        use EmailError::*;
        let long = format!("{}@example.com", "a".repeat(250));
        let cases = [
            ("", Empty),
            ("plainaddress", MissingAt),
            ("a@b@c.ru", MultipleAt),
            ("@mail.ru", BadLocalPart),
            ("a b@mail.ru", BadLocalPart),
            (".a@mail.ru", BadLocalPart),
            ("a..b@mail.ru", BadLocalPart),
            ("a@", BadDomain),
            ("a@localhost", BadDomain),
            ("a@mail..ru", BadDomain),
            ("a@-mail.ru", BadDomain),
            ("a@mail.r", BadDomain),
            ("a@1.2.3.4", BadDomain),
            ("a@mail_ru.com", BadDomain),
            (long.as_str(), TooLong),
        ];
        for (input, reason) in cases {
            assert_eq!(Email::parse(input), Err(reason), "{input:?}");
        }
    }
}
