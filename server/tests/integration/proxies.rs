//! Behind a reverse proxy: clients are told apart by the proxy's `X-Forwarded-For`, but only
//! when the connection comes from a configured trusted proxy.

use crate::support::{self, Reply};
use app::both_engines;
use app::server::db::Db;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use std::net::SocketAddr;

const PROXY: &str = "10.0.0.1:40000";
const STRANGER: &str = "198.51.100.7:50000";

/// A failed sign-in arriving from `peer`, naming `forwarded_for` as the client.
async fn bad_sign_in(router: &Router, peer: &str, forwarded_for: &str, login: &str) -> Reply {
    let csrf = "cd".repeat(32);
    let body = format!("csrf={csrf}&login={login}&password=wrong-wrong");
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("priyom_csrf={csrf}"))
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", forwarded_for)
        .body(Body::from(body))
        .expect("request");
    let peer: SocketAddr = peer.parse().expect("peer");
    request.extensions_mut().insert(ConnectInfo(peer));
    support::send(router, request).await
}

async fn router(db: Db) -> Router {
    let proxies = "10.0.0.0/24".parse().expect("proxies");
    support::app_configured(db, Default::default(), proxies).await
}

both_engines!(
    two_clients_of_one_proxy_are_two_addresses,
    |db: Db| async move {
        let router = router(db.clone()).await;
        // Twenty failures from one client behind the proxy lock that client's address…
        for n in 0..20 {
            let login = format!("%2B7999000{n:04}");
            let reply = bad_sign_in(&router, PROXY, "203.0.113.10", &login).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        }
        let locked = bad_sign_in(&router, PROXY, "203.0.113.10", "%2B79990009999").await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        // …and not the proxy's other clients (before, all shared the proxy's address).
        let other = bad_sign_in(&router, PROXY, "1.2.3.4, 203.0.113.20", "%2B79990009999").await;
        assert_eq!(other.status, StatusCode::BAD_REQUEST, "{}", other.body);
        // A client cannot escape its lock by forging the header: it counts only from the proxy.
        for n in 0..20 {
            let login = format!("%2B7998000{n:04}");
            bad_sign_in(&router, STRANGER, "203.0.113.30", &login).await;
        }
        let forged = bad_sign_in(&router, STRANGER, "203.0.113.40", "%2B79980009999").await;
        assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);
        // The throttle keeps the client's address (hashed), never the proxy's.
        let keyed: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT key FROM login_failures WHERE scope = 'ip'")
                .fetch_all(db.pool())
                .await
                .expect("failures");
        let hash = |ip: &str| app::server::auth::token::sha256_hex(&format!("ip:{ip}"));
        assert!(keyed.contains(&hash("203.0.113.10")));
        assert!(keyed.contains(&hash("203.0.113.20")));
        assert!(keyed.contains(&hash("198.51.100.7")));
        assert!(!keyed.contains(&hash("10.0.0.1")));
        assert!(!keyed.contains(&hash("203.0.113.40")));
    }
);
