//! Where requests go.

use std::fmt;

/// The base URL of the service: scheme, authority and an optional path prefix.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    prefix: String,
}

/// An endpoint URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEndpoint {
    url: String,
    reason: &'static str,
}

impl fmt::Display for InvalidEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint URL {:?}: {}", self.url, self.reason)
    }
}

impl std::error::Error for InvalidEndpoint {}

impl Endpoint {
    /// The AWS regional endpoint, `https://api.detective.{region}.amazonaws.com`.
    pub fn regional(region: &str) -> Result<Self, InvalidEndpoint> {
        Self::from_url(&format!("https://api.detective.{region}.amazonaws.com"))
    }

    /// A custom endpoint, e.g. `http://127.0.0.1:4566` for the local emulator.
    pub fn from_url(url: &str) -> Result<Self, InvalidEndpoint> {
        let invalid = |reason| InvalidEndpoint {
            url: url.to_owned(),
            reason,
        };
        let uri: http::Uri = url.parse().map_err(|_| invalid("not a URL"))?;
        let scheme = uri
            .scheme()
            .cloned()
            .ok_or_else(|| invalid("missing scheme (http:// or https://)"))?;
        if scheme != http::uri::Scheme::HTTP && scheme != http::uri::Scheme::HTTPS {
            return Err(invalid("scheme must be http or https"));
        }
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| invalid("missing host"))?;
        if uri.query().is_some() {
            return Err(invalid("must not have a query string"));
        }
        let prefix = uri.path().trim_end_matches('/').to_owned();
        Ok(Endpoint {
            scheme,
            authority,
            prefix,
        })
    }

    /// The host (and port) requests are sent to.
    pub fn authority(&self) -> &http::uri::Authority {
        &self.authority
    }

    /// The full URI for a request path (which starts with `/` and may carry a query).
    pub fn uri_for(&self, path_and_query: &str) -> Result<http::Uri, InvalidEndpoint> {
        let joined =
            http::uri::PathAndQuery::try_from(format!("{}{}", self.prefix, path_and_query));
        self.uri_with(joined, path_and_query)
    }

    /// [`uri_for`](Endpoint::uri_for) an operation's literal path: without a
    /// path prefix the path is used in place, not copied (most calls).
    pub fn uri_for_static(&self, path: &'static str) -> Result<http::Uri, InvalidEndpoint> {
        if !self.prefix.is_empty() {
            return self.uri_for(path);
        }
        let in_place =
            http::uri::PathAndQuery::from_maybe_shared(bytes::Bytes::from_static(path.as_bytes()));
        self.uri_with(in_place, path)
    }

    /// The URI of this endpoint with `path_and_query`, which was made from
    /// `requested` (named in the error when either step fails).
    fn uri_with(
        &self,
        path_and_query: Result<http::uri::PathAndQuery, http::uri::InvalidUri>,
        requested: &str,
    ) -> Result<http::Uri, InvalidEndpoint> {
        path_and_query
            .ok()
            .and_then(|path_and_query| {
                http::Uri::builder()
                    .scheme(self.scheme.clone())
                    .authority(self.authority.clone())
                    .path_and_query(path_and_query)
                    .build()
                    .ok()
            })
            .ok_or_else(|| InvalidEndpoint {
                url: format!("{self}{requested}"),
                reason: "the request path does not form a valid URI",
            })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.prefix)
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({self})")
    }
}

impl std::str::FromStr for Endpoint {
    type Err = InvalidEndpoint;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_url(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_path_gives_the_uri_a_copied_one_gives() {
        for url in [
            "https://api.detective.us-east-1.amazonaws.com",
            "http://127.0.0.1:4566/prefix/",
        ] {
            let endpoint = Endpoint::from_url(url).ok();
            for path in ["/graph/members/get", "/graphs/list", "/tags/x%3Ay"] {
                let copied = endpoint.as_ref().map(|e| e.uri_for(path));
                let in_place = endpoint.as_ref().map(|e| e.uri_for_static(path));
                assert_eq!(in_place, copied, "{url} {path}");
                assert!(matches!(copied, Some(Ok(_))), "{url} {path}");
            }
            let bad = endpoint.as_ref().map(|e| e.uri_for_static("/a b").is_err());
            assert_eq!(bad, Some(true), "{url}");
        }
    }

    #[test]
    fn regional_and_custom() {
        let e = Endpoint::regional("eu-west-1").ok();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("https://api.detective.eu-west-1.amazonaws.com")
        );
        let local = Endpoint::from_url("http://127.0.0.1:4566/").ok();
        let uri = local.and_then(|l| l.uri_for("/graph/members/get").ok());
        assert_eq!(
            uri.map(|u| u.to_string()).as_deref(),
            Some("http://127.0.0.1:4566/graph/members/get")
        );
        assert!(Endpoint::from_url("127.0.0.1:4566").is_err());
        assert!(Endpoint::from_url("ftp://x").is_err());
    }
}
