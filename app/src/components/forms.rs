//! Form pieces shared by every form: the CSRF field, labelled inputs with inline errors, and
//! the form-level error. Errors are announced to screen readers as they appear.

use crate::error::AppError;
use leptos::prelude::*;

/// This browser's CSRF token, provided by `App` (read from the page on hydration) and replaced
/// when signing in gives the browser a new one (see `session::provide_session`).
#[derive(Debug, Clone, Copy)]
pub struct CsrfToken(pub RwSignal<String>);

/// The hidden field every state-changing form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    let token = use_context::<CsrfToken>();
    let value = move || token.map(|t| t.0.get()).unwrap_or_default();
    view! { <input type="hidden" name="csrf" value=value /> }
}

/// The error of the last submission, if any.
pub type Outcome = Signal<Option<Result<(), AppError>>>;

/// The message for one field from the last submission.
pub fn field_error(outcome: Outcome, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        outcome
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field(field))
    })
}

/// The message for `field` of the form for item `id`, when a page has one form per item that
/// all share `action`: only the form that was sent shows its errors (`sent` reads the item's
/// id from the submission). Without JavaScript nothing says which form was sent, so every
/// form shows the message.
pub fn item_field_error<S>(
    action: ServerAction<S>,
    sent: fn(&S) -> i64,
    id: i64,
    field: &'static str,
) -> Signal<Option<String>>
where
    S: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let error = field_error(action.value().into(), field);
    Signal::derive(move || {
        let from = action.input().with(|i| i.as_ref().map(sent));
        if from.is_none_or(|s| s == id) {
            error.get()
        } else {
            None
        }
    })
}

/// A labelled input with an optional hint and an inline error tied to it for assistive tech.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || match (hint.is_some(), error.get().is_some()) {
            (true, true) => format!("{hint_id} {error_id}"),
            (true, false) => hint_id.clone(),
            (false, true) => error_id.clone(),
            (false, false) => String::new(),
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|text| view! { <p class="field-hint" id=hint_id>{text}</p> })}
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The form-level error: anything that is not about one field (wrong password, too many
/// attempts, an expired form, a server error).
#[component]
pub fn FormError(outcome: Outcome) -> impl IntoView {
    let t = crate::use_lang().texts();
    move || match outcome.get() {
        Some(Err(AppError::Fields(_))) | Some(Ok(())) | None => None,
        Some(Err(error)) => Some(view! {
            <div class="notice notice-error" role="alert">
                <p>{t.error_message(&error)}</p>
            </div>
        }),
    }
}

/// The separate, unticked personal-data consent (152-FZ), linking the policy.
#[component]
pub fn ConsentField(error: Signal<Option<String>>) -> impl IntoView {
    let a = crate::use_lang().auth();
    view! {
        <div class="field field-check" class:field-invalid=move || error.get().is_some()>
            <input
                id="field-consent"
                type="checkbox"
                name="consent"
                value="yes"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby="field-consent-error"
            />
            <label for="field-consent">
                {a.consent_text}" "
                <a href="/pages/privacy" target="_blank" rel="noopener">{a.consent_policy_link}</a>
            </label>
            <p class="field-error" id="field-consent-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
