//! A file's rows as GeoJSON Features, before validation: every feature of a
//! GeoJSON FeatureCollection (or the one Feature), or every record of a CSV
//! whose `lon` and `lat` columns place a point.
//!
//! CSV reads the columns that `f=csv` writes (`read_model::csv::COLUMNS`);
//! lists (`aliases`, `partners`) are separated by semicolons, and the first
//! source comes from `source_title`, `source_url` and `source_accessed`.
//! What CSV cannot carry (passage links; sources when the source columns are
//! empty) is marked missing, so an existing feature keeps its own.

use super::FileError;
use crate::read_model::csv::COLUMNS;
use atlas_model::csv_reader;
use serde_json::{Map, Value, json};

/// One row of a file, as a GeoJSON Feature, or why it is not one.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// Its place in the file: the n-th feature, or the CSV line it starts on.
    pub row: usize,
    /// The feature, or the field and reason it could not be read.
    pub feature: Result<Value, (String, String)>,
    /// Properties the file's format cannot carry, which an existing feature keeps.
    pub missing: Vec<&'static str>,
    /// The id the row names, even when it cannot be read as a feature (a
    /// CSV record's `id` cell), so that a rejection says which feature.
    pub id: Option<String>,
}

/// The columns a CSV must have.
pub const REQUIRED_COLUMNS: [&str; 6] = ["id", "name", "kind", "status", "lon", "lat"];

/// The features of a GeoJSON FeatureCollection or Feature.
pub fn geojson(bytes: &[u8]) -> Result<Vec<RawRow>, FileError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| FileError {
        field: "body".into(),
        reason: format!("is not JSON: {e}"),
    })?;
    let features = match value.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match value.get("features") {
            Some(Value::Array(features)) => features.clone(),
            _ => {
                return Err(FileError {
                    field: "features".into(),
                    reason: "must be an array of GeoJSON Features".into(),
                });
            }
        },
        Some("Feature") => vec![value],
        _ => {
            return Err(FileError {
                field: "type".into(),
                reason: "must be \"FeatureCollection\" or \"Feature\"".into(),
            });
        }
    };
    Ok(features
        .into_iter()
        .enumerate()
        .map(|(i, feature)| RawRow {
            row: i + 1,
            id: feature
                .pointer("/properties/id")
                .and_then(Value::as_str)
                .map(str::to_string),
            feature: Ok(feature),
            missing: Vec::new(),
        })
        .collect())
}

/// The records of a CSV with a header line, each as a GeoJSON point Feature.
pub fn csv(bytes: &[u8]) -> Result<Vec<RawRow>, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| FileError {
        field: "body".into(),
        reason: format!("is not UTF-8 text: {e}"),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = csv_reader::records(text).map_err(|e| FileError {
        field: "body".into(),
        reason: format!("is not CSV: {e}"),
    })?;
    let Some((header, records)) = records.split_first() else {
        return Err(FileError {
            field: "body".into(),
            reason: "is empty; a CSV needs a header line".into(),
        });
    };
    let columns: Vec<String> = header.fields.iter().map(|c| c.trim().to_string()).collect();
    if let Some(unknown) = columns.iter().find(|c| !COLUMNS.contains(&c.as_str())) {
        return Err(FileError {
            field: unknown.clone(),
            reason: format!("is not a column; the columns are {}", COLUMNS.join(", ")),
        });
    }
    if let Some(missing) = REQUIRED_COLUMNS
        .iter()
        .find(|r| !columns.iter().any(|c| c == *r))
    {
        return Err(FileError {
            field: (*missing).to_string(),
            reason: "is a required column".into(),
        });
    }
    Ok(records
        .iter()
        .map(|record| {
            let (feature, missing) = match record_feature(&columns, &record.fields) {
                Ok((feature, missing)) => (Ok(feature), missing),
                Err(reason) => (Err(reason), Vec::new()),
            };
            let id = columns
                .iter()
                .position(|c| c == "id")
                .and_then(|i| record.fields.get(i))
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty());
            RawRow {
                row: record.line,
                feature,
                missing,
                id,
            }
        })
        .collect())
}

/// One CSV record as a GeoJSON Feature, and what it leaves to the stored feature.
fn record_feature(
    columns: &[String],
    fields: &[String],
) -> Result<(Value, Vec<&'static str>), (String, String)> {
    if fields.len() != columns.len() {
        return Err((
            "row".into(),
            format!(
                "has {} fields; the header has {}",
                fields.len(),
                columns.len()
            ),
        ));
    }
    let cell = |name: &str| -> Option<&str> {
        columns
            .iter()
            .position(|c| c == name)
            .map(|i| fields[i].trim())
            .filter(|v| !v.is_empty())
    };
    let number = |name: &str| -> Result<Option<Value>, (String, String)> {
        cell(name)
            .map(|text| {
                text.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(|v| json!(v))
                    .ok_or_else(|| (name.to_string(), format!("{text:?} is not a number")))
            })
            .transpose()
    };
    let integer = |name: &str| -> Result<Option<Value>, (String, String)> {
        cell(name)
            .map(|text| {
                text.parse::<i64>()
                    .map(|v| json!(v))
                    .map_err(|_| (name.to_string(), format!("{text:?} is not a whole number")))
            })
            .transpose()
    };
    let list = |name: &str| -> Option<Value> {
        cell(name).map(|text| {
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .into()
        })
    };
    if cell("wkt").is_some() {
        return Err((
            "wkt".into(),
            "only points (lon, lat) are imported from CSV; import lines and areas as GeoJSON"
                .into(),
        ));
    }
    let lon = number("lon")?.ok_or_else(|| ("lon".to_string(), "is required".to_string()))?;
    let lat = number("lat")?.ok_or_else(|| ("lat".to_string(), "is required".to_string()))?;
    let mut properties = Map::new();
    for name in [
        "id",
        "name",
        "kind",
        "status",
        "precision",
        "route",
        "operator",
        "commodity",
        "throughput",
    ] {
        if let Some(text) = cell(name) {
            properties.insert(name.into(), text.into());
        }
    }
    let mut facts = Map::new();
    for (name, value) in [
        ("capacity_mw", number("capacity_mw")?),
        ("length_km", number("length_km")?),
        ("opened", integer("opened")?),
        ("partners", list("partners")),
    ] {
        if let Some(value) = value {
            facts.insert(name.into(), value);
        }
    }
    for name in ["operator", "commodity", "throughput"] {
        if let Some(value) = properties.remove(name) {
            facts.insert(name.into(), value);
        }
    }
    properties.insert("facts".into(), Value::Object(facts));
    if let Some(aliases) = list("aliases") {
        properties.insert("aliases".into(), aliases);
    }
    if let Some(leg) = integer("leg")? {
        properties.insert("leg".into(), leg);
    }
    let mut missing = vec!["passages"];
    match cell("source_url") {
        Some(url) => {
            let mut source = Map::new();
            source.insert("url".into(), url.into());
            source.insert("title".into(), cell("source_title").unwrap_or("").into());
            if let Some(accessed) = cell("source_accessed") {
                source.insert("accessed".into(), accessed.into());
            }
            properties.insert("sources".into(), json!([source]));
        }
        None => missing.push("sources"),
    }
    let id = properties.get("id").cloned().unwrap_or(Value::Null);
    Ok((
        json!({
            "type": "Feature",
            "id": id,
            "geometry": { "type": "Point", "coordinates": [lon, lat] },
            "properties": properties,
        }),
        missing,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_record_that_is_no_feature_still_names_its_id() {
        let text = "id,name,kind,status,lon,lat\nkuryk,Kuryk,port,operating,,43.2\n";
        let rows = csv(text.as_bytes()).expect("reads");
        assert_eq!(rows[0].id.as_deref(), Some("kuryk"));
        assert_eq!(
            rows[0].feature,
            Err(("lon".to_string(), "is required".to_string()))
        );
    }

    #[test]
    fn a_csv_record_becomes_a_point_feature_with_its_facts_and_lists() {
        let text = "id,name,kind,status,lon,lat,capacity_mw,partners,source_url,source_title\n\
                    alat,Alat,port,operating,49.4,39.95,100,AZ; CN,https://example.org/,Ex\n";
        let rows = csv(text.as_bytes()).expect("reads");
        let feature = rows[0].feature.clone().expect("a feature");
        assert_eq!(rows[0].row, 2);
        assert_eq!(feature["geometry"]["coordinates"], json!([49.4, 39.95]));
        assert_eq!(
            feature["properties"]["facts"]["partners"],
            json!(["AZ", "CN"])
        );
        assert_eq!(feature["properties"]["sources"][0]["title"], "Ex");
        assert_eq!(rows[0].missing, ["passages"]);
    }

    #[test]
    fn an_unknown_or_missing_column_refuses_the_file_and_a_bad_number_the_row() {
        let unknown = csv(b"id,name,kind,status,lon,lat,colour\n").expect_err("refused");
        assert_eq!(unknown.field, "colour");
        let missing = csv(b"id,name,kind,status,lon\n").expect_err("refused");
        assert_eq!(missing.field, "lat");
        let rows = csv(b"id,name,kind,status,lon,lat\nx,X,city,operating,east,1\n").expect("reads");
        assert_eq!(
            rows[0].feature.clone().err().map(|e| e.0),
            Some("lon".into())
        );
    }
}
