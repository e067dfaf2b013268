//! Password hashing: argon2id, m = 19 MiB, t = 2, p = 1 (OWASP minimum). Hashing is
//! CPU-heavy, so it runs on the blocking pool, never on the async runtime.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

pub fn hasher() -> Argon2<'static> {
    // The parameters are constants within argon2's documented limits, so this cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (algorithm, parameters, salt and hash).
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| e.to_string())?
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
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify_blocking(&password, &stored),
        None => {
            let _ = verify_blocking(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
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
        assert!(super::verify("лето на даче 2026".into(), Some(stored.clone())).await);
        assert!(!super::verify("лето на даче 2027".into(), Some(stored)).await);
        assert!(!super::verify("anything".into(), None).await);
        assert!(!super::verify("x".into(), Some("not a hash".into())).await);
    }
}
