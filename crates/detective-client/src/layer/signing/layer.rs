//! [`SigningLayer`]: configuration for [`SigningService`].

use super::{Clock, CredentialsSource, Signer, SigningService, DEFAULT_SERVICE_NAME};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use detective_ops::signing::SigningKeys;
use std::sync::Arc;
use std::time::SystemTime;
use tower_layer::Layer;

/// Signs requests with SigV4 for one region, service name `detective` by default.
///
/// ```
/// use aws_credential_types::{provider::SharedCredentialsProvider, Credentials};
/// use detective_client::layer::signing::SigningLayer;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "example");
/// let layer = SigningLayer::new(SharedCredentialsProvider::new(credentials), "us-east-1");
/// # let _ = layer;
/// ```
#[derive(Clone, Debug)]
pub struct SigningLayer {
    signer: Arc<Signer>,
}

impl SigningLayer {
    /// Signs with credentials from `credentials` for `region`, using the system clock.
    pub fn new(credentials: SharedCredentialsProvider, region: impl Into<String>) -> Self {
        SigningLayer::with_source(CredentialsSource::Provider(credentials), region)
    }

    /// A layer signing with these credentials, for `region`: as
    /// [`new`](SigningLayer::new) with a provider of them, but a request is
    /// signed as soon as it is sent, with no provider future to box and poll.
    pub fn from_credentials(credentials: Credentials, region: impl Into<String>) -> Self {
        SigningLayer::with_source(CredentialsSource::Fixed(credentials), region)
    }

    /// Signs with credentials from `source` for `region`, using the system clock.
    pub(crate) fn with_source(source: CredentialsSource, region: impl Into<String>) -> Self {
        SigningLayer {
            signer: Arc::new(Signer {
                credentials: source,
                region: region.into(),
                service_name: DEFAULT_SERVICE_NAME.to_owned(),
                clock: Arc::new(SystemTime::now),
                keys: SigningKeys::default(),
            }),
        }
    }

    /// Signs for another service name (the credential scope's third part).
    pub fn with_service_name(self, service_name: impl Into<String>) -> Self {
        self.map(|s| s.service_name = service_name.into())
    }

    /// Dates signatures with `clock` instead of the system clock, for deterministic tests.
    pub fn with_clock(self, clock: Arc<dyn Fn() -> SystemTime + Send + Sync>) -> Self {
        self.map(|s| s.clock = clock)
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.signer.region
    }

    /// The service name requests are signed for.
    pub fn service_name(&self) -> &str {
        &self.signer.service_name
    }

    pub(super) fn signer(&self) -> Arc<Signer> {
        Arc::clone(&self.signer)
    }

    fn map(self, f: impl FnOnce(&mut Signer)) -> Self {
        let mut signer = Signer {
            credentials: self.signer.credentials.clone(),
            region: self.signer.region.clone(),
            service_name: self.signer.service_name.clone(),
            clock: Clock::clone(&self.signer.clock),
            keys: SigningKeys::default(),
        };
        f(&mut signer);
        SigningLayer {
            signer: Arc::new(signer),
        }
    }
}

impl<S> Layer<S> for SigningLayer {
    type Service = SigningService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SigningService::new(inner, self)
    }
}
