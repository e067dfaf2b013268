//! Priyom's UI: the app shell, routes, pages and server functions shared by server rendering
//! and hydration. Server-only code (database, repositories) lives in `server` behind `ssr`.

// Release builds keep full view types (no `erase_components`), and deep pages need more
// room than the default type-layout recursion limit.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod format;
pub mod i18n;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod server;
pub mod session;

use components::layout::Layout;
use i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};
use pages::{
    booking::BookingPage,
    home::HomePage,
    lazy,
    not_found::NotFound,
    specialists::{SpecialistPage, SpecialistsPage},
};

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    #[cfg(feature = "ssr")]
    let csrf = server::auth::csrf::ensure_token();
    #[cfg(not(feature = "ssr"))]
    let csrf = String::new();
    provide_context(components::forms::CsrfToken(RwSignal::new(csrf.clone())));
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f766e" />
                <meta name="csrf-token" content=csrf />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = initial_lang();
    provide_context(lang);
    provide_context(components::forms::CsrfToken(RwSignal::new(initial_csrf())));
    session::provide_session();
    // Tests and scripts wait for this marker instead of sleeping.
    Effect::new(move |_| mark_hydrated());
    view! {
        <Stylesheet id="leptos" href="/pkg/priyom.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/specialists") view=SpecialistsPage ssr=SsrMode::Async />
                    <Route path=path!("/specialists/:slug") view=SpecialistPage ssr=SsrMode::Async />
                    <Route path=path!("/clinics/:slug") view={Lazy::<lazy::Clinic>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/services") view={Lazy::<lazy::Services>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/pages/:slug") view={Lazy::<lazy::Content>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signin") view={Lazy::<lazy::SignIn>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/register") view={Lazy::<lazy::Register>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<lazy::Account>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view={Lazy::<lazy::AdminUsers>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/notifications") view={Lazy::<lazy::AdminOutbox>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<lazy::AdminAudit>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/api-keys") view={Lazy::<lazy::AdminApiKeys>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/notifications") view={Lazy::<lazy::Notices>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view={Lazy::<lazy::ForgotPassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/password/reset") view={Lazy::<lazy::ResetPassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/book") view=BookingPage ssr=SsrMode::Async />
                    <Route path=path!("/visits/:key") view={Lazy::<lazy::Booked>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/visits") view={Lazy::<lazy::MyVisits>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/visits/:id/move") view={Lazy::<lazy::MoveVisit>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/visits/:id/review") view={Lazy::<lazy::Review>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/specialist/invite") view={Lazy::<lazy::SpecialistInvite>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/specialist/schedule") view={Lazy::<lazy::DeskSchedule>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/specialist/hours") view={Lazy::<lazy::DeskHours>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/desk/reviews") view={Lazy::<lazy::ReviewQueue>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/frontdesk") view={Lazy::<lazy::FrontDesk>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/services") view={Lazy::<lazy::ManageServices>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/services/:id") view={Lazy::<lazy::ManageService>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/catalog") view={Lazy::<lazy::ManageCatalog>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/dashboard") view={Lazy::<lazy::Dashboard>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/clinics") view={Lazy::<lazy::ManageClinics>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/specialists") view={Lazy::<lazy::ManageSpecialists>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/pages") view={Lazy::<lazy::ContentPages>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/manage/pages/edit") view={Lazy::<lazy::ContentEdit>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/frontdesk/book") view={Lazy::<lazy::DeskBook>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/frontdesk/visits") view={Lazy::<lazy::DeskVisits>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/frontdesk/visits/:id") view={Lazy::<lazy::DeskVisit>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/frontdesk/visits/:id/move") view={Lazy::<lazy::DeskMove>::new()} ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

/// The language of this page: from the `lang` cookie on the server, and from the `<html lang>`
/// the server wrote when hydrating, so both sides render the same text.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// This browser's CSRF token: provided by the shell on the server, read back from the
/// `csrf-token` meta tag the server wrote when hydrating.
fn initial_csrf() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<components::forms::CsrfToken>()
            .map(|t| t.0.get_untracked())
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=csrf-token]").ok().flatten())
            .and_then(|e| e.get_attribute("content"))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        String::new()
    }
}

/// The language provided by `App`.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
