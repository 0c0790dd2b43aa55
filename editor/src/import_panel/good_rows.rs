//! A file without its rejected rows, so that the rows that pass can be
//! applied: the server applies a file all or nothing, and the editor chooses
//! to leave the bad rows out and fix them later.

use atlas_model::csv_reader;
use serde_json::Value;

/// The formats an import file comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// GeoJSON: a FeatureCollection or one Feature.
    GeoJson,
    /// CSV with a header line and `lon`, `lat` columns.
    Csv,
}

impl FileFormat {
    /// The format a file name says (`.csv`; anything else is read as GeoJSON).
    pub fn of_name(name: &str) -> FileFormat {
        if name.to_ascii_lowercase().ends_with(".csv") {
            FileFormat::Csv
        } else {
            FileFormat::GeoJson
        }
    }

    /// The media type the server reads it as.
    pub fn media_type(self) -> &'static str {
        match self {
            FileFormat::GeoJson => "application/geo+json",
            FileFormat::Csv => "text/csv",
        }
    }
}

/// Why the rows could not be taken out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DropError {
    /// The file does not parse the way the server read it.
    #[error("the file cannot be read again: {0}")]
    Unreadable(String),
    /// Every row was rejected: nothing is left to apply.
    #[error("every row was rejected")]
    Nothing,
}

/// The file `text` without the rows `rejected` (numbered as the server's
/// report numbers them: the n-th feature from 1, or the line a CSV record
/// starts on). A CSV keeps its header and every other record byte for byte.
pub fn without_rows(
    format: FileFormat,
    text: &str,
    rejected: &[usize],
) -> Result<String, DropError> {
    match format {
        FileFormat::Csv => without_records(text, rejected),
        FileFormat::GeoJson => without_features(text, rejected),
    }
}

fn without_records(text: &str, rejected: &[usize]) -> Result<String, DropError> {
    let records = csv_reader::records(text).map_err(|e| DropError::Unreadable(e.to_string()))?;
    let Some((header, rows)) = records.split_first() else {
        return Err(DropError::Nothing);
    };
    let kept: Vec<_> = rows
        .iter()
        .filter(|r| !rejected.contains(&r.line))
        .collect();
    if kept.is_empty() {
        return Err(DropError::Nothing);
    }
    let mut out = text[header.span.clone()].to_string();
    for record in kept {
        if !out.ends_with(['\n', '\r']) {
            out.push('\n');
        }
        out.push_str(&text[record.span.clone()]);
    }
    Ok(out)
}

fn without_features(text: &str, rejected: &[usize]) -> Result<String, DropError> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| DropError::Unreadable(e.to_string()))?;
    if value.get("type").and_then(Value::as_str) == Some("Feature") {
        return if rejected.contains(&1) {
            Err(DropError::Nothing)
        } else {
            Ok(text.to_string())
        };
    }
    let Some(Value::Array(features)) = value.get_mut("features") else {
        return Err(DropError::Unreadable("it has no `features` list".into()));
    };
    let mut row = 0;
    features.retain(|_| {
        row += 1;
        !rejected.contains(&row)
    });
    if features.is_empty() {
        return Err(DropError::Nothing);
    }
    serde_json::to_string(&value).map_err(|e| DropError::Unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_loses_the_rejected_lines_and_keeps_the_rest_byte_for_byte() {
        let text = "id,name,kind,status,lon,lat\r\n\
                    a,\"A, first\",port,operating,49,40\r\n\
                    b,B,port,operating,,40\r\n\
                    c,\"C\nsecond line\",port,planned,50,41";
        let out = without_rows(FileFormat::Csv, text, &[3]).expect("rows left");
        assert_eq!(
            out,
            "id,name,kind,status,lon,lat\r\na,\"A, first\",port,operating,49,40\r\n\
             c,\"C\nsecond line\",port,planned,50,41"
        );
    }

    #[test]
    fn the_last_record_dropped_leaves_the_others_whole() {
        let text = "id,lon\na,1\nb,2";
        assert_eq!(
            without_rows(FileFormat::Csv, text, &[3]).as_deref(),
            Ok("id,lon\na,1\n")
        );
    }

    #[test]
    fn a_geojson_collection_loses_the_nth_features() {
        let text = r#"{"type":"FeatureCollection","features":[{"id":"a"},{"id":"b"},{"id":"c"}]}"#;
        let out = without_rows(FileFormat::GeoJson, text, &[1, 3]).expect("rows left");
        let value: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(value["features"], serde_json::json!([{"id": "b"}]));
    }

    #[test]
    fn nothing_left_is_an_error_not_an_empty_file() {
        assert_eq!(
            without_rows(FileFormat::Csv, "id,lon\na,1\n", &[2]),
            Err(DropError::Nothing)
        );
        assert_eq!(
            without_rows(FileFormat::GeoJson, r#"{"type":"Feature"}"#, &[1]),
            Err(DropError::Nothing)
        );
    }

    #[test]
    fn formats_follow_the_file_name() {
        assert_eq!(FileFormat::of_name("sites.CSV"), FileFormat::Csv);
        assert_eq!(
            FileFormat::of_name("sites.geojson").media_type(),
            "application/geo+json"
        );
    }
}
