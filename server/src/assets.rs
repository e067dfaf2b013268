//! The browser bundle (`/pkg`: wasm, JS, CSS). The release build leaves a `.br` and a `.gz`
//! copy beside each file (`build_release` in `.ci/setup`); when every copy is at least as new as
//! its file they are sent as they are. Compressing the 2.7 MB wasm per request costs each
//! browser about 5 MB of server memory and a bigger download (on-the-fly brotli is a quick
//! setting: 819 KB against 585 KB at the build's quality). A stale or missing copy turns them
//! off, and responses are compressed on the fly as before: a rebuilt bundle never meets an old
//! copy.

use axum::http::{header, HeaderValue};
use std::path::Path;
use std::time::SystemTime;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

const COPIES: [&str; 2] = ["br", "gz"];

/// Serves the bundle directory, with its compressed copies when they can be trusted.
pub fn bundle(dir: &Path, dev: bool) -> SetResponseHeader<ServeDir, HeaderValue> {
    let mut files = ServeDir::new(dir);
    if dev || !copies_fresh(dir) {
        tracing::info!(dir = %dir.display(), "bundle served without compressed copies");
    } else {
        files = files.precompressed_br().precompressed_gzip();
    }
    // Caches must keep the compressed and the plain file apart.
    SetResponseHeader::overriding(
        files,
        header::VARY,
        HeaderValue::from_static("accept-encoding"),
    )
}

/// True when the directory holds compressed copies and none is older than its file.
fn copies_fresh(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut any = false;
    for entry in entries.flatten() {
        let path = entry.path();
        let is_copy = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COPIES.contains(&e));
        if is_copy {
            continue;
        }
        for ext in COPIES {
            let mut copy = path.clone().into_os_string();
            copy.push(".");
            copy.push(ext);
            match (modified(&path), modified(Path::new(&copy))) {
                (_, None) => {}
                (Some(file), Some(copy)) if copy >= file => any = true,
                _ => return false,
            }
        }
    }
    any
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{self, File};
    use std::time::Duration;

    fn dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("priyom-assets-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn write(dir: &Path, name: &str, age: Duration) {
        let path = dir.join(name);
        fs::write(&path, name).expect("write");
        let when = SystemTime::now() - age;
        File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(when))
            .expect("set mtime");
    }

    #[test]
    fn copies_newer_than_their_files_are_trusted() {
        let d = dir("fresh");
        write(&d, "priyom.wasm", Duration::from_secs(60));
        write(&d, "priyom.wasm.br", Duration::from_secs(30));
        write(&d, "priyom.wasm.gz", Duration::from_secs(30));
        write(&d, "priyom.css", Duration::from_secs(60));
        assert!(
            copies_fresh(&d),
            "a file without copies is simply sent compressed on the fly"
        );
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn one_stale_copy_turns_all_off() {
        let d = dir("stale");
        write(&d, "priyom.js", Duration::from_secs(60));
        write(&d, "priyom.js.br", Duration::from_secs(30));
        write(&d, "priyom.wasm", Duration::from_secs(10));
        write(&d, "priyom.wasm.br", Duration::from_secs(30));
        assert!(!copies_fresh(&d));
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn no_copies_or_no_directory_means_none() {
        let d = dir("none");
        write(&d, "priyom.wasm", Duration::from_secs(60));
        assert!(!copies_fresh(&d));
        assert!(!copies_fresh(&d.join("missing")));
        let _ = fs::remove_dir_all(&d);
    }

    async fn fetch(d: &Path, dev: bool, encoding: &str) -> (Option<String>, String) {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let request = axum::http::Request::get("/priyom.wasm")
            .header("accept-encoding", encoding)
            .body(axum::body::Body::empty())
            .expect("request");
        let response = bundle(d, dev).oneshot(request).await.expect("served");
        let coding = response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (coding, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_fresh_copy_is_sent_as_it_is_and_never_in_development() {
        let d = dir("serve");
        write(&d, "priyom.wasm", Duration::from_secs(60));
        write(&d, "priyom.wasm.br", Duration::from_secs(30));
        write(&d, "priyom.wasm.gz", Duration::from_secs(30));
        assert_eq!(
            fetch(&d, false, "br").await,
            (Some("br".into()), "priyom.wasm.br".into())
        );
        assert_eq!(
            fetch(&d, false, "gzip").await,
            (Some("gzip".into()), "priyom.wasm.gz".into())
        );
        assert_eq!(
            fetch(&d, false, "identity").await,
            (None, "priyom.wasm".into())
        );
        assert_eq!(fetch(&d, true, "br").await, (None, "priyom.wasm".into()));
        let _ = fs::remove_dir_all(&d);
    }
}
