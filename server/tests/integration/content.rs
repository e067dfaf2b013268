//! Editing content pages over HTTP on both engines: only admins may, bad fields are named, a
//! draft stays off the site until published, the preview and the page are sanitised the same
//! way, and every save is in the audit log.

use crate::support::{app, signed_in, Browser};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const BODY: &str = "# Вакансии\r\n\r\nИщем **массажиста**.\r\n\r\n<script>alert(1)</script>\r\n";

fn form<'a>(
    slug: &'a str,
    title: &'a str,
    body: &'a str,
    published: bool,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("slug", slug),
        ("lang", "ru"),
        ("title", title),
        ("seo_description", "Работа в клинике"),
        ("body_md", body),
    ];
    if published {
        fields.push(("published", "on"));
    }
    fields
}

both_engines!(only_admins_edit_content_pages, |db: Db| async move {
    let router = app(db.clone()).await;
    for phone in ["+79000000001", "+79000000003", "+79000000004"] {
        let mut user = signed_in(&router, phone).await;
        let list = user.get(&router, "/api/content/pages").await;
        assert_eq!(list.status, StatusCode::FORBIDDEN, "{phone}");
        let save = user
            .post(&router, "/api/content/save", &form("x", "X", "x", true))
            .await;
        assert_eq!(save.status, StatusCode::FORBIDDEN, "{phone}");
    }
    let mut guest = Browser::new();
    let save = guest
        .post(&router, "/api/content/save", &form("x", "X", "x", true))
        .await;
    assert_eq!(save.status, StatusCode::UNAUTHORIZED);
    let pages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM content_pages WHERE slug = 'x'")
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(pages, 0);
});

both_engines!(
    an_admin_drafts_previews_and_publishes_a_page,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut admin = signed_in(&router, "+79000000005").await;
        let public = "/api/catalog/page?lang=Ru&slug=vakansii";

        // Every bad field is named; nothing is saved.
        let bad = admin
            .post(
                &router,
                "/api/content/save",
                &form("Вакансии!", "", " ", true),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        for field in ["slug", "title", "body_md"] {
            assert!(bad.body.contains(field), "{field}: {}", bad.body);
        }

        // A draft is saved but stays off the site.
        let draft = admin
            .post(
                &router,
                "/api/content/save",
                &form("vakansii", "Вакансии", BODY, false),
            )
            .await;
        assert!(
            draft.status.is_success() || draft.status.is_redirection(),
            "{}",
            draft.body
        );
        assert_eq!(
            admin.get(&router, public).await.status,
            StatusCode::NOT_FOUND
        );
        let list = admin.get(&router, "/api/content/pages").await;
        assert!(list.body.contains("\"slug\":\"vakansii\""), "{}", list.body);
        let editor = admin
            .get(&router, "/api/content/page?slug=vakansii&lang=ru")
            .await;
        assert!(
            editor.body.contains("Ищем **массажиста**.\\n"),
            "CRLF kept out: {}",
            editor.body
        );

        // The preview renders like the page: Markdown yes, script no.
        let preview = admin
            .post(&router, "/api/content/preview", &[("body_md", BODY)])
            .await;
        assert_eq!(preview.status, StatusCode::OK);
        assert!(
            preview.body.contains("<strong>массажиста</strong>"),
            "{}",
            preview.body
        );
        assert!(!preview.body.contains("<script>"), "{}", preview.body);

        // Published: the site shows it.
        let published = admin
            .post(
                &router,
                "/api/content/save",
                &form("vakansii", "Вакансии", BODY, true),
            )
            .await;
        assert!(published.status.is_success() || published.status.is_redirection());
        // Back to the editor, which says it saved.
        let back = published.location().unwrap_or_default();
        assert_eq!(back, "/manage/pages/edit?slug=vakansii&lang=ru&saved=1");
        let page = Browser::new().get(&router, public).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains("<strong>массажиста</strong>"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("<script>"), "{}", page.body);

        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM content_pages WHERE slug = 'vakansii'")
                .fetch_one(db.pool())
                .await
                .expect("count");
        assert_eq!(rows, 1, "the second save updates, not duplicates");
        let audited: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'content.save'")
                .fetch_one(db.pool())
                .await
                .expect("audit");
        assert_eq!(audited, 2);
        let editor_page = admin
            .get(&router, "/manage/pages/edit?slug=vakansii&lang=ru")
            .await;
        assert_eq!(editor_page.status, StatusCode::OK);
        assert!(
            editor_page.body.contains("<strong>массажиста</strong>"),
            "the preview renders on the server"
        );
    }
);
