//! Entry point of the story page's wasm (`app/story.html`): panic messages to
//! the console, then mount the player or the speaker view, and nothing of the reader.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(atlas_app::story::app::StoryApp);
}
