//! The database, one code path for two engines. `DATABASE_URL` picks SQLite (default, a file)
//! or PostgreSQL; queries go through sqlx's `Any` driver with portable SQL (`$1` placeholders,
//! `RETURNING`, integer flags, Unix-second instants). Engine differences stay in this module.

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::any::{Any as AnyValue, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/priyom.db?mode=rwc";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a URL names, or a one-line explanation of what is wrong with it.
    pub fn from_url(url: &str) -> Result<Engine, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(DbError::BadUrl(format!(
                "DATABASE_URL must start with sqlite:// or postgres://, got {:?}",
                redact(url)
            )))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    BadUrl(String),
    #[error("cannot open the database {url}: {cause}")]
    Connect { url: String, cause: String },
    #[error("database migration failed: {0}")]
    Migrate(String),
}

/// Advisory-lock keys of booking writes: this bit plus the clinic id.
const BOOKING_LOCK_SPACE: i64 = 1 << 40;

/// A pool, the engine it talks to, and what other modules keep in memory beside it. Cheap to
/// clone; clones share all three.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
    kept: Kept,
}

/// Values other modules keep beside one database (slot search's agendas, the catalog's
/// pages), one per type. Their owners define them; this module never names them, so the
/// database layer depends on nothing above it.
#[derive(Clone, Default)]
struct Kept(Arc<Mutex<HashMap<TypeId, Box<dyn AnyValue + Send + Sync>>>>);

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        write!(f, "Kept({} values)", kept.len())
    }
}

impl Db {
    /// Opens a pool; for SQLite creates the file's folder and turns on WAL and foreign keys.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        if engine == Engine::Sqlite {
            ensure_sqlite_dir(url)?;
        }
        let options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL lets readers run beside the one writer; busy_timeout makes a
                        // second writer wait instead of failing with "database is locked".
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            });
        let pool = options.connect(url).await.map_err(|e| DbError::Connect {
            url: redact(url),
            cause: e.to_string(),
        })?;
        Ok(Db {
            pool,
            engine,
            kept: Kept::default(),
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The value of type `T` kept beside this database, made on first use; a cheap handle
    /// (an `Arc` inside), so every clone of it, and of this `Db`, shares one value.
    pub fn kept<T: Default + Clone + Send + Sync + 'static>(&self) -> T {
        let mut kept = self.kept.0.lock().unwrap_or_else(PoisonError::into_inner);
        let value = kept
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()));
        // The entry for `T`'s type id always holds a `T`.
        value.downcast_ref::<T>().cloned().unwrap_or_default()
    }

    /// Applies this engine's migrations; a failure stops the start-up with its message.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let result = match self.engine {
            Engine::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.pool).await,
            Engine::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await
            }
        };
        result.map_err(|e| DbError::Migrate(e.to_string()))
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so read-then-write cannot fail half way with "database is locked".
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// Makes booking writes at one clinic take turns. On PostgreSQL, two transactions that
    /// insert overlapping visits at once wait on each other inside the exclusion constraint
    /// and one is killed as a deadlock only after `deadlock_timeout` (a second); under a rush
    /// for one time those waits chain and stall every booking. A transaction-scoped advisory
    /// lock per clinic queues them instead, and each sees the one before it committed. SQLite
    /// needs nothing: `BEGIN IMMEDIATE` already lets one writer in at a time.
    pub async fn serialize_bookings(
        &self,
        tx: &mut Transaction<'static, Any>,
        clinic: i64,
    ) -> Result<(), sqlx::Error> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(BOOKING_LOCK_SPACE | clinic)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// The clause that lets concurrent workers claim different rows: `FOR UPDATE SKIP LOCKED`
    /// on PostgreSQL; nothing on SQLite, where one writer at a time already holds the claim.
    pub fn skip_locked(&self) -> &'static str {
        match self.engine {
            Engine::Postgres => "FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        }
    }

    /// After a bulk load: fresh planner statistics, and on PostgreSQL a vacuum that sets the
    /// visibility map and hint bits once. Otherwise the first readers of every new row pay for
    /// that (dirtied pages, checkpoints) while the server is busy, and autovacuum scans the
    /// tables in the middle of the load.
    pub async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        let sql = match self.engine {
            Engine::Postgres => "VACUUM (ANALYZE)",
            Engine::Sqlite => "ANALYZE",
        };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// True when the database answers a trivial query.
    pub async fn is_ready(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// True when the database itself refused an overlapping active appointment: the PostgreSQL
/// exclusion constraint (SQLSTATE 23P01) or the SQLite trigger's RAISE(ABORT). Concurrent
/// inserts checked by one exclusion constraint can also end in a PostgreSQL deadlock (40P01)
/// or serialization failure (40001): the victim lost the same race, so it counts too.
pub fn is_overlap_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("23P01" | "40P01" | "40001"))
                || db.message().contains("appointment_overlap")
                || db.message().contains("room_overlap")
        }
        _ => false,
    }
}

/// True for a unique-key violation (PostgreSQL 23505, SQLite constraint 2067/1555).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("23505" | "2067" | "1555"))
        }
        _ => false,
    }
}

/// True for a foreign-key violation (PostgreSQL 23503, SQLite constraint 787).
pub fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("23503" | "787")),
        _ => false,
    }
}

/// Reads `column` or `column_en` by language, falling back to Russian when English is empty.
pub fn localized(
    row: &AnyRow,
    lang: crate::i18n::Lang,
    column: &str,
) -> Result<String, sqlx::Error> {
    use sqlx::Row;
    let ru: String = row.try_get(column)?;
    let en: String = row.try_get(format!("{column}_en").as_str())?;
    Ok(lang.pick(&ru, &en).to_string())
}

/// Reads an integer flag column (0/1 on both engines) as a bool.
pub fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(column)? != 0)
}

/// The URL with any password replaced, safe for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Connect {
                url: url.to_string(),
                cause: format!("cannot create folder {}: {e}", dir.display()),
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    /// What one module keeps beside a database is shared by every clone of it, and a second
    /// database has its own.
    #[tokio::test]
    async fn kept_values_belong_to_one_database() {
        #[derive(Clone, Default)]
        struct Counter(std::sync::Arc<std::sync::atomic::AtomicUsize>);
        let bump = |db: &Db| {
            db.kept::<Counter>()
                .0
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        };
        let one = Db::connect("sqlite::memory:", 1).await.expect("db");
        let other = Db::connect("sqlite::memory:", 1).await.expect("db");
        assert_eq!(bump(&one), 0);
        assert_eq!(bump(&one.clone()), 1);
        assert_eq!(bump(&other), 0);
    }

    use super::*;

    #[test]
    fn engine_is_chosen_by_scheme() {
        assert_eq!(
            Engine::from_url("sqlite://data/x.db").ok(),
            Some(Engine::Sqlite)
        );
        assert_eq!(
            Engine::from_url("postgres://u@h/db").ok(),
            Some(Engine::Postgres)
        );
        assert_eq!(
            Engine::from_url("postgresql://u@h/db").ok(),
            Some(Engine::Postgres)
        );
        let err = Engine::from_url("mysql://root:secret@h/db")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("must start with sqlite:// or postgres://"),
            "{err}"
        );
        assert!(!err.contains("secret"), "password leaked: {err}");
    }

    #[test]
    fn redact_hides_password() {
        assert_eq!(
            redact("postgres://bob:pw@h:5432/db"),
            "postgres://bob:***@h:5432/db"
        );
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
