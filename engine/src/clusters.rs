//! Co-located sites gathered at small scales: where the symbols of several
//! project sites would pile into one blot, one marker with their count stands
//! for them, and a click on it zooms in until they come apart. Capitals and
//! cities are never gathered: they orient the reader.

use crate::map_data::{MapData, MapFeature};
use crate::map_frame::MapFrame;
use crate::navigate::fit_bbox;
use crate::projection::{World, world_size};
use crate::state::MapState;
use atlas_model::Bbox;
use atlas_model::number::Fixed;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Sites (and clusters) whose centres lie closer than this, in pixels, are
/// gathered: a marker is 22 pixels across, a symbol about 14.
const GATHER_PX: f64 = 24.0;

/// Several sites drawn as one marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The gathered sites' ids, in the data's order.
    pub members: Vec<String>,
    /// Where the marker goes: the members' mean position.
    pub at: World,
    /// The members' geographic box, which a click on the marker fits.
    pub bbox: Bbox,
}

/// The clusters of the settled view, and the ids of every gathered site; as context.
#[derive(Clone, Copy)]
pub struct Clusters(pub Memo<(Vec<Cluster>, HashSet<String>)>);

impl Clusters {
    /// Gathers the sites that pass the filters whenever the zoom, filters or selection change.
    pub fn new(state: MapState, data: &Arc<MapData>) -> Clusters {
        let sites: Vec<Arc<MapFeature>> = data
            .features
            .iter()
            .filter(|f| f.shape.points.len() == 1 && !f.on_canvas)
            .filter(|f| !f.feature.properties.kind.is_place())
            .cloned()
            .collect();
        Clusters(Memo::new(move |_| {
            let zoom = state.view.with(|v| v.zoom);
            // The selected site stands alone, so its popup points at it.
            let selected = state.selection.get();
            let points: Vec<(String, World, Bbox)> = state.filters.with(|filters| {
                sites
                    .iter()
                    .filter(|f| f.shown_by(filters) && !selected.iter().any(|id| id == f.id()))
                    .map(|f| (f.id().to_string(), f.shape.points[0], f.bbox))
                    .collect()
            });
            let clusters = gather(&points, world_size(zoom));
            let members = clusters
                .iter()
                .flat_map(|c| c.members.iter().cloned())
                .collect();
            (clusters, members)
        }))
    }

    /// Whether the site `id` is drawn as part of a cluster.
    pub fn gathers(&self, id: &str) -> bool {
        self.0.with(|(_, members)| members.contains(id))
    }
}

/// Groups points whose symbols would touch at a world `size` in pixels: each
/// point starts a group, and groups whose centres lie closer than
/// [`GATHER_PX`] merge until none do, so no two markers overlap either.
pub fn gather(points: &[(String, World, Bbox)], size: f64) -> Vec<Cluster> {
    // (members, centre) per group, centres as running means.
    let mut groups: Vec<(Vec<usize>, World)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (vec![i], p.1))
        .collect();
    loop {
        let mut merge = None;
        'search: for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let (p, q) = (groups[a].1, groups[b].1);
                if ((p.x - q.x) * size).hypot((p.y - q.y) * size) < GATHER_PX {
                    merge = Some((a, b));
                    break 'search;
                }
            }
        }
        let Some((a, b)) = merge else { break };
        let (members, _) = groups.remove(b);
        groups[a].0.extend(members);
        let n = groups[a].0.len() as f64;
        let (x, y) = groups[a].0.iter().fold((0.0, 0.0), |(x, y), &i| {
            (x + points[i].1.x / n, y + points[i].1.y / n)
        });
        groups[a].1 = World { x, y };
    }
    groups
        .into_iter()
        .filter(|(members, _)| members.len() > 1)
        .map(|(mut members, at)| {
            members.sort_unstable();
            let bbox = members
                .iter()
                .skip(1)
                .fold(points[members[0]].2, |b, &i| b.union(&points[i].2));
            Cluster {
                members: members.iter().map(|&i| points[i].0.clone()).collect(),
                at,
                bbox,
            }
        })
        .collect()
}

/// The cluster markers: a disc with the count, a button that zooms in.
#[component]
pub fn ClusterLayer(
    /// The loaded data, for the members' names.
    data: Arc<MapData>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let clusters = expect_context::<Clusters>();
    let frame = expect_context::<MapFrame>().0;
    let markers = move || {
        let f = frame.get();
        clusters.0.with(|(list, _)| {
            list.iter()
                .map(|c| {
                    let (x, y) = f.to_layer(c.at);
                    let names: Vec<String> = c
                        .members
                        .iter()
                        .filter_map(|id| data.feature(id).map(|f| f.name().to_string()))
                        .collect();
                    let label = format!(
                        "{} sites: {}. Zoom in to see them apart.",
                        names.len(),
                        names.join(", ")
                    );
                    let title = label.clone();
                    let bbox = c.bbox;
                    let go = move || fit_bbox(state, bbox);
                    view! {
                        <g
                            class="cluster"
                            transform=format!("translate({} {})", Fixed(x, 1), Fixed(y, 1))
                            tabindex="0"
                            role="button"
                            aria-label=label
                            on:click=move |ev| {
                                ev.stop_propagation();
                                go();
                            }
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    ev.stop_propagation();
                                    go();
                                }
                            }
                        >
                            <title>{title}</title>
                            <circle class="cluster-disc" r="11" />
                            <text class="cluster-count" y="4">{c.members.len().to_string()}</text>
                        </g>
                    }
                })
                .collect_view()
        })
    };
    view! { <g class="layer clusters">{markers}</g> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{LonLat, project};

    fn site(id: &str, lon: f64, lat: f64) -> (String, World, Bbox) {
        (
            id.into(),
            project(LonLat { lon, lat }),
            Bbox::point(lon, lat),
        )
    }

    #[test]
    fn absheron_sites_gather_in_the_overview_and_part_when_zoomed_in() {
        let sites = [
            site("sangachal", 49.47, 40.18),
            site("garadagh", 49.38, 40.02),
            site("port-of-baku", 49.41, 39.93),
            site("aktau", 51.17, 43.6),
        ];
        let overview = gather(&sites, world_size(3.5));
        assert_eq!(overview.len(), 1);
        assert_eq!(overview[0].members.len(), 3);
        assert_eq!(overview[0].bbox, Bbox::new(49.38, 39.93, 49.47, 40.18));
        assert!(gather(&sites, world_size(10.0)).is_empty());
    }

    #[test]
    fn no_two_markers_overlap() {
        let sites: Vec<_> = (0..12)
            .map(|i| {
                site(
                    &format!("s{i}"),
                    48.0 + f64::from(i) * 0.25,
                    40.0 + f64::from(i % 3) * 0.3,
                )
            })
            .collect();
        let size = world_size(4.0);
        let clusters = gather(&sites, size);
        for (i, a) in clusters.iter().enumerate() {
            for b in &clusters[i + 1..] {
                let d = ((a.at.x - b.at.x) * size).hypot((a.at.y - b.at.y) * size);
                assert!(d >= GATHER_PX, "{d}");
            }
        }
    }

    #[test]
    fn a_lone_site_is_no_cluster() {
        assert!(gather(&[site("a", 10.0, 10.0)], world_size(2.0)).is_empty());
    }
}
