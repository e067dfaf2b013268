//! The specialists list (filters in the URL query, so a filtered list is a shareable link and
//! works without JavaScript) and a specialist's profile.

use crate::api::catalog::{get_specialist, list_specialists};
use crate::components::cards::SpecialistItem;
use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;
use crate::format::price_label;
use crate::model::{NamedLink, SpecialistFilter, SpecialistList, SpecialistProfile};
use crate::pages::not_found::NotFound;
use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SpecialistsPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| SpecialistFilter {
            specialization: q.get("specialization").unwrap_or_default(),
            clinic: q.get("clinic").unwrap_or_default(),
            service: q.get("service").unwrap_or_default(),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
        })
    };
    let list = Resource::new(
        move || (lang, filter()),
        |(lang, f)| list_specialists(lang, f),
    );
    view! {
        <Title text=t.specialists_title />
        <Meta name="description" content=t.specialists_description />
        <Meta property="og:title" content=t.specialists_title />
        <Meta property="og:description" content=t.specialists_description />
        <Link rel="canonical" href="/specialists" />
        <section class="container section">
            <h1>{t.nav_specialists}</h1>
            <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    let current = filter();
                    match list.await {
                        Ok(data) => view! { <SpecialistResults data filter=current /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SpecialistResults(data: SpecialistList, filter: SpecialistFilter) -> impl IntoView {
    let t = use_lang().texts();
    let per_page = i64::from(SpecialistFilter::PER_PAGE);
    let pages = u32::try_from((data.total + per_page - 1) / per_page)
        .unwrap_or(1)
        .max(1);
    let page = filter.page.min(pages);
    let results = if data.items.is_empty() {
        view! { <p class="empty">{t.no_specialists_found}</p> }.into_any()
    } else {
        view! {
            <ul class="card-grid" role="list">
                {data.items.into_iter().map(|specialist| view! { <SpecialistItem specialist /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <form class="filters card" method="get" action="/specialists">
            <fieldset>
                <legend>{t.filter_legend}</legend>
                <FilterSelect name="specialization" label=t.filter_specialization options=data.specializations selected=filter.specialization.clone() />
                <FilterSelect name="clinic" label=t.filter_clinic options=data.clinics selected=filter.clinic.clone() />
                <FilterSelect name="service" label=t.filter_service options=data.services selected=filter.service.clone() />
                <div class="filter-actions">
                    <button class="button button-primary" type="submit">{t.filter_apply}</button>
                    <a class="button button-ghost" href="/specialists">{t.filter_reset}</a>
                </div>
            </fieldset>
        </form>
        <p class="muted" role="status">{(t.found_count)(data.total)}</p>
        {results}
        <Pagination filter page pages />
    }
}

#[component]
fn FilterSelect(
    name: &'static str,
    label: &'static str,
    options: Vec<NamedLink>,
    selected: String,
) -> impl IntoView {
    let t = use_lang().texts();
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_empty()>{t.filter_any}</option>
                {options
                    .into_iter()
                    .map(|o| {
                        let is_selected = o.slug == selected;
                        view! { <option value=o.slug selected=is_selected>{o.name}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Pagination(filter: SpecialistFilter, page: u32, pages: u32) -> impl IntoView {
    let t = use_lang().texts();
    (pages > 1).then(|| {
        let prev = (page > 1).then(|| format!("/specialists{}", filter.query(page - 1)));
        let next = (page < pages).then(|| format!("/specialists{}", filter.query(page + 1)));
        view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {prev.map(|href| view! { <a class="button button-ghost" href=href rel="prev">{t.prev_page}</a> })}
                <span aria-current="page">{(t.page_of)(page, pages)}</span>
                {next.map(|href| view! { <a class="button button-ghost" href=href rel="next">{t.next_page}</a> })}
            </nav>
        }
    })
}

#[component]
pub fn SpecialistPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let profile = Resource::new(
        move || (lang, slug()),
        |(lang, slug)| get_specialist(lang, slug),
    );
    view! {
        <Suspense fallback=move || view! { <p class="container" aria-busy="true">{lang.texts().loading}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! { <SpecialistProfileView profile /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <div class="container"><ErrorNotice error /></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SpecialistProfileView(profile: SpecialistProfile) -> impl IntoView {
    let t = use_lang().texts();
    let SpecialistProfile {
        card,
        bio,
        education,
        certificates,
        specializations,
        clinics,
        services,
        reviews,
    } = profile;
    let title = format!("{} — {} | {}", card.name, card.title, t.site_name);
    let description: String = bio.chars().take(160).collect();
    let canonical = format!("/specialists/{}", card.slug);
    let photo = card
        .photo_url
        .clone()
        .unwrap_or_else(|| "/img/specialists/default.svg".into());
    let rating = (card.review_count > 0).then(|| card.rating_label());
    // Booking starts with this specialist (and their clinic, when they work at one) preset.
    let preset = match clinics.as_slice() {
        [only] => format!("clinic={}&specialist={}", only.slug, card.slug),
        _ => format!("specialist={}", card.slug),
    };
    let book_href = move |service: &str| {
        if service.is_empty() {
            format!("/book?{preset}")
        } else {
            format!("/book?service={service}&{preset}")
        }
    };
    let header = view! {
        <header class="profile-header">
            <img class="avatar avatar-large" src=photo.clone() alt=card.name.clone() width="160" height="160" />
            <div>
                <h1>{card.name.clone()}</h1>
                <p class="lead">{card.title.clone()}</p>
                {card.years_of_practice.map(|y| view! { <p>{(t.years_of_practice)(y)}</p> })}
                <p class="rating">
                    {rating.map(|r| view! { <span class="stars" aria-hidden="true">"★ "</span><strong aria-label=(t.rating_of_five)(&r)>{r.clone()}</strong>" · " })}
                    {if card.review_count > 0 { (t.reviews_count)(card.review_count) } else { t.no_reviews_yet.to_string() }}
                </p>
                <ul class="tags" role="list">
                    {specializations.into_iter().map(|s| view! {
                        <li><a class="tag" href=format!("/specialists?specialization={}", s.slug)>{s.name}</a></li>
                    }).collect_view()}
                </ul>
                <p><a class="button button-primary" href=book_href("")>{t.book_cta}</a></p>
            </div>
        </header>
    }
    .into_any();
    let about = view! {
        <section aria-labelledby="about-heading">
            <h2 id="about-heading">{t.profile_about}</h2>
            <p>{bio}</p>
            <h3>{t.profile_education}</h3>
            <p>{education}</p>
            {(!certificates.is_empty()).then(|| view! {
                <h3>{t.profile_certificates}</h3>
                <ul>{certificates.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            })}
            <h3>{t.profile_clinics}</h3>
            <ul>
                {clinics.into_iter().map(|c| view! { <li><a href=format!("/clinics/{}", c.slug)>{c.name}</a></li> }).collect_view()}
            </ul>
        </section>
    }
    .into_any();
    let price_list = view! {
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">{t.profile_services}</h2>
            <table class="price-table">
                <tbody>
                    {services.into_iter().map(|s| {
                        let label = format!("{} — {}", t.book_online, s.name);
                        view! {
                        <tr>
                            <th scope="row">{s.name}</th>
                            <td class="muted">{(t.minutes)(s.duration_min)}</td>
                            <td class="price">{price_label(s.price_kopecks)}</td>
                            <td><a class="button button-secondary button-small" href=book_href(&s.slug) aria-label=label>{t.book_online}</a></td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any();
    let reviews_view = view! {
        <section aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">{t.profile_reviews}</h2>
            {if reviews.is_empty() {
                view! { <p class="empty">{t.no_reviews_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="reviews" role="list">
                        {reviews.into_iter().map(|r| view! {
                            <li class="card review">
                                <p class="rating">
                                    <span class="stars" aria-label=(t.rating_of_five)(&r.rating.to_string())>{"★".repeat(r.rating.clamp(0, 5) as usize)}</span>
                                    {r.verified.then(|| view! { <span class="badge">{t.verified_visit}</span> })}
                                </p>
                                <p>{r.comment}</p>
                                <p class="muted small">{r.author}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any();
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta property="og:type" content="profile" />
        <Meta property="og:image" content=photo />
        <Link rel="canonical" href=canonical />
        <article class="container section profile">
            {header}
            <div class="profile-grid">
                <div>{about}{reviews_view}</div>
                <div>{price_list}</div>
            </div>
        </article>
    }
}
