//! [`RecordingTransport`]: any transport, with every interaction written to a cassette.

use crate::cassette::{Cassette, Interaction};
use crate::request::operation_name;
use bytes::Bytes;
use detective_transport::TransportError;
use futures_util::future::{BoxFuture, FutureExt};
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use tower_service::Service;

/// An in-memory `Write` target that clones share: hand one clone to a
/// [`RecordingTransport`] and read the cassette text from another.
#[derive(Clone, Default)]
pub struct SharedBuffer {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl SharedBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        SharedBuffer::default()
    }

    /// Everything written so far, as text (invalid UTF-8 replaced).
    pub fn contents(&self) -> String {
        String::from_utf8_lossy(&lock(&self.bytes)).into_owned()
    }
}

impl fmt::Debug for SharedBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedBuffer")
            .field("len", &lock(&self.bytes).len())
            .finish()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        lock(&self.bytes).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Locks a mutex, carrying on if a panicking test poisoned it: the data is still what was written.
pub(crate) fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Sink {
    writer: Box<dyn Write + Send>,
    interactions: Vec<Interaction>,
    error: Option<io::Error>,
}

/// Wraps a transport and writes every interaction to a cassette (JSON Lines).
///
/// Each completed exchange becomes one line, written and flushed as soon as
/// the response arrives, in completion order. The line is redacted before it
/// is written (see [`crate::cassette`]): only a few headers are kept, never
/// the signature, date or session token, and sensitive members are replaced.
/// The response handed back to the caller is the real, unredacted one.
///
/// Requests whose transport failed are passed on and not recorded: there is
/// no response to replay. A failed write does not fail the call; the first
/// write error is kept and returned by [`flush`](Self::flush) and
/// [`finish`](Self::finish), so check one of them at the end of the test.
///
/// Clones share the cassette.
pub struct RecordingTransport<T> {
    inner: T,
    sink: Arc<Mutex<Sink>>,
}

impl<T: Clone> Clone for RecordingTransport<T> {
    fn clone(&self) -> Self {
        RecordingTransport {
            inner: self.inner.clone(),
            sink: Arc::clone(&self.sink),
        }
    }
}

impl<T> fmt::Debug for RecordingTransport<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordingTransport")
            .field("interactions", &lock(&self.sink).interactions.len())
            .finish_non_exhaustive()
    }
}

impl<T> RecordingTransport<T> {
    /// Records what passes through `inner` to `writer`, e.g. a [`SharedBuffer`] or an open file.
    pub fn new(inner: T, writer: impl Write + Send + 'static) -> Self {
        RecordingTransport {
            inner,
            sink: Arc::new(Mutex::new(Sink {
                writer: Box::new(writer),
                interactions: Vec::new(),
                error: None,
            })),
        }
    }

    /// Records what passes through `inner` to the file at `path`, created or truncated now.
    pub fn to_file(inner: T, path: impl AsRef<Path>) -> io::Result<Self> {
        let file = File::create(path)?;
        Ok(Self::new(inner, BufWriter::new(file)))
    }

    /// The interactions recorded so far, redacted, in completion order.
    pub fn interactions(&self) -> Vec<Interaction> {
        lock(&self.sink).interactions.clone()
    }

    /// The interactions recorded so far as a cassette, ready for [`crate::ReplayTransport`].
    pub fn cassette(&self) -> Cassette {
        Cassette::from_interactions(self.interactions())
    }

    /// Flushes the writer; fails with the first write error seen so far, if any.
    pub fn flush(&self) -> io::Result<()> {
        let mut sink = lock(&self.sink);
        if let Some(error) = sink.error.take() {
            return Err(error);
        }
        sink.writer.flush()
    }

    /// Flushes and returns the cassette recorded; fails with the first write error seen.
    pub fn finish(&self) -> io::Result<Cassette> {
        self.flush()?;
        Ok(self.cassette())
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

fn record(sink: &Mutex<Sink>, interaction: Interaction) {
    let mut sink = lock(sink);
    let mut line = interaction.to_json_line();
    line.push('\n');
    let written = sink
        .writer
        .write_all(line.as_bytes())
        .and_then(|()| sink.writer.flush());
    if let Err(error) = written {
        sink.error.get_or_insert(error);
    }
    sink.interactions.push(interaction);
}

impl<T> Service<http::Request<Bytes>> for RecordingTransport<T>
where
    T: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = TransportError>,
    T::Future: Send + 'static,
{
    type Response = http::Response<Bytes>;
    type Error = TransportError;
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, TransportError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        let operation = operation_name(&request).unwrap_or("Unknown");
        // Keep what the recording needs; the body is reference-counted, so this is cheap.
        let mut copy = http::Request::new(request.body().clone());
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.headers_mut() = request.headers().clone();
        let sink = Arc::clone(&self.sink);
        let sent = self.inner.call(request);
        async move {
            let response = sent.await?;
            record(&sink, Interaction::from_http(operation, &copy, &response));
            Ok(response)
        }
        .boxed()
    }
}
