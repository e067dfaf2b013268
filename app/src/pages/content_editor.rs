//! `/manage/pages`: admins edit the site's content pages — the list with drafts, and the
//! editor (`/manage/pages/edit?slug=…&lang=…`) with a live preview rendered by the same
//! sanitising Markdown renderer as the public page. Plain forms: works without JavaScript.

use crate::api::content::{content_page, content_pages, preview_markdown, PageDraft, SavePage};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, FormError, Outcome};
use crate::error::AppError;
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;
use std::time::Duration;

/// How long typing must pause before the preview is redrawn.
const PREVIEW_PAUSE: Duration = Duration::from_millis(400);

#[component]
fn EditorFrame(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let lang = use_lang();
    let children = StoredValue::new(children);
    view! {
        <Title text=format!("{title} | {}", lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Admin>{move || children.with_value(|c| c())}</Guarded>
    }
}

#[component]
pub fn ContentPagesPage() -> impl IntoView {
    view! {
        <EditorFrame title=use_lang().content_editor().title>
            <PagesList />
        </EditorFrame>
    }
}

#[component]
fn PagesList() -> impl IntoView {
    let lang = use_lang();
    let t = lang.content_editor();
    let pages = Resource::new(|| (), |_| content_pages());
    view! {
        <section class="container section manage-page">
            <h1>{t.title}</h1>
            <p class="lead">{t.lead}</p>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match pages.await {
                        Ok(list) if list.is_empty() => view! { <p>{t.none}</p> }.into_any(),
                        Ok(list) => view! { <PagesTable list /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <form method="get" action="/manage/pages/edit" class="card form manage-form">
                <h2>{t.new_page}</h2>
                <div class="field">
                    <label for="new-slug">{t.slug}</label>
                    <input id="new-slug" name="slug" type="text" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength="60" aria-describedby="new-slug-hint" />
                    <p class="field-hint" id="new-slug-hint">{t.slug_hint}</p>
                </div>
                <div class="field">
                    <label for="new-lang">{t.lang}</label>
                    <select id="new-lang" name="lang">
                        <option value="ru">"Русский"</option>
                        <option value="en">"English"</option>
                    </select>
                </div>
                <button type="submit" class="button button-secondary">{t.open_editor}</button>
            </form>
        </section>
    }
}

#[component]
fn PagesTable(list: Vec<PageDraft>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.content_editor();
    view! {
        <table class="table">
            <thead><tr><th>{t.slug}</th><th>{t.lang}</th><th>{t.page_title}</th><th></th></tr></thead>
            <tbody>
                {list.into_iter().map(|p| {
                    let edit = format!("/manage/pages/edit?slug={}&lang={}", p.slug, p.lang);
                    view! {
                        <tr>
                            <td><code>{format!("/pages/{}", p.slug)}</code></td>
                            <td>{p.lang.clone()}</td>
                            <td>
                                {p.title.clone()}
                                {(!p.published).then(|| view! { " " <span class="badge">{t.draft_badge}</span> })}
                            </td>
                            <td><a href=edit>{t.edit_title}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn ContentEditPage() -> impl IntoView {
    view! {
        <EditorFrame title=use_lang().content_editor().edit_title>
            <EditView />
        </EditorFrame>
    }
}

#[component]
fn EditView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.content_editor();
    let query = use_query_map();
    let key = move || {
        query.with(|q| {
            (
                q.get("slug").unwrap_or_default(),
                q.get("lang").unwrap_or_else(|| "ru".into()),
            )
        })
    };
    let page = Resource::new(key, |(slug, lang)| content_page(slug, lang));
    view! {
        <section class="container section manage-page">
            <p><a href="/manage/pages">{t.back}</a></p>
            <h1>{t.edit_title}</h1>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(draft) => view! { <PageEditor draft /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PageEditor(draft: PageDraft) -> impl IntoView {
    let t = use_lang().content_editor();
    let save = ServerAction::<SavePage>::new();
    let outcome: Outcome = save.value().into();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    // The first preview comes with the page (rendered on the server), so hydration finds
    // exactly what the server sent; later ones are fetched once typing pauses.
    let preview = RwSignal::new(Ok::<String, AppError>(draft.preview_html.clone()));
    let typed = StoredValue::new(0u64);
    let refresh = move |value: String| {
        let n = typed.get_value() + 1;
        typed.set_value(n);
        set_timeout(
            move || {
                if typed.get_value() != n {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let html = if value.trim().is_empty() {
                        Ok(String::new())
                    } else {
                        preview_markdown(value).await
                    };
                    if typed.get_value() == n {
                        preview.set(html);
                    }
                });
            },
            PREVIEW_PAUSE,
        );
    };
    let on_input = move |ev: leptos::ev::Event| refresh(event_target_value(&ev));
    // Text typed before the page hydrated fired no input event: catch the preview up once.
    let body = NodeRef::<leptos::html::Textarea>::new();
    let original = draft.body_md.replace("\r\n", "\n");
    Effect::new(move |_| {
        if let Some(area) = body.get() {
            let value = area.value();
            if value != original {
                refresh(value);
            }
        }
    });
    let public = format!("/pages/{}", draft.slug);
    let error = move |field: &'static str| field_error(outcome, field);
    let text = move |name: &'static str, label: &'static str, value: String, max: &'static str| {
        let error = error(name);
        let id = format!("page-{name}");
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=id.clone()>{label}</label>
                <input id=id name=name type="text" value=value maxlength=max />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let body_error = error("body_md");
    view! {
        <p class="muted">
            <code>{public.clone()}</code>" · "{draft.lang.clone()}
            {(!draft.new && draft.published).then(|| view! { " · " <a href=public.clone()>{t.view_public}</a> })}
        </p>
        <p class="notice notice-success" role="status" hidden=move || !saved()>{t.saved}</p>
        <FormError outcome />
        <div class="editor-grid">
            <ActionForm action=save attr:class="form card page-form">
                <CsrfField />
                <input type="hidden" name="slug" value=draft.slug.clone() />
                <input type="hidden" name="lang" value=draft.lang.clone() />
                <p class="field-error" aria-live="polite">{move || error("slug").get()}</p>
                {text("title", t.page_title, draft.title.clone(), "200")}
                {text("seo_description", t.seo, draft.seo_description.clone(), "300")}
                <div class="field" class:field-invalid=move || body_error.get().is_some()>
                    <label for="page-body">{t.body}</label>
                    <textarea id="page-body" name="body_md" rows="18" aria-describedby="page-body-hint" node_ref=body on:input=on_input>
                        {draft.body_md.clone()}
                    </textarea>
                    <p class="field-hint" id="page-body-hint">{t.body_hint}</p>
                    <p class="field-error" aria-live="polite">{move || body_error.get()}</p>
                </div>
                <div class="field field-check">
                    <input id="page-published" type="checkbox" name="published" value="on" checked=draft.published />
                    <label for="page-published">{t.published}</label>
                </div>
                <button type="submit" class="button button-primary">{t.save}</button>
            </ActionForm>
            <section class="card preview" aria-labelledby="preview-title" aria-live="polite">
                <h2 id="preview-title">{t.preview}</h2>
                <p class="field-hint">{t.preview_hint}</p>
                {move || match preview.get() {
                    // Rendered on the server with raw HTML dropped, as the public page.
                    Ok(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }}
            </section>
        </div>
    }
}
