//! Small text formatters for display and URLs, shared by pages, server functions and
//! repositories (they live apart from the UI so the server code never imports components).

/// `2 500 ₽` with Russian typography (from the domain `Money`).
pub fn price_label(kopecks: i64) -> String {
    priyom::Money::from_kopecks(kopecks)
        .map(|m| m.to_string())
        .unwrap_or_default()
}

/// `+7 495 123-45-67` for a stored E.164 phone; anything else as stored.
pub fn phone_label(e164: &str) -> String {
    priyom::Phone::parse(e164)
        .map(|p| p.to_string())
        .unwrap_or_else(|_| e164.to_string())
}

/// Percent-encodes a path for a query value (keeps `/` readable).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Each word with a capital first letter and the rest small: how names are stored, so a search
/// can match them where the database's case folding knows only ASCII (SQLite's `LOWER`).
pub fn capitalise_words(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encoding_keeps_paths_readable() {
        assert_eq!(
            super::percent_encode("/specialists/anna"),
            "/specialists/anna"
        );
        assert_eq!(super::percent_encode("/a b?c=д"), "/a%20b%3Fc%3D%D0%B4");
    }

    #[test]
    fn labels() {
        assert_eq!(super::phone_label("+74951234567"), "+7 495 123-45-67");
        assert_eq!(super::phone_label("not a phone"), "not a phone");
    }
}
