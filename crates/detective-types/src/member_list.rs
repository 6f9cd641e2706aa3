//! Reading a list of [`MemberDetail`](crate::MemberDetail)s with a first
//! allocation that fits glibc's per-thread cache.
//!
//! Serde's `Vec` reader starts empty and lets the first push choose the
//! capacity: four elements. A `MemberDetail` is 352 bytes, so a one-member
//! `GetMembers` answer allocated 1,408 bytes, past the 1,032-byte largest
//! size glibc's per-thread cache holds. That allocation and its free went to
//! the shared bins on every call and made glibc consolidate its fast bins
//! each time (about 1,700 of the 133,000 instructions of an in-process
//! GetMembers, callgrind).
//! Starting at one element keeps small answers in the cache; a page of 200
//! members pays one more doubling than before.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Reads `null`, a missing member (with `#[serde(default)]`) or a JSON array,
/// starting the `Vec` at the size hint, or one element when there is none.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Present<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Present<T> {
        type Value = Option<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_seq(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            // Bounded as serde bounds its own guess: a hint is the peer's word.
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(1).clamp(1, 256));
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Some(items))
        }
    }

    deserializer.deserialize_option(Present(PhantomData))
}
