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

mod layer;

pub use self::layer::SigningLayer;

use crate::Error;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use futures_util::future::BoxFuture;
use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;
use tower_service::Service;

/// The signing name of Amazon Detective.
pub const DEFAULT_SERVICE_NAME: &str = "detective";

/// The clock signatures are dated with.
pub(crate) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Everything needed to sign, shared by every clone of the layer and service.
pub(crate) struct Signer {
    pub(crate) credentials: SharedCredentialsProvider,
    pub(crate) region: String,
    pub(crate) service_name: String,
    pub(crate) clock: Clock,
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

/// `X-Amz-Date`, as a ready-made name: parsing names per call showed up in profiles.
const X_AMZ_DATE: http::HeaderName = http::HeaderName::from_static("x-amz-date");
/// `X-Amz-Security-Token`.
const X_AMZ_SECURITY_TOKEN: http::HeaderName =
    http::HeaderName::from_static("x-amz-security-token");

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

impl Signer {
    /// Signs `request` in place with `credentials`.
    fn sign(
        &self,
        request: &mut http::Request<Bytes>,
        credentials: Credentials,
    ) -> Result<(), Error> {
        for name in &SIGNATURE_HEADERS {
            request.headers_mut().remove(name);
        }
        if request.headers().get(http::header::HOST).is_none() && request.uri().host().is_none() {
            return Err(Error::Signing(
                "the request URI has no host and there is no Host header".to_owned(),
            ));
        }
        let identity = Identity::from(credentials);
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.service_name)
            .time((self.clock)())
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
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<Bytes>) -> Self::Future {
        // Keep the service that was driven to readiness; leave a fresh clone behind.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let signer = Arc::clone(&self.signer);
        Box::pin(async move {
            let credentials = signer
                .credentials
                .provide_credentials()
                .await
                .map_err(Error::Credentials)?;
            signer.sign(&mut request, credentials)?;
            inner.call(request).await
        })
    }
}
