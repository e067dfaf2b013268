//! Managers edit the specialists of their clinics over HTTP on both engines: the profile with
//! field errors, clinic and service links in scope only, and the photo upload with its type
//! and size checks (the bytes decide, not the file name). Audited.

use crate::support::{app, narrow_manager, post_owned as post, scalar, signed_in, Browser};
use app::both_engines;
use app::server::db::Db;
use axum::http::{header, StatusCode};

const MANAGER: &str = "+79000000004";

/// The demo manager runs every clinic; narrowed here to the first. A specialist there, and
/// one who works only elsewhere. Called before signing in.
async fn specialists(db: &Db) -> (i64, i64) {
    let own_clinic = narrow_manager(db).await;
    let own = scalar(
        db,
        &format!(
            "SELECT MIN(specialist_id) FROM specialist_clinics WHERE clinic_id = {own_clinic}"
        ),
    )
    .await;
    let other = scalar(
        db,
        &format!(
            "SELECT MIN(specialist_id) FROM specialist_clinics WHERE specialist_id NOT IN \
               (SELECT specialist_id FROM specialist_clinics WHERE clinic_id = {own_clinic})"
        ),
    )
    .await;
    (own, other)
}

fn profile(id: i64, title: &str, year: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", id.to_string()),
        ("title", title.into()),
        ("title_en", "Massage therapist".into()),
        ("bio", "Спина и шея.".into()),
        ("bio_en", "Back and neck.".into()),
        ("practice_since", year.into()),
        ("education", "".into()),
        ("certificates", "".into()),
        ("active", "on".into()),
    ]
}

both_engines!(a_manager_edits_a_profile_and_links, |db: Db| async move {
    let router = app(db.clone()).await;
    let (own, other) = specialists(&db).await;
    let mut operator = signed_in(&router, "+79000000003").await;
    let refused = post(
        &mut operator,
        &router,
        "/api/manage/specialist",
        &profile(own, "Массажист", "2010"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut manager = signed_in(&router, MANAGER).await;
    let bad = post(
        &mut manager,
        &router,
        "/api/manage/specialist",
        &profile(own, " ", "3000"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("\"title\"") && bad.body.contains("\"practice_since\""),
        "{}",
        bad.body
    );
    let elsewhere = post(
        &mut manager,
        &router,
        "/api/manage/specialist",
        &profile(other, "Массажист", "2010"),
    )
    .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let saved = post(
        &mut manager,
        &router,
        "/api/manage/specialist",
        &profile(own, "Старший массажист", "2010"),
    )
    .await;
    assert!(
        saved.status.is_success() || saved.status.is_redirection(),
        "{}",
        saved.body
    );
    let slug: String = sqlx::query_scalar("SELECT slug FROM specialists WHERE id = $1")
        .bind(own)
        .fetch_one(db.pool())
        .await
        .expect("slug");
    let public = Browser::new()
        .get(&router, &format!("/specialists/{slug}"))
        .await;
    assert!(
        public.body.contains("Старший массажист"),
        "the public profile follows"
    );

    // Take a service away and give it back; a service outside the clinics is refused.
    let service = scalar(
        &db,
        &format!("SELECT MIN(service_id) FROM service_specialists WHERE specialist_id = {own}"),
    )
    .await;
    let link = |target: i64, on: bool| {
        vec![
            ("id", own.to_string()),
            ("kind", "service".to_string()),
            ("target", target.to_string()),
            ("on", on.to_string()),
        ]
    };
    let count = |db: Db| async move {
        scalar(&db, &format!("SELECT COUNT(*) FROM service_specialists WHERE specialist_id = {own} AND service_id = {service}")).await
    };
    let off = post(
        &mut manager,
        &router,
        "/api/manage/specialist-link",
        &link(service, false),
    )
    .await;
    assert!(
        off.status.is_success() || off.status.is_redirection(),
        "{}",
        off.body
    );
    assert_eq!(count(db.clone()).await, 0);
    post(
        &mut manager,
        &router,
        "/api/manage/specialist-link",
        &link(service, true),
    )
    .await;
    assert_eq!(count(db.clone()).await, 1);
    let nowhere = post(
        &mut manager,
        &router,
        "/api/manage/specialist-link",
        &link(999_999, true),
    )
    .await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'specialist.%'"
        )
        .await,
        3
    );
    let page = manager.get(&router, "/manage/specialists").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Старший массажист"),
        "the page renders on the server"
    );
});

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
];

both_engines!(
    photos_are_checked_by_their_bytes_and_size,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let (own, other) = specialists(&db).await;
        let path = format!("/manage/specialists/{own}/photo");
        let photo_url = |db: Db| async move {
            sqlx::query_scalar::<_, Option<String>>(
                "SELECT photo_url FROM specialists WHERE id = $1",
            )
            .bind(own)
            .fetch_one(db.pool())
            .await
            .expect("photo")
        };
        let before = photo_url(db.clone()).await;

        let mut guest = Browser::new();
        let anonymous = guest
            .post_file(&router, &path, None, ("photo", "me.png", PNG))
            .await;
        assert!(anonymous
            .location()
            .is_some_and(|l| l.starts_with("/signin")));
        let mut operator = signed_in(&router, "+79000000003").await;
        let staff = operator
            .post_file(&router, &path, None, ("photo", "me.png", PNG))
            .await;
        assert_eq!(staff.status, StatusCode::FORBIDDEN);

        let mut manager = signed_in(&router, MANAGER).await;
        let forged = manager
            .post_file(
                &router,
                &path,
                Some(&"0".repeat(64)),
                ("photo", "me.png", PNG),
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        // A GIF named .png, a script, an empty field and an oversized file are all refused.
        for (bytes, code) in [
            (b"GIF89a\x01\x00".to_vec(), "not_image"),
            (b"<svg onload=alert(1)>".to_vec(), "not_image"),
            (Vec::new(), "empty"),
            (
                {
                    let mut big = PNG.to_vec();
                    big.resize(priyom::MAX_PHOTO_BYTES + 1, 0);
                    big
                },
                "too_large",
            ),
        ] {
            let reply = manager
                .post_file(&router, &path, None, ("photo", "me.png", &bytes))
                .await;
            let location = reply.location().unwrap_or_default().to_string();
            assert!(
                location.contains(&format!("photo_error={code}")),
                "{code}: {} {location}",
                reply.status
            );
        }
        assert_eq!(photo_url(db.clone()).await, before, "nothing changed");
        let elsewhere = manager
            .post_file(
                &router,
                &format!("/manage/specialists/{other}/photo"),
                None,
                ("photo", "me.png", PNG),
            )
            .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

        let ok = manager
            .post_file(&router, &path, None, ("photo", "портрет.jpg", PNG))
            .await;
        assert!(
            ok.location().is_some_and(|l| l.contains("photo=")),
            "{} {:?}",
            ok.status,
            ok.location()
        );
        let url = photo_url(db.clone()).await.expect("a photo now");
        assert!(url.starts_with("/media/"), "{url}");
        let served = Browser::new().get(&router, &url).await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(
            served
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("image/png"),
            "the bytes decide the type"
        );
        let stored: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM media")
            .fetch_one(db.pool())
            .await
            .expect("one stored image");
        assert_eq!(stored, PNG);
        // The same image again is stored once.
        manager
            .post_file(&router, &path, None, ("photo", "again.png", PNG))
            .await;
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM media").await, 1);
        assert_eq!(
            Browser::new().get(&router, "/media/999999").await.status,
            StatusCode::NOT_FOUND
        );
    }
);
