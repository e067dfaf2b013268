//! Money in kopecks, formatted the Russian way and parsed from what people type.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// U+202F NARROW NO-BREAK SPACE: the thousands separator of Russian typography.
pub const THOUSANDS_SEPARATOR: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE: keeps the amount and the currency sign on one line.
pub const CURRENCY_SPACE: char = '\u{00A0}';

/// A non-negative amount of roubles, stored as whole kopecks.
///
/// Prices and payments are never negative, so the invariant lives in the type; refunds are
/// modelled as a payment status, not as negative money.
///
/// `Display` gives `2 500 ₽` (U+202F between thousands, U+00A0 before the sign) and shows
/// kopecks only when there are any: `2 500,50 ₽`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

/// Why an amount was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum MoneyError {
    #[error("the amount is empty")]
    Empty,
    #[error("the amount must not be negative")]
    Negative,
    #[error("unexpected character {0:?} in the amount")]
    InvalidCharacter(char),
    #[error("digits must be grouped by three, as in \"2 500\"")]
    BadGrouping,
    #[error("the decimal separator is misplaced or repeated")]
    MisplacedSeparator,
    #[error("at most two digits (kopecks) are allowed after the decimal separator")]
    TooManyDecimals,
    #[error("the amount is too large")]
    Overflow,
}

impl Money {
    /// Zero roubles.
    pub const ZERO: Money = Money(0);

    /// An amount in kopecks; negative amounts are rejected.
    pub fn from_kopecks(kopecks: i64) -> Result<Self, MoneyError> {
        if kopecks < 0 {
            return Err(MoneyError::Negative);
        }
        Ok(Money(kopecks))
    }

    /// A whole number of roubles.
    pub fn from_roubles(roubles: i64) -> Result<Self, MoneyError> {
        let kopecks = roubles.checked_mul(100).ok_or(MoneyError::Overflow)?;
        Self::from_kopecks(kopecks)
    }

    /// The amount in kopecks.
    pub const fn kopecks(self) -> i64 {
        self.0
    }

    /// Whole roubles (the amount rounded down).
    pub const fn roubles(self) -> i64 {
        self.0 / 100
    }

    /// The kopeck part, 0..=99.
    pub const fn kopeck_part(self) -> i64 {
        self.0 % 100
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// `None` when the result would be negative.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).filter(|k| *k >= 0).map(Money)
    }

    pub fn checked_mul(self, quantity: u32) -> Option<Money> {
        self.0.checked_mul(i64::from(quantity)).map(Money)
    }

    /// Parses user input such as `2500`, `2 500`, `2500,50`, `2500.5` or `2 500 ₽`.
    ///
    /// Both `,` and `.` are decimal separators (so `2,500` is two and a half roubles);
    /// thousands may be separated by ordinary, no-break or narrow spaces, in groups of three.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let text = strip_currency(input.trim()).trim_end();
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        if text.starts_with(['-', '\u{2212}']) {
            return Err(MoneyError::Negative);
        }
        let (whole, fraction) = split_decimal(text)?;
        let roubles = parse_whole(whole)?;
        let kopecks = parse_fraction(fraction)?;
        roubles
            .checked_mul(100)
            .and_then(|k| k.checked_add(kopecks))
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }
}

/// Removes a trailing currency mark: `₽`, `руб.`, `руб`, `р.`, `р` (any case).
fn strip_currency(text: &str) -> &str {
    const MARKS: [&str; 5] = ["₽", "руб.", "руб", "р.", "р"];
    for mark in MARKS {
        if let Some(head) = strip_suffix_ignore_case(text, mark) {
            return head;
        }
    }
    text
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    (tail.to_lowercase() == suffix).then(|| &text[..cut])
}

/// Splits at the single decimal separator, if any.
fn split_decimal(text: &str) -> Result<(&str, Option<&str>), MoneyError> {
    let mut parts = text.splitn(2, [',', '.']);
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    if fraction.is_some_and(|f| f.contains([',', '.'])) {
        return Err(MoneyError::MisplacedSeparator);
    }
    Ok((whole, fraction))
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// Whole roubles: digits, optionally grouped by three with spaces.
fn parse_whole(whole: &str) -> Result<i64, MoneyError> {
    if let Some(bad) = whole
        .chars()
        .find(|c| !c.is_ascii_digit() && !is_group_space(*c))
    {
        return Err(MoneyError::InvalidCharacter(bad));
    }
    if whole.is_empty() {
        return Err(MoneyError::MisplacedSeparator);
    }
    let groups: Vec<&str> = whole.split(is_group_space).collect();
    let grouping_ok = groups.len() == 1
        || groups.iter().enumerate().all(|(i, g)| match i {
            0 => (1..=3).contains(&g.len()),
            _ => g.len() == 3,
        });
    if !grouping_ok {
        return Err(MoneyError::BadGrouping);
    }
    groups
        .iter()
        .flat_map(|g| g.bytes())
        .try_fold(0i64, |acc, b| {
            acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
        })
        .ok_or(MoneyError::Overflow)
}

/// Kopecks: one or two digits after the separator (`,5` is fifty kopecks).
fn parse_fraction(fraction: Option<&str>) -> Result<i64, MoneyError> {
    let Some(fraction) = fraction else {
        return Ok(0);
    };
    if let Some(bad) = fraction.chars().find(|c| !c.is_ascii_digit()) {
        return Err(MoneyError::InvalidCharacter(bad));
    }
    let digits = fraction.as_bytes();
    match digits {
        [] => Err(MoneyError::MisplacedSeparator),
        [d] => Ok(i64::from(d - b'0') * 10),
        [d1, d2] => Ok(i64::from(d1 - b'0') * 10 + i64::from(d2 - b'0')),
        _ => Err(MoneyError::TooManyDecimals),
    }
}

/// Groups the digits of `n` by three with the narrow no-break space.
fn group_thousands(n: i64, out: &mut String) {
    let digits = n.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(THOUSANDS_SEPARATOR);
        }
        out.push(c);
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(24);
        group_thousands(self.roubles(), &mut text);
        if self.kopeck_part() != 0 {
            text.push_str(&format!(",{:02}", self.kopeck_part()));
        }
        text.push(CURRENCY_SPACE);
        text.push('₽');
        f.write_str(&text)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl TryFrom<i64> for Money {
    type Error = MoneyError;

    fn try_from(kopecks: i64) -> Result<Self, Self::Error> {
        Money::from_kopecks(kopecks)
    }
}

impl From<Money> for i64 {
    fn from(money: Money) -> Self {
        money.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rub(k: i64) -> Money {
        Money::from_kopecks(k).expect("non-negative")
    }

    #[test]
    fn formats_russian_style() {
        let cases = [
            (0, "0\u{A0}₽"),
            (5, "0,05\u{A0}₽"),
            (90_000, "900\u{A0}₽"),
            (250_000, "2\u{202F}500\u{A0}₽"),
            (250_050, "2\u{202F}500,50\u{A0}₽"),
            (123_456_789, "1\u{202F}234\u{202F}567,89\u{A0}₽"),
            (100_000_000, "1\u{202F}000\u{202F}000\u{A0}₽"),
        ];
        for (kopecks, text) in cases {
            assert_eq!(rub(kopecks).to_string(), text, "{kopecks}");
        }
    }

    #[test]
    fn parses_what_people_type() {
        let cases = [
            ("2500", 250_000),
            ("2 500", 250_000),
            ("2\u{A0}500", 250_000),
            ("2\u{202F}500", 250_000),
            ("2500,50", 250_050),
            ("2500.5", 250_050),
            ("2 500 ₽", 250_000),
            ("2 500₽", 250_000),
            ("2\u{202F}500,50\u{A0}₽", 250_050),
            ("  1500 руб. ", 150_000),
            ("1500 р", 150_000),
            ("0", 0),
            ("0,05", 5),
            ("1 234 567", 123_456_700),
            ("007", 700),
        ];
        for (text, kopecks) in cases {
            assert_eq!(Money::parse(text), Ok(rub(kopecks)), "{text:?}");
        }
    }

    #[test]
    fn rejects_bad_amounts_with_reason() {
        use MoneyError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("₽", Empty),
            ("-5", Negative),
            ("−5", Negative),
            ("12abc", InvalidCharacter('a')),
            ("abc", InvalidCharacter('a')),
            ("$25", InvalidCharacter('$')),
            ("+25", InvalidCharacter('+')),
            ("2500.505", TooManyDecimals),
            ("2500,5,0", MisplacedSeparator),
            ("2.500,50", MisplacedSeparator),
            ("2500,", MisplacedSeparator),
            (",50", MisplacedSeparator),
            ("25 00", BadGrouping),
            ("2  500", BadGrouping),
            ("2500 000", BadGrouping),
            ("1,5x", InvalidCharacter('x')),
            ("99999999999999999999", Overflow),
            ("92233720368547758,08", Overflow),
        ];
        for (text, reason) in cases {
            assert_eq!(Money::parse(text), Err(reason), "{text:?}");
        }
    }

    #[test]
    fn largest_amount_round_trips() {
        let max = rub(i64::MAX);
        let text = max.to_string();
        assert_eq!(Money::parse(&text), Ok(max));
    }

    #[test]
    fn constructors_and_arithmetic_keep_invariant() {
        assert_eq!(Money::from_kopecks(-1), Err(MoneyError::Negative));
        assert_eq!(Money::from_roubles(i64::MAX), Err(MoneyError::Overflow));
        assert_eq!(Money::from_roubles(25), Ok(rub(2500)));
        assert_eq!(rub(100).checked_sub(rub(101)), None);
        assert_eq!(rub(100).checked_add(rub(1)), Some(rub(101)));
        assert_eq!(rub(100).checked_mul(3), Some(rub(300)));
        assert_eq!(rub(i64::MAX).checked_add(rub(1)), None);
        assert!(serde_json::from_str::<Money>("-1").is_err());
        assert_eq!(
            serde_json::from_str::<Money>("250050").ok(),
            Some(rub(250_050))
        );
    }
}
