//! placeholder: the facade is being written
pub mod error;
pub use error::{Error, TimeoutKind};
