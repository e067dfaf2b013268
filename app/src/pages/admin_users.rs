//! Admin: find users, grant and revoke roles, end sessions. Works without JavaScript: the
//! search is a GET form (a shareable link) and each change is its own small form.

use crate::api::admin::{find_users, EndSessions, SetRole};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{CsrfField, FormError, Outcome};
use crate::format::phone_label;
use crate::model::{GrantView, UserSearch, UserSummary};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.admin().users_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Admin>
            <UsersView />
        </Guarded>
    }
}

/// The two actions every row's forms dispatch.
#[derive(Clone, Copy)]
struct Actions {
    set_role: ServerAction<SetRole>,
    end_sessions: ServerAction<EndSessions>,
}

#[component]
fn UsersView() -> impl IntoView {
    let lang = use_lang();
    let a = lang.admin();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let actions = Actions {
        set_role: ServerAction::<SetRole>::new(),
        end_sessions: ServerAction::<EndSessions>::new(),
    };
    let results = Resource::new(
        move || {
            let versions = (
                actions.set_role.version().get(),
                actions.end_sessions.version().get(),
            );
            (q(), versions)
        },
        |(q, _)| find_users(q),
    );
    let role_outcome: Outcome = actions.set_role.value().into();
    let sessions_outcome: Outcome = actions.end_sessions.value().into();
    view! {
        <section class="container section admin-page">
            <h1>{a.users_title}</h1>
            <p class="lead">{a.users_lead}</p>
            <p class="actions">
                <a href="/admin/notifications">{a.nav_outbox}</a>
                <a href="/admin/audit">{a.nav_audit}</a>
                <a href="/admin/api-keys">{lang.api_keys().title}</a>
                <a href="/manage/pages">{lang.content_editor().title}</a>
                <a href="/manage/catalog">{lang.catalog_admin().title}</a>
                <a href="/manage/clinics">{lang.clinics_admin().title}</a>
            </p>
            <form method="get" action="/admin/users" class="search-form" role="search">
                <div class="field">
                    <label for="user-search">{a.search_label}</label>
                    <input id="user-search" name="q" type="search" value=q aria-describedby="user-search-hint" />
                    <p class="field-hint" id="user-search-hint">{a.search_hint}</p>
                </div>
                <button type="submit" class="button button-primary">{a.search_button}</button>
            </form>
            <FormError outcome=role_outcome />
            <FormError outcome=sessions_outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(data) => view! { <UserList data actions empty_query=q().trim().chars().count() < 2 /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UserList(data: UserSearch, actions: Actions, empty_query: bool) -> impl IntoView {
    let a = use_lang().admin();
    if data.users.is_empty() {
        let text = if empty_query {
            a.type_to_search
        } else {
            a.nothing_found
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let clinics = data.clinics;
    view! {
        <ul class="user-list" role="list">
            {data
                .users
                .into_iter()
                .map(|user| view! { <UserItem user clinics=clinics.clone() actions /> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn UserItem(user: UserSummary, clinics: Vec<(i64, String)>, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let (a, auth) = (lang.admin(), lang.auth());
    let heading_id = format!("user-{}", user.id);
    let user_id = user.id.to_string();
    let grants = if user.grants.is_empty() {
        view! { <p class="muted">{a.no_roles}</p> }.into_any()
    } else {
        view! {
            <ul class="grant-list" role="list">
                {user
                    .grants
                    .into_iter()
                    .map(|grant| view! { <GrantItem grant user_id=user.id actions /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let role_options = Role::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str()>{(auth.role_name)(*r)}</option> })
        .collect_view();
    let clinic_options = clinics
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
        .collect_view();
    let role_select = format!("grant-role-{}", user.id);
    let labelled_by = heading_id.clone();
    let grant_user_id = user_id.clone();
    let clinic_select = format!("grant-clinic-{}", user.id);
    view! {
        <li class="card user-card" aria-labelledby=labelled_by>
            <h2 id=heading_id class="user-name">{user.full_name}</h2>
            <p class="muted">
                {phone_label(&user.phone)}
                {user.email.map(|e| format!(" · {e}"))}
            </p>
            <h3>{a.roles_of}</h3>
            {grants}
            <ActionForm action=actions.set_role attr:class="grant-form">
                <CsrfField />
                <input type="hidden" name="user_id" value=grant_user_id />
                <input type="hidden" name="change" value="grant" />
                <fieldset>
                    <legend>{a.grant_legend}</legend>
                    <div class="field">
                        <label for=role_select.clone()>{a.role_label}</label>
                        <select id=role_select name="role">{role_options}</select>
                    </div>
                    <div class="field">
                        <label for=clinic_select.clone()>{a.clinic_label}</label>
                        <select id=clinic_select name="clinic_id">
                            <option value="">{a.clinic_none}</option>
                            {clinic_options}
                        </select>
                    </div>
                    <button type="submit" class="button button-primary">{a.grant}</button>
                </fieldset>
            </ActionForm>
            <ActionForm action=actions.end_sessions attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="user_id" value=user_id />
                <button type="submit" class="button button-danger-outline">{a.end_sessions}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn GrantItem(grant: GrantView, user_id: i64, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let (a, auth) = (lang.admin(), lang.auth());
    let label = match &grant.clinic_name {
        Some(clinic) => format!("{} — {clinic}", (auth.role_name)(grant.role)),
        None => (auth.role_name)(grant.role).to_string(),
    };
    let revoke_label = format!("{}: {label}", a.revoke);
    view! {
        <li class="grant">
            <span>{label}</span>
            <ActionForm action=actions.set_role attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <input type="hidden" name="role" value=grant.role.as_str() />
                <input type="hidden" name="clinic_id" value=grant.clinic_id.map(|c| c.to_string()).unwrap_or_default() />
                <input type="hidden" name="change" value="revoke" />
                <button type="submit" class="link-button" aria-label=revoke_label>{a.revoke}</button>
            </ActionForm>
        </li>
    }
}
