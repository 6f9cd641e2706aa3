//! A local Amazon Detective for tests and offline development.
//!
//! The emulator is built in layers: [`state`] is the service's behaviour as a
//! pure, synchronous state machine (graphs, members, invitations, pagination
//! tokens), with time and ids injected so that tests are exact; an HTTP front
//! verifies SigV4, parses and validates requests and calls into it.

pub mod state;

pub mod auth;
pub mod config;
pub mod front;
pub mod persist;
pub mod server;

pub use config::{CredentialsFile, EmulatorConfig};
pub use front::{Emulator, InProcessTransport};
pub use server::{Server, ServerHandle, ServerLimits};
