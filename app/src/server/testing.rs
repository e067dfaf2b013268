//! Test support: a fresh, migrated database per test, on SQLite (a temp file) or PostgreSQL
//! (a new database on `TEST_POSTGRES_URL`, dropped when the handle goes away, even on panic).

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
        // The name is generated here from digits and underscores, never from input.
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(admin.pool())
            .await
            .expect("create test database");
        admin.close().await;
        let db = Db::connect(&format!("{admin_url}/{name}"), 8)
            .await
            .expect("connect to test database");
        db.migrate().await.expect("migrate test postgres");
        TestDb {
            db,
            cleanup: Cleanup::PgDatabase { admin_url, name },
        }
    }
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
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .execute(admin.pool())
                            .await;
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
