//! Home: what Priyom is, the clinics, the specializations and some specialists.

use crate::api::catalog::get_home;
use crate::components::cards::SpecialistItem;
use crate::components::{error_notice::ErrorNotice, icons::SpecializationIcon};
use crate::format::phone_label;
use crate::model::{ClinicCard, HomeData, SpecializationCard};
use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let home = Resource::new(move || lang, get_home);
    view! {
        <Title text=t.home_title />
        <Meta name="description" content=t.home_description />
        <Meta property="og:title" content=t.home_title />
        <Meta property="og:description" content=t.home_description />
        <Meta property="og:type" content="website" />
        <section class="hero">
            <div class="container">
                <h1>{t.hero_title}</h1>
                <p class="lead">{t.hero_lead}</p>
                <a class="button button-primary button-large" href="/book">{t.book_cta}</a>
            </div>
        </section>
        <Suspense fallback=move || view! { <HomeSkeleton /> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(data) => view! { <HomeSections data /> }.into_any(),
                    Err(error) => view! { <div class="container"><ErrorNotice error /></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HomeSkeleton() -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <div class="container skeleton" aria-busy="true">
            <p class="visually-hidden">{t.loading}</p>
            <div class="skeleton-block"></div>
            <div class="skeleton-block"></div>
        </div>
    }
}

#[component]
fn HomeSections(data: HomeData) -> impl IntoView {
    let t = use_lang().texts();
    let HomeData {
        clinics,
        specializations,
        specialists,
    } = data;
    let clinics_view = if clinics.is_empty() {
        view! { <p class="empty">{t.empty_clinics}</p> }.into_any()
    } else {
        view! {
            <ul class="card-grid" role="list">
                {clinics.into_iter().map(|clinic| view! { <ClinicItem clinic /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let specializations_section = view! {
        <section id="specializations" class="section" aria-labelledby="specializations-heading">
            <div class="container">
                <h2 id="specializations-heading">{t.specializations_heading}</h2>
                <ul class="card-grid card-grid-small" role="list">
                    {specializations.into_iter().map(|item| view! { <SpecializationItem item /> }).collect_view()}
                </ul>
            </div>
        </section>
    }
    .into_any();
    let specialists_section = view! {
        <section id="specialists" class="section section-tinted" aria-labelledby="specialists-heading">
            <div class="container">
                <h2 id="specialists-heading">{t.specialists_heading}</h2>
                <ul class="card-grid" role="list">
                    {specialists.into_iter().map(|specialist| view! { <SpecialistItem specialist /> }).collect_view()}
                </ul>
            </div>
        </section>
    }
    .into_any();
    let clinics_section = view! {
        <section id="clinics" class="section" aria-labelledby="clinics-heading">
            <div class="container">
                <h2 id="clinics-heading">{t.clinics_heading}</h2>
                {clinics_view}
            </div>
        </section>
    }
    .into_any();
    view! { {specializations_section} {specialists_section} {clinics_section} }
}

#[component]
fn SpecializationItem(item: SpecializationCard) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <li class="card specialization-card">
            <span class="card-icon"><SpecializationIcon name=item.icon /></span>
            <h3><a class="card-link" href=format!("/specialists?specialization={}", item.slug)>{item.name}</a></h3>
            <p>{item.description}</p>
            <p class="muted">{(t.specialists_count)(item.specialist_count)}</p>
        </li>
    }
}

#[component]
fn ClinicItem(clinic: ClinicCard) -> impl IntoView {
    let t = use_lang().texts();
    let map_url = clinic.map_url();
    let phone_href = format!("tel:{}", clinic.phone);
    let phone_label = phone_label(&clinic.phone);
    let href = format!("/clinics/{}", clinic.slug);
    view! {
        <li class="card clinic-card">
            <h3><a class="card-link" href=href>{clinic.name}</a></h3>
            <p>{clinic.address}</p>
            <p><a href=phone_href>{phone_label}</a></p>
            <p class="muted">{(t.specialists_count)(clinic.specialist_count)}</p>
            <a class="link-arrow" href=map_url rel="external noopener" target="_blank">{t.map_link}</a>
        </li>
    }
}
