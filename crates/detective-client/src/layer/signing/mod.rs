//! SigV4 request signing.
//!
//! Every request to AWS must carry a Signature Version 4 `Authorization`
//! header computed over the method, path, headers and body, scoped to a date,
//! region and service. The signature is only valid for about 15 minutes and
//! credentials may be temporary, so signing happens per attempt: place this
//! layer *inside* the retry layer and each retry asks the provider for
//! credentials again (a caching provider makes that cheap) and gets a new
//! `X-Amz-Date`.
//!
//! The layer removes any `Authorization`, `X-Amz-Date` and
//! `X-Amz-Security-Token` headers already on the request before signing, so
//! signing is idempotent. It never logs credentials or signatures: the header
//! values it adds are marked sensitive.

mod future;
mod layer;

pub use self::future::ResponseFuture;
pub use self::layer::SigningLayer;

use crate::Error;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use detective_ops::signing::{self, Scope, SigningKeys, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN};
use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;
use tower_service::Service;

/// The signing name of Amazon Detective.
pub const DEFAULT_SERVICE_NAME: &str = "detective";

/// The clock signatures are dated with.
pub(crate) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Where a signer's (and a client's) credentials come from.
#[derive(Clone)]
pub(crate) enum CredentialsSource {
    /// Known up front: a request is signed in `call`, without a provider future.
    Fixed(Credentials),
    /// Asked before every attempt.
    Provider(SharedCredentialsProvider),
}

impl CredentialsSource {
    /// A provider of these credentials, for code that asks one.
    pub(crate) fn provider(&self) -> SharedCredentialsProvider {
        match self {
            CredentialsSource::Fixed(credentials) => {
                SharedCredentialsProvider::new(credentials.clone())
            }
            CredentialsSource::Provider(provider) => provider.clone(),
        }
    }
}

/// Everything needed to sign, shared by every clone of the layer and service.
pub(crate) struct Signer {
    pub(crate) credentials: CredentialsSource,
    pub(crate) region: String,
    pub(crate) service_name: String,
    pub(crate) clock: Clock,
    /// Signing keys derived so far (one a day per credentials and region).
    pub(crate) keys: SigningKeys,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The provider is left out on purpose: it may hold static credentials.
        f.debug_struct("Signer")
            .field("region", &self.region)
            .field("service_name", &self.service_name)
            .finish_non_exhaustive()
    }
}

/// Headers the signature produces; stale copies are removed before signing.
const SIGNATURE_HEADERS: [http::HeaderName; 3] = [
    http::header::AUTHORIZATION,
    X_AMZ_DATE,
    X_AMZ_SECURITY_TOKEN,
];

/// The name of a header the signer asked for: the usual ones without parsing, others parsed.
fn signature_header_name(name: &str) -> Result<http::HeaderName, Error> {
    match name {
        "authorization" => Ok(http::header::AUTHORIZATION),
        "x-amz-date" => Ok(X_AMZ_DATE),
        "x-amz-security-token" => Ok(X_AMZ_SECURITY_TOKEN),
        other => http::HeaderName::from_bytes(other.as_bytes())
            .map_err(|e| Error::Signing(format!("invalid signature header name: {e}"))),
    }
}

/// Request headers `aws-sigv4`'s default settings leave unsigned; the plain
/// path must leave out the same ones to sign the same way.
const UNSIGNED_HEADERS: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// The `Host` a request to `uri` is signed with, as `aws-sigv4` writes it:
/// the host alone when the port is the scheme's default (hyper leaves such a
/// port out), else the whole authority. `None` when the URI has no host.
///
/// Read straight from the authority's text: asking `Uri::host` (twice, as
/// this layer did) and `Uri::port` searched it three times, about 970
/// instructions a request against 340 now.
fn host_header(uri: &http::Uri) -> Option<&str> {
    let authority = uri.authority()?.as_str();
    let host_and_port = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => authority.get(at + 1..)?,
        None => authority,
    };
    let default_port = match uri.scheme_str() {
        Some("http") => ":80",
        Some("https") => ":443",
        _ => "",
    };
    let host = match host_and_port.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host,
        _ => authority,
    };
    (!host_and_port.is_empty() && !host_and_port.starts_with(':')).then_some(host)
}

impl Signer {
    /// Signs `request` in place with `credentials`: a plain request on the
    /// short path (see [`detective_ops::signing`]), anything else with
    /// `aws-sigv4` whole. Both give the same headers.
    fn sign(
        &self,
        request: &mut http::Request<Bytes>,
        credentials: Credentials,
    ) -> Result<(), Error> {
        for name in &SIGNATURE_HEADERS {
            request.headers_mut().remove(name);
        }
        // aws-sigv4 panics on a URI without an authority; refuse it here.
        if request.headers().get(http::header::HOST).is_none()
            && request.uri().authority().is_none()
        {
            return Err(Error::Signing(
                "the request URI has no host and there is no Host header".to_owned(),
            ));
        }
        let time = (self.clock)();
        if self.sign_plain(request, &credentials, time) {
            return Ok(());
        }
        self.sign_with_aws_sigv4(request, credentials, time)
    }

    /// Signs a plain request from a canonical request written in one buffer
    /// and a cached signing key. Returns false, leaving the request as it was,
    /// when the request is not plain.
    fn sign_plain(
        &self,
        request: &mut http::Request<Bytes>,
        credentials: &Credentials,
        time: SystemTime,
    ) -> bool {
        let Some(amz_date) = signing::amz_date(time) else {
            return false;
        };
        let Some(date) = amz_date.get(..8) else {
            return false;
        };
        let token = credentials.session_token();
        // aws-sigv4 signs the token as is, not trimmed as request headers are.
        if token.is_some_and(|token| token.trim_matches(' ') != token) {
            return false;
        }
        // On the stack: a Detective request signs five or six headers.
        let mut headers: smallvec::SmallVec<[(&str, &str); 8]> = smallvec::SmallVec::new();
        for (name, value) in request.headers() {
            if UNSIGNED_HEADERS.contains(&name.as_str()) {
                continue;
            }
            let Ok(value) = value.to_str() else {
                return false;
            };
            headers.push((name.as_str(), value));
        }
        if request.headers().get(http::header::HOST).is_none() {
            let Some(host) = host_header(request.uri()) else {
                return false;
            };
            headers.push(("host", host));
        }
        headers.push(("x-amz-date", &amz_date));
        if let Some(token) = token {
            headers.push(("x-amz-security-token", token));
        }
        headers.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let Some(canonical) = signing::canonical_request(
            request.method().as_str(),
            request.uri(),
            &headers,
            request.body(),
        ) else {
            return false;
        };
        // Ends the borrow of the request's headers (SmallVec has a Drop).
        drop(headers);
        let scope = Scope {
            date,
            region: &self.region,
            service: &self.service_name,
        };
        let access_key_id = credentials.access_key_id();
        let Some(key) = self
            .keys
            .get(access_key_id, credentials.secret_access_key(), &scope, time)
        else {
            return false;
        };
        let signature = key.sign_canonical(&amz_date, &scope, &canonical);
        let authorization = signing::authorization(access_key_id, &scope, &canonical, &signature);
        // Both strings are exactly full, so `Bytes` takes their buffers as they are.
        let Ok(mut authorization) =
            http::HeaderValue::from_maybe_shared(Bytes::from(authorization))
        else {
            return false;
        };
        authorization.set_sensitive(true);
        let Ok(amz_date) = http::HeaderValue::from_maybe_shared(Bytes::from(amz_date)) else {
            return false;
        };
        let token = match token.map(http::HeaderValue::from_str) {
            None => None,
            Some(Ok(mut token)) => {
                token.set_sensitive(true);
                Some(token)
            }
            Some(Err(_)) => return false,
        };
        let headers = request.headers_mut();
        headers.insert(X_AMZ_DATE, amz_date);
        if let Some(token) = token {
            headers.insert(X_AMZ_SECURITY_TOKEN, token);
        }
        headers.insert(http::header::AUTHORIZATION, authorization);
        true
    }

    /// Signs `request` in place with `aws-sigv4`'s general signer.
    fn sign_with_aws_sigv4(
        &self,
        request: &mut http::Request<Bytes>,
        credentials: Credentials,
        time: SystemTime,
    ) -> Result<(), Error> {
        let identity = Identity::from(credentials);
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.service_name)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| Error::Signing(e.to_string()))?
            .into();
        let instructions = {
            let headers = request
                .headers()
                .iter()
                .map(|(name, value)| {
                    value
                        .to_str()
                        .map(|value| (name.as_str(), value))
                        .map_err(|_| {
                            Error::Signing(format!(
                                "the value of header {name} is not visible ASCII"
                            ))
                        })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            let uri = request.uri().to_string();
            let signable = SignableRequest::new(
                request.method().as_str(),
                uri,
                headers.into_iter(),
                SignableBody::Bytes(request.body()),
            )
            .map_err(|e| Error::Signing(e.to_string()))?;
            let (instructions, _signature) = sign(signable, &params)
                .map_err(|e| Error::Signing(e.to_string()))?
                .into_parts();
            instructions
        };
        let (headers, query) = instructions.into_parts();
        if !query.is_empty() {
            // Only query-string (presigned) signing produces these; the default settings never do.
            return Err(Error::Signing(
                "the signer produced query parameters; only header signing is supported".to_owned(),
            ));
        }
        for header in headers {
            let name = signature_header_name(header.name())?;
            let mut value = http::HeaderValue::from_str(header.value()).map_err(|_| {
                // Never echo the value: it may be a session token.
                Error::Signing(format!("the {name} value is not a valid header value"))
            })?;
            value.set_sensitive(header.sensitive() || name == http::header::AUTHORIZATION);
            request.headers_mut().insert(name, value);
        }
        Ok(())
    }
}

/// A service that SigV4-signs each request, then hands it to the inner service.
///
/// Made by [`SigningLayer`]. Credentials are fetched per call; a provider
/// failure is [`Error::Credentials`] and nothing is sent.
#[derive(Clone, Debug)]
pub struct SigningService<S> {
    inner: S,
    signer: Arc<Signer>,
}

impl<S> SigningService<S> {
    /// Wraps `inner`, signing with the settings of `layer`.
    pub fn new(inner: S, layer: &SigningLayer) -> Self {
        SigningService {
            inner,
            signer: layer.signer(),
        }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.signer.region
    }
}

impl<S> Service<http::Request<Bytes>> for SigningService<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = Error>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    type Response = http::Response<Bytes>;
    type Error = Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<Bytes>) -> Self::Future {
        let provider = match &self.signer.credentials {
            CredentialsSource::Fixed(credentials) => {
                // Nothing to wait for: sign now and call the service just driven ready.
                return match self.signer.sign(&mut request, credentials.clone()) {
                    Ok(()) => ResponseFuture::sent(self.inner.call(request)),
                    Err(error) => ResponseFuture::failed(error),
                };
            }
            CredentialsSource::Provider(provider) => provider.clone(),
        };
        // Keep the service that was driven to readiness; leave a fresh clone behind.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let signer = Arc::clone(&self.signer);
        ResponseFuture::fetching(Box::pin(async move {
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(Error::Credentials)?;
            signer.sign(&mut request, credentials)?;
            inner.call(request).await
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    fn test_credentials() -> Credentials {
        Credentials::new("AKIDEXAMPLE", "secret", None, None, "test")
    }

    fn signer(time: SystemTime) -> Signer {
        Signer {
            credentials: CredentialsSource::Provider(SharedCredentialsProvider::new(
                test_credentials(),
            )),
            region: "us-east-1".to_owned(),
            service_name: DEFAULT_SERVICE_NAME.to_owned(),
            clock: Arc::new(move || time),
            keys: SigningKeys::default(),
        }
    }

    /// A request as the generator below makes it.
    #[derive(Debug, Clone)]
    struct Generated {
        method: &'static str,
        uri: String,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
        session_token: Option<String>,
        seconds: u64,
    }

    impl Generated {
        fn request(&self) -> Option<http::Request<Bytes>> {
            let mut builder = http::Request::builder().method(self.method).uri(&self.uri);
            for (name, value) in &self.headers {
                builder = builder.header(*name, value);
            }
            builder.body(Bytes::from(self.body.clone())).ok()
        }

        fn credentials(&self) -> Credentials {
            Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                self.session_token.clone(),
                None,
                "test",
            )
        }

        fn time(&self) -> SystemTime {
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_651_200 + self.seconds)
        }

        /// The headers aws-sigv4 signs the request with, and the plain path's
        /// when it takes the request.
        fn signed(&self) -> Option<(http::HeaderMap, Option<http::HeaderMap>)> {
            let signer = signer(self.time());
            let mut general = self.request()?;
            signer
                .sign_with_aws_sigv4(&mut general, self.credentials(), self.time())
                .ok()?;
            let mut plain = self.request()?;
            let taken = signer.sign_plain(&mut plain, &self.credentials(), self.time());
            Some((
                general.headers().clone(),
                taken.then(|| plain.headers().clone()),
            ))
        }
    }

    fn generated(path: &'static str) -> impl Strategy<Value = Generated> {
        let header_names = [
            "content-type",
            "host",
            "transfer-encoding",
            "user-agent",
            "x-amz-user-agent",
            "x-amzn-trace-id",
            "x-custom",
        ];
        (
            prop::sample::select(vec!["GET", "POST", "PUT", "DELETE"]),
            prop::sample::select(vec![
                "https://api.detective.us-east-1.amazonaws.com",
                "https://api.detective.us-east-1.amazonaws.com:443",
                "http://127.0.0.1:4566",
                "http://localhost:80",
                "https://localhost:8443",
                "http://user@127.0.0.1:4566",
                "https://user:pw@localhost:443",
                "http://[::1]:4566",
                "https://[::1]:443",
                "http://[::1]",
            ]),
            path,
            prop::sample::subsequence(header_names.to_vec(), 0..=header_names.len()),
            prop::collection::vec("[ -~]{0,20}", header_names.len()),
            prop::collection::vec(any::<u8>(), 0..64),
            prop::option::of("[A-Za-z0-9+/=]{1,40}"),
            0u64..400_000,
        )
            .prop_map(
                |(method, base, path, names, values, body, session_token, seconds)| Generated {
                    method,
                    uri: format!("{base}{path}"),
                    headers: names.into_iter().zip(values).collect(),
                    body,
                    session_token,
                    seconds,
                },
            )
    }

    proptest! {
        /// A plain request gets exactly the headers aws-sigv4 would give it,
        /// and every plain-shaped request takes the plain path.
        #[test]
        fn the_plain_path_signs_as_aws_sigv4_does(
            request in generated("(/[A-Za-z0-9_~-]{1,10}){1,4}"),
        ) {
            if let Some((general, plain)) = request.signed() {
                let spaced = request
                    .headers
                    .iter()
                    .any(|(_, value)| value.trim_matches(' ').contains("  "));
                prop_assert!(plain.is_some() || spaced, "not taken: {request:?}");
                if let Some(plain) = plain {
                    prop_assert_eq!(general, plain);
                }
            }
        }

        /// Any path: where the plain path signs, it signs as aws-sigv4 does.
        #[test]
        fn the_plain_path_agrees_on_any_path(
            request in generated("/[A-Za-z0-9_~./:%-]{0,24}(\\?[a-z=&]{0,8})?"),
        ) {
            if let Some((general, Some(plain))) = request.signed() {
                prop_assert_eq!(general, plain);
            }
        }
    }

    #[test]
    fn a_query_or_an_encoded_path_goes_to_aws_sigv4() {
        let signer = signer(SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_685_400));
        for uri in [
            "https://h/tags/arn%3Aaws%3Adetective",
            "https://h/tags/x?tagKeys=a",
        ] {
            let mut request = http::Request::get(uri).body(Bytes::new()).unwrap();
            assert!(!signer.sign_plain(&mut request, &test_credentials(), SystemTime::UNIX_EPOCH));
            assert!(request.headers().is_empty(), "{uri}: left as it was");
            signer.sign(&mut request, test_credentials()).unwrap();
            assert!(request.headers().contains_key(http::header::AUTHORIZATION));
        }
    }

    #[test]
    fn a_request_with_no_host_anywhere_is_refused_and_one_with_a_host_header_is_signed() {
        let signer = signer(SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_685_400));
        let mut request = http::Request::post("/graph/members/get")
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        match signer.sign(&mut request, test_credentials()) {
            Err(Error::Signing(message)) => assert!(message.contains("no host"), "{message}"),
            other => panic!("expected a signing error, got {other:?}"),
        }
        assert!(request.headers().is_empty(), "nothing added");
        request.headers_mut().insert(
            http::header::HOST,
            http::HeaderValue::from_static("localhost:4566"),
        );
        signer.sign(&mut request, test_credentials()).unwrap();
        assert!(request.headers().contains_key(http::header::AUTHORIZATION));
    }

    #[test]
    fn the_plain_path_marks_credentials_sensitive_and_caches_the_key() {
        let signer = signer(SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_685_400));
        let credentials = Credentials::new("AKID", "secret", Some("token".into()), None, "t");
        for _ in 0..2 {
            let mut request = http::Request::post("https://h/graph/members/get")
                .body(Bytes::from_static(b"{}"))
                .unwrap();
            signer.sign(&mut request, credentials.clone()).unwrap();
            let headers = request.headers();
            assert!(headers[http::header::AUTHORIZATION].is_sensitive());
            assert!(headers[&X_AMZ_SECURITY_TOKEN].is_sensitive());
            assert_eq!(headers[&X_AMZ_DATE], "20261126T093000Z");
        }
        assert_eq!(format!("{:?}", signer.keys), "SigningKeys { held: 1, .. }");
    }
}
