//! Cards and small formatters shared by catalog pages.

use crate::model::SpecialistCard;
use crate::use_lang;
use leptos::prelude::*;

#[component]
pub fn SpecialistItem(specialist: SpecialistCard) -> impl IntoView {
    let t = use_lang().texts();
    let rating = (specialist.review_count > 0).then(|| specialist.rating_label());
    let reviews = if specialist.review_count > 0 {
        (t.reviews_count)(specialist.review_count)
    } else {
        t.no_reviews_yet.to_string()
    };
    let href = format!("/specialists/{}", specialist.slug);
    view! {
        <li class="card specialist-card">
            <img
                class="avatar"
                src=specialist.photo_url.clone().unwrap_or_else(|| "/img/specialists/default.svg".into())
                alt=""
                width="88"
                height="88"
                loading="lazy"
            />
            <div>
                <h3><a class="card-link" href=href>{specialist.name}</a></h3>
                <p class="muted">{specialist.title}</p>
                {specialist.years_of_practice.map(|years| view! { <p class="small">{(t.years_of_practice)(years)}</p> })}
                <p class="small rating">
                    {rating.map(|r| view! {
                        <span class="stars" aria-hidden="true">"★ "</span>
                        <strong aria-label=(t.rating_of_five)(&r)>{r.clone()}</strong>
                        " · "
                    })}
                    {reviews}
                </p>
            </div>
        </li>
    }
}
