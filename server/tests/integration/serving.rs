//! The server's own limits over real TCP: live streams per user are capped and end when the
//! process stops, a client that never finishes its headers is cut off, and stopping waits a
//! bounded time however many requests are still open.

use crate::support::{app_with, Browser};
use app::server::db::Db;
use app::server::notify::{Hub, STREAMS_PER_USER};
use server::serve::{serve, Limits};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const LIMITS: Limits = Limits {
    header_read_timeout: Duration::from_millis(300),
    grace: Duration::from_millis(500),
};
/// Generous: these tests check that things end, not how fast.
const WITHIN: Duration = Duration::from_secs(20);

struct Running {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    served: tokio::task::JoinHandle<()>,
    cookie: String,
}

async fn start(db: Db, hub: Hub) -> Running {
    let router = app_with(db, hub).await;
    let mut patient = Browser::new();
    let reply = patient
        .post(
            &router,
            "/api/auth/sign-in",
            &[("login", "+79000000001"), ("password", "priyom-demo-2026")],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cookie = format!(
        "priyom_session={}",
        patient.cookie("priyom_session").expect("session")
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("listen");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = watch::channel(false);
    let served = tokio::spawn(serve(listener, router, stopped, LIMITS));
    Running {
        addr,
        stop,
        served,
        cookie,
    }
}

/// Opens the live stream and returns the connection and the status line.
async fn open_stream(running: &Running) -> (TcpStream, String) {
    let mut tcp = TcpStream::connect(running.addr).await.expect("connect");
    let request = format!(
        "GET /api/notifications/stream HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\r\n",
        running.cookie
    );
    tcp.write_all(request.as_bytes()).await.expect("send");
    let mut head = vec![0u8; 512];
    let n = tokio::time::timeout(WITHIN, tcp.read(&mut head))
        .await
        .expect("an answer")
        .expect("read");
    let text = String::from_utf8_lossy(&head[..n]).into_owned();
    let status = text.lines().next().unwrap_or("").to_string();
    (tcp, status)
}

/// Reads until the server closes the connection.
async fn until_closed(tcp: &mut TcpStream) {
    let mut sink = vec![0u8; 4096];
    tokio::time::timeout(WITHIN, async {
        while let Ok(n) = tcp.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    })
    .await
    .expect("the server closes the connection");
}

app::both_engines!(
    live_streams_are_capped_and_end_at_stop,
    |db: Db| async move {
        let hub = Hub::default();
        let running = start(db, hub.clone()).await;
        let mut open = Vec::new();
        for _ in 0..STREAMS_PER_USER {
            let (tcp, status) = open_stream(&running).await;
            assert!(status.contains(" 200 "), "{status}");
            open.push(tcp);
        }
        let (_, refused) = open_stream(&running).await;
        assert!(refused.contains(" 429 "), "one more is refused: {refused}");
        // A closed tab gives its place back.
        drop(open.pop());
        let again = tokio::time::timeout(WITHIN, async {
            loop {
                let (tcp, status) = open_stream(&running).await;
                if status.contains(" 200 ") {
                    return tcp;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("a place again");
        open.push(again);
        // Stopping ends every stream, and the server with them.
        hub.close();
        for tcp in &mut open {
            until_closed(tcp).await;
        }
        running.stop.send_replace(true);
        tokio::time::timeout(WITHIN, running.served)
            .await
            .expect("stopped")
            .expect("serve task");
    }
);

app::both_engines!(
    slow_clients_and_stuck_requests_are_bounded,
    |db: Db| async move {
        let running = start(db, Hub::default()).await;
        // A client that never finishes its headers is cut off.
        let mut slow = TcpStream::connect(running.addr).await.expect("connect");
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("half a request");
        until_closed(&mut slow).await;
        // A stream nobody ends (the hub is not closed) does not hold the stop beyond the grace.
        let (_stream, status) = open_stream(&running).await;
        assert!(status.contains(" 200 "), "{status}");
        let began = Instant::now();
        running.stop.send_replace(true);
        tokio::time::timeout(WITHIN, running.served)
            .await
            .expect("the stop is bounded")
            .expect("serve task");
        assert!(
            began.elapsed() >= LIMITS.grace,
            "it did wait for the open request"
        );
    }
);
