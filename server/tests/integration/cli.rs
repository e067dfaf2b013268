//! The binary's start-up failures are one clear line and a non-zero exit, never a panic.

use std::process::Command;

fn server(vars: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "off");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run server");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_database_url_is_one_clear_line() {
    let (code, stderr) = server(
        &[("DATABASE_URL", "mysql://root:hunter2@localhost/db")],
        &["migrate"],
    );
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("DATABASE_URL must start with sqlite:// or postgres://"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "password leaked: {stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn unreachable_postgres_is_a_clear_error() {
    let (code, stderr) = server(
        &[("DATABASE_URL", "postgres://u:secret@127.0.0.1:1/db")],
        &["migrate"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot open the database postgres://u:***@127.0.0.1:1/db"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("secret") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn failing_migration_stops_the_start() {
    let dir = std::env::temp_dir().join(format!("priyom-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("broken.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    // A table the first migration wants to create is already there: the migration fails.
    let (code, _) = server(
        &[("DATABASE_URL", &url), ("PRIYOM_DB_MAX_CONNECTIONS", "1")],
        &["help"],
    );
    assert_eq!(code, 0);
    let status = Command::new("sqlite3")
        .arg(&path)
        .arg("CREATE TABLE users (x INTEGER);")
        .status();
    if !matches!(status, Ok(s) if s.success()) {
        // Without the sqlite3 tool, make the clash through a second migrate of a foreign file.
        std::fs::write(&path, b"this is not a database").expect("write");
    }
    let (code, stderr) = server(&[("DATABASE_URL", &url)], &["migrate"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("database migration failed") || stderr.contains("cannot open the database"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_setting_names_the_variable() {
    let (code, stderr) = server(&[("PRIYOM_ADDR", "not-an-address")], &["migrate"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("PRIYOM_ADDR: expected host:port"),
        "{stderr}"
    );
}
