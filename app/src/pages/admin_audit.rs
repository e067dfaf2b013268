//! `/admin/audit`: the audit log for admins, filtered by a GET form (a shareable link).

use crate::api::admin::audit_log;
use crate::components::error_notice::ErrorNotice;
use crate::format::percent_encode;
use crate::model::AuditPage;
use crate::session::Guarded;
use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

const FILTERS: [&str; 5] = ["actor", "action", "entity", "from", "to"];

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.admin().audit_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Admin>
            <AuditView />
        </Guarded>
    }
}

#[component]
fn AuditView() -> impl IntoView {
    let lang = use_lang();
    let a = lang.admin();
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let log = Resource::new(
        move || {
            let v: Vec<String> = FILTERS.iter().map(|n| get(n)).collect();
            (v, get("page").parse::<i64>().unwrap_or(1))
        },
        |(v, page)| {
            audit_log(
                v[0].clone(),
                v[1].clone(),
                v[2].clone(),
                v[3].clone(),
                v[4].clone(),
                page,
            )
        },
    );
    let f = lang.front_desk();
    let field = move |name: &'static str, label: &'static str, kind: &'static str| {
        let id = format!("audit-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id name=name type=kind value=get(name) />
            </div>
        }
    };
    view! {
        <section class="container-wide section admin-page">
            <h1>{a.audit_title}</h1>
            <p class="lead">{a.audit_lead}</p>
            <form method="get" action="/admin/audit" class="search-form desk-filter">
                {field("actor", a.audit_actor, "search")}
                {field("action", a.audit_action, "text")}
                {field("entity", a.audit_entity, "text")}
                {field("from", f.from, "date")}
                {field("to", f.to, "date")}
                <button type="submit" class="button button-primary">{f.filter}</button>
            </form>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(data) => view! { <AuditTable data get /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AuditTable(
    data: AuditPage,
    get: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let (a, f) = (lang.admin(), lang.front_desk());
    let filters: Vec<String> = FILTERS
        .iter()
        .filter_map(|n| {
            let v = get(n);
            (!v.is_empty()).then(|| format!("{n}={}", percent_encode(&v)))
        })
        .collect();
    let base = filters.join("&");
    let link = move |page: i64| {
        let sep = if base.is_empty() { "" } else { "&" };
        format!("/admin/audit?{base}{sep}page={page}")
    };
    let (page, pages) = (data.page, data.pages);
    view! {
        <p class="muted">{f.found}": "{data.total}</p>
        {data.rows.is_empty().then(|| view! { <p class="empty-state">{a.audit_empty}</p> })}
        <div class="table-scroll">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{a.audit_when}</th>
                        <th scope="col">{a.audit_actor}</th>
                        <th scope="col">{a.audit_action}</th>
                        <th scope="col">{a.audit_entity}</th>
                        <th scope="col">{a.audit_details}</th>
                        <th scope="col">{a.audit_ip}</th>
                    </tr>
                </thead>
                <tbody>
                    {data.rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.when}</td>
                            <td>{r.actor}</td>
                            <td><code>{r.action}</code></td>
                            <td>{r.entity}</td>
                            <td>{r.details}</td>
                            <td>{r.ip}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=f.page>
            {(page > 1).then(|| view! { <a href=link(page - 1)>{f.prev_page}</a> })}
            <span>{f.page}" "{page}" / "{pages.max(1)}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1)>{f.next_page}</a> })}
        </nav>
    }
}
