//! Entry point of the presenter's page's wasm (`app/present.html`): panic
//! messages to the console, then mount the reader with the presenter's tools.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(atlas_app::present::PresentApp);
}
