//! Markdown → HTML for content pages, sanitised by construction: raw HTML in the source is
//! shown as text, and links or images with a scheme other than http(s), mailto or tel are
//! neutralised, so nothing a page editor types can run script in a visitor's browser.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

pub fn render(markdown: &str) -> String {
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_ok = ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s));
    // A relative URL has no scheme: no ':' before the first '/', '?' or '#'.
    let relative = !lower
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .contains(':');
    if scheme_ok || relative {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_markdown() {
        let html = render("## Права\nВы можете **отозвать** согласие. [Политика](/pages/privacy)");
        assert!(html.contains("<h2>Права</h2>"));
        assert!(html.contains("<strong>отозвать</strong>"));
        assert!(html.contains("<a href=\"/pages/privacy\">Политика</a>"));
    }

    #[test]
    fn raw_html_and_script_urls_are_neutralised() {
        let html = render("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) ![i](data:text/html,evil)");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:text/html"), "{html}");
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {html}"
        );
    }

    #[test]
    fn safe_links_are_kept() {
        let html =
            render("[a](https://example.org) [b](mailto:x@y.ru) [c](tel:+74951234567) [d](#top)");
        for href in [
            "https://example.org",
            "mailto:x@y.ru",
            "tel:+74951234567",
            "#top",
        ] {
            assert!(
                html.contains(&format!("href=\"{href}\"")),
                "{href} in {html}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..Default::default()
        })]

        /// Whatever an editor types (Markdown-ish, HTML-ish or anything), rendering never
        /// panics and never lets a tag or a script scheme through.
        #[test]
        fn any_text_renders_safely(
            text in proptest::prop_oneof![
                "[-#*_`>\\[\\]()!|~ \n0-9a-z<>/=\"':;]{0,300}",
                "\\PC{0,300}",
            ]
        ) {
            let html = render(&text);
            let lower = html.to_lowercase();
            proptest::prop_assert!(!lower.contains("<script"), "{html}");
            proptest::prop_assert!(!lower.contains("href=\"javascript:"), "{html}");
            proptest::prop_assert!(!lower.contains("src=\"javascript:"), "{html}");
        }
    }
}
