//! Uploaded images, stored in the database by their SHA-256 (see migration 0006).

use crate::server::auth::token::sha256_bytes_hex;
use crate::server::db::Db;
use priyom::{ImageKind, UserId};

/// Stores `bytes` (already checked) once; the id of the stored copy.
pub async fn store(
    conn: &mut sqlx::AnyConnection,
    bytes: &[u8],
    kind: ImageKind,
    by: UserId,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sha = sha256_bytes_hex(bytes);
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM media WHERE sha256 = $1")
        .bind(&sha)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(id) = known {
        return Ok(id);
    }
    sqlx::query_scalar(
        "INSERT INTO media (sha256, content_type, bytes, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&sha)
    .bind(kind.content_type())
    .bind(bytes.to_vec())
    .bind(by.get())
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The image's content type and bytes.
pub async fn fetch(db: &Db, id: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, bytes FROM media WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}
