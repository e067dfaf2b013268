//! The outbox worker: settles claims cut off by a crash, then claims due rows one at a time,
//! renders each, holds SMS back in quiet hours, sends it and records the outcome (sent, retry
//! after a backoff, or parked as failed). Several workers may run at once on PostgreSQL; the
//! claim gives each row to one of them. `run_once` takes the clock as a parameter, so tests
//! drive time; `run` is the loop the server starts.

use super::channels::Channels;
use super::outbox::{self, Claimed};
use super::render::{compose, Composed, Message};
use super::{Channel, Hub, Kind};
use crate::server::db::Db;
use priyom::delivery::{backoff, next_step, Attempt, NextStep, QuietHours};
use std::time::Duration;
use tokio::sync::watch;

/// Rows handled per pass before the clock is read again.
const PASS_LIMIT: usize = 100;
/// The pause between passes when nothing was due.
const IDLE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct Worker {
    db: Db,
    channels: Channels,
    hub: Hub,
    /// Names this worker's claims (host, process and a counter).
    name: String,
    /// Starts the links in messages (`https://clinic.example`).
    base_url: String,
}

impl Worker {
    pub fn new(db: Db, channels: Channels, hub: Hub, name: String, base_url: String) -> Worker {
        Worker {
            db,
            channels,
            hub,
            name,
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// Handles everything due at `now` (at most `max` rows); returns how many rows it handled.
    pub async fn run_once(&self, now: i64, max: usize) -> Result<usize, sqlx::Error> {
        let parked = outbox::recover_stale(&self.db, now).await?;
        if parked > 0 {
            tracing::warn!(
                parked,
                "outbox: attempts cut off by a stop were parked as failed"
            );
        }
        let enabled = self.channels.enabled();
        outbox::cancel_disabled(&self.db, &enabled, now).await?;
        let mut handled = 0;
        while handled < max {
            let Some(claim) = outbox::claim_next(&self.db, &enabled, &self.name, now).await? else {
                break;
            };
            self.handle(&claim, now).await?;
            handled += 1;
        }
        Ok(handled)
    }

    async fn handle(&self, claim: &Claimed, now: i64) -> Result<(), sqlx::Error> {
        let message = match compose(&self.db, claim, &self.base_url).await {
            Ok(Composed::Send(message)) => message,
            Ok(Composed::Drop(reason)) => {
                return outbox::drop_claimed(&self.db, claim, &self.name, reason, now).await
            }
            Err(e) => {
                tracing::error!(id = claim.id, error = %e, "outbox: cannot render a message");
                let step = NextStep::RetryAt {
                    at: now + backoff(claim.attempts),
                    reason: "could not render the message".into(),
                };
                outbox::finish(&self.db, claim, &self.name, &step, now).await?;
                return Ok(());
            }
        };
        if let Some(wait) = self.quiet_wait(claim, &message, now) {
            return match wait {
                Some(until) => outbox::postpone(&self.db, claim, &self.name, until, now).await,
                None => {
                    let reason = "quiet hours last until after the visit";
                    outbox::drop_claimed(&self.db, claim, &self.name, reason, now).await
                }
            };
        }
        if claim.channel == Channel::InApp {
            outbox::deliver_in_app(&self.db, claim, &self.name, &message.headline, now).await?;
            if let Some(user) = claim.user_id {
                self.hub.announce(user);
            }
            return Ok(());
        }
        let attempt = match claim.address.as_deref() {
            Some(address) => {
                self.channels
                    .send(claim.channel, claim.id, address, &message)
                    .await
            }
            None => Attempt::Permanent {
                reason: "no address".into(),
            },
        };
        let step = next_step(claim.attempts, attempt, now);
        match &step {
            NextStep::Sent => {
                tracing::info!(
                    id = claim.id,
                    channel = claim.channel.as_str(),
                    "outbox: sent"
                )
            }
            NextStep::RetryAt { at, reason } => {
                tracing::warn!(id = claim.id, channel = claim.channel.as_str(), retry_at = at, %reason, "outbox: will retry")
            }
            NextStep::Failed { reason } => {
                tracing::error!(id = claim.id, channel = claim.channel.as_str(), %reason, "outbox: failed")
            }
        }
        if !outbox::finish(&self.db, claim, &self.name, &step, now).await? {
            tracing::warn!(
                id = claim.id,
                "outbox: the claim was taken over before it was recorded"
            );
        }
        Ok(())
    }

    /// For an SMS in the clinic's quiet hours: `Some(Some(until))` to wait, `Some(None)` when
    /// a reminder could only go after the visit began; `None` when it may go now.
    fn quiet_wait(&self, claim: &Claimed, message: &Message, now: i64) -> Option<Option<i64>> {
        if claim.channel != Channel::Sms || claim.kind.is_requested() {
            return None;
        }
        let (tz, start) = message.visit?;
        let until = QuietHours::default().release(now, tz);
        if until <= now {
            return None;
        }
        Some((claim.kind != Kind::Reminder || until < start).then_some(until))
    }

    /// Sends due rows until `stop` turns true; a failed pass (database away) is logged and
    /// tried again after a pause.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(worker = %self.name, channels = ?self.channels.enabled(), "outbox worker started");
        loop {
            let handled = match self.run_once(crate::server::now_unix(), PASS_LIMIT).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %e, "outbox: pass failed");
                    0
                }
            };
            if handled == PASS_LIMIT {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(IDLE) => {}
                _ = stop.wait_for(|stopped| *stopped) => break,
            }
        }
        tracing::info!(worker = %self.name, "outbox worker stopped");
    }
}
