//! Test support: a fresh, migrated database per test, on SQLite (a temp file) or PostgreSQL
//! (a new database on `TEST_POSTGRES_URL`, copied from a migrated template and dropped when
//! the handle goes away, even on panic).

use crate::server::db::{Db, Engine};
use std::sync::atomic::{AtomicU32, Ordering};

pub const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432";

pub struct TestDb {
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    PgDatabase { admin_url: String, name: String },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "priyom_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// The server the PostgreSQL tests use.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.to_string())
}

/// True when the test command found no PostgreSQL and said so loudly (never under CI).
pub fn skip_postgres() -> bool {
    std::env::var("PRIYOM_SKIP_POSTGRES").as_deref() == Ok("1")
}

impl TestDb {
    /// A fresh migrated database on the given engine.
    pub async fn new(engine: Engine) -> TestDb {
        match engine {
            Engine::Sqlite => Self::sqlite().await,
            Engine::Postgres => Self::postgres().await,
        }
    }

    async fn sqlite() -> TestDb {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = Db::connect(&url, 8).await.expect("open test sqlite");
        db.migrate().await.expect("migrate test sqlite");
        TestDb {
            db,
            cleanup: Cleanup::File(path),
        }
    }

    async fn postgres() -> TestDb {
        let admin_url = postgres_admin_url();
        let name = unique_name();
        let admin = Db::connect(&format!("{admin_url}/postgres"), 1)
            .await
            .expect("PostgreSQL at TEST_POSTGRES_URL is not reachable");
        let template = TEMPLATE.get_or_init(|| migrated_template(&admin_url)).await;
        // Names are generated here from digits, hex and underscores, never from input.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name} TEMPLATE {template}"
        )))
        .execute(admin.pool())
        .await
        .expect("create test database");
        admin.close().await;
        let db = Db::connect(&format!("{admin_url}/{name}"), 8)
            .await
            .expect("connect to test database");
        TestDb {
            db,
            cleanup: Cleanup::PgDatabase { admin_url, name },
        }
    }
}

/// The migrated database every PostgreSQL test database is copied from: a copy takes a few
/// milliseconds, migrating from zero a few hundred per test.
static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// Finds or makes `priyom_template_<hash of the migrations>`. A new one is migrated under a
/// name of its own and renamed only when complete, so a crash never leaves a half-migrated
/// template, and two test processes racing both end up with the same complete one. A changed
/// or new migration makes a new name.
async fn migrated_template(admin_url: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for migration in sqlx::migrate!("../migrations/postgres").iter() {
        hash.update(migration.version.to_le_bytes());
        hash.update(&migration.checksum);
    }
    let digest = hash.finalize();
    let key: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let template = format!("priyom_template_{key}");
    let admin = Db::connect(&format!("{admin_url}/postgres"), 1)
        .await
        .expect("PostgreSQL at TEST_POSTGRES_URL is not reachable");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(admin.pool())
        .await
        .expect("look for the test template");
    if exists.is_none() {
        let building = format!("{template}_{}", unique_name());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {building}")))
            .execute(admin.pool())
            .await
            .expect("create test template");
        let db = Db::connect(&format!("{admin_url}/{building}"), 1)
            .await
            .expect("connect to test template");
        db.migrate().await.expect("migrate test template");
        db.close().await;
        let renamed = sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER DATABASE {building} RENAME TO {template}"
        )))
        .execute(admin.pool())
        .await;
        if renamed.is_err() {
            // Another test process finished its template first: use that one.
            drop_database(&admin, &building).await;
        }
    }
    admin.close().await;
    template
}

/// Drops a database this module named, even with connections still open; best effort.
async fn drop_database(admin: &Db, name: &str) {
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(admin.pool())
    .await;
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase { admin_url, name } => {
                // Drop runs inside the test's runtime, so use a thread with its own.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async move {
                        if let Ok(admin) = Db::connect(&format!("{admin_url}/postgres"), 1).await {
                            drop_database(&admin, &name).await;
                            admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Runs the same async test body on SQLite and on PostgreSQL:
/// `both_engines!(name, |db| async move { ... });` makes `name::sqlite` and `name::postgres`.
/// Each runs on one thread, as the server handles every request (see `server::serve`);
/// `both_engines!(parallel; name, …)` gives a race test two worker threads.
#[macro_export]
macro_rules! both_engines {
    (parallel; $name:ident, $body:expr) => {
        $crate::both_engines!(@ $name, $body, flavor = "multi_thread", worker_threads = 2);
    };
    ($name:ident, $body:expr) => {
        $crate::both_engines!(@ $name, $body, flavor = "current_thread");
    };
    (@ $name:ident, $body:expr, $($runtime:tt)*) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test($($runtime)*)]
            async fn sqlite() {
                let test_db =
                    $crate::server::testing::TestDb::new($crate::server::db::Engine::Sqlite).await;
                ($body)(test_db.db.clone()).await;
            }

            #[tokio::test($($runtime)*)]
            async fn postgres() {
                if $crate::server::testing::skip_postgres() {
                    eprintln!("SKIPPED on PostgreSQL: no server (see the test command's warning)");
                    return;
                }
                let test_db =
                    $crate::server::testing::TestDb::new($crate::server::db::Engine::Postgres)
                        .await;
                ($body)(test_db.db.clone()).await;
            }
        }
    };
}

/// An actor for repository tests: `user` holding `grants` (role, clinic id), from 127.0.0.1,
/// acting at `now`.
pub fn actor(
    user: priyom::UserId,
    grants: &[(priyom::Role, Option<i64>)],
    now: i64,
) -> crate::server::auth::Actor {
    let grants = grants
        .iter()
        .map(|&(role, clinic)| priyom::RoleGrant {
            role,
            clinic: clinic.map(priyom::ClinicId::new),
        })
        .collect();
    crate::server::auth::Actor {
        id: user,
        full_name: "Test".into(),
        roles: priyom::Roles::new(grants),
        token: String::new(),
        ip: "127.0.0.1".into(),
        now,
    }
}
