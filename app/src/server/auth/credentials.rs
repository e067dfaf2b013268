//! Proving a password, for the site's sign-in form and the API's token endpoint alike.
//! Unknown accounts and wrong passwords get the same answer after the same work; repeated
//! failures lock the account and the address for a while.

use super::throttle;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::server::db::Db;
use crate::server::{password as pw, repos::users};
use priyom::UserId;

/// The account whose password this is, or the error to show.
pub async fn check(
    db: &Db,
    login: &str,
    password: String,
    ip: &str,
    now: i64,
    lang: Lang,
) -> Result<UserId, AppError> {
    let parsed = users::Login::parse(login);
    let key = parsed
        .as_ref()
        .map(|l| l.as_str().to_string())
        .unwrap_or_else(|| login.trim().to_lowercase());
    let keys = throttle::Keys::new(&key, ip);
    if let Some(wait_s) = throttle::locked_for(db, &keys, now).await? {
        return Err(AppError::RateLimited {
            retry_after_s: wait_s.unsigned_abs(),
        });
    }
    let found = match &parsed {
        Some(login) => users::credentials(db, login).await?,
        None => None,
    };
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, None),
    };
    let matches = pw::verify(password, hash).await?;
    let Some(user) = user.filter(|_| matches) else {
        throttle::record_failure(db, &keys, now).await?;
        tracing::info!("sign-in refused: wrong login or password");
        return Err(AppError::Invalid(lang.auth().bad_credentials.into()));
    };
    throttle::clear_account(db, &keys).await?;
    Ok(user)
}
