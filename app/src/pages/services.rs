//! The services catalog by category tree: prices, durations and preparation.

use crate::api::catalog::get_services;
use crate::components::error_notice::ErrorNotice;
use crate::format::price_label;
use crate::model::{ServiceCategory, ServiceItem};
use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

#[component]
pub fn ServicesPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let tree = Resource::new(move || lang, get_services);
    view! {
        <Title text=t.services_title />
        <Meta name="description" content=t.services_description />
        <Meta property="og:title" content=t.services_title />
        <Meta property="og:description" content=t.services_description />
        <Link rel="canonical" href="/services" />
        <section class="container section">
            <h1>{t.nav_services}</h1>
            <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match tree.await {
                        Ok(categories) => categories
                            .into_iter()
                            .map(|category| view! { <Category category level=2 /> })
                            .collect_view()
                            .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Category(category: ServiceCategory, level: u8) -> impl IntoView {
    let heading = if level <= 2 {
        view! { <h2>{category.name}</h2> }.into_any()
    } else {
        view! { <h3>{category.name}</h3> }.into_any()
    };
    let services = (!category.services.is_empty()).then(|| {
        view! {
            <ul class="service-list" role="list">
                {category.services.into_iter().map(|service| view! { <ServiceRow service /> }).collect_view()}
            </ul>
        }
    });
    let children = category
        .children
        .into_iter()
        .map(|child| view! { <Category category=child level=level + 1 /> }.into_any())
        .collect_view();
    view! { <section class="service-category">{heading}{services}{children}</section> }.into_any()
}

#[component]
fn ServiceRow(service: ServiceItem) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <li class="card service-row" id=service.slug.clone()>
            <div>
                <h4>{service.name}</h4>
                {(!service.description.is_empty()).then(|| view! { <p class="muted">{service.description.clone()}</p> })}
                {(!service.preparation.is_empty()).then(|| view! {
                    <p class="small"><strong>{t.preparation}": "</strong>{service.preparation.clone()}</p>
                })}
            </div>
            <div class="service-meta">
                <span class="price">{price_label(service.price_kopecks)}</span>
                <span class="muted">{(t.minutes)(service.duration_min)}</span>
                <a class="small" href=format!("/specialists?service={}", service.slug)>{t.nav_specialists}</a>
            </div>
        </li>
    }
}
