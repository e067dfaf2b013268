//! Demo data loads on both engines, is consistent, and is never loaded twice.

use app::both_engines;
use app::server::db::Db;
use app::server::seed::{seed, seed_if_empty, SeedError};

const NOW: i64 = 1_795_000_000; // 2026-11-18, a fixed clock for repeatable data

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(db.pool())
        .await
        .expect(sql)
}

both_engines!(demo_data_loads_once, |db: Db| async move {
    assert!(seed_if_empty(&db, NOW).await.expect("seed"), "first load");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM clinics").await, 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM specialists").await, 10);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM services").await, 20);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM specializations").await, 5);
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM service_categories WHERE parent_id IS NOT NULL"
        )
        .await
            >= 4
    );
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM appointments WHERE start_at < 1795000000"
        )
        .await
            > 50
    );
    assert!(count(&db, "SELECT COUNT(*) FROM appointments WHERE start_at > 1795000000 AND status IN ('scheduled','confirmed')").await > 20);
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM reviews WHERE status = 'published'"
        )
        .await
            >= 10
    );
    assert!(count(&db, "SELECT COUNT(*) FROM schedule_exceptions").await >= 3);
    for role in ["patient", "specialist", "operator", "manager", "admin"] {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id \
             WHERE r.role = $1 AND u.password_hash IS NOT NULL AND u.email LIKE '%@priyom.demo'",
        )
        .bind(role)
        .fetch_one(db.pool())
        .await
        .expect("role count");
        assert!(n >= 1, "no demo account for {role}");
    }
    // Ratings are derived from published reviews.
    let mismatched = count(&db,
        "SELECT COUNT(*) FROM specialists s WHERE s.review_count <> \
           (SELECT COUNT(*) FROM reviews r WHERE r.specialist_id = s.id AND r.status = 'published')").await;
    assert_eq!(mismatched, 0);

    // A second load changes nothing.
    let appointments = count(&db, "SELECT COUNT(*) FROM appointments").await;
    assert!(
        !seed_if_empty(&db, NOW).await.expect("second"),
        "must not load twice"
    );
    assert!(matches!(seed(&db, NOW).await, Err(SeedError::NotEmpty)));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM appointments").await,
        appointments
    );
});
