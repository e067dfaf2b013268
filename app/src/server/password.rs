//! Password hashing: argon2id, m = 19 MiB, t = 2, p = 1 (OWASP minimum). Hashing is
//! CPU-heavy, so it runs on the blocking pool, never on the async runtime, and at most
//! [`AT_ONCE`] hashes run at a time: a flood of sign-ins or registrations waits in line (and is
//! turned away as [`Busy`] after [`QUEUE_WAIT`]) instead of taking 19 MiB each at once.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Hashes running at once, in the whole process: bounds their memory to 4 × 19 MiB.
pub const AT_ONCE: usize = 4;
/// Longest wait for a turn before the request is refused.
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

/// Too many hashes are waiting: the caller should try again in a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("password hashing is busy")]
pub struct Busy;

fn turns() -> &'static Semaphore {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    TURNS.get_or_init(|| Semaphore::new(AT_ONCE))
}

/// Runs `work` on the blocking pool when a turn is free.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    let permit = tokio::time::timeout(QUEUE_WAIT, turns().acquire())
        .await
        .map_err(|_| Busy)?
        .map_err(|_| Busy)?;
    let result = tokio::task::spawn_blocking(work).await.map_err(|_| Busy);
    drop(permit);
    result
}

pub fn hasher() -> Argon2<'static> {
    // The parameters are constants within argon2's documented limits, so this cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (algorithm, parameters, salt and hash).
pub async fn hash(password: String) -> Result<String, HashError> {
    in_turn(move || hash_blocking(&password))
        .await?
        .map_err(HashError::Failed)
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error("hashing failed: {0}")]
    Failed(String),
}

impl From<HashError> for crate::error::AppError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Busy(busy) => busy.into(),
            HashError::Failed(cause) => crate::error::AppError::internal(cause),
        }
    }
}

impl From<Busy> for crate::error::AppError {
    fn from(_: Busy) -> Self {
        tracing::warn!("password hashing queue full: request refused");
        crate::error::AppError::RateLimited { retry_after_s: 5 }
    }
}

fn hash_blocking(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// True when `password` matches `stored`. With no stored hash (unknown account, or one
/// without a password) it checks against a dummy hash, so both answers take as long.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, Busy> {
    in_turn(move || match stored {
        Some(stored) => verify_blocking(&password, &stored),
        None => {
            let _ = verify_blocking(&password, dummy_hash());
            false
        }
    })
    .await
}

fn verify_blocking(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a random password, made once with the same parameters as real ones.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&super::auth::token::new_token()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_meet_the_minimum() {
        let h = super::hasher();
        let p = h.params();
        assert_eq!((p.m_cost(), p.t_cost(), p.p_cost()), (19 * 1024, 2, 1));
    }

    #[tokio::test]
    async fn hash_and_verify() {
        let stored = super::hash("лето на даче 2026".into()).await.expect("hash");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let verify = |p: &str, s: Option<&str>| super::verify(p.into(), s.map(str::to_string));
        assert_eq!(verify("лето на даче 2026", Some(&stored)).await, Ok(true));
        assert_eq!(verify("лето на даче 2027", Some(&stored)).await, Ok(false));
        assert_eq!(verify("anything", None).await, Ok(false));
        assert_eq!(verify("x", Some("not a hash")).await, Ok(false));
    }

    /// Many sign-ins at once never hash more than `AT_ONCE` passwords together (each
    /// holds 19 MiB); the blocking pool alone would run hundreds.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn parallel_hashing_is_bounded() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        use std::sync::Arc;
        let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tasks: Vec<_> = (0..24)
            .map(|_| {
                let (now, peak) = (now.clone(), peak.clone());
                tokio::spawn(super::in_turn(move || {
                    let running = now.fetch_add(1, SeqCst) + 1;
                    peak.fetch_max(running, SeqCst);
                    let _ = super::verify_blocking("guess", super::dummy_hash());
                    now.fetch_sub(1, SeqCst);
                }))
            })
            .collect();
        for task in tasks {
            task.await.expect("task").expect("a turn within the wait");
        }
        let peak = peak.load(SeqCst);
        assert!((1..=super::AT_ONCE).contains(&peak), "peak {peak}");
    }
}
