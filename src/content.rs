//! Content pages (about, privacy policy, contacts): the address part of a page, its language,
//! and the limits of an edit. The Markdown itself is rendered and sanitised by the server.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest search-engine description, in characters.
pub const MAX_SEO_CHARS: usize = 300;
/// Longest body, in characters (a long policy is some 60 000).
pub const MAX_BODY_CHARS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ContentError {
    #[error("the address must be 1–60 small Latin letters, digits and hyphens")]
    Slug,
    #[error("the language must be ru or en")]
    Lang,
    #[error("the title must be 1–{MAX_TITLE_CHARS} characters")]
    Title,
    #[error("the description is longer than {MAX_SEO_CHARS} characters")]
    Seo,
    #[error("the text must be 1–{MAX_BODY_CHARS} characters")]
    Body,
}

/// A page's address, as in `/pages/privacy`: small Latin letters, digits and inner hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageSlug(String);

impl PageSlug {
    pub fn parse(text: &str) -> Result<PageSlug, ContentError> {
        let text = text.trim();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        let ok = (1..=60).contains(&text.len())
            && text.chars().all(allowed)
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if ok {
            Ok(PageSlug(text.to_string()))
        } else {
            Err(ContentError::Slug)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A checked edit of one language version of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEdit {
    pub slug: PageSlug,
    /// "ru" or "en".
    pub lang: &'static str,
    pub title: String,
    pub seo_description: String,
    pub body_md: String,
    pub published: bool,
}

/// The fields of an edit as the form sends them.
#[derive(Debug, Clone, Default)]
pub struct PageEditRaw<'a> {
    pub slug: &'a str,
    pub lang: &'a str,
    pub title: &'a str,
    pub seo_description: &'a str,
    pub body_md: &'a str,
    pub published: bool,
}

impl PageEdit {
    /// Checks every field; each bad one is reported with its form name.
    pub fn new(raw: PageEditRaw<'_>) -> Result<PageEdit, Vec<(&'static str, ContentError)>> {
        let mut errors = Vec::new();
        let slug = PageSlug::parse(raw.slug)
            .map_err(|e| errors.push(("slug", e)))
            .ok();
        let lang = match raw.lang {
            "ru" => Some("ru"),
            "en" => Some("en"),
            _ => {
                errors.push(("lang", ContentError::Lang));
                None
            }
        };
        let title = raw.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            errors.push(("title", ContentError::Title));
        }
        let seo = raw.seo_description.trim();
        if seo.chars().count() > MAX_SEO_CHARS {
            errors.push(("seo_description", ContentError::Seo));
        }
        // Line endings from a browser's textarea are CRLF; keep one kind.
        let body = raw.body_md.replace("\r\n", "\n");
        let body = body.trim_end();
        if body.trim().is_empty() || body.chars().count() > MAX_BODY_CHARS {
            errors.push(("body_md", ContentError::Body));
        }
        match (slug, lang) {
            (Some(slug), Some(lang)) if errors.is_empty() => Ok(PageEdit {
                slug,
                lang,
                title: title.to_string(),
                seo_description: seo.to_string(),
                body_md: body.to_string(),
                published: raw.published,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> PageEditRaw<'static> {
        PageEditRaw {
            slug: "privacy",
            lang: "ru",
            title: "Политика",
            seo_description: "",
            body_md: "# Политика\r\n\r\nТекст.\r\n",
            published: true,
        }
    }

    #[test]
    fn slugs_are_small_latin_words_with_hyphens() {
        for good in ["about", "privacy-policy", "a1", "2026"] {
            assert_eq!(PageSlug::parse(good).map(|s| s.0), Ok(good.to_string()));
        }
        for bad in [
            "",
            "About",
            "о-нас",
            "-x",
            "x-",
            "a--b",
            "a b",
            "a/b",
            &"x".repeat(61),
        ] {
            assert_eq!(PageSlug::parse(bad), Err(ContentError::Slug), "{bad}");
        }
    }

    #[test]
    fn an_edit_normalises_line_endings_and_trims() {
        let edit = PageEdit::new(raw()).expect("valid");
        assert_eq!(edit.body_md, "# Политика\n\nТекст.");
        assert_eq!(edit.lang, "ru");
    }

    #[test]
    fn every_bad_field_is_named() {
        let long_title = "я".repeat(MAX_TITLE_CHARS + 1);
        let bad = PageEditRaw {
            slug: "Bad Slug",
            lang: "de",
            title: &long_title,
            seo_description: &"s".repeat(MAX_SEO_CHARS + 1),
            body_md: "  \r\n ",
            published: false,
        };
        let fields: Vec<&str> = PageEdit::new(bad)
            .expect_err("invalid")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            ["slug", "lang", "title", "seo_description", "body_md"]
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let title = "я".repeat(MAX_TITLE_CHARS);
        let edit = PageEdit::new(PageEditRaw {
            title: &title,
            ..raw()
        });
        assert!(edit.is_ok());
    }
}
