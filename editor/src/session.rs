//! Signing in and out on the page: the form for the signed-out, and the
//! account line in the header for the signed-in.

use crate::api::session::{me, sign_in, sign_in_message, sign_out};
use crate::state::{EditorState, Session};
use leptos::prelude::*;

/// Asks the server who is signed in, once, as the page opens.
pub fn check_on_load(editor: EditorState) {
    leptos::task::spawn_local(async move {
        let now = match me().await {
            Ok(Some(me)) => Session::SignedIn(me),
            // Unreachable or not signed in: the map still reads, the form offers to sign in.
            Ok(None) | Err(_) => Session::SignedOut,
        };
        editor.session.set(now);
    });
}

/// The sign-in form.
#[component]
pub fn SignInForm() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match sign_in(name.get_untracked().trim(), &password.get_untracked()).await {
                Ok(me) => {
                    password.set(String::new());
                    editor.session.set(Session::SignedIn(me));
                }
                Err(e) => error.set(Some(sign_in_message(&e))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="sign-in" on:submit=submit>
            <h2>"Sign in to edit"</h2>
            <p class="hint">"Editors add and change what the map shows. Readers need no account: "<a href="/">"open the atlas"</a>"."</p>
            <label for="sign-in-name">"Account name"</label>
            <input id="sign-in-name" name="username" type="text" autocomplete="username" required
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <label for="sign-in-password">"Password"</label>
            <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <p class="sign-in-error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}

/// The header's account line: who is signed in, and a way out.
#[component]
pub fn AccountLine() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    move || match editor.session.get() {
        Session::SignedIn(me) => {
            let who = format!("{} ({})", me.name, me.role);
            view! {
                <div class="account">
                    <span class="who">{who}</span>
                    <button type="button" class="sign-out" on:click=move |_| {
                        leptos::task::spawn_local(async move {
                            // Signed out either way: a failed request leaves an expired cookie behind at worst.
                            let _ = sign_out().await;
                            editor.session.set(Session::SignedOut);
                        });
                    }>"Sign out"</button>
                </div>
            }
            .into_any()
        }
        Session::Checking => view! { <span class="account"></span> }.into_any(),
        Session::SignedOut => {
            view! { <span class="account signed-out">"Read-only: sign in to edit"</span> }
                .into_any()
        }
    }
}
