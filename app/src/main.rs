//! Entry point of the reader's wasm (`app/index.html`): panic messages to the
//! console, then mount the reader, and nothing of the story player.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(atlas_app::App);
}
