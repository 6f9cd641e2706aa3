//! Helpers shared by the kit's own tests.

#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use detective_client::Client;
use detective_transport::TransportError;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::path::PathBuf;
use tower_service::Service;

pub const GRAPH: &str =
    "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
pub const OTHER_GRAPH: &str =
    "arn:aws:detective:us-east-1:111122223333:graph:99999999999999999999999999999999";

/// A client over `transport`, signing with fixed test credentials.
pub fn client<T>(transport: T) -> Client
where
    T: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = TransportError>
        + Clone
        + Send
        + Sync
        + 'static,
    T::Future: Send + 'static,
{
    Client::builder()
        .region("us-east-1")
        .static_credentials("AKIDEXAMPLE", "test-secret")
        .transport(transport)
        .build()
        .expect("client builds")
}

/// A fresh path in the temp directory, unique to this process and `name`.
pub fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "detective-testing-{}-{name}.jsonl",
        std::process::id()
    ))
}

/// Deserializes any JSON, failing if an object's keys are not in strictly increasing order as written.
pub struct SortedKeys;

impl<'de> Deserialize<'de> for SortedKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SortedKeysVisitor)
    }
}

struct SortedKeysVisitor;

impl<'de> Visitor<'de> for SortedKeysVisitor {
    type Value = SortedKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<SortedKeys, E> {
        Ok(SortedKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<SortedKeys, E> {
        Ok(SortedKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<SortedKeys, E> {
        Ok(SortedKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<SortedKeys, E> {
        Ok(SortedKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<SortedKeys, E> {
        Ok(SortedKeys)
    }
    fn visit_unit<E>(self) -> Result<SortedKeys, E> {
        Ok(SortedKeys)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SortedKeys, A::Error> {
        while seq.next_element::<SortedKeys>()?.is_some() {}
        Ok(SortedKeys)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SortedKeys, A::Error> {
        let mut previous: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if let Some(previous) = &previous {
                if *previous >= key {
                    return Err(de::Error::custom(format!(
                        "key {key:?} comes after {previous:?}"
                    )));
                }
            }
            map.next_value::<SortedKeys>()?;
            previous = Some(key);
        }
        Ok(SortedKeys)
    }
}

/// Panics unless every line of `text` is a JSON object with sorted keys at every level.
pub fn assert_sorted_jsonl(text: &str) {
    assert!(text.ends_with('\n'), "a cassette ends with a newline");
    for (i, line) in text.lines().enumerate() {
        if let Err(e) = serde_json::from_str::<SortedKeys>(line) {
            panic!("line {}: {e}\n{line}", i + 1);
        }
    }
}
