//! The header's bell: the unread count of in-app notices, a link to the list, and (once
//! hydrated) a live feed from `/api/notifications/stream` that keeps the count current
//! without reloading.

use crate::use_lang;
use leptos::prelude::*;

#[component]
pub fn Bell(unread: i64) -> impl IntoView {
    let t = use_lang().notices();
    let count = RwSignal::new(unread);
    #[cfg(feature = "hydrate")]
    listen(count);
    let label = move || match count.get() {
        0 => t.bell_label.to_string(),
        n => format!("{}: {n}", t.bell_label),
    };
    view! {
        <a class="bell" href="/account/notifications" aria-label=label title=label data-unread=move || count.get()>
            <svg class="icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
                <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
                    d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
            <span class="bell-badge" aria-hidden="true" hidden=move || count.get() == 0>
                {move || count.get()}
            </span>
        </a>
    }
}

/// Opens the live feed; it closes when the bell goes away (sign-out re-renders the header).
#[cfg(feature = "hydrate")]
fn listen(count: RwSignal<i64>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    /// The feed and its handler (kept alive as long as the feed), closed when dropped.
    struct Feed {
        source: web_sys::EventSource,
        _handler: Closure<dyn FnMut(web_sys::MessageEvent)>,
    }
    impl Drop for Feed {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    let Ok(source) = web_sys::EventSource::new("/api/notifications/stream") else {
        return;
    };
    let on_unread =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(n) = e
                .data()
                .as_string()
                .and_then(|s| s.trim().parse::<i64>().ok())
            {
                count.set(n);
            }
        });
    let _ = source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref());
    StoredValue::new_local(Feed {
        source,
        _handler: on_unread,
    });
}
