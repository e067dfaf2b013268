//! Inline SVG icons (no icon fonts, no CDN).

use leptos::prelude::*;

/// The icon for a specialization, by its stored icon name.
#[component]
pub fn SpecializationIcon(name: String) -> impl IntoView {
    let path = match name.as_str() {
        "hands" => "M7 11V6a1.5 1.5 0 0 1 3 0v4m0-5a1.5 1.5 0 0 1 3 0v5m0-4a1.5 1.5 0 0 1 3 0v6m-9-1-1.6-1.6a1.6 1.6 0 0 0-2.3 2.3L8 18c1.5 1.5 3 2 5 2 3 0 5-2 5-5v-4a1.5 1.5 0 0 0-3 0",
        "pulse" => "M3 12h4l2-6 4 12 2-6h6",
        "bone" => "M8 6a2.5 2.5 0 1 0-3 3l9 9a2.5 2.5 0 1 0 3 3 2.5 2.5 0 1 0 3-3 2.5 2.5 0 1 0-3-3l-9-9a2.5 2.5 0 1 0-3 0",
        "brain" => "M9 4a3 3 0 0 0-3 3 3 3 0 0 0-2 5 3 3 0 0 0 2 5 3 3 0 0 0 6 1V5a2 2 0 0 0-3-1zm6 0a3 3 0 0 1 3 3 3 3 0 0 1 2 5 3 3 0 0 1-2 5 3 3 0 0 1-6 1",
        "spine" => "M12 3v18M9 5h6M8 9h8M9 13h6M8 17h8",
        _ => "M12 21c-5-3-8-7-8-11a8 8 0 0 1 16 0c0 4-3 8-8 11z",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}
