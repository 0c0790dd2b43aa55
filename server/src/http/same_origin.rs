//! Unsafe methods only from the site's own pages: a defence against
//! cross-site request forgery beside the `SameSite=Strict` session cookie.
//!
//! A POST, PUT, PATCH or DELETE passes when the browser says it comes from
//! this origin (`Sec-Fetch-Site: same-origin`), or when its `Origin` is this
//! site's own (the configured scheme, and the `Host` the request was sent
//! to). A request with neither header passes only without cookies: it comes
//! from a program, not a browser, and carries no session to misuse.

use crate::http::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses unsafe requests from other origins with 403, before any handler runs.
pub async fn refuse_cross_origin_writes(
    State(https): State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let unsafe_method = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if unsafe_method && !from_own_pages(request.headers(), https) {
        return AppError::CrossOrigin.into_response();
    }
    next.run(request).await
}

/// Whether a request's headers show it was sent by this site's pages (or by
/// a program without cookies).
pub fn from_own_pages(headers: &HeaderMap, https: bool) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let scheme = if https { "https" } else { "http" };
        return match (origin.to_str().ok(), text(header::HOST)) {
            (Some(origin), Some(host)) => same_origin(origin, scheme, host),
            _ => false,
        };
    }
    !headers.contains_key(header::COOKIE)
}

/// Whether `origin` (`scheme://host[:port]`) names `scheme` and `host`, the
/// default port written or not.
fn same_origin(origin: &str, scheme: &str, host: &str) -> bool {
    let Some(origin_host) = origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix("://"))
    else {
        return false;
    };
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let normal = |h: &str| {
        let h = h.to_ascii_lowercase();
        match h.strip_suffix(default_port) {
            Some(bare) => bare.to_string(),
            None => h,
        }
    };
    !origin_host.is_empty() && normal(origin_host) == normal(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_browser_fetch_site_header_decides_when_present() {
        assert!(from_own_pages(
            &headers(&[("sec-fetch-site", "same-origin")]),
            false
        ));
        assert!(!from_own_pages(
            &headers(&[("sec-fetch-site", "same-site")]),
            false
        ));
        assert!(!from_own_pages(
            &headers(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "http://a"),
                ("host", "a")
            ]),
            false
        ));
    }

    #[test]
    fn the_origin_must_be_this_scheme_and_host() {
        let own = [
            ("origin", "http://atlas.test:8080"),
            ("host", "atlas.test:8080"),
        ];
        assert!(from_own_pages(&headers(&own), false));
        assert!(!from_own_pages(&headers(&own), true), "https expected");
        assert!(from_own_pages(
            &headers(&[("origin", "https://Atlas.test"), ("host", "atlas.test:443")]),
            true
        ));
        assert!(!from_own_pages(
            &headers(&[("origin", "http://evil.test"), ("host", "atlas.test")]),
            false
        ));
        assert!(!from_own_pages(
            &headers(&[("origin", "null"), ("host", "atlas.test")]),
            false
        ));
        assert!(!from_own_pages(
            &headers(&[("origin", "http://atlas.test")]),
            false
        ));
    }

    #[test]
    fn without_either_header_only_a_request_without_cookies_passes() {
        assert!(from_own_pages(&headers(&[("host", "atlas.test")]), false));
        assert!(!from_own_pages(
            &headers(&[("cookie", "atlas_session=x")]),
            false
        ));
    }
}
