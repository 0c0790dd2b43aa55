//! TEMPORARY stand-ins for part 1's page (sign-in and the feature form), so
//! that the history, conflict, import, passage and story panels can be used
//! and tested before that page lands. Drop this file at merge and mount the
//! panels in part 1's page instead.

use crate::api::{Call, EditApiError, send};
use crate::conflict::{ConflictView, save_feature};
use crate::history::FeatureKey;
use crate::passage_picker::PassagePicker;
use atlas_model::{FeatureProperties, PassageRef, Status};
use geojson::Geometry;
use leptos::prelude::*;
use serde_json::{Value, json};

/// Who is signed in, or a small sign-in form.
#[component]
pub fn SignedIn() -> impl IntoView {
    let me = LocalResource::new(|| async {
        send(Call {
            method: "GET",
            path: "/api/me",
            ..Call::default()
        })
        .await
        .and_then(|a| a.json::<atlas_model::account::Me>())
        .ok()
    });
    let (name, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({"name": name.get_untracked(), "password": password.get_untracked()});
        leptos::task::spawn_local(async move {
            let call = Call {
                method: "POST",
                path: "/api/session",
                body: Some(("application/json", body.to_string())),
                if_match: None,
            };
            if send(call).await.is_ok() {
                me.refetch();
            }
        });
    };
    move || {
        match me.get().flatten() {
        Some(me) => view! { <p class="signed-in">{format!("Signed in as {}", me.name)}</p> }.into_any(),
        None => view! {
            <form class="sign-in" on:submit=sign_in>
                <input aria-label="Name" placeholder="Name" on:input=move |ev| name.set(event_target_value(&ev)) />
                <input aria-label="Password" type="password" placeholder="Password"
                    on:input=move |ev| password.set(event_target_value(&ev)) />
                <button type="submit">"Sign in"</button>
            </form>
        }
        .into_any(),
    }
    }
}

/// The feature as served, with its `ETag`.
async fn load(key: FeatureKey) -> Result<(Value, String), EditApiError> {
    let path = format!("/collections/{}/items/{}", key.collection, key.id);
    let answer = send(Call {
        method: "GET",
        path: &path,
        ..Call::default()
    })
    .await?;
    Ok((answer.json()?, answer.etag.clone().unwrap_or_default()))
}

/// A conflict to resolve: base, mine, theirs and theirs' `ETag`.
type Conflict = (Value, Value, Value, String);

/// A few fields of the selected feature (name, status, operator, passage
/// links) and Save; a stale save opens the conflict view.
#[component]
pub fn QuickEdit(
    /// The selected feature.
    feature: RwSignal<Option<FeatureKey>>,
    /// Shows a geometry ghosted on the map.
    on_ghost: Callback<Option<Geometry>>,
    /// Called after a save.
    on_saved: Callback<FeatureKey>,
) -> impl IntoView {
    let loaded = LocalResource::new(move || {
        let key = feature.get();
        async move {
            match key {
                Some(key) => load(key).await.ok(),
                None => None,
            }
        }
    });
    let draft = RwSignal::new(None::<(Value, String)>);
    Effect::new(move |_| draft.set(loaded.get().flatten()));
    let conflict = RwSignal::new(None::<Conflict>);
    let status = RwSignal::new(String::new());
    let field = move |pointer: &'static str| {
        move || {
            draft.with(|d| {
                d.as_ref()
                    .and_then(|(v, _)| v.pointer(pointer))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            })
        }
    };
    let set = move |pointer: &'static str, value: Value| {
        draft.update(|d| {
            if let Some((v, _)) = d
                && let Some(slot) = pointer_mut(v, pointer)
            {
                *slot = value;
            }
        })
    };
    let properties = Signal::derive(move || {
        draft.with(|d| {
            d.as_ref().and_then(|(v, _)| {
                serde_json::from_value::<FeatureProperties>(v["properties"].clone()).ok()
            })
        })
    });
    let on_pick = Callback::new(move |link: PassageRef| {
        draft.update(|d| {
            if let Some((v, _)) = d
                && let Some(Value::Array(list)) = v.pointer_mut("/properties/passages")
                && let Ok(link) = serde_json::to_value(link)
            {
                list.push(link);
            }
        })
    });
    let save = move |_| {
        let (Some(key), Some((mine, _)), Some(Some((base, etag)))) = (
            feature.get_untracked(),
            draft.get_untracked(),
            loaded.get_untracked(),
        ) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match save_feature(&key.collection, &key.id, &mine, &etag).await {
                Ok(_) => {
                    status.set("Saved.".into());
                    on_saved.run(key);
                    loaded.refetch();
                }
                Err(EditApiError::Stale { etag, current }) => {
                    match serde_json::from_slice(&current) {
                        Ok(theirs) => conflict.set(Some((base, mine, theirs, etag))),
                        Err(e) => status.set(e.to_string()),
                    }
                }
                Err(e) => status.set(format!("Not saved: {e}")),
            }
        });
    };
    let resolved = move |key: FeatureKey| {
        conflict.set(None);
        status.set("Saved.".into());
        on_saved.run(key);
        loaded.refetch();
    };
    move || {
        let key = feature.get()?;
        if let Some((base, mine, theirs, etag)) = conflict.get() {
            let done = key.clone();
            return Some(view! {
                <ConflictView collection=key.collection.clone() feature_id=key.id.clone()
                    base=base mine=mine theirs=theirs etag=etag on_ghost=on_ghost
                    on_saved=Callback::new(move |_| resolved(done.clone()))
                    on_cancel=Callback::new(move |_| { conflict.set(None); loaded.refetch(); }) />
            }.into_any());
        }
        Some(view! {
            <form class="quick-edit" on:submit=|ev| ev.prevent_default()>
                <p class="hint">{format!("{} · {}", key.collection, key.id)}</p>
                <label class="field">"Name"
                    <input name="name" prop:value=field("/properties/name")
                        on:input=move |ev| set("/properties/name", event_target_value(&ev).into()) />
                </label>
                <label class="field">"Status"
                    <select name="status"
                        on:change=move |ev| set("/properties/status", event_target_value(&ev).into())>
                        {Status::ALL.iter().map(|s| {
                            let current = field("/properties/status");
                            view! { <option value=s.as_str() prop:selected=move || current() == s.as_str()>{s.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">"Operator"
                    <input name="operator" prop:value=field("/properties/facts/operator")
                        on:input=move |ev| set("/properties/facts/operator", event_target_value(&ev).into()) />
                </label>
                <p class="hint">{move || format!("{} passage links", properties.with(|p| p.as_ref().map_or(0, |p| p.passages.len())))}</p>
                <div class="panel-actions">
                    <button type="button" class="primary" on:click=save>"Save"</button>
                </div>
                <p class="form-status" role="status">{move || status.get()}</p>
                <details class="picker-box">
                    <summary>"Link a report passage"</summary>
                    <PassagePicker feature=properties on_pick=on_pick />
                </details>
            </form>
        }.into_any())
    }
}

/// The value at `pointer`, created as `null` (with its parent objects) when absent.
fn pointer_mut<'a>(value: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let mut at = value;
    for key in pointer.trim_start_matches('/').split('/') {
        let object = at.as_object_mut()?;
        at = object.entry(key.to_string()).or_insert_with(|| {
            if key == "facts" {
                json!({})
            } else {
                Value::Null
            }
        });
    }
    Some(at)
}
