//! Resource tags.

use crate::validate::{check, patterns, ValidationError};
use std::collections::BTreeMap;

/// Tags of a resource (`TagMap`): key to value. Ordered, so serialization is stable.
pub type Tags = BTreeMap<String, String>;

/// Checks a `TagMap`: 1 to 50 entries, keys 1..128 characters matching the pattern (no `aws:` prefix), values up to 256.
pub(crate) fn validate_tags(member: &str, tags: &Tags) -> Result<(), ValidationError> {
    check::count(member, tags.len(), Some(1), Some(50))?;
    for (key, value) in tags {
        // Keys and values get distinct paths so the error says which one is wrong.
        let key_path = format!("{member}.keys[{key:?}]");
        check::length(&key_path, key, Some(1), Some(128))?;
        check::pattern(&key_path, key, patterns::TAG_KEY, patterns::is_tag_key)?;
        check::length(&format!("{member}[{key:?}]"), value, None, Some(256))?;
    }
    Ok(())
}
