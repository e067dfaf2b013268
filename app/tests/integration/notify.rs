//! Notifications on both engines, through real protocols on loopback: messages written with
//! the change that causes them, e-mail through an SMTP server, SMS.ru and Telegram fakes with
//! their error replies, reminders on a controlled clock, quiet hours, crash safety, two
//! workers at once, and password reset.

use crate::fakes;
use crate::fakes::{DataReply, Reply, SmtpSink};
use app::both_engines;
use app::i18n::Lang;
use app::server::db::Db;
use app::server::notify::channels::email::EmailConfig;
use app::server::notify::channels::sms::SmsConfig;
use app::server::notify::channels::telegram::TelegramConfig;
use app::server::notify::channels::{ChannelConfig, Channels};
use app::server::notify::inbox::{self, UpdateOutcome};
use app::server::notify::outbox::{self, NewNotice, LEASE_S};
use app::server::notify::render::local_when;
use app::server::notify::worker::Worker;
use app::server::notify::{Channel, Hub, Kind};
use app::server::repos::appointments::{book, cancel_own, reschedule_own, NewBooking, Patient};
use app::server::repos::booking::resolve;
use app::server::repos::password_reset;
use app::server::repos::users::Login;
use app::server::seed::{bench_slots, seed, BenchSlot};
use priyom::{Source, UserId};
use sqlx::Row;
use std::collections::HashMap;

/// Monday 2026-11-23 09:00 in Moscow.
const NOW: i64 = 1_795_413_600;
const DAY: i64 = 86_400;
const PATIENT_EMAIL: &str = "patient@priyom.demo";

struct Ctx {
    db: Db,
    patient: UserId,
    slots: Vec<BenchSlot>,
}

async fn ctx(db: &Db) -> Ctx {
    seed(db, NOW).await.expect("seed");
    let patient: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(PATIENT_EMAIL)
        .fetch_one(db.pool())
        .await
        .expect("demo patient");
    Ctx {
        db: db.clone(),
        patient: UserId::new(patient),
        // At least two days ahead, so no reminder is due at once.
        slots: bench_slots(db, NOW, 80)
            .await
            .expect("free slots")
            .into_iter()
            .filter(|s| s.start >= NOW + 2 * DAY)
            .collect(),
    }
}

impl Ctx {
    async fn book(&self, slot: &BenchSlot, key: &str, now: i64) -> i64 {
        let mut conn = self.db.pool().acquire().await.expect("conn");
        let ids = resolve(&mut conn, &slot.service, &slot.clinic, &slot.specialist)
            .await
            .expect("slugs");
        drop(conn);
        let booking = NewBooking {
            clinic: ids.clinic.expect("clinic"),
            service: ids.service.expect("service"),
            specialist: ids.specialist,
            start: slot.start,
            patient: Patient::Account(self.patient),
            source: Source::Web,
            idempotency_key: format!("{key:0>64}"),
            actor: Some(self.patient),
            ip: "127.0.0.1".into(),
        };
        book(&self.db, &booking, now)
            .await
            .expect("booked")
            .id
            .get()
    }

    /// Two free times of one specialist, the second later.
    fn pair(&self) -> (&BenchSlot, &BenchSlot) {
        for (i, a) in self.slots.iter().enumerate() {
            if let Some(b) = self.slots[i + 1..]
                .iter()
                .find(|b| b.specialist == a.specialist && b.start > a.start)
            {
                return (a, b);
            }
        }
        panic!("no specialist with two free times");
    }

    fn worker(&self, config: &ChannelConfig, name: &str) -> Worker {
        let channels = Channels::new(config).expect("channels");
        Worker::new(
            self.db.clone(),
            channels,
            Hub::default(),
            name.into(),
            "https://priyom.test".into(),
        )
    }

    async fn rows(&self, appointment: i64) -> Vec<(String, String, i64, String, i64)> {
        let rows = sqlx::query(
            "SELECT channel, kind, user_id, status, due_at FROM notifications \
              WHERE appointment_id = $1 ORDER BY id",
        )
        .bind(appointment)
        .fetch_all(self.db.pool())
        .await
        .expect("rows");
        rows.iter()
            .map(|r| {
                (
                    r.get("channel"),
                    r.get("kind"),
                    r.get("user_id"),
                    r.get("status"),
                    r.get("due_at"),
                )
            })
            .collect()
    }

    async fn status_of(&self, id: i64) -> (String, i64, i64, Option<String>) {
        let row = sqlx::query(
            "SELECT status, attempts, due_at, last_error FROM notifications WHERE id = $1",
        )
        .bind(id)
        .fetch_one(self.db.pool())
        .await
        .expect("row");
        (
            row.get("status"),
            row.get("attempts"),
            row.get("due_at"),
            row.get("last_error"),
        )
    }

    async fn row_id(&self, appointment: i64, channel: &str, kind: &str) -> i64 {
        sqlx::query_scalar(
            "SELECT id FROM notifications WHERE appointment_id = $1 AND channel = $2 \
               AND kind = $3 AND user_id = $4 ORDER BY id LIMIT 1",
        )
        .bind(appointment)
        .bind(channel)
        .bind(kind)
        .bind(self.patient.get())
        .fetch_one(self.db.pool())
        .await
        .expect("row id")
    }
}

fn email_config(sink: &SmtpSink) -> ChannelConfig {
    ChannelConfig {
        email: Some(EmailConfig {
            smtp_url: sink.url.clone(),
            from: "Priyom <noreply@priyom.test>".into(),
        }),
        ..ChannelConfig::default()
    }
}

fn sms_config(base: &str) -> ChannelConfig {
    ChannelConfig {
        sms: Some(SmsConfig {
            base_url: base.into(),
            api_id: "test-key".into(),
            test: false,
        }),
        ..ChannelConfig::default()
    }
}

async fn clinic_tz(db: &Db, appointment: i64) -> String {
    sqlx::query_scalar(
        "SELECT c.tz FROM appointments a JOIN clinics c ON c.id = a.clinic_id WHERE a.id = $1",
    )
    .bind(appointment)
    .fetch_one(db.pool())
    .await
    .expect("tz")
}

both_engines!(
    booking_writes_messages_and_reminders_in_its_transaction,
    |db: Db| async move {
        let c = ctx(&db).await;
        let slot = &c.slots[0];
        let id = c.book(slot, "a", NOW).await;
        let rows = c.rows(id).await;
        let patient = c.patient.get();
        let mine = |kind: &str, channel: &str| {
            rows.iter()
                .filter(|r| r.2 == patient && r.1 == kind && r.0 == channel)
                .map(|r| r.4)
                .collect::<Vec<_>>()
        };
        for channel in ["in_app", "email"] {
            assert_eq!(mine("booking_created", channel), vec![NOW], "{channel}");
            assert_eq!(
                mine("reminder", channel),
                vec![slot.start - DAY, slot.start - 2 * 3600],
                "{channel} reminders"
            );
        }
        assert_eq!(mine("booking_created", "sms").len(), 1);
        // Every SMS is due outside 22:00–09:00 in the clinic's zone.
        let tz = priyom::parse_tz(&clinic_tz(&db, id).await).expect("tz");
        for due in mine("reminder", "sms") {
            let local = priyom::utc_to_local(tz, due).expect("local");
            let minute = local.time.minutes();
            assert!(
                (9 * 60..22 * 60).contains(&minute),
                "SMS due at {:?}",
                local
            );
        }
        // The specialist hears of it too, never by SMS.
        assert!(rows
            .iter()
            .any(|r| r.2 != patient && r.1 == "booking_created"));
        assert!(!rows.iter().any(|r| r.2 != patient && r.0 == "sms"));
    }
);

both_engines!(
    email_goes_out_over_smtp_in_the_clinics_local_time,
    |db: Db| async move {
        let c = ctx(&db).await;
        let sink = SmtpSink::start().await;
        let slot = &c.slots[0];
        let id = c.book(slot, "a", NOW).await;
        let worker = c.worker(&email_config(&sink), "w1");
        worker.run_once(NOW, 100).await.expect("pass");

        let mail: Vec<_> = sink
            .received()
            .into_iter()
            .filter(|m| m.to == vec![PATIENT_EMAIL.to_string()])
            .collect();
        assert_eq!(
            mail.len(),
            1,
            "one e-mail to the patient: {:?}",
            mail.iter().map(|m| m.subject()).collect::<Vec<_>>()
        );
        let when = local_when(Lang::Ru, &clinic_tz(&db, id).await, slot.start);
        let subject = mail[0].subject();
        assert!(subject.starts_with("Вы записаны на приём"), "{subject}");
        assert!(subject.contains(&when), "{subject} lacks {when}");
        let text = mail[0].text();
        assert!(text.contains(&when), "{text}");
        assert!(text.contains("https://priyom.test/visits/"), "{text}");
        let email_row = c.row_id(id, "email", "booking_created").await;
        assert_eq!(
            mail[0].header("Message-ID").as_deref(),
            Some(format!("<notice-{email_row}@priyom.test>").as_str())
        );
        // In-app notice delivered; SMS, not configured here, is cancelled with the reason.
        assert_eq!(
            inbox::unread_count(&db, c.patient.get())
                .await
                .expect("count"),
            1
        );
        let sms = c.row_id(id, "sms", "booking_created").await;
        let (status, _, _, reason) = c.status_of(sms).await;
        assert_eq!(status, "cancelled");
        assert_eq!(reason.as_deref(), Some("channel not configured"));
        // Reminders wait for their time.
        assert_eq!(
            c.status_of(c.row_id(id, "email", "reminder").await).await.0,
            "pending"
        );
    }
);

both_engines!(
    reminders_fire_on_time_move_with_the_visit_and_vanish_on_cancel,
    |db: Db| async move {
        let c = ctx(&db).await;
        let sink = SmtpSink::start().await;
        let worker = c.worker(&email_config(&sink), "w1");
        let (first, later) = c.pair();
        let id = c.book(first, "a", NOW).await;
        let to_patient = || {
            sink.received()
                .into_iter()
                .filter(|m| m.to == vec![PATIENT_EMAIL.to_string()])
                .map(|m| m.subject())
                .collect::<Vec<_>>()
        };
        worker.run_once(NOW, 100).await.expect("pass");
        assert_eq!(to_patient().len(), 1);
        worker
            .run_once(first.start - DAY - 1, 100)
            .await
            .expect("pass");
        assert_eq!(to_patient().len(), 1, "no reminder a second early");
        worker.run_once(first.start - DAY, 100).await.expect("pass");
        let sent = to_patient();
        assert_eq!(sent.len(), 2);
        assert!(sent[1].starts_with("Напоминание о приёме"), "{}", sent[1]);

        // Moved: the old 2-hour reminder is dropped, new ones follow the new time.
        let moved_at = first.start - DAY + 60;
        reschedule_own(
            &db,
            c.patient,
            priyom::AppointmentId::new(id),
            later.start,
            "127.0.0.1",
            moved_at,
        )
        .await
        .expect("moved");
        worker.run_once(moved_at, 100).await.expect("pass");
        let sent = to_patient();
        assert_eq!(sent.len(), 3);
        assert!(sent[2].starts_with("Запись перенесена"), "{}", sent[2]);
        let tz = clinic_tz(&db, id).await;
        let (old_when, new_when) = (
            local_when(Lang::Ru, &tz, first.start),
            local_when(Lang::Ru, &tz, later.start),
        );
        let reminders: Vec<i64> = sqlx::query_scalar(
            "SELECT due_at FROM notifications WHERE appointment_id = $1 AND kind = 'reminder' \
               AND channel = 'email' AND status = 'pending' ORDER BY due_at",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await
        .expect("reminders");
        let expected: Vec<i64> = [later.start - DAY, later.start - 2 * 3600]
            .into_iter()
            .filter(|&t| t >= moved_at)
            .collect();
        assert_eq!(reminders, expected);
        // Run the clock over the old reminder's time and the new ones.
        let mut times = vec![first.start - 2 * 3600];
        times.extend(&expected);
        times.sort();
        for t in times {
            worker.run_once(t, 100).await.expect("pass");
        }
        let after_move: Vec<String> = to_patient().into_iter().skip(3).collect();
        assert_eq!(after_move.len(), expected.len(), "{after_move:?}");
        for subject in &after_move {
            assert!(subject.starts_with("Напоминание"), "{subject}");
            assert!(
                subject.contains(&new_when) && !subject.contains(&old_when),
                "{subject}"
            );
        }
        let sent = to_patient();

        // Cancelled: the rest vanish.
        let count = sent.len();
        let second = c.book(&c.slots[c.slots.len() - 1], "b", NOW).await;
        worker.run_once(NOW, 100).await.expect("pass");
        let count = count + 1;
        assert_eq!(to_patient().len(), count);
        cancel_own(
            &db,
            c.patient,
            priyom::AppointmentId::new(second),
            "plans changed",
            "127.0.0.1",
            NOW + 60,
        )
        .await
        .expect("cancelled");
        for t in [
            NOW + 60,
            c.slots[c.slots.len() - 1].start - DAY,
            c.slots[c.slots.len() - 1].start - 3600,
        ] {
            worker.run_once(t, 100).await.expect("pass");
        }
        let sent = to_patient();
        assert_eq!(sent.len(), count + 1, "{sent:?}");
        assert!(
            sent[count].starts_with("Запись отменена"),
            "{}",
            sent[count]
        );
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE appointment_id = $1 AND status = 'pending'",
        )
        .bind(second)
        .fetch_one(db.pool())
        .await
        .expect("pending");
        assert_eq!(pending, 0);
    }
);

both_engines!(
    sms_waits_for_the_end_of_quiet_hours_and_names_no_one,
    |db: Db| async move {
        let c = ctx(&db).await;
        let sms = fakes::sms_ru().await;
        let worker = c.worker(&sms_config(&sms.base_url), "w1");
        let late = NOW + 14 * 3600; // Monday 23:00 in Moscow
        let slot = &c.slots[0];
        let id = c.book(slot, "a", late).await;
        let row = c.row_id(id, "sms", "booking_created").await;
        let morning = NOW + DAY; // Tuesday 09:00
        assert_eq!(c.status_of(row).await.2, morning);
        worker.run_once(late, 100).await.expect("pass");
        worker.run_once(morning - 60, 100).await.expect("pass");
        assert!(sms.requests().is_empty(), "an SMS went out in quiet hours");
        worker.run_once(morning, 100).await.expect("pass");
        let requests = sms.requests();
        let booked: Vec<_> = requests
            .iter()
            .filter(|r| r["msg"].as_str().unwrap_or("").starts_with("Вы записаны"))
            .collect();
        assert_eq!(booked.len(), 1, "{requests:?}");
        assert_eq!(booked[0]["to"], "79000000001");
        assert_eq!(booked[0]["api_id"], "test-key");
        let msg = booked[0]["msg"].as_str().unwrap_or("");
        let when = local_when(Lang::Ru, &clinic_tz(&db, id).await, slot.start);
        assert!(msg.contains(&when), "{msg}");
        let names: (String, String) = sqlx::query_as(
        "SELECT s.name, u.full_name FROM appointments a JOIN services s ON s.id = a.service_id \
           JOIN specialists sp ON sp.id = a.specialist_id JOIN users u ON u.id = sp.user_id \
          WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
    .expect("names");
        assert!(!msg.contains(&names.0) && !msg.contains(&names.1), "{msg}");
        assert_eq!(c.status_of(row).await.0, "sent");
    }
);

both_engines!(
    sms_ru_errors_retry_when_temporary_and_park_when_permanent,
    |db: Db| async move {
        let c = ctx(&db).await;
        let sms = fakes::sms_ru().await;
        let worker = c.worker(&sms_config(&sms.base_url), "w1");
        let at = NOW + 3600; // 10:00, outside quiet hours
        let first = c.book(&c.slots[0], "a", at).await;
        let row = c.row_id(first, "sms", "booking_created").await;
        sms.script(&[Reply(
            200,
            serde_json::json!({"status": "ERROR", "status_code": 220, "status_text": "busy"}),
        )]);
        worker.run_once(at, 100).await.expect("pass");
        let (status, attempts, due, reason) = c.status_of(row).await;
        assert_eq!((status.as_str(), attempts, due), ("pending", 1, at + 30));
        assert!(reason.unwrap_or_default().contains("220"));
        worker.run_once(at + 30, 100).await.expect("pass");
        assert_eq!(c.status_of(row).await.0, "sent");

        let second = c.book(&c.slots[1], "b", at).await;
        let row = c.row_id(second, "sms", "booking_created").await;
        sms.script(&[Reply(200, fakes::sms_number_error("79000000001", 207))]);
        worker.run_once(at, 100).await.expect("pass");
        let (status, attempts, _, reason) = c.status_of(row).await;
        assert_eq!((status.as_str(), attempts), ("failed", 1));
        assert!(reason.unwrap_or_default().contains("207"));
        // Parked, it waits for a person: a retry from the back office queues it again.
        assert!(outbox::retry(&db, row, at + 100).await.expect("retry"));
        worker.run_once(at + 100, 100).await.expect("pass");
        assert_eq!(c.status_of(row).await.0, "sent");
    }
);

both_engines!(
    telegram_links_once_then_honours_rate_limits_and_blocks,
    |db: Db| async move {
        let c = ctx(&db).await;
        let tg = fakes::telegram().await;
        let config = ChannelConfig {
            telegram: Some(TelegramConfig {
                base_url: tg.base_url.clone(),
                token: "123:secret".into(),
                bot_name: "priyom_bot".into(),
                webhook_secret: "0123456789abcdef".into(),
            }),
            ..ChannelConfig::default()
        };
        let worker = c.worker(&config, "w1");
        let at = NOW + 3600;
        let token = inbox::telegram_link_token(&db, c.patient.get(), at)
            .await
            .expect("token");
        let start = format!("/start {token}");
        let linked = inbox::telegram_update(&db, 1001, Some("555"), Some(&start), at)
            .await
            .expect("update");
        assert_eq!(
            linked,
            UpdateOutcome::Linked {
                user: c.patient.get()
            }
        );
        let again = inbox::telegram_update(&db, 1001, Some("555"), Some(&start), at)
            .await
            .expect("update");
        assert_eq!(again, UpdateOutcome::Duplicate);
        let reused = inbox::telegram_update(&db, 1002, Some("666"), Some(&start), at)
            .await
            .expect("update");
        assert_eq!(reused, UpdateOutcome::Ignored, "a token works once");

        tg.script(&[Reply(
            429,
            serde_json::json!({"ok": false, "error_code": 429, "description": "Too Many Requests",
            "parameters": {"retry_after": 34}}),
        )]);
        worker.run_once(at, 100).await.expect("pass");
        let welcome: i64 = sqlx::query_scalar(
            "SELECT id FROM notifications WHERE kind = 'telegram_linked' AND user_id = $1",
        )
        .bind(c.patient.get())
        .fetch_one(db.pool())
        .await
        .expect("welcome row");
        let (status, _, due, _) = c.status_of(welcome).await;
        assert_eq!((status.as_str(), due), ("pending", at + 34));
        worker.run_once(at + 34, 100).await.expect("pass");
        assert_eq!(c.status_of(welcome).await.0, "sent");
        let requests = tg.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[1]["chat_id"], "555");
        assert_eq!(requests[1]["bot_path"], "bot123:secret");

        let id = c.book(&c.slots[0], "a", at + 40).await;
        let row = c.row_id(id, "telegram", "booking_created").await;
        tg.script(&[Reply(
            403,
            serde_json::json!({"ok": false, "error_code": 403,
            "description": "Forbidden: bot was blocked by the user"}),
        )]);
        worker.run_once(at + 40, 100).await.expect("pass");
        let (status, attempts, _, reason) = c.status_of(row).await;
        assert_eq!((status.as_str(), attempts), ("failed", 1));
        assert!(reason.unwrap_or_default().contains("blocked"));
    }
);

/// `n` e-mails to the patient, due at `at`.
async fn queue_emails(c: &Ctx, n: usize, at: i64) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for k in 0..n {
        let notice = NewNotice {
            user_id: Some(c.patient.get()),
            channel: Channel::Email,
            address: Some(PATIENT_EMAIL.into()),
            kind: Kind::TelegramLinked,
            appointment_id: None,
            lang: "ru",
            payload: serde_json::json!({ "n": k }),
            due_at: at,
        };
        ids.push(
            outbox::enqueue(c.db.pool(), &notice, at)
                .await
                .expect("enqueue"),
        );
    }
    ids
}

/// How many times each outbox row's e-mail reached the sink.
fn deliveries(sink: &SmtpSink) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for mail in sink.received() {
        *seen
            .entry(mail.header("Message-ID").unwrap_or_default())
            .or_insert(0) += 1;
    }
    seen
}

both_engines!(parallel; a_worker_killed_mid_batch_sends_every_message_exactly_once, |db: Db| async move {
    let c = ctx(&db).await;
    let sink = SmtpSink::start().await;
    let at = NOW + 3600;
    let ids = queue_emails(&c, 12, at).await;
    // The fifth message arrives, then the worker dies before hearing back.
    sink.script(&[DataReply::Accept, DataReply::Accept, DataReply::Accept, DataReply::Accept, DataReply::AcceptAndHang]);
    let worker = c.worker(&email_config(&sink), "doomed");
    let running = tokio::spawn(async move { worker.run_once(at, 100).await });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while sink.received().len() < 5 {
        assert!(std::time::Instant::now() < deadline, "the fifth e-mail never arrived");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    running.abort();
    let _ = running.await;

    let restarted = c.worker(&email_config(&sink), "restarted");
    // Before the lease ends the cut-off row is left alone; after it, it is parked.
    restarted.run_once(at + 1, 100).await.expect("pass");
    restarted.run_once(at + LEASE_S + 1, 100).await.expect("pass");
    let seen = deliveries(&sink);
    assert_eq!(seen.len(), 12, "{seen:?}");
    assert!(seen.values().all(|&n| n == 1), "a message went twice: {seen:?}");
    let mut parked = 0;
    for id in ids {
        let (status, _, _, reason) = c.status_of(id).await;
        match status.as_str() {
            "sent" => {}
            "failed" => {
                parked += 1;
                assert!(reason.unwrap_or_default().contains("delivery unknown"));
            }
            other => panic!("row {id} left {other}"),
        }
    }
    assert_eq!(parked, 1, "only the message in flight is in doubt");
});

both_engines!(parallel; two_workers_never_send_the_same_message, |db: Db| async move {
    let c = ctx(&db).await;
    let sink = SmtpSink::start().await;
    let at = NOW + 3600;
    queue_emails(&c, 40, at).await;
    let (one, two) = (c.worker(&email_config(&sink), "one"), c.worker(&email_config(&sink), "two"));
    let (a, b) = tokio::join!(
        tokio::spawn(async move { one.run_once(at, 100).await }),
        tokio::spawn(async move { two.run_once(at, 100).await })
    );
    let handled = a.expect("join").expect("one") + b.expect("join").expect("two");
    assert_eq!(handled, 40);
    let seen = deliveries(&sink);
    assert_eq!(seen.len(), 40);
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
});

both_engines!(
    password_reset_link_works_once_within_thirty_minutes,
    |db: Db| async move {
        use app::server::auth::session;
        let c = ctx(&db).await;
        let login = Login::parse(PATIENT_EMAIL).expect("login");
        let unknown = Login::parse("nobody@priyom.demo").expect("login");
        assert!(password_reset::request(&db, &login, NOW)
            .await
            .expect("request"));
        assert!(!password_reset::request(&db, &unknown, NOW)
            .await
            .expect("request"));

        // The token exists only in the message: the table holds its hash.
        let payload: String = sqlx::query_scalar(
            "SELECT payload FROM notifications WHERE kind = 'password_reset' AND user_id = $1",
        )
        .bind(c.patient.get())
        .fetch_one(db.pool())
        .await
        .expect("row");
        let token = serde_json::from_str::<serde_json::Value>(&payload).expect("json")["token"]
            .as_str()
            .expect("token")
            .to_string();
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM one_time_tokens")
            .fetch_all(db.pool())
            .await
            .expect("tokens");
        assert_eq!(stored, vec![app::server::auth::token::sha256_hex(&token)]);

        session::create(&db, c.patient, NOW, "127.0.0.1", None)
            .await
            .expect("session");
        assert!(
            password_reset::reset(&db, &token, "hash-1", "127.0.0.1", NOW + 31 * 60)
                .await
                .expect("reset")
                .is_none(),
            "an expired link works"
        );
        let done = password_reset::reset(&db, &token, "hash-1", "127.0.0.1", NOW + 60)
            .await
            .expect("reset");
        assert_eq!(done, Some(c.patient));
        let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
            .bind(c.patient.get())
            .fetch_one(db.pool())
            .await
            .expect("sessions");
        assert_eq!(sessions, 0, "every session ends");
        assert!(
            password_reset::reset(&db, &token, "hash-2", "127.0.0.1", NOW + 90)
                .await
                .expect("reset")
                .is_none()
        );

        // The e-mail carries the link; once sent, the outbox keeps no copy of the token.
        let sink = SmtpSink::start().await;
        c.worker(&email_config(&sink), "w1")
            .run_once(NOW, 100)
            .await
            .expect("pass");
        let mail = sink.received();
        assert!(mail[0]
            .text()
            .contains(&format!("/password/reset?token={token}")));
        let payload: String = sqlx::query_scalar(
            "SELECT payload FROM notifications WHERE kind = 'password_reset' AND user_id = $1",
        )
        .bind(c.patient.get())
        .fetch_one(db.pool())
        .await
        .expect("row");
        assert_eq!(payload, "{}");

        // At most three links an hour.
        for _ in 0..2 {
            assert!(password_reset::request(&db, &login, NOW + 120)
                .await
                .expect("request"));
        }
        assert!(!password_reset::request(&db, &login, NOW + 180)
            .await
            .expect("request"));
    }
);

both_engines!(
    a_cancelled_reset_message_keeps_no_token,
    |db: Db| async move {
        seed(&db, NOW).await.expect("seed");
        let login = Login::parse(PATIENT_EMAIL).expect("login");
        assert!(password_reset::request(&db, &login, NOW)
            .await
            .expect("request"));
        let payloads = |status: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>(
                "SELECT payload FROM notifications WHERE kind = 'password_reset' AND status = $1",
            )
            .bind(status)
            .fetch_all(db.pool())
            .await
            .expect("payloads")
            }
        };
        let pending = payloads("pending").await;
        assert!(
            !pending.is_empty() && pending.iter().all(|p| p.contains("token")),
            "{pending:?}"
        );
        // No e-mail or SMS here: the reset rows are cancelled, and their links with them.
        outbox::cancel_disabled(&db, &[Channel::InApp], NOW)
            .await
            .expect("cancel");
        let cancelled = payloads("cancelled").await;
        assert!(!cancelled.is_empty());
        assert!(cancelled.iter().all(|p| p == "{}"), "{cancelled:?}");
    }
);
