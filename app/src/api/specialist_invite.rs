//! The specialist's invitation: what would be published, and the person's answer. The link's
//! token is the only credential: the person may have no password yet.

use crate::error::AppError;
use leptos::prelude::*;

/// What the invited person is asked to agree to publish.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvitationView {
    pub name: String,
    pub title: String,
    pub clinics: Vec<String>,
}

/// The invitation behind a link, while the link works.
#[server(endpoint = "specialist/invitation", input = server_fn::codec::GetUrl)]
pub async fn invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::server::{app_state, now_unix, repos::specialist_invite};
    crate::api::no_store();
    let state = app_state()?;
    let found = specialist_invite::open(&state.db, &token, now_unix())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(InvitationView {
        name: found.name,
        title: found.title,
        clinics: found.clinics,
    })
}

/// Agrees (`answer = "agree"`) to publish the profile or declines; spends the link.
#[server(endpoint = "specialist/invitation-answer")]
pub async fn answer_invitation(
    csrf: String,
    token: String,
    answer: String,
) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request};
    use crate::server::{app_state, now_unix, repos::specialist_invite};
    csrf::verify(&csrf)?;
    let t = crate::initial_lang().specialists_admin();
    let agree = match answer.as_str() {
        "agree" => true,
        "decline" => false,
        _ => return Err(AppError::Invalid(t.invite_dead.into())),
    };
    let state = app_state()?;
    let ip = request::client_ip();
    let Some(id) = specialist_invite::answer(&state.db, &token, agree, &ip, now_unix()).await?
    else {
        return Err(AppError::Invalid(t.invite_dead.into()));
    };
    tracing::info!(specialist = id, agree, "specialist answered the invitation");
    leptos_axum::redirect(if agree {
        "/specialist/invite?answer=agreed"
    } else {
        "/specialist/invite?answer=declined"
    });
    Ok(())
}
