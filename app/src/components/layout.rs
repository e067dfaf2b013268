//! Page frame: skip link, header with navigation and language switch, main, footer.

use crate::api::auth::SignOut;
use crate::components::bell::Bell;
use crate::components::forms::CsrfField;
use crate::format::percent_encode;
use crate::i18n::Lang;
use crate::session::{refresh_on_success, use_session};
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use priyom::Role;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <a class="skip-link" href="#content">{t.skip_to_content}</a>
        <Header />
        <main id="content" tabindex="-1">{children()}</main>
        <Footer />
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"П"</span>
                    <span class="brand-name">{t.site_name}</span>
                </a>
                <nav aria-label=t.nav_main class="main-nav">
                    <a href="/specialists">{t.nav_specialists}</a>
                    <a href="/services">{t.nav_services}</a>
                    <a href="/#clinics">{t.nav_clinics}</a>
                </nav>
                <LangSwitch lang />
                <AuthLinks />
                <a class="button button-primary header-cta" href="/book">{t.book_cta}</a>
            </div>
        </header>
    }
}

/// "Sign in" for a guest; the cabinet link and a sign-out button for a signed-in user.
#[component]
fn AuthLinks() -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let session = use_session();
    let sign_out = ServerAction::<SignOut>::new();
    refresh_on_success(sign_out.value().into());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match session.me.await {
                    Ok(Some(me)) => view! {
                        <div class="auth-links">
                            {me.is_staff().then(|| view! {
                                <a class="account-link" href="/frontdesk">{lang.front_desk().nav}</a>
                            })}
                            {me.has(Role::Admin).then(|| view! {
                                <a class="account-link" href="/admin/users">{lang.admin().nav_admin}</a>
                            })}
                            <Bell unread=me.unread />
                            <a class="account-link" href="/account" title=me.full_name.clone()>{a.nav_account}</a>
                            <ActionForm action=sign_out attr:class="inline-form">
                                <CsrfField />
                                <button type="submit" class="link-button">{a.sign_out}</button>
                            </ActionForm>
                        </div>
                    }
                    .into_any(),
                    _ => view! { <a class="signin-link" href="/signin">{a.nav_signin}</a> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A plain link (works without JavaScript): the server sets the cookie and sends you back.
#[component]
fn LangSwitch(lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let other = match lang {
        Lang::Ru => Lang::En,
        Lang::En => Lang::Ru,
    };
    let location = use_location();
    let href = move || {
        let back = location.pathname.get();
        format!("/lang/{}?back={}", other.code(), percent_encode(&back))
    };
    view! {
        <a
            class="lang-switch"
            href=href
            rel="external"
            hreflang=other.code()
            lang=other.code()
            aria-label=t.switch_lang_label
        >
            {t.other_lang_name}
        </a>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="footer-brand">{t.site_name}" — "{t.tagline}</p>
                <nav aria-label=t.footer_links class="footer-nav">
                    <a href="/pages/about">{t.nav_about}</a>
                    <a href="/pages/contacts">{t.nav_contacts}</a>
                    <a href="/pages/privacy">{t.nav_privacy}</a>
                </nav>
                <p class="footer-note">{t.footer_note}</p>
            </div>
        </footer>
    }
}
