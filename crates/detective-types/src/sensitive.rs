//! A wrapper for members the model marks `sensitive`.
//!
//! E-mail addresses and invitation messages are personal data. Wrapping them
//! in [`Sensitive`] means `Debug` — and therefore every log line, trace field
//! and panic message built from it — shows a marker instead of the value,
//! while serialization still sends the real value on the wire.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What `Debug` prints in place of a sensitive value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A value that must never appear in `Debug` output.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T>(pub T);

impl<T> Sensitive<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The wrapped value, for when the caller really needs it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Sensitive(value.to_owned())
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Sensitive(value)
    }
}

impl AsRef<str> for Sensitive<String> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value_but_json_carries_it() {
        let email = Sensitive::from("alice@example.com");
        assert_eq!(format!("{email:?}"), REDACTED);
        assert!(!format!("{:#?}", Some(&email)).contains("alice"));
        assert_eq!(
            serde_json::to_string(&email).ok().as_deref(),
            Some("\"alice@example.com\"")
        );
    }
}
