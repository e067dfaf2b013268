//! Editable content pages (about, privacy policy, contacts), Markdown rendered on the server.

use crate::api::catalog::get_content_page;
use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ContentPageView() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let page = Resource::new(
        move || (lang, slug()),
        |(lang, slug)| get_content_page(lang, slug),
    );
    view! {
        <Suspense fallback=move || view! { <p class="container" aria-busy="true">{lang.texts().loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let title = format!("{} | {}", page.title, lang.texts().site_name);
                        view! {
                            <Title text=title.clone() />
                            <Meta name="description" content=page.seo_description.clone() />
                            <Meta property="og:title" content=title />
                            <Meta property="og:description" content=page.seo_description.clone() />
                            <Link rel="canonical" href=format!("/pages/{}", page.slug) />
                            <article class="container narrow section prose">
                                <h1>{page.title.clone()}</h1>
                                // Rendered from Markdown on the server with raw HTML dropped.
                                <div inner_html=page.html.clone()></div>
                            </article>
                        }
                        .into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <div class="container"><ErrorNotice error /></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
