//! The signed-in user as the page sees them: one resource for the whole app, refreshed when
//! a form signs someone in or out, and the guard that wraps pages needing an account or role.

use crate::components::error_notice::ErrorNotice;
use crate::components::forms::Outcome;
use crate::error::AppError;
use crate::format::percent_encode;
use crate::model::Me;
use crate::pages::forbidden::Forbidden;
use crate::use_lang;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use priyom::Role;

#[derive(Clone, Copy)]
pub struct Session {
    pub me: Resource<Result<Option<Me>, AppError>>,
    epoch: RwSignal<u64>,
}

impl Session {
    /// Asks the server again who is signed in.
    pub fn refresh(&self) {
        self.epoch.update(|n| *n += 1);
    }
}

/// Called once by `App`.
pub fn provide_session() {
    let epoch = RwSignal::new(0u64);
    let me = Resource::new(move || epoch.get(), |_| crate::api::auth::whoami());
    provide_context(Session { me, epoch });
    // Signing in gives the browser a new CSRF token: the open page's forms take it up.
    if let Some(token) = use_context::<crate::components::forms::CsrfToken>() {
        Effect::new(move |_| {
            if let Some(Ok(Some(me))) = me.get() {
                if !me.csrf.is_empty() && token.0.get_untracked() != me.csrf {
                    token.0.set(me.csrf);
                }
            }
        });
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Refreshes the session when a form's submission succeeds (sign in, sign out, register).
pub fn refresh_on_success(outcome: Outcome) {
    let session = use_session();
    Effect::new(move |_| {
        if matches!(outcome.get(), Some(Ok(()))) {
            session.refresh();
        }
    });
}

/// Shows `children` to a signed-in user (holding `role`, when given). A guest is sent to the
/// sign-in page, which brings them back here; a user without the role gets a 403 page.
#[component]
pub fn Guarded(
    #[prop(optional)] role: Option<Role>,
    /// Front-desk staff only: an operator or manager of some clinic (or an admin).
    #[prop(optional)]
    staff: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let lang = use_lang();
    view! {
        <Suspense fallback=move || view! { <p class="container" aria-busy="true">{lang.texts().loading}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match session.me.await {
                        Ok(Some(me)) if role.is_none_or(|r| me.has(r)) && (!staff || me.is_staff()) => {
                            children().into_any()
                        }
                        Ok(Some(_)) => view! { <Forbidden /> }.into_any(),
                        Ok(None) => {
                            let here = format!(
                                "{}{}",
                                location.pathname.get_untracked(),
                                location.search.get_untracked()
                            );
                            let path = format!("/signin?next={}", percent_encode(&here));
                            view! { <Redirect path /> }.into_any()
                        }
                        Err(error) => view! { <div class="container"><ErrorNotice error /></div> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
