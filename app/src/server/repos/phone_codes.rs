//! Proving a phone: a six-digit code goes out by SMS through the outbox, and whoever types it
//! back owns the number. Only a hash of the code is stored; a code lives ten minutes, works
//! once, dies after a few wrong tries, and a newer code for the same phone replaces it.

use crate::server::auth::token::{same_secret, sha256_hex};
use crate::server::db::Db;
use crate::server::notify::outbox::{self, NewNotice};
use crate::server::notify::{Channel, Kind};
use priyom::Phone;
use rand::Rng;
use sqlx::Row;

/// How long a code works.
pub const CODE_TTL_S: i64 = crate::server::notify::PHONE_CODE_TTL_S;
/// Wrong tries before a code dies (a million codes, five guesses).
pub const MAX_TRIES: i64 = 5;

/// What a code is for: it proves the phone for this and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Register,
    GuestBooking,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::GuestBooking => "guest_booking",
        }
    }
}

/// Which message went to the phone (the screen says the same either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Code,
    /// Registration for a number an account already holds: no code, a pointer to signing in.
    InUse,
}

/// A code that matched, not yet spent: spend it in the transaction of what it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proof(i64);

/// Writes the SMS for `phone` into the outbox: a new code (older open ones for the same
/// purpose die), or, when someone registers a number an account already holds, a note saying
/// so instead, which tells a stranger nothing and the owner what happened.
pub async fn send(
    db: &Db,
    phone: &Phone,
    purpose: Purpose,
    lang: &'static str,
    now: i64,
) -> Result<Sent, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let held: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE phone = $1 AND password_hash IS NOT NULL")
            .bind(phone.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let (kind, payload, sent) = if purpose == Purpose::Register && held.is_some() {
        (Kind::PhoneInUse, serde_json::json!({}), Sent::InUse)
    } else {
        sqlx::query(
            "UPDATE phone_codes SET used_at = $3 \
              WHERE phone = $1 AND purpose = $2 AND used_at IS NULL",
        )
        .bind(phone.as_str())
        .bind(purpose.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let code = new_code();
        sqlx::query(
            "INSERT INTO phone_codes (phone, purpose, code_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(phone.as_str())
        .bind(purpose.as_str())
        .bind(code_hash(phone, &code))
        .bind(now)
        .bind(now + CODE_TTL_S)
        .execute(&mut *tx)
        .await?;
        (
            Kind::PhoneCode,
            serde_json::json!({ "code": code }),
            Sent::Code,
        )
    };
    let notice = NewNotice {
        user_id: held,
        channel: Channel::Sms,
        address: Some(
            phone
                .as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .collect(),
        ),
        kind,
        appointment_id: None,
        lang,
        payload,
        due_at: now,
    };
    outbox::enqueue(&mut *tx, &notice, now).await?;
    tx.commit().await?;
    Ok(sent)
}

/// Checks `code` against the newest open code of `phone` for `purpose`. A wrong code counts a
/// try (committed at once, whatever the caller does next); the right one is returned unspent.
pub async fn check(
    db: &Db,
    phone: &Phone,
    purpose: Purpose,
    code: &str,
    now: i64,
) -> Result<Option<Proof>, sqlx::Error> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT id, code_hash FROM phone_codes \
          WHERE phone = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
            AND attempts < $4 \
          ORDER BY id DESC LIMIT 1",
    )
    .bind(phone.as_str())
    .bind(purpose.as_str())
    .bind(now)
    .bind(MAX_TRIES)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    let stored: String = row.try_get("code_hash")?;
    if is_code(&code) && same_secret(&stored, &code_hash(phone, &code)) {
        return Ok(Some(Proof(id)));
    }
    sqlx::query("UPDATE phone_codes SET attempts = attempts + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(None)
}

/// Spends a proof inside the caller's transaction; false when another request spent it first.
pub async fn spend(
    conn: &mut sqlx::AnyConnection,
    proof: Proof,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE phone_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
        .bind(proof.0)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Six random digits, leading zeros kept.
fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

fn is_code(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The phone is part of the hash: one code's hash says nothing about another phone's.
fn code_hash(phone: &Phone, code: &str) -> String {
    sha256_hex(&format!("{}:{code}", phone.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = new_code();
            assert!(is_code(&code), "{code}");
        }
        assert!(!is_code("12345"));
        assert!(!is_code("12345a"));
        assert!(!is_code("1234567"));
    }

    #[test]
    fn a_hash_belongs_to_its_phone() {
        let a = Phone::parse("+7 916 000-00-01").expect("phone");
        let b = Phone::parse("+7 916 000-00-02").expect("phone");
        assert_ne!(code_hash(&a, "123456"), code_hash(&b, "123456"));
        assert_eq!(code_hash(&a, "123456"), code_hash(&a, "123456"));
    }
}
