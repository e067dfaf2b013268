//! An iCalendar (RFC 5545) file for one visit, so a patient can add it to any calendar.

use chrono::DateTime;

/// What the event shows.
pub struct IcsEvent<'a> {
    /// Stable across downloads, so re-importing updates rather than duplicates.
    pub uid: &'a str,
    pub start: i64,
    pub end: i64,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub stamp: i64,
}

fn utc(instant: i64) -> String {
    DateTime::from_timestamp(instant, 0)
        .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (§3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

pub fn render(event: &IcsEvent<'_>) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Priyom//Booking//RU".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", text(event.uid)),
        format!("DTSTAMP:{}", utc(event.stamp)),
        format!("DTSTART:{}", utc(event.start)),
        format!("DTEND:{}", utc(event.end)),
        format!("SUMMARY:{}", text(event.summary)),
        format!("LOCATION:{}", text(event.location)),
        format!("DESCRIPTION:{}", text(event.description)),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        "TRIGGER:-PT2H".to_string(),
        format!("DESCRIPTION:{}", text(event.summary)),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_has_utc_times_escaped_text_and_folded_lines() {
        let description = "Приходите за 10 минут; возьмите паспорт, полис. ".repeat(4);
        let ics = render(&IcsEvent {
            uid: "visit-42@priyom",
            start: 1_795_000_000,
            end: 1_795_003_600,
            summary: "Массаж, 60 мин",
            location: "Санкт-Петербург; Большой пр., 1",
            description: &description,
            stamp: 1_794_000_000,
        });
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261118T"), "{ics}");
        assert!(ics.contains("SUMMARY:Массаж\\, 60 мин\r\n"));
        assert!(ics.contains("LOCATION:Санкт-Петербург\\; Большой пр.\\, 1\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        }
        // Unfolding restores the escaped description.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}", text(&description))));
    }
}
