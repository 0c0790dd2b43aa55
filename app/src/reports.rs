//! The reports behind the map, loaded once and shared by popups and the reader.

use crate::api::{self, ApiError};
use atlas_model::api::{CitedPassage, ReportDetail};
use leptos::prelude::*;

/// Every report with its passages, as a shared resource.
#[derive(Clone, Copy)]
pub struct Reports(pub LocalResource<Result<Vec<ReportDetail>, ApiError>>);

impl Reports {
    /// Starts loading every report.
    pub fn load() -> Reports {
        Reports(LocalResource::new(|| async {
            let list = api::reports().await?;
            let mut details = Vec::with_capacity(list.reports.len());
            for summary in list.reports {
                details.push(api::report(&summary.meta.id).await?);
            }
            Ok(details)
        }))
    }

    /// One report, when loaded (tracks the resource).
    pub fn report(&self, id: &str) -> Option<ReportDetail> {
        // Borrow, not get: a get would clone every report to find one.
        self.0.with(|loaded| {
            loaded
                .as_ref()?
                .as_ref()
                .ok()?
                .iter()
                .find(|r| r.meta.id == id)
                .cloned()
        })
    }

    /// One passage with its report, when loaded (tracks the resource).
    pub fn passage(&self, report: &str, passage: &str) -> Option<(ReportDetail, CitedPassage)> {
        let detail = self.report(report)?;
        let cited = detail
            .passages
            .iter()
            .find(|p| p.passage.id == passage)?
            .clone();
        Some((detail, cited))
    }
}

/// "April 2025" from "2025-04" (or "2025-04-24"); the input itself if it is not a date.
pub fn human_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.split('-');
    let (Some(year), Some(month)) = (parts.next(), parts.next()) else {
        return date.to_string();
    };
    let name = month
        .parse::<usize>()
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| MONTHS.get(m));
    match (name, parts.next()) {
        (Some(name), Some(day)) => format!("{} {name} {year}", day.trim_start_matches('0')),
        (Some(name), None) => format!("{name} {year}"),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::human_date;

    #[test]
    fn months_are_written_out() {
        assert_eq!(human_date("2025-04"), "April 2025");
        assert_eq!(human_date("2025-04-05"), "5 April 2025");
        assert_eq!(human_date("spring"), "spring");
    }
}
