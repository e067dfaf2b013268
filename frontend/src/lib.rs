//! The browser entry: hydrates the server-rendered page with the same `App`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Waits for a lazily loaded route's code (the back office) before hydrating it.
    leptos::mount::hydrate_lazy(app::App);
}
