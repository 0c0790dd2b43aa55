//! Finding where a report mentions a feature: a gazetteer of every feature's
//! name and aliases, matched in passage text as whole words.
//!
//! Matching compares search keys (`text::key_chars`: case, dashes, quotes and
//! accents folded, every run of other characters one space), so
//! "Baku–Tbilisi–Kars railway", "baku-tbilisi-kars railway" and
//! "Baku Tbilisi Kars railway" are one name. Whole words only: "Bakus" is not
//! "Baku" and "Karsten" is not "Kars". Where names overlap, the longest wins:
//! "Baku-Tbilisi-Kars railway" is one mention, not also one of Baku and Kars.
//!
//! Which names count:
//! - a feature's `name` and every alias;
//! - not names whose key is shorter than 3 characters, which would match
//!   ordinary words and initials;
//! - acronyms (written without lowercase letters and as one word, as "BTK",
//!   "TAP", "SCP") only as written, in capitals: "tap into" is not the Trans
//!   Adriatic Pipeline;
//! - route names: a route such as `middle-corridor` is named in prose ("the
//!   Middle Corridor") though no feature carries that name, since the route is
//!   drawn as legs. The route's slug, title-cased ("Middle Corridor"), names the
//!   route's first leg (lowest `leg`; the first in data order when no leg is
//!   numbered), so a click on the mention selects where the route begins. A
//!   route name some feature already has as name or alias ("Northern Corridor",
//!   "Southern Gas Corridor") keeps the curators' choice instead.
//!
//! A name shared by several features (the Southern Gas Corridor is SCP, TANAP
//! and TAP) yields one mention per feature over the same words.

use crate::properties::FeatureProperties;
use crate::text::{key_chars, search_key};
use serde::{Deserialize, Serialize};

/// Names shorter than this many characters (as search keys) are not looked for.
pub const MIN_NAME_CHARS: usize = 3;

/// A feature mentioned in a text, as a byte range of that text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    /// The mentioned feature's slug.
    #[serde(rename = "feature")]
    pub feature_id: String,
    /// Byte offset where the mention starts, on a character boundary.
    pub start: usize,
    /// Byte offset just after the mention, on a character boundary.
    pub end: usize,
}

/// Every name the gazetteer looks for, each with the features it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    names: Vec<Name>,
}

/// One name as it is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    /// The search key, as `text::search_key` makes it.
    key: String,
    /// For an acronym, the exact capitals the text must show.
    acronym: Option<String>,
    /// The features it names, in data order.
    features: Vec<String>,
}

impl Gazetteer {
    /// The gazetteer of these features' names, aliases and routes.
    pub fn new<'a>(features: impl IntoIterator<Item = &'a FeatureProperties>) -> Gazetteer {
        let features: Vec<&FeatureProperties> = features.into_iter().collect();
        let mut gazetteer = Gazetteer::default();
        for feature in &features {
            for name in std::iter::once(&feature.name).chain(&feature.aliases) {
                gazetteer.add(name, &feature.id);
            }
        }
        // Route names last, so that a feature already carrying one keeps it.
        let mut routes: Vec<&str> = Vec::new();
        for route in features.iter().filter_map(|f| f.route.as_deref()) {
            if !routes.contains(&route) {
                routes.push(route);
            }
        }
        for route in routes {
            let title = route_title(route);
            if gazetteer.names.iter().any(|n| n.key == search_key(&title)) {
                continue;
            }
            // `min_by_key` keeps the first of equals: data order breaks ties.
            let first_leg = features
                .iter()
                .filter(|f| f.route.as_deref() == Some(route))
                .min_by_key(|f| f.leg.unwrap_or(u32::MAX));
            if let Some(first_leg) = first_leg {
                gazetteer.add(&title, &first_leg.id);
            }
        }
        gazetteer
    }

    /// How many distinct names it looks for.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether it looks for no name at all.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn add(&mut self, name: &str, feature: &str) {
        let key = search_key(name);
        if key.chars().count() < MIN_NAME_CHARS {
            return;
        }
        let acronym = is_acronym(name).then(|| name.trim().to_string());
        match self
            .names
            .iter_mut()
            .find(|n| n.key == key && n.acronym == acronym)
        {
            Some(existing) if existing.features.iter().any(|f| f == feature) => {}
            Some(existing) => existing.features.push(feature.to_string()),
            None => self.names.push(Name {
                key,
                acronym,
                features: vec![feature.to_string()],
            }),
        }
    }

    /// Every mention in `text`, in text order; overlapping names yield the longest.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let keyed = KeyedText::new(text);
        let bytes = keyed.key.as_bytes();
        let is_edge = |at: usize| at == 0 || at == bytes.len() || bytes[at] == b' ';
        // (start, end) in the key, and the name found there.
        let mut found: Vec<(usize, usize, &Name)> = Vec::new();
        for name in &self.names {
            for (start, _) in keyed.key.match_indices(&name.key) {
                let end = start + name.key.len();
                if !(start == 0 || bytes[start - 1] == b' ') || !is_edge(end) {
                    continue;
                }
                if let Some(acronym) = &name.acronym
                    && &text[keyed.span(start, end)] != acronym
                {
                    continue;
                }
                found.push((start, end, name));
            }
        }
        found.sort_by_key(|&(start, end, _)| (std::cmp::Reverse(end - start), start));
        let mut taken: Vec<(usize, usize, &Name)> = Vec::new();
        for candidate in found {
            if taken
                .iter()
                .all(|&(start, end, _)| candidate.1 <= start || candidate.0 >= end)
            {
                taken.push(candidate);
            }
        }
        taken.sort_by_key(|&(start, _, _)| start);
        taken
            .into_iter()
            .flat_map(|(start, end, name)| {
                let span = keyed.span(start, end);
                name.features.iter().map(move |feature| Mention {
                    feature_id: feature.clone(),
                    start: span.start,
                    end: span.end,
                })
            })
            .collect()
    }
}

/// A text's search key, with the bytes of the text each key byte came from.
struct KeyedText {
    key: String,
    /// For every byte of `key`, the byte range of the original character.
    origin: Vec<std::ops::Range<usize>>,
}

impl KeyedText {
    fn new(text: &str) -> KeyedText {
        let mut key = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            let source = at..at + c.len_utf8();
            for k in key_chars(c) {
                let k = if k.is_alphanumeric() {
                    k
                } else if key.is_empty() || key.ends_with(' ') {
                    continue;
                } else {
                    ' '
                };
                key.push(k);
                origin.extend(std::iter::repeat_n(source.clone(), k.len_utf8()));
            }
        }
        KeyedText { key, origin }
    }

    /// The text's byte range behind the key's bytes `start..end` (`end > start`).
    fn span(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.origin[start].start..self.origin[end - 1].end
    }
}

/// Whether `name` is an acronym: one word, with capitals and no lowercase letters.
fn is_acronym(name: &str) -> bool {
    let name = name.trim();
    !name.contains(char::is_whitespace)
        && name.chars().any(char::is_uppercase)
        && !name.chars().any(char::is_lowercase)
}

/// "middle-corridor" → "Middle Corridor".
fn route_title(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(value: serde_json::Value) -> FeatureProperties {
        let mut value = value;
        value["kind"] = value.get("kind").cloned().unwrap_or(json!("city"));
        value["status"] = json!("operating");
        serde_json::from_value(value).expect("fixture properties")
    }

    fn gazetteer() -> Gazetteer {
        let features = [
            feature(json!({"id": "baku", "name": "Baku", "aliases": ["Bakı"]})),
            feature(json!({"id": "kars", "name": "Kars"})),
            feature(
                json!({"id": "btk", "name": "Baku–Tbilisi–Kars railway", "kind": "rail",
                "aliases": ["BTK"], "route": "middle-corridor", "leg": 4}),
            ),
            feature(
                json!({"id": "xian-khorgos", "name": "Middle Corridor: Xi’an – Khorgos",
                "kind": "rail", "route": "middle-corridor", "leg": 1}),
            ),
            feature(
                json!({"id": "tap", "name": "Trans Adriatic Pipeline (TAP)", "kind": "pipeline",
                "aliases": ["TAP", "Southern Gas Corridor"], "route": "southern-gas-corridor"}),
            ),
            feature(json!({"id": "tanap", "name": "TANAP", "kind": "pipeline",
                "aliases": ["Southern Gas Corridor"], "route": "southern-gas-corridor"})),
            feature(
                json!({"id": "gobustan", "name": "Gobustan Solar Power Plant", "kind": "solar",
                "aliases": ["GS"]}),
            ),
            feature(json!({"id": "istanbul", "name": "İstanbul"})),
        ];
        Gazetteer::new(&features)
    }

    /// (feature, matched text) of every mention.
    fn found(text: &str) -> Vec<(String, String)> {
        gazetteer()
            .find(text)
            .into_iter()
            .map(|m| (m.feature_id, text[m.start..m.end].to_string()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn dashes_case_and_spacing_variants_of_a_name_all_match() {
        for text in [
            "the Baku–Tbilisi–Kars railway",
            "the Baku-Tbilisi-Kars railway",
            "the baku-tbilisi-kars RAILWAY",
            "the Baku Tbilisi Kars railway",
            "the Baku\u{2014}Tbilisi \u{2013} Kars railway",
        ] {
            let mentions = found(text);
            assert_eq!(mentions.len(), 1, "{text}: {mentions:?}");
            assert_eq!(mentions[0].0, "btk");
            assert_eq!(mentions[0].1, &text[4..], "{text}");
        }
    }

    #[test]
    fn the_longest_name_wins_where_names_overlap() {
        assert_eq!(
            found("Baku and the Baku-Tbilisi-Kars railway reach Kars."),
            pairs(&[
                ("baku", "Baku"),
                ("btk", "Baku-Tbilisi-Kars railway"),
                ("kars", "Kars")
            ])
        );
    }

    #[test]
    fn accented_spellings_match_and_offsets_stay_on_character_boundaries() {
        let text = "From Bakı to İstanbul, via Baku’s port.";
        let mentions = gazetteer().find(text);
        let matched: Vec<&str> = mentions.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(matched, ["Bakı", "İstanbul", "Baku"]);
        assert_eq!(found("Istanbul"), pairs(&[("istanbul", "Istanbul")]));
    }

    #[test]
    fn words_that_merely_contain_a_name_do_not_match() {
        // The report's own typo: whole words only, so "Bakus" is not "Baku".
        assert_eq!(found("Bakus integration"), vec![]);
        assert_eq!(
            found("Karsten and Kars-based firms"),
            pairs(&[("kars", "Kars")])
        );
        assert_eq!(found("Abaku, Bakuriani"), vec![]);
    }

    #[test]
    fn acronyms_match_only_in_capitals_and_short_aliases_not_at_all() {
        assert_eq!(found("the BTK line"), pairs(&[("btk", "BTK")]));
        assert_eq!(found("a btk line, to tap into it"), vec![]);
        assert_eq!(found("TAP carries gas"), pairs(&[("tap", "TAP")]));
        assert_eq!(found("GS and gs"), vec![]);
    }

    #[test]
    fn a_route_name_selects_its_first_leg_and_a_shared_alias_every_feature() {
        assert_eq!(
            found("Baku’s role in the Middle Corridor."),
            pairs(&[("baku", "Baku"), ("xian-khorgos", "Middle Corridor")])
        );
        assert_eq!(
            found("gas through the Southern Gas Corridor"),
            pairs(&[
                ("tap", "Southern Gas Corridor"),
                ("tanap", "Southern Gas Corridor")
            ])
        );
    }
}
