//! A clinic: address, phone, opening hours in the clinic's zone, map link, its specialists.

use crate::api::catalog::get_clinic;
use crate::components::cards::SpecialistItem;
use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;
use crate::format::phone_label;
use crate::model::{hhmm, ClinicPage};
use crate::pages::not_found::NotFound;
use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClinicPageView() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let clinic = Resource::new(
        move || (lang, slug()),
        |(lang, slug)| get_clinic(lang, slug),
    );
    view! {
        <Suspense fallback=move || view! { <p class="container" aria-busy="true">{lang.texts().loading}</p> }>
            {move || Suspend::new(async move {
                match clinic.await {
                    Ok(page) => view! { <ClinicView page /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <div class="container"><ErrorNotice error /></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClinicView(page: ClinicPage) -> impl IntoView {
    let t = use_lang().texts();
    let ClinicPage {
        card,
        email,
        hours,
        specialists,
    } = page;
    let title = format!("{} | {}", card.name, t.site_name);
    let description = format!("{}. {}", card.name, card.address);
    let map_url = card.map_url();
    let hours_rows = (0..7)
        .map(|day| {
            let text = hours
                .iter()
                .find(|h| h.weekday == day)
                .map(|h| format!("{}–{}", hhmm(h.open_min), hhmm(h.close_min)))
                .unwrap_or_else(|| t.closed.to_string());
            view! { <tr><th scope="row">{(t.weekday)(day)}</th><td>{text}</td></tr> }
        })
        .collect_view();
    let contacts = view! {
        <section class="card" aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">{t.clinic_contacts}</h2>
            <p>{card.address.clone()}</p>
            <p><a href=format!("tel:{}", card.phone)>{phone_label(&card.phone)}</a></p>
            {email.map(|e| view! { <p><a href=format!("mailto:{e}")>{e.clone()}</a></p> })}
            <a class="link-arrow" href=map_url rel="external noopener" target="_blank">{t.map_link}</a>
        </section>
    }
    .into_any();
    let opening = view! {
        <section class="card" aria-labelledby="hours-heading">
            <h2 id="hours-heading">{t.clinic_hours}</h2>
            <table class="hours-table"><tbody>{hours_rows}</tbody></table>
            <p class="muted small">{(t.local_time_note)(&card.tz)}</p>
        </section>
    }
    .into_any();
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Link rel="canonical" href=format!("/clinics/{}", card.slug) />
        <article class="container section">
            <h1>{card.name.clone()}</h1>
            <p><a class="button button-primary" href=format!("/book?clinic={}", card.slug)>{t.book_cta}</a></p>
            <div class="two-columns">{contacts}{opening}</div>
            <section class="section" aria-labelledby="clinic-specialists-heading">
                <h2 id="clinic-specialists-heading">{t.clinic_specialists}</h2>
                <ul class="card-grid" role="list">
                    {specialists.into_iter().map(|specialist| view! { <SpecialistItem specialist /> }).collect_view()}
                </ul>
            </section>
        </article>
    }
}
