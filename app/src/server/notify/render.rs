//! Message texts, rendered when a row is sent (so a reminder shows the visit as it is now), in
//! the recipient's language, with the visit's time in the clinic's zone. E-mail gets the whole
//! story (text and HTML); SMS and Telegram get a short line without service, specialist or
//! patient names; in-app notices get one readable line.

use super::outbox::Claimed;
use super::Kind;
use crate::i18n::notify::{NoticeTexts, EN, RU};
use crate::i18n::Lang;
use crate::server::db::Db;
use priyom::AppointmentStatus;
use sqlx::Row;

/// One message, ready for any channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The SMS / Telegram text.
    pub short: String,
    /// The line shown in the in-app list.
    pub headline: String,
    /// The visit's clinic zone and start, when the message is about a visit (quiet hours).
    pub visit: Option<(priyom::Tz, i64)>,
}

/// What to do with a claimed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Composed {
    Send(Box<Message>),
    /// Not wanted any more (a reminder of a visit that was cancelled or moved).
    Drop(&'static str),
}

/// A visit as its messages describe it.
#[derive(Debug, Clone)]
struct Facts {
    patient_id: i64,
    patient: String,
    specialist: String,
    service: String,
    clinic: String,
    address: String,
    preparation: String,
    cancel_reason: Option<String>,
    status: String,
    start: i64,
    tz: String,
    key: Option<String>,
}

async fn facts(db: &Db, lang: Lang, id: i64) -> Result<Option<Facts>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT a.patient_id, p.full_name AS patient, su.full_name AS specialist, \
                s.name, s.name_en, c.name AS clinic, c.name_en AS clinic_en, c.address, \
                c.address_en, s.preparation, s.preparation_en, a.cancel_reason, a.status, \
                a.start_at, c.tz, a.idempotency_key \
           FROM appointments a \
           JOIN users p ON p.id = a.patient_id \
           JOIN specialists sp ON sp.id = a.specialist_id \
           JOIN users su ON su.id = sp.user_id \
           JOIN services s ON s.id = a.service_id \
           JOIN clinics c ON c.id = a.clinic_id \
          WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let local = |column: &str| crate::server::db::localized(&row, lang, column);
    Ok(Some(Facts {
        patient_id: row.try_get("patient_id")?,
        patient: row.try_get("patient")?,
        specialist: row.try_get("specialist")?,
        service: local("name")?,
        clinic: local("clinic")?,
        address: local("address")?,
        preparation: local("preparation")?,
        cancel_reason: row.try_get("cancel_reason")?,
        status: row.try_get("status")?,
        start: row.try_get("start_at")?,
        tz: row.try_get("tz")?,
        key: row.try_get("idempotency_key")?,
    }))
}

fn texts(lang: Lang) -> &'static NoticeTexts {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

/// "пятница, 4 декабря 2026, 14:30" in the clinic's zone.
pub fn local_when(lang: Lang, tz: &str, instant: i64) -> String {
    priyom::parse_tz(tz)
        .ok()
        .and_then(|tz| priyom::utc_to_local(tz, instant))
        .map(|l| lang.booking().long_date_time(l.date, &l.time.to_string()))
        .unwrap_or_default()
}

/// The text of a claimed row, or why it is no longer wanted. `base_url` starts the links.
pub async fn compose(db: &Db, claim: &Claimed, base_url: &str) -> Result<Composed, sqlx::Error> {
    let lang = Lang::parse(&claim.lang).unwrap_or_default();
    let t = texts(lang);
    let Some(id) = claim.appointment_id else {
        return Ok(Composed::Send(Box::new(personal(claim, t, base_url))));
    };
    let Some(facts) = facts(db, lang, id).await? else {
        return Ok(Composed::Drop("the visit no longer exists"));
    };
    if claim.kind == Kind::Reminder {
        let active = AppointmentStatus::parse(&facts.status).is_ok_and(|s| s.is_active());
        let meant_for = claim.payload.get("start").and_then(|v| v.as_i64());
        if !active {
            return Ok(Composed::Drop("the visit is no longer active"));
        }
        if meant_for != Some(facts.start) {
            return Ok(Composed::Drop("the visit was moved"));
        }
    }
    let for_patient = claim.user_id == Some(facts.patient_id);
    Ok(Composed::Send(Box::new(about_visit(
        claim,
        lang,
        t,
        &facts,
        for_patient,
        base_url,
    ))))
}

/// The text of a message the back office relays by hand when its channel is not configured
/// (a demo, a clinic before its SMS or mail contract): a phone code, "number in use", a
/// specialist's invitation. Never a password reset: nobody but its owner sees that link.
pub fn relayed_text(
    kind: Kind,
    lang: &str,
    payload: &serde_json::Value,
    base_url: &str,
) -> Option<String> {
    let t = texts(Lang::parse(lang).unwrap_or_default());
    match kind {
        Kind::PhoneCode => {
            let code = payload.get("code").and_then(|v| v.as_str())?;
            Some(format!("{} {code}. {}", t.code_lead, t.code_warning))
        }
        Kind::PhoneInUse => Some(format!("{} {base_url}/signin", t.in_use_lead)),
        Kind::SpecialistInvite => {
            let token = payload.get("token").and_then(|v| v.as_str())?;
            Some(format!(
                "{}: {}",
                t.invite_subject,
                invite_link(base_url, token)
            ))
        }
        _ => None,
    }
}

fn invite_link(base_url: &str, token: &str) -> String {
    format!("{base_url}/specialist/invite?token={token}")
}

/// Messages that are not about a visit: the reset link, the Telegram greeting.
fn personal(claim: &Claimed, t: &NoticeTexts, base_url: &str) -> Message {
    match claim.kind {
        Kind::PasswordReset => {
            let token = claim
                .payload
                .get("token")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let link = format!("{base_url}/password/reset?token={token}");
            let text = format!(
                "{}\n\n{link}\n\n{}\n\n{}",
                t.reset_lead, t.reset_ignore, t.sign_off
            );
            let html = page(&[
                paragraph(t.reset_lead),
                button(&link, t.reset_action),
                paragraph(t.reset_ignore),
            ]);
            Message {
                subject: t.reset_subject.into(),
                text,
                html,
                short: format!("{}: {link}", t.reset_subject),
                headline: t.reset_subject.into(),
                visit: None,
            }
        }
        Kind::PhoneCode | Kind::PhoneInUse => {
            let text =
                relayed_text(claim.kind, &claim.lang, &claim.payload, base_url).unwrap_or_default();
            let subject = if claim.kind == Kind::PhoneCode {
                t.code_subject
            } else {
                t.in_use_lead
            };
            Message {
                subject: subject.into(),
                html: page(&[paragraph(&text)]),
                short: text.clone(),
                text,
                headline: subject.into(),
                visit: None,
            }
        }
        Kind::SpecialistInvite => {
            let token = claim
                .payload
                .get("token")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let link = invite_link(base_url, token);
            Message {
                subject: t.invite_subject.into(),
                text: format!("{}\n\n{link}\n\n{}", t.invite_lead, t.sign_off),
                html: page(&[paragraph(t.invite_lead), button(&link, t.invite_action)]),
                short: format!("{}: {link}", t.invite_subject),
                headline: t.invite_subject.into(),
                visit: None,
            }
        }
        _ => Message {
            subject: t.linked_subject.into(),
            text: format!("{}\n\n{}", t.linked_lead, t.sign_off),
            html: page(&[paragraph(t.linked_lead)]),
            short: t.linked_lead.into(),
            headline: t.linked_subject.into(),
            visit: None,
        },
    }
}

fn about_visit(
    claim: &Claimed,
    lang: Lang,
    t: &NoticeTexts,
    facts: &Facts,
    for_patient: bool,
    base_url: &str,
) -> Message {
    let when = local_when(lang, &facts.tz, facts.start);
    let was = claim
        .payload
        .get("from")
        .and_then(|v| v.as_i64())
        .map(|from| local_when(lang, &facts.tz, from));
    let link = match (&facts.key, for_patient, claim.kind) {
        (_, true, Kind::ReviewRequest) => format!("{base_url}/account/visits"),
        (Some(key), true, _) => format!("{base_url}/visits/{key}"),
        (_, true, _) => format!("{base_url}/account/visits"),
        (_, false, _) => format!("{base_url}/specialist/schedule"),
    };
    let (subject, lead, sms_word) = match (claim.kind, for_patient) {
        (Kind::BookingCreated, true) => (t.booked_subject, t.booked_lead, t.sms_booked),
        (Kind::BookingCreated, false) => (t.new_visit_subject, t.new_visit_lead, t.sms_new_visit),
        (Kind::BookingConfirmed, _) => (t.confirmed_subject, t.confirmed_lead, t.sms_confirmed),
        (Kind::BookingCancelled, _) => (t.cancelled_subject, t.cancelled_lead, t.sms_cancelled),
        (Kind::BookingRescheduled, _) => (t.moved_subject, t.moved_lead, t.sms_moved),
        (Kind::ReviewRequest, _) => (t.review_subject, t.review_lead, t.review_subject),
        _ => (t.reminder_subject, t.reminder_lead, t.sms_reminder),
    };

    let mut lines: Vec<(&str, String)> = vec![(t.when, format!("{when} ({})", t.time_zone_note))];
    if let Some(was) = &was {
        lines.push((t.was, was.clone()));
    }
    lines.push((t.service, facts.service.clone()));
    if for_patient {
        lines.push((t.specialist, facts.specialist.clone()));
    } else {
        lines.push((t.patient, facts.patient.clone()));
    }
    lines.push((t.clinic, format!("{}, {}", facts.clinic, facts.address)));
    if claim.kind == Kind::BookingCancelled {
        if let Some(reason) = facts
            .cancel_reason
            .as_ref()
            .filter(|r| !r.trim().is_empty())
        {
            lines.push((t.reason, reason.clone()));
        }
    }
    let preparation = (for_patient
        && matches!(
            claim.kind,
            Kind::BookingCreated | Kind::Reminder | Kind::BookingRescheduled
        )
        && !facts.preparation.trim().is_empty())
    .then(|| facts.preparation.clone());
    let awaiting = (for_patient
        && claim.kind == Kind::BookingCreated
        && facts.status == AppointmentStatus::Scheduled.as_str())
    .then_some(t.awaiting_confirmation);

    let mut text = format!("{lead}\n\n");
    for (label, value) in &lines {
        text.push_str(&format!("{label}: {value}\n"));
    }
    if let Some(note) = awaiting {
        text.push_str(&format!("\n{note}\n"));
    }
    if let Some(prep) = &preparation {
        text.push_str(&format!("\n{}: {prep}\n", t.preparation));
    }
    let action = if claim.kind == Kind::ReviewRequest {
        t.review_action
    } else {
        t.manage
    };
    text.push_str(&format!("\n{action}: {link}\n\n{}", t.sign_off));

    let mut blocks = vec![paragraph(lead), table(&lines)];
    if let Some(note) = awaiting {
        blocks.push(paragraph(note));
    }
    if let Some(prep) = &preparation {
        blocks.push(format!(
            "<p><strong>{}</strong><br>{}</p>",
            escape(t.preparation),
            escape(prep)
        ));
    }
    blocks.push(button(&link, action));

    // No names of people or services in SMS and Telegram: time, place and a link.
    let short = if claim.kind == Kind::ReviewRequest {
        format!("{}: {link}", t.review_lead)
    } else {
        format!(
            "{sms_word}: {when}, {}, {}. {link}",
            facts.clinic, facts.address
        )
    };
    Message {
        subject: format!("{subject}: {when}"),
        text,
        html: page(&blocks),
        short,
        headline: format!("{subject}: {}, {when}", facts.service),
        visit: priyom::parse_tz(&facts.tz).ok().map(|tz| (tz, facts.start)),
    }
}

/// Escapes text for HTML (and for Telegram's HTML parse mode).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn paragraph(text: &str) -> String {
    format!("<p>{}</p>", escape(text))
}

fn table(lines: &[(&str, String)]) -> String {
    let rows: String = lines
        .iter()
        .map(|(label, value)| {
            format!(
                "<tr><th align=\"left\" style=\"padding:4px 12px 4px 0;color:#475569\">{}</th>\
                 <td style=\"padding:4px 0\">{}</td></tr>",
                escape(label),
                escape(value)
            )
        })
        .collect();
    format!("<table role=\"presentation\" style=\"border-collapse:collapse\">{rows}</table>")
}

fn button(link: &str, label: &str) -> String {
    format!(
        "<p><a href=\"{}\" style=\"display:inline-block;padding:10px 18px;background:#0f766e;\
         color:#fff;border-radius:8px;text-decoration:none\">{}</a></p>",
        escape(link),
        escape(label)
    )
}

fn page(blocks: &[String]) -> String {
    format!(
        "<!DOCTYPE html><html><body style=\"font-family:-apple-system,Segoe UI,Roboto,Arial,\
         sans-serif;color:#0f172a;line-height:1.5\">{}</body></html>",
        blocks.concat()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn local_time_is_written_in_the_clinics_zone_and_language() {
        // 2026-12-04 11:30 UTC is 14:30 in Moscow.
        let instant = 1_796_383_800;
        assert_eq!(
            local_when(Lang::Ru, "Europe/Moscow", instant),
            "пятница, 4 декабря 2026, 14:30"
        );
        assert_eq!(
            local_when(Lang::En, "Europe/Berlin", instant),
            "Friday, 4 December 2026, 12:30"
        );
    }
}
