//! Presigned requests: a call signed now, to be sent later by anything that speaks HTTP.
//!
//! [`Client::presign`] builds an operation's request exactly as the client
//! would send it, then signs it with SigV4 *query parameters* instead of an
//! `Authorization` header (`X-Amz-Algorithm`, `X-Amz-Credential`,
//! `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
//! `X-Amz-Security-Token` with temporary credentials, and `X-Amz-Signature`),
//! as boto3's `generate_presigned_url` does. The result holds no secret key:
//! it can be handed to a process that has no credentials, which sends it
//! before it expires with any HTTP client, unchanged.
//!
//! # What is signed
//!
//! The method, the path, the query, the `content-type` and `host` headers
//! (the sender must send the [`headers`](PresignedRequest::headers) listed;
//! `host` is the URL's) and the SHA-256 of the body. The payload hash is the
//! body's SHA-256, not `UNSIGNED-PAYLOAD`, as in botocore's `SigV4QueryAuth`
//! for every service but S3 (only S3's presigner uses `UNSIGNED-PAYLOAD`).
//! So the body cannot be changed, and a request cannot be replayed with
//! another input. botocore also moves a JSON body's members into the query
//! string and signs an empty body; Detective (restJson1) reads its input from
//! the body only, so here the body stays the body. A URL made by botocore for
//! an operation without input (`list_graphs`, sent with an empty body) is
//! nonetheless the same kind of request and is accepted by the emulator.
//!
//! The signature stops working when it expires (at most 7 days), and earlier
//! if the credentials it was made with are temporary and expire first.

use crate::layer::signing::DEFAULT_SERVICE_NAME;
use crate::{Client, Error};
use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{
    sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use detective_ops::codec::client::build_request;
use detective_ops::Operation;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The longest a presigned request may stay valid: 7 days, as SigV4 allows.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(604_800);

/// Query parameters whose values are redacted by `Debug`: the signature
/// (a bearer credential until it expires) and the session token.
const REDACTED_PARAMS: [&str; 2] = ["X-Amz-Signature", "X-Amz-Security-Token"];

/// A signed request that anyone can send until it expires.
///
/// `Debug` shows the URL with the signature and session token redacted and
/// the body's length only (it may hold e-mail addresses). `url` itself holds
/// them: treat the whole value as a credential until it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// The HTTP method.
    pub method: http::Method,
    /// The full URL, SigV4 query parameters included.
    pub url: String,
    /// Headers the sender must send as they are (they are signed), e.g.
    /// `content-type`. `host` is not listed: it is the URL's authority.
    pub headers: Vec<(String, String)>,
    /// The body to send (its SHA-256 is signed).
    pub body: Bytes,
}

impl PresignedRequest {
    /// The request as an `http::Request`, ready for any HTTP client.
    ///
    /// Fails only if the fields were changed into something HTTP cannot carry
    /// (a URL that does not parse, a header name or value that is not valid).
    pub fn into_http_request(self) -> Result<http::Request<Bytes>, http::Error> {
        let mut builder = http::Request::builder()
            .method(self.method)
            .uri(self.url.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.body(self.body)
    }

    /// The URL with the signature and session token replaced by `<redacted>`, for logs.
    pub fn redacted_url(&self) -> String {
        let Some((base, query)) = self.url.split_once('?') else {
            return self.url.clone();
        };
        let query: Vec<String> = query
            .split('&')
            .map(|pair| {
                let name = pair.split_once('=').map_or(pair, |(name, _)| name);
                if REDACTED_PARAMS.contains(&name) {
                    format!("{name}=<redacted>")
                } else {
                    pair.to_owned()
                }
            })
            .collect();
        format!("{base}?{}", query.join("&"))
    }
}

impl TryFrom<PresignedRequest> for http::Request<Bytes> {
    type Error = http::Error;

    fn try_from(presigned: PresignedRequest) -> Result<Self, Self::Error> {
        presigned.into_http_request()
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("url", &self.redacted_url())
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// Checks the validity period: a whole number of seconds from 1 to 604800 (7 days).
fn expires_in_seconds(expires_in: Duration) -> Result<u64, Error> {
    let seconds = expires_in.as_secs();
    if seconds == 0 || expires_in > MAX_EXPIRES_IN {
        return Err(Error::Signing(format!(
            "a presigned request must be valid for 1 second to 7 days (604800 seconds), not {expires_in:?}"
        )));
    }
    Ok(seconds)
}

/// Percent-encodes a query component as SigV4 canonicalizes it (RFC 3986 unreserved kept).
fn encode_query_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl Client {
    /// Presigns a call of operation `O` valid for `expires_in` from now.
    ///
    /// The input is validated first (a bad input is [`Error::Validation`],
    /// and nothing is signed). `expires_in` must be 1 second to 7 days
    /// ([`MAX_EXPIRES_IN`]); fractions of a second are dropped. Otherwise
    /// [`Error::Signing`]. Credentials come from the client's provider
    /// ([`Error::Credentials`] if it has none). See the [module docs](self)
    /// for what is signed.
    ///
    /// ```no_run
    /// # async fn demo(client: detective_client::Client) -> Result<(), detective_client::Error> {
    /// use detective_client::ops::operations::ListGraphs;
    /// use std::time::Duration;
    ///
    /// let presigned = client
    ///     .presign::<ListGraphs>(Default::default(), Duration::from_secs(300))
    ///     .await?;
    /// println!("{} {}", presigned.method, presigned.url);
    /// # Ok(()) }
    /// ```
    pub async fn presign<O: Operation>(
        &self,
        input: O::Input,
        expires_in: Duration,
    ) -> Result<PresignedRequest, Error> {
        self.presign_at::<O>(input, expires_in, SystemTime::now())
            .await
    }

    /// Like [`Client::presign`], with the signature dated `signed_at` instead
    /// of now: the request is valid from `signed_at` for `expires_in`.
    pub async fn presign_at<O: Operation>(
        &self,
        input: O::Input,
        expires_in: Duration,
        signed_at: SystemTime,
    ) -> Result<PresignedRequest, Error> {
        let expires_in = Duration::from_secs(expires_in_seconds(expires_in)?);
        let mut request = build_request::<O>(&input, self.config().endpoint())?;
        // The sender's own client sets its user-agent; SigV4 never signs it anyway.
        request.headers_mut().remove(http::header::USER_AGENT);
        let credentials = self
            .config()
            .credentials_provider()
            .provide_credentials()
            .await
            .map_err(Error::Credentials)?;
        let identity = Identity::from(credentials);
        let mut settings = SigningSettings::default();
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires_in);
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(self.config().region())
            .name(DEFAULT_SERVICE_NAME)
            .time(signed_at)
            .settings(settings)
            .build()
            .map_err(|e| Error::Signing(e.to_string()))?
            .into();

        let mut headers = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            let value = value.to_str().map_err(|_| {
                Error::Signing(format!("the value of header {name} is not visible ASCII"))
            })?;
            headers.push((name.as_str().to_owned(), value.to_owned()));
        }
        let url = request.uri().to_string();
        let query = {
            let signable = SignableRequest::new(
                request.method().as_str(),
                url.as_str(),
                headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
                SignableBody::Bytes(request.body()),
            )
            .map_err(|e| Error::Signing(e.to_string()))?;
            let (instructions, _signature) = sign(signable, &params)
                .map_err(|e| Error::Signing(e.to_string()))?
                .into_parts();
            let (extra_headers, query) = instructions.into_parts();
            if !extra_headers.is_empty() {
                // Query signing puts everything in the URL; a header here would be unsent.
                return Err(Error::Signing(
                    "the signer asked for headers on a presigned request".to_owned(),
                ));
            }
            query
        };
        let pairs: Vec<String> = query
            .iter()
            .map(|(name, value)| {
                format!(
                    "{}={}",
                    encode_query_component(name),
                    encode_query_component(value)
                )
            })
            .collect();
        // Detective's paths carry no query of their own, but keep one if a path ever does.
        let separator = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{separator}{}", pairs.join("&"));
        let (parts, body) = request.into_parts();
        Ok(PresignedRequest {
            method: parts.method,
            url,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_bounds() {
        assert!(expires_in_seconds(Duration::ZERO).is_err());
        assert!(expires_in_seconds(Duration::from_millis(999)).is_err());
        assert_eq!(expires_in_seconds(Duration::from_secs(1)).ok(), Some(1));
        assert_eq!(
            expires_in_seconds(Duration::from_millis(1500)).ok(),
            Some(1)
        );
        assert_eq!(expires_in_seconds(MAX_EXPIRES_IN).ok(), Some(604_800));
        let too_long = expires_in_seconds(MAX_EXPIRES_IN + Duration::from_secs(1));
        let message = too_long.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("604800"), "{message}");
    }

    #[test]
    fn query_components_are_encoded_as_sigv4_canonicalizes() {
        assert_eq!(
            encode_query_component("AKID/20261126/us-east-1/detective/aws4_request"),
            "AKID%2F20261126%2Fus-east-1%2Fdetective%2Faws4_request"
        );
        assert_eq!(encode_query_component("a+b=c d~._-"), "a%2Bb%3Dc%20d~._-");
        assert_eq!(
            encode_query_component("content-type;host"),
            "content-type%3Bhost"
        );
    }

    #[test]
    fn redacted_url_hides_signature_and_token_only() {
        let presigned = PresignedRequest {
            method: http::Method::POST,
            url: "http://h/graphs/list?X-Amz-Date=1&X-Amz-Security-Token=tok&X-Amz-Signature=abc"
                .to_owned(),
            headers: Vec::new(),
            body: Bytes::new(),
        };
        assert_eq!(
            presigned.redacted_url(),
            "http://h/graphs/list?X-Amz-Date=1&X-Amz-Security-Token=<redacted>&X-Amz-Signature=<redacted>"
        );
    }
}
