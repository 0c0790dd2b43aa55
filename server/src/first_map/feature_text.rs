//! A selected feature's popup text in the page's HTML: what the app's popup
//! says (name, kind, status, the facts, the report passages quoted verbatim
//! with their attribution), readable before the wasm and without JavaScript.

use super::drawing::escape;
use atlas_model::{AtlasFeature, Report};
use std::fmt::Write;

/// The feature's text as an `<article>`, quoting its passages from `reports`.
pub fn article(feature: &AtlasFeature, reports: &[Report]) -> String {
    let p = &feature.properties;
    let f = &p.facts;
    let mut out = String::new();
    let _ = write!(
        out,
        "<article class=\"first-map-feature\" aria-labelledby=\"first-map-feature-name\">\
         <h2 id=\"first-map-feature-name\">{}</h2><p class=\"kind-status\">{} · {}</p><dl class=\"facts\">",
        escape(&p.name),
        escape(p.kind.label()),
        escape(p.status.label()),
    );
    let mut row = |term: &str, value: String| {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(term), escape(&value));
    };
    if let Some(mw) = f.capacity_mw {
        row("Capacity", format!("{mw} MW"));
    }
    if let Some(throughput) = &f.throughput {
        row("Throughput", throughput.clone());
    }
    if let Some(km) = f.length_km {
        row("Length", format!("{km} km (published)"));
    }
    if let Some(year) = f.opened {
        let label = if p.status.is_built() {
            "Opened"
        } else {
            "Expected"
        };
        row(label, year.to_string());
    }
    if !f.partners.is_empty() {
        row("Partners", f.partners.join(", "));
    }
    if let Some(operator) = &f.operator {
        row("Operator", operator.clone());
    }
    if let Some(commodity) = &f.commodity {
        row("Carries", commodity.clone());
    }
    row("Precision", p.precision.label().to_string());
    out.push_str("</dl>");
    for link in &p.passages {
        let Some(report) = reports.iter().find(|r| r.meta.id == link.report) else {
            continue;
        };
        let Some(cited) = report
            .passages
            .iter()
            .find(|passage| passage.id == link.passage)
        else {
            continue;
        };
        let m = &report.meta;
        let _ = write!(
            out,
            "<figure class=\"first-map-quote\"><blockquote>{}</blockquote>\
             <figcaption>{}, {}, <cite>{}</cite> ({})</figcaption></figure>",
            escape(&cited.text),
            escape(&m.author),
            escape(&m.publisher),
            escape(&m.title),
            escape(&cited.section),
        );
    }
    out.push_str("</article>");
    out
}
