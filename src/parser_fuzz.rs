//! Bounded fuzzing of every parser that takes text people type: whatever arrives (any Unicode,
//! control characters, huge numbers, near-miss formats), each answers `Ok` or `Err` and never
//! panics, and what it accepts survives a round trip. 512 cases per parser by default
//! (`PROPTEST_CASES` overrides).

use crate::*;
use chrono::NaiveDate;
use proptest::prelude::*;

/// Text shaped like the inputs: digits, separators, signs, Cyrillic, emoji and controls mixed,
/// plus fully arbitrary strings.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9 +()\\-.:/]{0,40}",
        "[+-]?[0-9]{1,12}-[0-9]{1,3}-[0-9]{1,3}",
        "[0-9]{1,3}:[0-9]{1,3}",
        "[a-zA-Z0-9._%+-]{0,20}@[a-zA-Z0-9.-]{0,20}",
        "[А-Яа-яЁё \\-']{0,60}",
        "\\PC{0,80}",
        ".{0,200}",
    ]
}

fn today() -> impl Strategy<Value = NaiveDate> {
    (-1000i32..=3000, 1u32..=365)
        .prop_map(|(year, day)| NaiveDate::from_yo_opt(year, day).unwrap_or(NaiveDate::MIN))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn phones(text in typed()) {
        if let Ok(phone) = Phone::parse(&text) {
            prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
        }
    }

    #[test]
    fn names(text in typed()) {
        if let Ok(name) = PersonName::parse(&text) {
            prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
        }
    }

    #[test]
    fn emails(text in typed()) {
        if let Ok(email) = Email::parse(&text) {
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
        }
    }

    #[test]
    fn dates(text in typed(), today in today()) {
        if let Ok(date) = parse_date_near(&text, today) {
            prop_assert!((date - today).num_days().abs() <= 3660);
        }
    }

    #[test]
    fn times_and_ranges(start in typed(), end in typed()) {
        if let Ok(time) = start.parse::<LocalTime>() {
            prop_assert_eq!(time.to_string().parse::<LocalTime>(), Ok(time));
        }
        let _ = MinuteRange::parse(&start, &end);
    }

    #[test]
    fn money_passwords_ratings_slugs_rooms_zones(text in typed()) {
        let _ = Money::parse(&text);
        let _ = NewPassword::parse(&text);
        let _ = Rating::parse(&text);
        let _ = PageSlug::parse(&text);
        let _ = room_name(&text);
        let _ = parse_tz(&text);
    }
}
