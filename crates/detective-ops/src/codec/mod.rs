//! restJson1 for Detective, sans I/O: typed values to and from `http` messages.
//!
//! [`client`] is the half a client needs (input to request, response to
//! output or error); [`server`] is the mirror image the emulator needs.
//! Neither sends anything, so both are tested with plain values.

pub mod client;
mod json;
pub mod server;

/// The header carrying the error code.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";
/// The header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";
/// The content type of every JSON body.
pub const JSON_CONTENT_TYPE: &str = "application/json";
