//! Reports and passages as one line each, in the order the stores hold them:
//! how an import tells, on any engine, whether the reports changed.

use crate::data_dir::DataSet;
use crate::store::StoreError;
use crate::store::documents::json;

/// The line of a report: id, metadata as JSON, position and source text.
pub fn report(id: &str, meta: &str, position: i64, source: &str) -> String {
    format!("{id}\t{meta}\t{position}\t{source}")
}

/// The line of a passage of report `report_id`.
pub fn passage(
    report_id: &str,
    id: &str,
    position: i64,
    section: &str,
    kind: &str,
    text: &str,
) -> String {
    format!("{report_id}\t{id}\t{position}\t{section}\t{kind}\t{text}")
}

/// The reports and passages of `data`, each report followed by its passages.
pub fn of_data(data: &DataSet) -> Result<Vec<String>, StoreError> {
    let mut rows = Vec::new();
    for (position, report_of) in data.reports.iter().enumerate() {
        let id = &report_of.meta.id;
        rows.push(report(
            id,
            &json(&report_of.meta)?,
            position as i64,
            data.report_sources.get(position).map_or("", String::as_str),
        ));
        for (index, p) in report_of.passages.iter().enumerate() {
            rows.push(passage(
                id,
                &p.id,
                index as i64,
                &p.section,
                p.kind.as_str(),
                &p.text,
            ));
        }
    }
    Ok(rows)
}
