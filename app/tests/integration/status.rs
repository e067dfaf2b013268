//! Status changes on both engines through the one `appointments::set_status`: staff reach only
//! their clinics' visits, and a change racing the patient's cancellation never overwrites it.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::appointments::{set_status, StatusBy, StatusError};
use app::server::seed::seed;
use app::server::testing;
use priyom::{AppointmentId, AppointmentStatus, Role, UserId};
use std::time::Duration;

const NOW: i64 = 1_795_000_000;

/// The first upcoming active visit at `clinic` (any clinic when `None`), and its clinic.
async fn upcoming(db: &Db, other_than: Option<i64>) -> (i64, i64) {
    sqlx::query_as(
        "SELECT id, clinic_id FROM appointments \
          WHERE status = 'scheduled' AND start_at > $1 AND clinic_id <> $2 \
          ORDER BY start_at, id LIMIT 1",
    )
    .bind(NOW)
    .bind(other_than.unwrap_or(-1))
    .fetch_one(db.pool())
    .await
    .expect("an upcoming scheduled visit")
}

async fn status_of(db: &Db, id: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, cancel_reason FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("visit")
}

both_engines!(staff_reach_only_their_clinics, |db: Db| async move {
    seed(&db, NOW).await.expect("seed");
    let (visit, clinic) = upcoming(&db, None).await;
    let (elsewhere, other) = upcoming(&db, Some(clinic)).await;
    let operator = testing::actor(UserId::new(1), &[(Role::Operator, Some(clinic))], NOW);
    let manager = testing::actor(UserId::new(1), &[(Role::Manager, Some(other))], NOW);
    let patient = testing::actor(UserId::new(1), &[(Role::Patient, None)], NOW);
    let confirm = |by, id| {
        set_status(
            &db,
            by,
            AppointmentId::new(id),
            AppointmentStatus::Confirmed,
            None,
        )
    };
    // Another clinic's visit is "not found", and stays as it was.
    let refused = confirm(StatusBy::Desk(&operator), elsewhere).await;
    assert!(matches!(refused, Err(StatusError::NotFound)), "{refused:?}");
    let refused = confirm(StatusBy::Desk(&manager), visit).await;
    assert!(matches!(refused, Err(StatusError::NotFound)), "{refused:?}");
    // A patient has no desk at all.
    let refused = confirm(StatusBy::Desk(&patient), visit).await;
    assert!(matches!(refused, Err(StatusError::NotFound)), "{refused:?}");
    assert_eq!(status_of(&db, elsewhere).await.0, "scheduled");
    assert_eq!(status_of(&db, visit).await.0, "scheduled");
    // Their own clinic's visits they change.
    confirm(StatusBy::Desk(&operator), visit)
        .await
        .expect("own clinic");
    confirm(StatusBy::Desk(&manager), elsewhere)
        .await
        .expect("own clinic");
    assert_eq!(status_of(&db, visit).await.0, "confirmed");
    assert_eq!(status_of(&db, elsewhere).await.0, "confirmed");
});

both_engines!(
    a_change_never_overwrites_a_cancel_that_won,
    |db: Db| async move {
        seed(&db, NOW).await.expect("seed");
        let (visit, clinic) = upcoming(&db, None).await;
        // The patient's cancellation is under way: written, not yet committed.
        let mut patient = db.begin_write().await.expect("patient's transaction");
        sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancel_reason = 'заболела' WHERE id = $1",
    )
    .bind(visit)
    .execute(&mut *patient)
    .await
    .expect("cancel");
        // Meanwhile the front desk confirms the visit: on PostgreSQL it reads 'scheduled' and
        // waits on the row; on SQLite it waits for the writer.
        let desk = {
            let db = db.clone();
            tokio::spawn(async move {
                let operator =
                    testing::actor(UserId::new(1), &[(Role::Operator, Some(clinic))], NOW);
                let by = StatusBy::Desk(&operator);
                set_status(
                    &db,
                    by,
                    AppointmentId::new(visit),
                    AppointmentStatus::Confirmed,
                    None,
                )
                .await
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        patient.commit().await.expect("the cancel commits");
        let outcome = desk.await.expect("the desk's task");
        // The desk is told the visit moved (PostgreSQL) or is final (SQLite) — never "done".
        assert!(
            matches!(
                outcome,
                Err(StatusError::Moved) | Err(StatusError::Transition(_))
            ),
            "{outcome:?}"
        );
        let (status, reason) = status_of(&db, visit).await;
        assert_eq!(status, "cancelled");
        assert_eq!(reason.as_deref(), Some("заболела"));
    }
);
