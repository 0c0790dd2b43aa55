//! What a file import into a layer did or, in a dry run, would do, row by
//! row: the answer of `POST /collections/{id}/import`, which `atlas
//! import-file` prints and the editor's import panel shows.

use serde::{Deserialize, Serialize};

/// What happens to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new feature.
    Create,
    /// An existing feature, changed.
    Update,
    /// An existing feature, the same as the row.
    Unchanged,
    /// Refused, for the reasons given.
    Reject,
}

/// One field of a row and why it is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldReason {
    /// The field, as a path into the GeoJSON feature or a CSV column.
    pub field: String,
    /// Why.
    pub reason: String,
}

/// One row of the file and what happens to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowReport {
    /// The n-th feature of a GeoJSON file, or the line a CSV record starts on.
    pub row: usize,
    /// The feature's id, when the row names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What happens to it.
    pub action: Action,
    /// Why it is rejected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<FieldReason>,
}

/// What an import did or, in a dry run, would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The layer.
    pub collection: String,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether anything was written.
    pub applied: bool,
    /// Rows that create a feature.
    pub created: usize,
    /// Rows that change a feature.
    pub updated: usize,
    /// Rows equal to their feature.
    pub unchanged: usize,
    /// Rows refused.
    pub rejected: usize,
    /// Every row, in file order.
    pub rows: Vec<RowReport>,
}

impl ImportReport {
    /// The rows refused, by their place in the file.
    pub fn rejected_rows(&self) -> Vec<usize> {
        self.rows
            .iter()
            .filter(|r| r.action == Action::Reject)
            .map(|r| r.row)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_back_as_the_server_writes_it() {
        let text = r#"{"collection":"sites","dry_run":true,"applied":false,"created":1,
            "updated":0,"unchanged":0,"rejected":1,"rows":[
            {"row":2,"id":"a","action":"create"},
            {"row":3,"action":"reject","reasons":[{"field":"lat","reason":"is required"}]}]}"#;
        let report: ImportReport = serde_json::from_str(text).expect("report");
        assert_eq!(report.rejected_rows(), vec![3]);
        assert_eq!(report.rows[1].reasons[0].field, "lat");
        let again: ImportReport =
            serde_json::from_value(serde_json::to_value(&report).expect("json")).expect("again");
        assert_eq!(again, report);
    }
}
