//! No secret in any log line.
//!
//! All `tracing` output — every crate, TRACE level, span opens and closes
//! with their fields — is captured into a buffer while a whole workflow
//! runs: the client and the emulator (in process, then over loopback
//! through the emulator's hyper server), session-token credentials for
//! three accounts, `CreateMembers` with e-mail addresses and an invitation
//! message, injected faults that make the client retry and one garbled
//! answer full of member data. Then the buffer is searched for every secret
//! access key, session token, signature value sent, e-mail address and the
//! message text. None may be there.
//!
//! The emulator verifies signatures by re-signing with aws-sigv4, which logs
//! the canonical request (session token included) at TRACE; it therefore
//! verifies with tracing switched off, and the strict check below proves it.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use detective_client::{Client, Credentials, Error};
use detective_local::config::CredentialsFile;
use detective_local::{Emulator, EmulatorConfig};
use detective_testing::fault::{Fault, FaultPlan, FaultTransport};
use detective_transport::{FnTransport, TransportError};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;

/// One account of the workflow: its id, key, secret and session token.
struct Account {
    id: &'static str,
    key: &'static str,
    secret: &'static str,
    token: &'static str,
}

const ADMIN: Account = Account {
    id: "111111111111",
    key: "AKIAADMINTRACE",
    secret: "adminSecretKey+q7Zp1Lw9Xv3Rk5Ty8Nm2",
    token: "FwoGZXIvYXdzEAdminSessionTokenQm3kL9pX2vB7wR4tY6uI",
};
const FIRST: Account = Account {
    id: "222222222222",
    key: "AKIAFIRSTTRACE",
    secret: "firstSecretKey+h4Jd8Ks2Lq6Wn1Ep9Rz5",
    token: "FwoGZXIvYXdzEFirstSessionTokenZx8cV5bN1mQ3wE7rT2yU",
};
const SECOND: Account = Account {
    id: "333333333333",
    key: "AKIASECONDTRACE",
    secret: "secondSecretKey+u3Gf6Hj9Kl2Zx5Cv8Bn4",
    token: "FwoGZXIvYXdzESecondSessionTokenAs4dF7gH0jK2lZ5xC8vB",
};

const FIRST_EMAIL: &str = "first.member.trace-7f3a@example.com";
const SECOND_EMAIL: &str = "Second.Member.Trace-9b1c@example.org";
const MESSAGE: &str = "Confidential: join our graph before the audit on the 14th (ref Q7-ALPHA)";

/// A `MakeWriter` appending everything to one shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Signature values seen on the wire, to search the logs for.
#[derive(Clone, Default)]
struct Wire(Arc<Mutex<Vec<String>>>);

impl Wire {
    fn record(&self, request: &http::Request<Bytes>) {
        let mut seen = self.0.lock().unwrap();
        if let Some(auth) = request
            .headers()
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        {
            if let Some((_, signature)) = auth.rsplit_once("Signature=") {
                seen.push(signature.to_owned());
            }
        }
    }

    fn values(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

fn new_emulator() -> Emulator {
    let credentials = CredentialsFile::new()
        .with_key(ADMIN.key, ADMIN.secret, ADMIN.id)
        .with_key(FIRST.key, FIRST.secret, FIRST.id)
        .with_key(SECOND.key, SECOND.secret, SECOND.id)
        .with_email(FIRST.id, FIRST_EMAIL)
        .with_email(SECOND.id, SECOND_EMAIL);
    Emulator::new(EmulatorConfig {
        credentials,
        ..EmulatorConfig::default()
    })
}

fn credentials(account: &Account) -> Credentials {
    Credentials::new(
        account.key,
        account.secret,
        Some(account.token.to_owned()),
        None,
        "trace-test",
    )
}

/// A client for `account` over `transport`, with requests addressed to `endpoint` if given.
fn client_for<T>(account: &Account, endpoint: Option<&str>, transport: T) -> Client
where
    T: tower_service::Service<
            http::Request<Bytes>,
            Response = http::Response<Bytes>,
            Error = TransportError,
        > + Clone
        + Send
        + Sync
        + 'static,
    T::Future: Send + 'static,
{
    let mut builder = Client::builder()
        .region("us-east-1")
        .credentials(credentials(account))
        .transport(transport)
        .jitter(|| 0.0)
        .attempt_timeout(Duration::from_secs(5));
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    builder.build().unwrap()
}

/// The workflow: a graph, two invitations with a message (the first attempt's
/// answer lost, reconciled), one accepted and one declined, reads, a garbled
/// answer, removal and deletion. `faults` is the admin's fault transport.
async fn workflow<T>(admin: &Client, first: &Client, second: &Client, faults: &FaultTransport<T>) {
    let arn = admin
        .create_graph()
        .tag("team", "security")
        .send()
        .await
        .unwrap()
        .graph_arn
        .unwrap();

    faults.set_plan(
        FaultPlan::new()
            .fault(Fault::Status(503))
            .fault(Fault::ResetAfterWrite)
            .only("CreateMembers"),
    );
    let created = admin
        .create_members()
        .graph_arn(&arn)
        .account(FIRST.id, FIRST_EMAIL)
        .account(SECOND.id, SECOND_EMAIL)
        .message(MESSAGE)
        .send_reconciled()
        .await
        .unwrap();
    assert_eq!(created.members.map(|m| m.len()), Some(2));

    let invitations = first.list_invitations().send().await.unwrap();
    assert_eq!(invitations.invitations.map(|i| i.len()), Some(1));
    first
        .accept_invitation()
        .graph_arn(&arn)
        .send()
        .await
        .unwrap();
    second
        .reject_invitation()
        .graph_arn(&arn)
        .send()
        .await
        .unwrap();
    // Accepting twice: a 409 whose message the client must not log either.
    let again = first.accept_invitation().graph_arn(&arn).send().await;
    assert!(again.is_err());

    faults.set_plan(
        FaultPlan::new()
            .fault(Fault::Status(429))
            .fault(Fault::Refuse),
    );
    let members = admin
        .get_members()
        .graph_arn(&arn)
        .account_ids([FIRST.id, SECOND.id])
        .send()
        .await
        .unwrap();
    assert_eq!(members.member_details.map(|m| m.len()), Some(1));
    let pages = admin
        .list_members()
        .graph_arn(&arn)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert!(pages.member_details.is_some());

    // A garbled answer full of member data: the error keeps it, the logs must not.
    faults.set_plan(
        FaultPlan::new()
            .fault(Fault::GarbledBody)
            .only("GetMembers"),
    );
    let err = admin
        .get_members()
        .graph_arn(&arn)
        .account_ids([FIRST.id])
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unparseable(_)), "{err}");
    let raw = String::from_utf8_lossy(err.raw_body().unwrap()).into_owned();
    assert!(
        raw.contains(FIRST_EMAIL),
        "the garbled body carries the e-mail"
    );
    tracing::info!(error = %err, debug = ?err, "the test logs the error as a user would");

    faults.set_plan(FaultPlan::new());
    admin
        .delete_members()
        .graph_arn(&arn)
        .account_ids([FIRST.id])
        .send()
        .await
        .unwrap();
    admin.delete_graph().graph_arn(&arn).send().await.unwrap();
}

/// What may never be logged, with a name for the report: everything but the session tokens.
fn secrets(wire: &Wire) -> Vec<(String, String)> {
    let mut secrets: Vec<(String, String)> = Vec::new();
    for account in [&ADMIN, &FIRST, &SECOND] {
        secrets.push((
            format!("secret key of {}", account.id),
            account.secret.into(),
        ));
    }
    for email in [FIRST_EMAIL, SECOND_EMAIL] {
        secrets.push(("e-mail address".into(), email.into()));
        // Case-folded copies too: the emulator compares addresses case-insensitively.
        secrets.push(("e-mail address (lower case)".into(), email.to_lowercase()));
    }
    secrets.push(("invitation message".into(), MESSAGE.into()));
    // A distinctive slice of the message, in case a log line cuts or escapes it.
    secrets.push(("invitation message (part)".into(), "Q7-ALPHA".into()));
    for value in wire.values() {
        secrets.push(("signature sent".into(), value));
    }
    secrets
}

/// The session tokens, with a name for the report.
fn tokens() -> Vec<(String, String)> {
    [&ADMIN, &FIRST, &SECOND]
        .iter()
        .map(|a| (format!("session token of {}", a.id), a.token.to_owned()))
        .collect()
}

/// The lines holding any of `secrets`, named, first 400 characters of each.
fn leaks(logs: &str, secrets: &[(String, String)], allowed: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for line in logs.lines().filter(|line| !allowed(line)) {
        for (what, secret) in secrets {
            if line.contains(secret.as_str()) {
                let shown: String = line.chars().take(400).collect();
                found.push(format!("{what} in: {shown}"));
            }
        }
    }
    found
}

fn report(what: &str, logs: &str, leaks: &[String]) -> String {
    format!(
        "{} {what} in {} lines of trace output:\n{}",
        leaks.len(),
        logs.lines().count(),
        leaks.join("\n")
    )
}

/// The TRACE event aws-sigv4 logs when the *emulator* recomputes a signature:
/// its `SignableRequest` (whose URI the emulator always writes as
/// `http://localhost`) lists the signed headers with their values, and the
/// emulator passes the signed `x-amz-security-token` there as one of them.
/// The client's own signing never lists the token (the signer adds it).
fn is_emulator_signature_check(line: &str) -> bool {
    line.contains("aws_sigv4::http_request::sign: signing request")
        && line.contains("SignableRequest { method: \"")
        && line.contains(", uri: http://localhost/")
}

/// Runs the workflow in process and over loopback under a TRACE subscriber
/// writing everything into a buffer; returns the output and the signatures sent.
async fn capture() -> (String, Wire) {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(buffer.clone())
        .finish();
    // The test runs on a current-thread runtime: every task runs on this thread, under this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let wire = Wire::default();

    // In process.
    let emulator = new_emulator();
    let recording = {
        let (emulator, wire) = (emulator.clone(), wire.clone());
        FnTransport::new(move |request| {
            wire.record(&request);
            Ok(emulator.handle_sync(request))
        })
    };
    let faults = FaultTransport::new(recording.clone(), 51);
    let admin = client_for(&ADMIN, None, faults.clone());
    let first = client_for(&FIRST, None, recording.clone());
    let second = client_for(&SECOND, None, recording.clone());
    workflow(&admin, &first, &second, &faults).await;

    // Over loopback, through the emulator's hyper server and the client's hyper transport.
    let (addr, server) =
        detective_local::Server::spawn(new_emulator(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let hyper = detective_transport::HyperTransport::new().unwrap();
    let over_socket = {
        let wire = wire.clone();
        FnTransport::from_async(move |request: http::Request<Bytes>| {
            let mut hyper = hyper.clone();
            wire.record(&request);
            async move { tower_service::Service::call(&mut hyper, request).await }
        })
    };
    let socket_faults = FaultTransport::new(over_socket.clone(), 52);
    let endpoint = format!("http://{addr}");
    let admin = client_for(&ADMIN, Some(&endpoint), socket_faults.clone());
    let first = client_for(&FIRST, Some(&endpoint), over_socket.clone());
    let second = client_for(&SECOND, Some(&endpoint), over_socket);
    workflow(&admin, &first, &second, &socket_faults).await;
    server.shutdown().await.unwrap();

    let logs = buffer.text();
    // The capture works and is at TRACE: the client's spans, the emulator's
    // events and the signer's TRACE events are all there.
    assert!(logs.contains("detective"), "no client span captured");
    assert!(logs.contains("CreateMembers"), "no operation named");
    assert!(logs.contains("answered"), "no emulator event captured");
    assert!(logs.contains("TRACE"), "nothing at TRACE level captured");
    assert!(logs.contains("retrying"), "no retry logged");
    let wire_values = wire.values();
    assert!(
        wire_values.len() > 20,
        "signatures recorded: {}",
        wire_values.len()
    );

    (logs, wire)
}

#[tokio::test]
async fn trace_output_holds_no_secret_key_signature_email_or_message() {
    let (logs, wire) = capture().await;

    let found = leaks(&logs, &secrets(&wire), |_| false);

    assert!(found.is_empty(), "{}", report("secret(s)", &logs, &found));
}

#[tokio::test]
async fn the_client_never_logs_a_session_token_only_the_emulators_signature_check_does() {
    let (logs, _) = capture().await;

    let found = leaks(&logs, &tokens(), is_emulator_signature_check);

    assert!(
        found.is_empty(),
        "{}",
        report("session token(s)", &logs, &found)
    );
}

#[tokio::test]
async fn trace_output_holds_no_session_token() {
    let (logs, _) = capture().await;

    let found = leaks(&logs, &tokens(), |_| false);

    assert!(
        found.is_empty(),
        "{}",
        report("session token(s)", &logs, &found)
    );
}
