//! Editing content pages (admins: the pages are the whole site's): the list, one language
//! version for the editor, a live preview, and saving as a draft or published.

use crate::error::AppError;
use leptos::prelude::*;

/// One language version of a page, as the editor and the list show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageDraft {
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub seo_description: String,
    pub body_md: String,
    pub published: bool,
    /// Never saved yet: the editor starts empty.
    pub new: bool,
    /// The body as the public page shows it (filled for the editor only).
    pub preview_html: String,
}

/// Every page in every language, drafts included.
#[server(endpoint = "content/pages", input = server_fn::codec::GetUrl)]
pub async fn content_pages() -> Result<Vec<PageDraft>, AppError> {
    use crate::server::repos::content;
    crate::api::no_store();
    let (state, _, _) = ssr::editor().await?;
    let rows = content::all_pages(&state.db).await?;
    Ok(rows.into_iter().map(ssr::draft).collect())
}

/// The page `slug` in `lang` for the editor; an empty draft when there is none yet.
#[server(endpoint = "content/page", input = server_fn::codec::GetUrl)]
pub async fn content_page(slug: String, lang: String) -> Result<PageDraft, AppError> {
    use crate::server::repos::content;
    crate::api::no_store();
    let (state, _, _) = ssr::editor().await?;
    let slug = priyom::PageSlug::parse(&slug).map_err(|_| AppError::NotFound)?;
    if !matches!(lang.as_str(), "ru" | "en") {
        return Err(AppError::NotFound);
    }
    Ok(
        match content::page(&state.db, slug.as_str(), &lang).await? {
            Some(row) => PageDraft {
                preview_html: crate::server::markdown::render(&row.body_md),
                ..ssr::draft(row)
            },
            None => PageDraft {
                slug: slug.as_str().to_string(),
                lang,
                title: String::new(),
                seo_description: String::new(),
                body_md: String::new(),
                published: false,
                new: true,
                preview_html: String::new(),
            },
        },
    )
}

/// Markdown as the public page will show it, sanitised the same way.
#[server(endpoint = "content/preview")]
pub async fn preview_markdown(body_md: String) -> Result<String, AppError> {
    ssr::editor().await?;
    if body_md.chars().count() > priyom::content::MAX_BODY_CHARS {
        return Err(AppError::Invalid("too long".into()));
    }
    Ok(crate::server::markdown::render(&body_md))
}

/// Saves one language version; each bad field gets its own message.
#[server(endpoint = "content/save")]
pub async fn save_page(
    csrf: String,
    slug: String,
    lang: String,
    title: String,
    seo_description: String,
    body_md: String,
    published: Option<String>,
) -> Result<(), AppError> {
    use crate::server::now_unix;
    use crate::server::repos::content;
    use priyom::{PageEdit, PageEditRaw};
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().content_editor();
    let (state, user, ip) = ssr::editor().await?;
    let raw = PageEditRaw {
        slug: &slug,
        lang: &lang,
        title: &title,
        seo_description: &seo_description,
        body_md: &body_md,
        published: published.is_some(),
    };
    let edit = PageEdit::new(raw).map_err(|bad| AppError::from_fields(bad, t.field_error))?;
    content::save_page(&state.db, user, &edit, &ip, now_unix()).await?;
    leptos_axum::redirect(&format!(
        "/manage/pages/edit?slug={}&lang={}&saved=1",
        edit.slug.as_str(),
        edit.lang
    ));
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::PageDraft;
    use crate::error::AppError;
    use crate::server::auth::{request, require};
    use crate::server::repos::content::PageRow;
    use crate::server::{app_state, AppState};
    use priyom::{Role, UserId};

    /// The app state, the admin and their address — read before the first await.
    pub async fn editor() -> Result<(AppState, UserId, String), AppError> {
        let state = app_state()?;
        let ip = request::client_ip();
        let admin = require(Role::Admin)?;
        Ok((state, admin.id, ip))
    }

    pub fn draft(row: PageRow) -> PageDraft {
        PageDraft {
            slug: row.slug,
            lang: row.lang,
            title: row.title,
            seo_description: row.seo_description,
            body_md: row.body_md,
            published: row.published,
            new: false,
            preview_html: String::new(),
        }
    }
}
