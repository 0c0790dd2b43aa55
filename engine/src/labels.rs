//! Label placement: every label that fits is written, none over another.
//!
//! Candidates are taken in priority order (capitals, seas, countries, cities,
//! ports, the rest) and each is kept only if its box overlaps no box already
//! kept: the greedy rule most web maps use, and cheap enough to rerun whenever
//! the view settles.

use crate::map_data::{Country, MapData, MapFeature};
use crate::projection::{World, project};
use crate::state::MapState;
use crate::style::FeatureStyle;
use crate::viewport::Viewport;
use atlas_model::number::Fixed;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The labels written in the settled view, in priority order.
#[derive(Clone, Copy)]
pub struct PlacedLabels(pub Memo<Vec<Candidate>>);

impl PlacedLabels {
    /// Places labels for the data whenever the view settles or the filters
    /// change; the countries' names join when the basemap has loaded.
    pub fn new(state: MapState, data: &Arc<MapData>, style: FeatureStyle) -> PlacedLabels {
        let data = data.clone();
        let all = Memo::new_owning(move |_| {
            let countries = state.light_countries.get();
            let countries = countries.as_deref().map_or(&[][..], Vec::as_slice);
            (Arc::new(candidates(&data, countries, style)), true)
        });
        let clusters = use_context::<crate::clusters::Clusters>();
        PlacedLabels(Memo::new(move |_| {
            // Placing labels in the guessed size the map starts with would be
            // thrown away the moment the real size is measured.
            if !state.measured.get() {
                return Vec::new();
            }
            let view = state.view.get();
            let selected = state.primary();
            // Sites a cluster stands for are not named; the cluster's marker is an obstacle.
            let (markers, gathered) = clusters.map(|c| c.0.get()).unwrap_or_default();
            let candidates = all.get();
            state.filters.with(|filters| {
                let mut shown: Vec<Candidate> = candidates
                    .iter()
                    .filter(|(c, _)| !gathered.contains(&c.id))
                    .filter(|(_, feature)| feature.as_ref().is_none_or(|f| f.shown_by(filters)))
                    .map(|(c, _)| c.clone())
                    .collect();
                // The selected feature always names itself: it goes first.
                if let Some(i) = selected.and_then(|id| shown.iter().position(|c| c.id == id)) {
                    let mut chosen = shown.remove(i);
                    chosen.priority = 0;
                    shown.insert(0, chosen);
                }
                // No label covers another site's symbol (Yerevan's name over Baku).
                let symbols: Vec<(String, World)> = candidates
                    .iter()
                    .filter_map(|(c, f)| f.as_ref().map(|f| (c, f)))
                    .filter(|(c, f)| {
                        f.shape.points.len() == 1
                            && f.shown_by(filters)
                            && !gathered.contains(&c.id)
                    })
                    .map(|(c, _)| (c.id.clone(), c.at))
                    .chain(markers.iter().map(|m| (String::new(), m.at)))
                    .collect();
                let placed = place_avoiding(&shown, &symbols, &view);
                shown
                    .into_iter()
                    .filter_map(|mut c| {
                        c.anchor = *placed.get(&c.id)?;
                        Some(c)
                    })
                    .collect()
            })
        }))
    }
}

/// The placed labels, drawn in layer coordinates; only written labels are in the DOM.
#[component]
pub fn LabelLayer() -> impl IntoView {
    let labels = expect_context::<PlacedLabels>();
    let frame = expect_context::<crate::map_frame::MapFrame>().0;
    view! {
        <g class="labels" aria-hidden="true">
            // Keyed by side too: a label that moves to the other side of its symbol is redrawn.
            <For each=move || labels.0.get() key=|c| (c.id.clone(), c.anchor) let:label>
                {
                    let at = label.at;
                    let (dx, anchor) = match label.anchor {
                        Anchor::Right => (SYMBOL_GAP, "start"),
                        Anchor::Left => (-SYMBOL_GAP, "end"),
                        Anchor::Centre => (0.0, "middle"),
                    };
                    let position = Memo::new(move |_| frame.get().to_layer(at));
                    view! {
                        <text
                            class=label.class
                            x=move || Fixed(position.get().0 + dx, 1).to_string()
                            y=move || Fixed(position.get().1 + 4.0, 1).to_string()
                            text-anchor=anchor
                        >
                            {label.text}
                        </text>
                    }
                }
            </For>
        </g>
    }
}

/// Every label the map could write, with the feature it depends on, if any.
fn candidates(
    data: &MapData,
    countries: &[Country],
    style: FeatureStyle,
) -> Vec<(Candidate, Option<Arc<MapFeature>>)> {
    let sites = data
        .features
        .iter()
        // A layer big enough for the canvas is data to scan, not places to name:
        // thousands of candidates would crowd out the capitals and seas. Areas
        // (a free economic zone) are named at their centre, as sites are.
        .filter(|f| (f.shape.points.len() == 1 || f.shape.is_area()) && !f.on_canvas)
        .filter_map(|f| {
            let c = Candidate {
                id: f.id().to_string(),
                at: f.shape.anchor()?,
                width: text_width(f.name(), 12.0),
                priority: (style.label_priority)(f),
                anchor: Anchor::Right,
                min_span: 0.0,
                text: f.name().to_string(),
                class: format!("label kind-{}", f.feature.properties.kind.as_str()),
            };
            Some((c, Some(f.clone())))
        });
    let seas = data.seas.iter().map(|s| {
        let c = Candidate {
            id: format!("sea:{}", s.name),
            at: project(s.at),
            width: text_width(&s.name, 13.0) * 1.15,
            priority: 1,
            anchor: Anchor::Centre,
            min_span: 0.0,
            text: s.name.clone(),
            class: "sea-label".to_string(),
        };
        (c, None)
    });
    let countries = countries.iter().filter_map(|country| {
        let (at, span) = country.label?;
        let c = Candidate {
            id: format!("country:{}", country.name),
            at,
            // Bold capitals spaced 0.12em apart (`.country-label`) run wider than the rough width.
            width: text_width(&country.name, 11.0) * 1.4,
            // Larger countries claim their space first.
            priority: 2,
            anchor: Anchor::Centre,
            min_span: span,
            text: country.name.clone(),
            class: "country-label".to_string(),
        };
        Some((c, None))
    });
    let mut all: Vec<_> = sites.chain(seas).chain(countries).collect();
    // Stable within a priority: larger countries, then names in order.
    crate::sort::sort_by(&mut all, |(a, _), (b, _)| {
        a.priority
            .cmp(&b.priority)
            .then(b.min_span.total_cmp(&a.min_span))
            .then(a.id.cmp(&b.id))
    });
    all
}

/// Where the text sits relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// To the right of a symbol.
    Right,
    /// To the left of a symbol, where the right has no room.
    Left,
    /// Centred on the point (seas, countries).
    Centre,
}

/// A label that may be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What the label belongs to (a feature id, `sea:Name` or `country:Name`).
    pub id: String,
    /// Where it attaches.
    pub at: World,
    /// Estimated text width in pixels.
    pub width: f64,
    /// Lower goes first.
    pub priority: u32,
    /// How the text sits on its point.
    pub anchor: Anchor,
    /// The words written.
    pub text: String,
    /// CSS classes of the text.
    pub class: String,
    /// The least world width (in world units) the labelled thing must span on
    /// screen before its label shows, so small countries stay unlabelled when
    /// zoomed out; 0 for point labels.
    pub min_span: f64,
}

/// Rough text width of `text` in a font of `size_px`, enough for collision boxes.
pub fn text_width(text: &str, size_px: f64) -> f64 {
    text.chars().count() as f64 * size_px * 0.56 + 4.0
}

/// Height of a label's box in pixels.
const LABEL_HEIGHT: f64 = 15.0;
/// Gap between a symbol and its label, as in the SVG (`x="9"`).
const SYMBOL_GAP: f64 = 9.0;

/// Side of the grid cells that index kept label boxes, in pixels.
const CELL: f64 = 64.0;

/// From this map width labels are written larger (`.labels-svg.large` in atlas.css).
pub const LARGE_LABELS_WIDTH: f64 = 1500.0;
/// How much larger: 14 px for 12 px.
const LARGE_LABELS_SCALE: f64 = 14.0 / 12.0;

/// Half the side of the box a site's symbol takes, in pixels.
const SYMBOL_HALF: f64 = 6.0;

/// The ids of the candidates that are written in `view`.
pub fn place(candidates: &[Candidate], view: &Viewport) -> HashSet<String> {
    place_avoiding(candidates, &[], view).into_keys().collect()
}

/// The candidates written in `view`, each with the side its text takes: a
/// site's label goes right of its symbol, or left where the right is taken or
/// off screen. No label covers another's, nor a symbol of `symbols` (by
/// feature id) other than its own.
///
/// Kept boxes are indexed in a grid, so each candidate is checked only against
/// boxes near it: thousands of candidates place in linear time.
pub fn place_avoiding(
    candidates: &[Candidate],
    symbols: &[(String, World)],
    view: &Viewport,
) -> HashMap<String, Anchor> {
    let mut order: Vec<&Candidate> = candidates.iter().collect();
    crate::sort::sort_by_key(&mut order, |c| c.priority); // stable: callers' order breaks ties
    let size = super::projection::world_size(view.zoom);
    let mut grid = BoxGrid::default();
    for (id, at) in symbols {
        let (x, y) = view.to_screen(*at);
        let b = [
            x - SYMBOL_HALF,
            y - SYMBOL_HALF,
            x + SYMBOL_HALF,
            y + SYMBOL_HALF,
        ];
        if b[2] > 0.0 && b[0] < view.width && b[3] > 0.0 && b[1] < view.height {
            grid.insert(b, Some(id.as_str()));
        }
    }
    let scale = if view.width >= LARGE_LABELS_WIDTH {
        LARGE_LABELS_SCALE
    } else {
        1.0
    };
    let height = LABEL_HEIGHT * scale;
    let mut placed = HashMap::new();
    for c in order {
        let width = c.width * scale;
        if c.min_span > 0.0 && c.min_span * size < width * 1.2 {
            continue;
        }
        let (x, y) = view.to_screen(c.at);
        let sides: &[Anchor] = match c.anchor {
            Anchor::Centre => &[Anchor::Centre],
            Anchor::Right | Anchor::Left => &[Anchor::Right, Anchor::Left],
        };
        for &side in sides {
            let (x0, y0) = match side {
                Anchor::Right => (x + SYMBOL_GAP, y - height / 2.0 - 3.0),
                Anchor::Left => (x - SYMBOL_GAP - width, y - height / 2.0 - 3.0),
                Anchor::Centre => (x - width / 2.0, y - height / 2.0 - 4.0),
            };
            let b = [x0, y0, x0 + width, y0 + height];
            // Wholly on screen, so no name is cut at the edge.
            let on_screen = b[0] >= 0.0 && b[2] <= view.width && b[1] >= 0.0 && b[3] <= view.height;
            if on_screen && !grid.collides(&b, &c.id) {
                grid.insert(b, None);
                placed.insert(c.id.clone(), side);
                break;
            }
        }
    }
    placed
}

/// Kept boxes in a grid of cells, each box with the feature whose symbol it is, if any.
#[derive(Default)]
struct BoxGrid<'a> {
    boxes: Vec<([f64; 4], Option<&'a str>)>,
    cells: HashMap<(i32, i32), Vec<usize>>,
}

impl<'a> BoxGrid<'a> {
    fn cells(b: &[f64; 4]) -> impl Iterator<Item = (i32, i32)> + use<> {
        let (x0, y0) = ((b[0] / CELL).floor() as i32, (b[1] / CELL).floor() as i32);
        let (x1, y1) = ((b[2] / CELL).floor() as i32, (b[3] / CELL).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, b: [f64; 4], symbol_of: Option<&'a str>) {
        for cell in Self::cells(&b) {
            self.cells.entry(cell).or_default().push(self.boxes.len());
        }
        self.boxes.push((b, symbol_of));
    }

    /// Whether `b` overlaps a kept box other than the symbol of `own`.
    fn collides(&self, b: &[f64; 4], own: &str) -> bool {
        Self::cells(b).any(|cell| {
            self.cells.get(&cell).is_some_and(|ids| {
                ids.iter().any(|&i| {
                    let (k, symbol_of) = &self.boxes[i];
                    *symbol_of != Some(own)
                        && b[0] < k[2]
                        && k[0] < b[2]
                        && b[1] < k[3]
                        && k[1] < b[3]
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{LonLat, project};

    fn view() -> Viewport {
        Viewport {
            center: LonLat {
                lon: 47.0,
                lat: 41.0,
            },
            zoom: 6.0,
            width: 800.0,
            height: 600.0,
        }
    }

    fn at(lon: f64, lat: f64, id: &str, priority: u32) -> Candidate {
        Candidate {
            id: id.into(),
            at: project(LonLat { lon, lat }),
            width: 60.0,
            priority,
            anchor: Anchor::Right,
            min_span: 0.0,
            text: id.into(),
            class: "label".into(),
        }
    }

    #[test]
    fn of_overlapping_labels_the_higher_priority_keeps_its_side() {
        let placed = place_avoiding(
            &[
                at(47.0, 41.0, "city", 3),
                at(47.01, 41.0, "capital", 0),
                at(47.005, 41.0, "port", 4),
            ],
            &[],
            &view(),
        );
        assert_eq!(placed.get("capital"), Some(&Anchor::Right));
        assert_eq!(placed.get("city"), Some(&Anchor::Left));
        assert!(!placed.contains_key("port"), "both sides are taken");
    }

    #[test]
    fn labels_apart_are_both_written() {
        let placed = place(&[at(45.0, 41.0, "a", 3), at(49.0, 41.0, "b", 3)], &view());
        assert_eq!(placed.len(), 2);
    }

    #[test]
    fn a_label_never_covers_another_sites_symbol() {
        // Yerevan's name, written to its right, would cover Baku's symbol.
        let yerevan = at(44.51, 40.18, "yerevan", 0);
        let baku_symbol = (
            "baku".to_string(),
            project(LonLat {
                lon: 45.2,
                lat: 40.2,
            }),
        );
        let placed = place_avoiding(&[yerevan], &[baku_symbol], &view());
        assert_eq!(placed.get("yerevan"), Some(&Anchor::Left));
    }

    #[test]
    fn a_label_at_the_right_edge_goes_left_of_its_symbol() {
        let v = view();
        let edge = v.screen_to_lonlat(v.width - 20.0, v.height / 2.0);
        let placed = place_avoiding(&[at(edge.lon, edge.lat, "baku", 0)], &[], &v);
        assert_eq!(placed.get("baku"), Some(&Anchor::Left));
    }

    #[test]
    fn labels_off_screen_are_skipped() {
        assert!(place(&[at(80.0, 41.0, "far", 0)], &view()).is_empty());
    }

    #[test]
    fn a_country_too_small_on_screen_goes_unlabelled() {
        let mut c = at(47.0, 41.0, "country:Tiny", 2);
        c.anchor = Anchor::Centre;
        c.min_span = 0.000_01;
        assert!(place(&[c.clone()], &view()).is_empty());
        c.min_span = 0.01;
        assert_eq!(place(&[c], &view()).len(), 1);
    }
}
