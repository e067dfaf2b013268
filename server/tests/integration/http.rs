//! Black-box HTTP tests: the real router on a fresh, seeded database (SQLite and PostgreSQL).

use app::both_engines;
use app::server::db::Db;
use axum::http::{header, StatusCode};

use crate::support::{app, by_hand, get};

both_engines!(health_and_readiness, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/healthz", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    let r = get(&router, "/readyz", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ready"));
});

both_engines!(
    readiness_fails_when_the_database_is_gone,
    |db: Db| async move {
        let router = app(db.clone()).await;
        db.close().await;
        let r = get(&router, "/readyz", &[]).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    }
);

both_engines!(
    home_page_is_server_rendered_from_the_database,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("<html lang=\"ru\""), "Russian by default");
        for text in [
            "Приём на Чистых прудах",
            "Приём на Петроградской",
            "Физиотерапия",
            "Остеопатия",
            "Наши клиники",
        ] {
            assert!(r.body.contains(text), "home page lacks {text}");
        }
        assert!(r.body.contains("<title>Приём — запись"), "title tag");
        assert!(r.body.contains("name=\"description\""), "meta description");
    }
);

both_engines!(
    pages_carry_security_headers_with_a_nonce_csp,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/", &[]).await;
        let h = |name: header::HeaderName| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let csp = h(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("'nonce-"), "page CSP carries the nonce: {csp}");
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap_or("");
        assert!(
            r.body.contains(&format!("nonce=\"{nonce}\"")),
            "hydration script carries the same nonce"
        );
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(
            h(header::REFERRER_POLICY),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(h(header::X_FRAME_OPTIONS), "DENY");
        assert!(
            r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "no HSTS over plain http"
        );
        // Other responses get the default policy.
        let r = get(&router, "/healthz", &[]).await;
        assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
    }
);

both_engines!(unknown_paths_answer_404_with_a_page, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/no-such-page", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Страница не найдена"));
});

both_engines!(
    language_switch_sets_a_cookie_and_returns,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/lang/en?back=/%23clinics", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let cookie = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert_eq!(
            r.headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/#clinics")
        );

        let r = get(&router, "/lang/en?back=//evil.example", &[]).await;
        assert_eq!(
            r.headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/"),
            "no open redirect"
        );
        assert_eq!(
            get(&router, "/lang/xx", &[]).await.status,
            StatusCode::BAD_REQUEST
        );

        let r = get(&router, "/", &[(header::COOKIE, "lang=en")]).await;
        assert!(r.body.contains("<html lang=\"en\""));
        assert!(
            r.body.contains("Priyom Chistye Prudy") && r.body.contains("Book a visit in a minute")
        );
    }
);

both_engines!(responses_are_compressed, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(
        r.headers
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
});

both_engines!(home_server_function_returns_json, |db: Db| async move {
    let router = app(db).await;
    let r = get(
        &router,
        "/api/catalog/home?lang=Ru",
        &[(header::ACCEPT, "application/json")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let data: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(data["clinics"].as_array().map(Vec::len), Some(2));
    assert_eq!(data["specializations"].as_array().map(Vec::len), Some(5));
});

both_engines!(
    specialists_list_filters_and_paginates,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/specialists", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Найдено: 10 специалистов"), "total");
        assert!(
            r.body.contains("Страница 1 из 2") && r.body.contains("rel=\"next\""),
            "pagination"
        );
        let r = get(&router, "/specialists?page=2", &[]).await;
        assert!(r.body.contains("Страница 2 из 2") && r.body.contains("rel=\"prev\""));

        let r = get(&router, "/specialists?specialization=neurology", &[]).await;
        assert!(
            r.body.contains("Найдено: 2 специалиста"),
            "neurology filter"
        );
        assert!(
            r.body.contains("Мария Александровна Новикова")
                && r.body.contains("Татьяна Юрьевна Фёдорова")
        );
        assert!(!r.body.contains("Анна Сергеевна Королёва"));
        assert!(
            r.body.contains("<option value=\"neurology\" selected"),
            "the filter stays selected"
        );

        let r = get(
            &router,
            "/specialists?specialization=neurology&clinic=spb-petrogradskaya",
            &[],
        )
        .await;
        assert!(
            r.body.contains("Найдено: 1 специалист<") || r.body.contains("Найдено: 1 специалист\""),
            "combined filters"
        );
        assert!(
            r.body.contains("Татьяна Юрьевна Фёдорова")
                && !r.body.contains("Мария Александровна Новикова")
        );

        let r = get(&router, "/specialists?service=osteo-first", &[]).await;
        assert!(
            r.body.contains("Сергей Павлович Морозов")
                && r.body.contains("Николай Евгеньевич Кузнецов")
        );
        let r = get(&router, "/specialists?clinic=no-such-clinic", &[]).await;
        assert!(
            r.body.contains("Никого не нашли"),
            "an unknown filter value finds nobody, no error"
        );
    }
);

both_engines!(
    specialist_profile_shows_services_prices_and_reviews,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/specialists/anna-koroleva", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        for text in [
            "Анна Сергеевна Королёва",
            "Массажист",
            "Классический массаж спины",
            "2\u{202f}500\u{a0}₽",
            "40\u{a0}мин",
            "Подтверждённый визит",
            "Приём на Чистых прудах",
            "Первый МГМУ",
        ] {
            assert!(r.body.contains(text), "profile lacks {text:?}");
        }
        assert!(
            r.body
                .contains("<link href=\"/specialists/anna-koroleva\" rel=\"canonical\">"),
            "canonical link"
        );
        assert!(r.body.contains("property=\"og:title\""));
        // A specialist's own price overrides the service price (Лебедев practises since 2004).
        let r = get(&router, "/specialists/igor-lebedev", &[]).await;
        assert!(
            r.body.contains("3\u{202f}300\u{a0}₽"),
            "own price of the first orthopaedic visit"
        );
        let r = get(&router, "/specialists/no-such-person", &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.body.contains("Страница не найдена"));
    }
);

both_engines!(
    clinic_page_shows_contacts_hours_and_specialists,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/clinics/moskva-chistye-prudy", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        for text in [
            "Чистопрудный бульвар",
            "+7 495 123-45-67",
            "08:00–21:00",
            "10:00–18:00",
            "Europe/Moscow",
            "openstreetmap.org/?mlat=55.76124",
            "Игорь Николаевич Лебедев",
        ] {
            assert!(r.body.contains(text), "clinic page lacks {text:?}");
        }
        assert!(
            !r.body.contains("Сергей Павлович Морозов"),
            "only this clinic's specialists"
        );
        assert_eq!(
            get(&router, "/clinics/atlantis", &[]).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both_engines!(services_catalog_is_a_category_tree, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/services", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let pos = |text: &str| {
        r.body
            .find(text)
            .unwrap_or_else(|| panic!("services page lacks {text:?}"))
    };
    assert!(
        pos("<h2>Массаж<") < pos("<h3>Классический массаж<"),
        "subcategory under its parent"
    );
    assert!(pos("<h3>Классический массаж<") < pos("Массаж шейно-воротниковой зоны"));
    assert!(r.body.contains("1\u{202f}800\u{a0}₽") && r.body.contains("Возьмите назначение врача"));
});

both_engines!(content_pages_render_markdown_safely, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/pages/privacy", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("<h2>Какие данные мы собираем</h2>"),
        "markdown rendered"
    );
    let r = get(&router, "/pages/privacy", &[(header::COOKIE, "lang=en")]).await;
    assert!(
        r.body.contains("<h2>What we collect</h2>"),
        "English version"
    );
    assert_eq!(
        get(&router, "/pages/no-such-page", &[]).await.status,
        StatusCode::NOT_FOUND
    );
});

both_engines!(sitemap_and_robots_list_public_pages, |db: Db| async move {
    let router = app(db).await;
    // Links name the configured public URL whatever Host the client sends.
    let r = get(&router, "/sitemap.xml", &[(header::HOST, "evil.example")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .starts_with("application/xml"));
    for loc in [
        "https://clinic.example/specialists/anna-koroleva",
        "https://clinic.example/clinics/spb-petrogradskaya",
        "https://clinic.example/pages/privacy",
        "https://clinic.example/services",
    ] {
        assert!(
            r.body.contains(&format!("<loc>{loc}</loc>")),
            "sitemap lacks {loc}"
        );
    }
    assert!(!r.body.contains("evil"), "the Host header is not echoed");
    let r = get(&router, "/robots.txt", &[(header::HOST, "evil.example")]).await;
    assert!(r
        .body
        .contains("Sitemap: https://clinic.example/sitemap.xml"));
    assert!(!r.body.contains("evil"));
});

// The catalog pages are kept in memory; an edit made anywhere must show on the next view.
both_engines!(
    catalog_edits_made_anywhere_show_at_once,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let pages = [
            "/",
            "/specialists?specialization=massage",
            "/specialists/anna-koroleva",
            "/clinics/moskva-chistye-prudy",
            "/services",
        ];
        for page in pages {
            let r = get(&router, page, &[]).await;
            assert_eq!(r.status, StatusCode::OK, "{page}");
        }
        let clinic = "(SELECT id FROM clinics WHERE slug = 'moskva-chistye-prudy')";
        let anna = "(SELECT id FROM specialists WHERE slug = 'anna-koroleva')";
        for sql in [
            "UPDATE specializations SET name = 'Массаж-обновлено' WHERE slug = 'massage'"
                .to_string(),
            "UPDATE service_categories SET name = 'Категория-обновлено' WHERE name = 'Массаж'"
                .to_string(),
            format!("UPDATE clinic_hours SET open_min = 437 WHERE clinic_id = {clinic}"),
            format!(
                "UPDATE users SET full_name = 'Анна Обновлённая' \
                  WHERE id = (SELECT user_id FROM specialists WHERE id = {anna})"
            ),
            format!(
                "UPDATE reviews SET comment = 'Отзыв-обновлено' \
                  WHERE specialist_id = {anna} AND status = 'published'"
            ),
        ] {
            by_hand(&db, &sql).await;
        }
        for (page, text) in [
            ("/", "Массаж-обновлено"),
            ("/specialists?specialization=massage", "Массаж-обновлено"),
            ("/specialists?specialization=massage", "Анна Обновлённая"),
            ("/specialists/anna-koroleva", "Анна Обновлённая"),
            ("/specialists/anna-koroleva", "Отзыв-обновлено"),
            ("/clinics/moskva-chistye-prudy", "07:17"),
            ("/services", "Категория-обновлено"),
        ] {
            let r = get(&router, page, &[]).await;
            assert!(r.body.contains(text), "{page} lacks {text}: {}", r.body);
        }
        by_hand(
            &db,
            &format!("UPDATE specialists SET active = 0 WHERE id = {anna}"),
        )
        .await;
        let r = get(&router, "/specialists/anna-koroleva", &[]).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "a deactivated profile is gone at once"
        );
    }
);
