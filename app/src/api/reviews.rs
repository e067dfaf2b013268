//! Reviews: a patient reviews a completed visit of theirs or withdraws the review; operators
//! (and managers, admins) of the visit's clinic moderate the queue.

use crate::error::AppError;
use crate::model::ReviewQueueItem;
use leptos::prelude::*;

/// Writes the signed-in patient's review of their visit `id`.
#[server(endpoint = "reviews/submit")]
pub async fn submit_review(
    csrf: String,
    id: i64,
    rating: Option<String>,
    comment: String,
) -> Result<(), AppError> {
    use crate::error::FieldErrors;
    use crate::server::auth::{csrf, require_signed_in};
    use crate::server::repos::reviews::{self, ReviewError};
    use crate::server::{app_state, now_unix};
    use priyom::{review_comment, Rating, ReviewRefusal};
    csrf::verify(&csrf)?;
    let state = app_state()?;
    let t = crate::initial_lang().reviews();
    let user = require_signed_in()?;
    let mut errors = FieldErrors::default();
    let rating = errors.check(
        "rating",
        Rating::parse(rating.as_deref().unwrap_or("")),
        |_| t.rating_error.into(),
    );
    let comment = errors.check("comment", review_comment(&comment), |_| t.too_long.into());
    errors.finish()?;
    let (Some(rating), Some(comment)) = (rating, comment) else {
        return Err(AppError::internal("field errors not reported"));
    };
    match reviews::submit(&state.db, user.id, id, rating, &comment, now_unix()).await {
        Ok(_) => {
            leptos_axum::redirect("/account/visits?reviewed=1");
            Ok(())
        }
        Err(ReviewError::NotFound) => Err(AppError::NotFound),
        Err(ReviewError::Refused(ReviewRefusal::NotCompleted)) => {
            Err(AppError::Invalid(t.not_completed.into()))
        }
        Err(ReviewError::Refused(ReviewRefusal::AlreadyReviewed)) => {
            Err(AppError::Invalid(t.already_reviewed.into()))
        }
        Err(ReviewError::Db(e)) => Err(e.into()),
    }
}

/// Withdraws the signed-in patient's own review.
#[server(endpoint = "reviews/withdraw")]
pub async fn withdraw_review(csrf: String, id: i64) -> Result<(), AppError> {
    use crate::server::auth::{csrf, require_signed_in};
    use crate::server::repos::reviews::{self, ReviewError};
    use crate::server::{app_state, now_unix};
    csrf::verify(&csrf)?;
    let state = app_state()?;
    let user = require_signed_in()?;
    match reviews::withdraw(&state.db, user.id, id, now_unix()).await {
        Ok(()) => {
            leptos_axum::redirect("/account/visits");
            Ok(())
        }
        Err(ReviewError::Db(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

/// Pending reviews of visits at the clinics this operator works for.
#[server(endpoint = "reviews/queue", input = server_fn::codec::GetUrl)]
pub async fn review_queue() -> Result<Vec<ReviewQueueItem>, AppError> {
    use crate::server::{app_state, notify::render::local_when, repos::reviews};
    crate::api::no_store();
    let state = app_state()?;
    let lang = crate::initial_lang();
    let staff = crate::server::auth::require(priyom::Role::Operator)?;
    let pending = reviews::queue(&state.db, &staff.roles.desk_scope(), 100).await?;
    Ok(pending
        .into_iter()
        .map(|p| ReviewQueueItem {
            id: p.id,
            rating: p.rating,
            comment: p.comment,
            author: p.author,
            specialist: p.specialist,
            clinic: p.clinic,
            visit: local_when(lang, &p.tz, p.visit_start),
            written: local_when(lang, &p.tz, p.created_at),
        })
        .collect())
}

/// Publishes (`decision = "publish"`) or rejects (`"reject"`, with a reason) a review.
#[server(endpoint = "reviews/moderate")]
pub async fn moderate_review(
    csrf: String,
    id: i64,
    decision: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request};
    use crate::server::repos::reviews::{self, Decision, ReviewError};
    use crate::server::{app_state, now_unix};
    csrf::verify(&csrf)?;
    let state = app_state()?;
    let t = crate::initial_lang().reviews();
    let ip = request::client_ip();
    let staff = crate::server::auth::require(priyom::Role::Operator)?;
    let decision = match decision.as_str() {
        "publish" => Decision::Publish,
        "reject" => {
            let reason = reason.unwrap_or_default().trim().to_string();
            if reason.is_empty() || reason.chars().count() > 500 {
                return Err(AppError::Fields(vec![crate::error::FieldError {
                    field: "reason".into(),
                    message: t.reject_reason_required.into(),
                }]));
            }
            Decision::Reject { reason }
        }
        _ => return Err(AppError::Invalid("unknown decision".into())),
    };
    let scope = staff.roles.desk_scope();
    match reviews::moderate(&state.db, staff.id, &scope, id, &decision, &ip, now_unix()).await {
        Ok(()) => {
            leptos_axum::redirect("/desk/reviews?done=1");
            Ok(())
        }
        Err(ReviewError::Db(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
