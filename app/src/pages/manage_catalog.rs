//! `/manage/catalog` (admins): specializations and the service-category tree — one plain form
//! per item plus one to add, errors beside the fields, works without JavaScript.

use crate::api::manage_catalog::{
    manage_catalog, CategoryForm, SaveCategory, SaveSpecialization, SpecializationForm,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{item_field_error, CsrfField, FormError, Outcome};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

#[component]
pub fn ManageCatalogPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.catalog_admin().title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Admin>
            <CatalogView />
        </Guarded>
    }
}

#[component]
fn CatalogView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalog_admin();
    let specialization = ServerAction::<SaveSpecialization>::new();
    let category = ServerAction::<SaveCategory>::new();
    let data = Resource::new(
        move || (specialization.version().get(), category.version().get()),
        |_| manage_catalog(),
    );
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("saved").is_some())
            || matches!(specialization.value().get(), Some(Ok(())))
            || matches!(category.value().get(), Some(Ok(())))
    };
    let specialization_outcome: Outcome = specialization.value().into();
    let category_outcome: Outcome = category.value().into();
    view! {
        <section class="container section manage-page">
            <h1>{t.title}</h1>
            <p class="lead">{t.lead}</p>
            <p class="notice notice-success" role="status" hidden=move || !saved()>{t.saved}</p>
            <FormError outcome=specialization_outcome />
            <FormError outcome=category_outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => {
                            let parents = data.categories.clone();
                            view! {
                                <h2>{t.specializations}</h2>
                                <ul class="manage-list" role="list">
                                    {data.specializations.into_iter().map(|s| view! {
                                        <SpecializationEditor item=Some(s) action=specialization />
                                    }).collect_view()}
                                    <SpecializationEditor item=None action=specialization />
                                </ul>
                                <h2>{t.categories}</h2>
                                <p class="muted">{t.categories_lead}</p>
                                <ul class="manage-list" role="list">
                                    {data.categories.into_iter().map(|c| view! {
                                        <CategoryEditor item=Some(c) parents=parents.clone() action=category />
                                    }).collect_view()}
                                    <CategoryEditor item=None parents action=category />
                                </ul>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A labelled text input with its error; `id` makes the element ids unique per item.
fn text_field(
    prefix: &'static str,
    id: i64,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let field_id = format!("{prefix}-{id}-{name}");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=field_id.clone()>{label}</label>
            <input id=field_id name=name type="text" value=value />
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The "shown on the site" box.
fn active_check(prefix: &'static str, id: i64, on: bool) -> impl IntoView {
    let t = use_lang().catalog_admin();
    let field_id = format!("{prefix}-{id}-active");
    view! {
        <div class="field field-check">
            <input id=field_id.clone() type="checkbox" name="active" value="on" checked=on />
            <label for=field_id>{t.active}</label>
        </div>
    }
}

/// One specialization's form, or (with `None`) the form that adds one.
#[component]
fn SpecializationEditor(
    item: Option<SpecializationForm>,
    action: ServerAction<SaveSpecialization>,
) -> impl IntoView {
    let t = use_lang().catalog_admin();
    let id = item.as_ref().map_or(0, |s| s.id);
    let s = item.clone().unwrap_or(SpecializationForm {
        id: 0,
        slug: String::new(),
        name: String::new(),
        name_en: String::new(),
        description: String::new(),
        description_en: String::new(),
        icon: "leaf".into(),
        active: true,
        specialists: 0,
    });
    let mine = move |field: &'static str| item_field_error(action, |s| s.id, id, field);
    let field =
        move |name, label, value| text_field("specialization", id, name, label, value, mine(name));
    let icon_id = format!("specialization-{id}-icon");
    let icon_error = mine("icon");
    let heading = match &item {
        Some(s) => view! {
            {s.name.clone()}
            <span class="muted">" · "{(t.used_by)(s.specialists)}</span>
            {(!s.active).then(|| view! { " " <span class="badge">{t.hidden_badge}</span> })}
        }
        .into_any(),
        None => t.new_specialization.into_any(),
    };
    view! {
        <li class="card manage-item" id=format!("specialization-{id}")>
            <h3>{heading}</h3>
            <ActionForm action attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                {field("name", t.name, s.name.clone())}
                {field("name_en", t.name_en, s.name_en.clone())}
                {field("description", t.description, s.description.clone())}
                {field("description_en", t.description_en, s.description_en.clone())}
                <div class="field" class:field-invalid=move || icon_error.get().is_some()>
                    <label for=icon_id.clone()>{t.icon}</label>
                    <select id=icon_id name="icon">
                        {priyom::catalog::ICONS.iter().map(|icon| view! {
                            <option value=*icon selected=*icon == s.icon>{*icon}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{move || icon_error.get()}</p>
                </div>
                {active_check("specialization", id, s.active)}
                <button type="submit" class="button button-primary">
                    {if item.is_some() { t.save } else { t.add }}
                </button>
            </ActionForm>
        </li>
    }
}

/// One category's form, or (with `None`) the form that adds one; `parents` is the tree.
#[component]
fn CategoryEditor(
    item: Option<CategoryForm>,
    parents: Vec<CategoryForm>,
    action: ServerAction<SaveCategory>,
) -> impl IntoView {
    let t = use_lang().catalog_admin();
    let id = item.as_ref().map_or(0, |c| c.id);
    let mine = move |field: &'static str| item_field_error(action, |c| c.id, id, field);
    let field =
        move |name, label, value| text_field("category", id, name, label, value, mine(name));
    let parent = item.as_ref().and_then(|c| c.parent);
    let parent_id = format!("category-{id}-parent");
    let parent_error = mine("parent");
    let indent = item.as_ref().map_or(0, |c| c.depth);
    let heading = match &item {
        Some(c) => view! {
            {"— ".repeat(indent)}{c.name.clone()}
            <span class="muted">" · "{(t.used_by)(c.services)}</span>
            {(!c.active).then(|| view! { " " <span class="badge">{t.hidden_badge}</span> })}
        }
        .into_any(),
        None => t.new_category.into_any(),
    };
    let c = item.clone();
    view! {
        <li class="card manage-item" id=format!("category-{id}")>
            <h3>{heading}</h3>
            <ActionForm action attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                {field("name", t.name, c.as_ref().map(|c| c.name.clone()).unwrap_or_default())}
                {field("name_en", t.name_en, c.as_ref().map(|c| c.name_en.clone()).unwrap_or_default())}
                <div class="field" class:field-invalid=move || parent_error.get().is_some()>
                    <label for=parent_id.clone()>{t.parent}</label>
                    <select id=parent_id name="parent">
                        <option value="" selected=parent.is_none()>{t.root}</option>
                        {parents.into_iter().filter(|p| p.id != id).map(|p| view! {
                            <option value=p.id selected=Some(p.id) == parent>
                                {"— ".repeat(p.depth)}{p.name}
                            </option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{move || parent_error.get()}</p>
                </div>
                {field("sort_order", t.sort_order, c.as_ref().map_or_else(|| "0".into(), |c| c.sort_order.to_string()))}
                {active_check("category", id, c.as_ref().is_none_or(|c| c.active))}
                <button type="submit" class="button button-primary">
                    {if item.is_some() { t.save } else { t.add }}
                </button>
            </ActionForm>
        </li>
    }
}
