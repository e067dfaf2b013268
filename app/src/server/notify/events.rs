//! What a change to a visit tells whom: rows written into the outbox in the caller's write
//! transaction, so the change and its messages commit (or roll back) together.
//!
//! The patient hears of every change and gets the reminders; the specialist hears of new,
//! cancelled and moved visits (never of their own actions) by in-app notice, e-mail and
//! Telegram, not by SMS. Each person's channels follow their choices: in-app when they can
//! sign in, e-mail when they gave an address, SMS to their phone, Telegram once linked.

use super::outbox::{self, NewNotice};
use super::{Channel, Kind};
use priyom::delivery::{reminders, QuietHours, DEFAULT_REMINDER_OFFSETS};
use priyom::Tz;
use serde_json::json;
use sqlx::{AnyConnection, Row};

/// A change to a visit that people hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitEvent {
    Created,
    Confirmed,
    Cancelled,
    /// Moved from the old start.
    Rescheduled {
        from: i64,
    },
    Completed,
}

/// A review request goes out this long after the visit is marked completed.
const REVIEW_REQUEST_DELAY_S: i64 = 2 * 3600;

/// One person and how they can be reached.
#[derive(Debug, Clone)]
struct Recipient {
    id: i64,
    lang: &'static str,
    can_sign_in: bool,
    email: Option<String>,
    phone_digits: String,
    telegram_chat: Option<String>,
    wants_email: bool,
    wants_sms: bool,
    wants_telegram: bool,
}

impl Recipient {
    /// The channels and addresses this person gets messages on; `sms` only when allowed.
    fn channels(&self, sms: bool) -> Vec<(Channel, Option<String>)> {
        let mut out = Vec::with_capacity(4);
        if self.can_sign_in {
            out.push((Channel::InApp, None));
        }
        if let Some(email) = self.email.as_ref().filter(|_| self.wants_email) {
            out.push((Channel::Email, Some(email.clone())));
        }
        if sms && self.wants_sms && !self.phone_digits.is_empty() {
            out.push((Channel::Sms, Some(self.phone_digits.clone())));
        }
        if let Some(chat) = self.telegram_chat.as_ref().filter(|_| self.wants_telegram) {
            out.push((Channel::Telegram, Some(chat.clone())));
        }
        out
    }
}

async fn recipient(conn: &mut AnyConnection, user: i64) -> Result<Recipient, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.lang, u.email, u.phone, \
                CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS can_sign_in, \
                COALESCE(p.email, 1) AS wants_email, COALESCE(p.sms, 1) AS wants_sms, \
                COALESCE(p.telegram, 1) AS wants_telegram, t.chat_id \
           FROM users u \
           LEFT JOIN notification_prefs p ON p.user_id = u.id \
           LEFT JOIN telegram_chats t ON t.user_id = u.id \
          WHERE u.id = $1",
    )
    .bind(user)
    .fetch_one(conn)
    .await?;
    let lang: String = row.try_get("lang")?;
    let phone: String = row.try_get("phone")?;
    Ok(Recipient {
        id: row.try_get("id")?,
        lang: if lang == "en" { "en" } else { "ru" },
        can_sign_in: row.try_get::<i64, _>("can_sign_in")? == 1,
        email: row.try_get("email")?,
        phone_digits: phone.chars().filter(char::is_ascii_digit).collect(),
        telegram_chat: row.try_get("chat_id")?,
        wants_email: row.try_get::<i64, _>("wants_email")? == 1,
        wants_sms: row.try_get::<i64, _>("wants_sms")? == 1,
        wants_telegram: row.try_get::<i64, _>("wants_telegram")? == 1,
    })
}

/// The facts about a visit that decide its messages.
struct Visit {
    id: i64,
    patient: i64,
    specialist_user: i64,
    start: i64,
    tz: Tz,
}

async fn visit(conn: &mut AnyConnection, id: i64) -> Result<Visit, sqlx::Error> {
    let row = sqlx::query(
        "SELECT a.id, a.patient_id, sp.user_id, a.start_at, c.tz \
           FROM appointments a \
           JOIN specialists sp ON sp.id = a.specialist_id \
           JOIN clinics c ON c.id = a.clinic_id \
          WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    let tz: String = row.try_get("tz")?;
    Ok(Visit {
        id: row.try_get("id")?,
        patient: row.try_get("patient_id")?,
        specialist_user: row.try_get("user_id")?,
        start: row.try_get("start_at")?,
        tz: priyom::parse_tz(&tz).map_err(|e| sqlx::Error::Protocol(e.to_string()))?,
    })
}

/// Writes the messages `event` on visit `appointment` causes. `actor` is who made the change
/// (`None` for a guest); nobody is told about their own action except the patient, whose
/// message is also their receipt.
pub async fn visit_changed(
    conn: &mut AnyConnection,
    appointment: i64,
    event: VisitEvent,
    actor: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let visit = visit(conn, appointment).await?;
    let kind = match &event {
        VisitEvent::Created => Kind::BookingCreated,
        VisitEvent::Confirmed => Kind::BookingConfirmed,
        VisitEvent::Cancelled => Kind::BookingCancelled,
        VisitEvent::Rescheduled { .. } => Kind::BookingRescheduled,
        VisitEvent::Completed => Kind::ReviewRequest,
    };
    let payload = match &event {
        VisitEvent::Rescheduled { from } => json!({ "from": from, "start": visit.start }),
        _ => json!({ "start": visit.start }),
    };
    let tell_specialist = matches!(
        event,
        VisitEvent::Created | VisitEvent::Cancelled | VisitEvent::Rescheduled { .. }
    ) && actor != Some(visit.specialist_user)
        && visit.specialist_user != visit.patient;
    let due = match event {
        VisitEvent::Completed => now + REVIEW_REQUEST_DELAY_S,
        _ => now,
    };

    let patient = recipient(conn, visit.patient).await?;
    let write = Write {
        visit: &visit,
        kind,
        payload: &payload,
        now,
    };
    write.to(conn, &patient, due, true).await?;
    if tell_specialist {
        let specialist = recipient(conn, visit.specialist_user).await?;
        write.to(conn, &specialist, due, false).await?;
    }

    match event {
        VisitEvent::Created => schedule_reminders(conn, &visit, &patient, now).await?,
        VisitEvent::Rescheduled { .. } => {
            drop_reminders(conn, visit.id, "the visit was moved", now).await?;
            schedule_reminders(conn, &visit, &patient, now).await?;
        }
        VisitEvent::Cancelled => {
            drop_reminders(conn, visit.id, "the visit was cancelled", now).await?
        }
        VisitEvent::Confirmed | VisitEvent::Completed => {}
    }
    Ok(())
}

/// The rows of one message for one person.
struct Write<'a> {
    visit: &'a Visit,
    kind: Kind,
    payload: &'a serde_json::Value,
    now: i64,
}

impl Write<'_> {
    /// Writes one row per channel of `person`, all due at `due`; an SMS that would fall into
    /// quiet hours waits for the morning (and a reminder that would then come after the
    /// visit is not sent by SMS at all).
    async fn to(
        &self,
        conn: &mut AnyConnection,
        person: &Recipient,
        due: i64,
        sms: bool,
    ) -> Result<(), sqlx::Error> {
        for (channel, address) in person.channels(sms) {
            let due_at = if channel == Channel::Sms {
                let released = QuietHours::default().release(due, self.visit.tz);
                if self.kind == Kind::Reminder && released >= self.visit.start {
                    continue;
                }
                released
            } else {
                due
            };
            let notice = NewNotice {
                user_id: Some(person.id),
                channel,
                address,
                kind: self.kind,
                appointment_id: Some(self.visit.id),
                lang: person.lang,
                payload: self.payload.clone(),
                due_at,
            };
            outbox::enqueue(&mut *conn, &notice, self.now).await?;
        }
        Ok(())
    }
}

/// The patient's reminders before the visit (24 h and 2 h by default; those already past are
/// skipped). Each names the start it was meant for, so a stale one is recognised at send time.
async fn schedule_reminders(
    conn: &mut AnyConnection,
    visit: &Visit,
    patient: &Recipient,
    now: i64,
) -> Result<(), sqlx::Error> {
    for reminder in reminders(visit.start, now, &DEFAULT_REMINDER_OFFSETS) {
        let payload = json!({ "start": visit.start, "offset": reminder.offset });
        let write = Write {
            visit,
            kind: Kind::Reminder,
            payload: &payload,
            now,
        };
        write.to(conn, patient, reminder.due, true).await?;
    }
    Ok(())
}

async fn drop_reminders(
    conn: &mut AnyConnection,
    appointment: i64,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    outbox::cancel_for_visit(
        &mut *conn,
        appointment,
        &[Kind::Reminder, Kind::ReviewRequest],
        reason,
        now,
    )
    .await?;
    Ok(())
}

/// A message that is not about a visit (password reset, Telegram linked) to the channels
/// given, each with its address from the person's record.
pub async fn to_person(
    conn: &mut AnyConnection,
    user: i64,
    kind: Kind,
    channels: &[Channel],
    payload: serde_json::Value,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let person = recipient(conn, user).await?;
    let mut written = 0;
    for (channel, address) in person.channels(true) {
        if !channels.contains(&channel) {
            continue;
        }
        let notice = NewNotice {
            user_id: Some(person.id),
            channel,
            address,
            kind,
            appointment_id: None,
            lang: person.lang,
            payload: payload.clone(),
            due_at: now,
        };
        outbox::enqueue(&mut *conn, &notice, now).await?;
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Recipient {
        Recipient {
            id: 1,
            lang: "ru",
            can_sign_in: true,
            email: Some("a@b.ru".into()),
            phone_digits: "79161234567".into(),
            telegram_chat: None,
            wants_email: true,
            wants_sms: true,
            wants_telegram: true,
        }
    }

    #[test]
    fn channels_follow_addresses_and_choices() {
        let all: Vec<Channel> = person().channels(true).into_iter().map(|c| c.0).collect();
        assert_eq!(all, vec![Channel::InApp, Channel::Email, Channel::Sms]);
        let guest = Recipient {
            can_sign_in: false,
            email: None,
            ..person()
        };
        let only: Vec<Channel> = guest.channels(true).into_iter().map(|c| c.0).collect();
        assert_eq!(only, vec![Channel::Sms]);
        let linked = Recipient {
            telegram_chat: Some("42".into()),
            wants_sms: false,
            ..person()
        };
        let chosen: Vec<Channel> = linked.channels(true).into_iter().map(|c| c.0).collect();
        assert_eq!(
            chosen,
            vec![Channel::InApp, Channel::Email, Channel::Telegram]
        );
        let staff: Vec<Channel> = person().channels(false).into_iter().map(|c| c.0).collect();
        assert!(!staff.contains(&Channel::Sms));
    }
}
