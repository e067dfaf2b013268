//! The page a specialist's invitation link opens: what would be published, agree or decline.

use crate::api::specialist_invite::{invitation, AnswerInvitation, InvitationView};
use crate::components::forms::{CsrfField, FormError, Outcome};
use crate::error::AppError;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn SpecialistInvitePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.specialists_admin();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let answer = move || query.with(|q| q.get("answer").unwrap_or_default());
    let found = Resource::new(token, |token| async move {
        if token.is_empty() {
            return Err(AppError::NotFound);
        }
        invitation(token).await
    });
    view! {
        <Title text=format!("{} | {}", t.invite_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section auth-page">
            <h1>{t.invite_title}</h1>
            {move || match answer().as_str() {
                "agreed" => view! { <p class="notice notice-success" role="status">{t.invite_agreed}</p> }.into_any(),
                "declined" => view! { <p class="notice" role="status">{t.invite_declined}</p> }.into_any(),
                _ => view! {
                    <Suspense fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                        {move || Suspend::new(async move {
                            match found.await {
                                Ok(view) => view! { <Invitation view token=token() /> }.into_any(),
                                Err(_) => view! { <p class="notice notice-error" role="alert">{t.invite_dead}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Invitation(view: InvitationView, token: String) -> impl IntoView {
    let t = use_lang().specialists_admin();
    let action = ServerAction::<AnswerInvitation>::new();
    let outcome: Outcome = action.value().into();
    let clinics = view.clinics.join(", ");
    // One form per answer: sent from JavaScript, form data leaves out which button was pressed.
    let answer = move |value: &'static str, label: &'static str, class: &'static str| {
        let token = token.clone();
        view! {
            <ActionForm action attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="answer" value=value />
                <button type="submit" class=class>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <p class="lead">{t.invite_lead}</p>
        <p><strong>{view.name}</strong>", "{view.title}</p>
        <dl class="summary">
            <dt>{t.invite_clinics}</dt><dd>{clinics}</dd>
        </dl>
        <FormError outcome />
        {answer("agree", t.invite_agree, "button button-primary")}
        {answer("decline", t.invite_decline, "button button-secondary")}
    }
}
