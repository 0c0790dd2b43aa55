//! Entry point of the editor's wasm: panic messages to the console, then mount.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(atlas_editor::EditorApp);
}
