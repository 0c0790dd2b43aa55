//! The features deleted from a layer, latest first, each with who deleted it
//! and when, its last geometry to ghost, and a restore.

use super::{FeatureKey, when};
use crate::api::history::{deleted, restore};
use atlas_model::history::DeletedFeature;
use geojson::Geometry;
use leptos::prelude::*;

/// The deleted features of layer `collection`; "Restore" re-creates one from
/// its last content, named against its deletion's `ETag`.
#[component]
pub fn DeletedList(
    /// The layer whose deleted features are listed.
    #[prop(into)]
    collection: Signal<Option<String>>,
    /// Shows a geometry ghosted on the map (`None` hides it).
    on_ghost: Callback<Option<Geometry>>,
    /// Called after a restore, with the feature restored, so the map reloads it.
    on_restored: Callback<FeatureKey>,
) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let status = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        reload.track();
        let id = collection.get();
        async move {
            match id {
                Some(id) => Some(deleted(&id).await),
                None => None,
            }
        }
    });
    let do_restore = move |feature: DeletedFeature| {
        let Some(layer) = collection.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            // The revision before the deletion holds the last content.
            let revision = feature.revision - 1;
            match restore(&layer, &feature.id, revision, &feature.etag).await {
                Ok(_) => {
                    status.set(Some(format!("{} restored.", feature.id)));
                    on_ghost.run(None);
                    reload.update(|n| *n += 1);
                    on_restored.run(FeatureKey {
                        collection: layer,
                        id: feature.id,
                    });
                }
                Err(e) => status.set(Some(format!("Not restored: {e}"))),
            }
        });
    };
    let items = move || {
        match list.get() {
        None => view! { <p class="hint">"Loading…"</p> }.into_any(),
        Some(None) => view! { <p class="hint">"Select a feature to list what was deleted from its layer."</p> }
            .into_any(),
        Some(Some(Err(e))) => view! {
            <p class="form-status error" role="alert">{format!("The deleted features could not be loaded: {e}")}</p>
        }
        .into_any(),
        Some(Some(Ok(doc))) if doc.features.is_empty() => {
            view! { <p class="hint">"Nothing has been deleted from this layer."</p> }.into_any()
        }
        Some(Some(Ok(doc))) => {
            let rows = doc
                .features
                .into_iter()
                .map(|f| {
                    let name = f
                        .feature
                        .pointer("/properties/name")
                        .and_then(|n| n.as_str())
                        .unwrap_or(&f.id)
                        .to_string();
                    let geometry: Option<Geometry> = f
                        .feature
                        .get("geometry")
                        .and_then(|g| serde_json::from_value(g.clone()).ok());
                    let id = f.id.clone();
                    let by = format!("deleted by {} · {}", f.deleted_by, when(&f.deleted_at));
                    let feature = StoredValue::new(f);
                    view! {
                        <li class="deleted-feature" data-feature-id=id>
                            <p><strong>{name}</strong>" "<span class="hint">{by}</span></p>
                            <div class="panel-actions">
                                {geometry.map(|g| view! {
                                    <button type="button" class="link-button"
                                        on:click=move |_| on_ghost.run(Some(g.clone()))>"Show on map"</button>
                                })}
                                <button type="button" on:click=move |_| do_restore(feature.get_value())>
                                    "Restore"
                                </button>
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="deleted-list">{rows}</ul> }.into_any()
        }
    }
    };
    view! {
        <section class="deleted-panel" aria-label="Deleted features">
            <p class="form-status" role="status">{move || status.get().unwrap_or_default()}</p>
            {items}
        </section>
    }
}
