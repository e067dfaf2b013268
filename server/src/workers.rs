//! Serving on one single-threaded runtime per core. Each worker thread has its own listener on
//! the same address (SO_REUSEPORT: the kernel spreads connections), its own database pool and
//! its own router, and handles each request start to finish on that thread.
//!
//! Why not one multi-threaded runtime: Leptos' streaming renderer has rare races when one
//! page's tasks run on several threads at once — a `<Suspense>` that never resolves (the
//! response stalls forever; seen about once in 2,500 renders under load) and headers set while
//! rendering that miss their response. On one thread those interleavings cannot happen.

use crate::config::Config;
use app::server::{db::Db, notify::Hub, AppState};
use std::future::Future;
use std::net::SocketAddr;
use std::thread::JoinHandle;
use tokio::net::TcpSocket;
use tokio::sync::{mpsc, watch};

enum Event {
    Ready,
    Failed(String),
}

pub struct Workers {
    stop: watch::Sender<bool>,
    threads: Vec<JoinHandle<()>>,
    events: mpsc::UnboundedReceiver<Event>,
}

/// A runtime for one thread (the workers' and the command line's).
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// One worker per core, sharing `config.db_max_connections` between their pools.
pub fn default_count() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// Binds the address once per worker (a taken port fails here, before anything starts),
/// then starts the workers; each connects its pool and builds its router.
pub fn start(config: &Config, count: usize, hub: &Hub) -> Result<Workers, String> {
    let (stop, stop_rx) = watch::channel(false);
    let (events_tx, events) = mpsc::unbounded_channel();
    let count_u32 = u32::try_from(count.max(1)).unwrap_or(1);
    let per_worker = (config.db_max_connections / count_u32).max(2);
    let mut threads = Vec::with_capacity(count);
    ensure_free(config.addr)?;
    for n in 0..count.max(1) {
        let socket = bind(config.addr)?;
        let (config, stop_rx, events_tx) = (config.clone(), stop_rx.clone(), events_tx.clone());
        let hub = hub.clone();
        let thread = std::thread::Builder::new()
            .name(format!("priyom-http-{n}"))
            .spawn(move || {
                if let Err(message) = run(socket, &config, hub, per_worker, stop_rx, &events_tx) {
                    let _ = events_tx.send(Event::Failed(message));
                }
            })
            .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        threads.push(thread);
    }
    Ok(Workers {
        stop,
        threads,
        events,
    })
}

impl Workers {
    /// Waits until every worker serves, or one fails.
    pub async fn ready(&mut self) -> Result<(), String> {
        let mut ready = 0;
        while ready < self.threads.len() {
            match self.events.recv().await {
                Some(Event::Ready) => ready += 1,
                Some(Event::Failed(message)) => return Err(message),
                None => return Err("the workers stopped before serving".into()),
            }
        }
        Ok(())
    }

    /// Serves until `signal` completes or a worker fails.
    pub async fn serve_until(&mut self, signal: impl Future<Output = ()>) -> Result<(), String> {
        tokio::select! {
            _ = signal => Ok(()),
            event = self.events.recv() => Err(match event {
                Some(Event::Failed(message)) => message,
                _ => "a worker stopped unexpectedly".into(),
            }),
        }
    }

    /// Stops accepting, lets requests in flight finish, and waits for every worker.
    pub fn stop_and_join(self) {
        let _ = self.stop.send(true);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Refuses a port another process already listens on. The workers share the port with
/// `SO_REUSEPORT`, which would otherwise let a second server join the first one silently and
/// split its traffic; a socket without the option cannot bind next to them.
fn ensure_free(addr: SocketAddr) -> Result<(), String> {
    std::net::TcpListener::bind(addr)
        .map(drop)
        .map_err(|e| format!("cannot listen on {addr}: {e} (is another server running?)"))
}

fn bind(addr: SocketAddr) -> Result<TcpSocket, String> {
    let cannot = |e: std::io::Error| format!("cannot listen on {addr}: {e}");
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
    .map_err(cannot)?;
    socket.set_reuseaddr(true).map_err(cannot)?;
    socket.set_reuseport(true).map_err(cannot)?;
    socket.bind(addr).map_err(cannot)?;
    Ok(socket)
}

/// One worker: its runtime, pool and router, serving until told to stop.
fn run(
    socket: TcpSocket,
    config: &Config,
    notify: Hub,
    max_connections: u32,
    stop: watch::Receiver<bool>,
    events: &mpsc::UnboundedSender<Event>,
) -> Result<(), String> {
    runtime()?.block_on(async {
        let listener = socket
            .listen(1024)
            .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
        let db = Db::connect(&config.database_url, max_connections)
            .await
            .map_err(|e| e.to_string())?;
        let router = crate::build_router(AppState {
            leptos_options: config.leptos.clone(),
            db: db.clone(),
            https: config.https,
            notify,
            proxies: config.trusted_proxies.clone(),
            public_url: config.public_url.clone(),
            api_origins: config.api_origins.clone(),
        });
        let _ = events.send(Event::Ready);
        crate::serve::serve(listener, router, stop, Default::default()).await;
        db.close().await;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_server_cannot_join_a_running_one() {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = probe.local_addr().expect("address");
        drop(probe);
        ensure_free(addr).expect("free before anyone listens");
        // A running server's worker sockets: SO_REUSEPORT, listening.
        let worker = bind(addr)
            .expect("the first server binds")
            .listen(16)
            .expect("listens");
        let refused = ensure_free(addr).expect_err("the second one is refused");
        assert!(refused.contains("another server"), "{refused}");
        drop(worker);
        ensure_free(addr).expect("free again once it stops");
    }
}
