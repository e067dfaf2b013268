//! Dates people type into URLs: the specialist's schedule and the front desk's day board
//! answer a date years away, or one chrono cannot step past (`+262142-12-31`), with a clear
//! 400 instead of a panic in the date arithmetic.

use crate::support::{app, signed_in};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const SPECIALIST: &str = "+79000000002";
const OPERATOR: &str = "+79000000003";
/// The last and first dates chrono has, a far one it can step past, and nonsense.
const FAR: [&str; 4] = [
    "%2B262142-12-31",
    "-262143-01-01",
    "9999-12-31",
    "2026-13-01",
];

both_engines!(far_dates_are_refused_not_a_crash, |db: Db| async move {
    let router = app(db).await;
    let mut specialist = signed_in(&router, SPECIALIST).await;
    let mut operator = signed_in(&router, OPERATOR).await;
    for date in FAR {
        for week in [true, false] {
            let uri = format!("/api/specialist/schedule?lang=Ru&date={date}&week={week}");
            let reply = specialist.get(&router, &uri).await;
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{uri}: {}",
                reply.body
            );
        }
        let uri = format!("/api/desk/board?lang=Ru&clinic=&date={date}");
        let reply = operator.get(&router, &uri).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
    }
    // Today still answers.
    let reply = specialist
        .get(&router, "/api/specialist/schedule?lang=Ru&date=&week=true")
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = operator
        .get(&router, "/api/desk/board?lang=Ru&clinic=&date=")
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
});
