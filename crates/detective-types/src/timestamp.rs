//! Timestamps as the Detective wire carries them.
//!
//! The service writes ISO-8601 strings in UTC, but the restJson1 protocol also
//! allows epoch seconds as a JSON number, and older emulators send those. We
//! accept both and always write ISO-8601, so a value read and written again is
//! normalised rather than rejected.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A point in time, held in UTC with nanosecond precision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp: {}", self.0)
    }
}

impl std::error::Error for TimestampError {}

/// `YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM`: Rfc3339 formatting writes no more
/// (a `Timestamp` is UTC, so it ends in `Z`, but the bound need not rely on it).
const ISO8601_MAX_LEN: usize = 35;

/// A timestamp's ISO-8601 text, held on the stack.
struct Iso8601Text {
    bytes: [u8; ISO8601_MAX_LEN],
    len: usize,
}

impl Iso8601Text {
    fn as_str(&self) -> &str {
        // Rfc3339 writes ASCII only; an impossible failure reads as empty rather than panicking.
        self.bytes
            .get(..self.len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

impl Timestamp {
    /// The Unix epoch.
    pub const UNIX_EPOCH: Timestamp = Timestamp(OffsetDateTime::UNIX_EPOCH);

    /// Wraps a date-time, converting it to UTC.
    pub fn from_offset_date_time(value: OffsetDateTime) -> Self {
        Timestamp(value.to_offset(UtcOffset::UTC))
    }

    /// The current time.
    pub fn now() -> Self {
        Timestamp(OffsetDateTime::now_utc())
    }

    /// Builds a timestamp from seconds (and a fraction) since the Unix epoch.
    pub fn from_epoch_seconds(seconds: f64) -> Result<Self, TimestampError> {
        if !seconds.is_finite() {
            return Err(TimestampError(format!("{seconds} is not a finite number")));
        }
        // An f64 holds about 16 significant digits: enough for microseconds in
        // this era, not for nanoseconds, so round there instead of inventing digits.
        let micros = (seconds * 1e6).round();
        if micros.abs() > 1e20 {
            return Err(TimestampError(format!("{seconds} is out of range")));
        }
        OffsetDateTime::from_unix_timestamp_nanos(micros as i128 * 1000)
            .map(Timestamp)
            .map_err(|e| TimestampError(format!("{seconds}: {e}")))
    }

    /// Builds a timestamp from milliseconds since the Unix epoch.
    pub fn from_epoch_millis(millis: i64) -> Result<Self, TimestampError> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .map(Timestamp)
            .map_err(|e| TimestampError(format!("{millis} ms: {e}")))
    }

    /// Parses an RFC 3339 / ISO-8601 date-time such as `2026-11-26T02:20:21.123Z`.
    pub fn parse_iso8601(text: &str) -> Result<Self, TimestampError> {
        OffsetDateTime::parse(text, &Rfc3339)
            .map(Self::from_offset_date_time)
            .map_err(|e| TimestampError(format!("{text:?}: {e}")))
    }

    /// Formats as ISO-8601 in UTC with a `Z` suffix; the fraction is written only as far as needed.
    pub fn to_iso8601(&self) -> String {
        self.with_iso8601(str::to_owned)
    }

    /// Hands the ISO-8601 text to `write`: from the stack, or, where
    /// Rfc3339 cannot write the value (years outside 0..=9999, which
    /// `Timestamp` can hold), the debug form rather than a panic. The one
    /// place `to_iso8601`, `Display` and `Serialize` take their text from.
    fn with_iso8601<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        match self.iso8601_text() {
            Some(text) => write(text.as_str()),
            None => write(&format!("{}", self.0)),
        }
    }

    /// The ISO-8601 text on the stack: every response carries several
    /// timestamps, and writing them needs no `String` of their own.
    fn iso8601_text(&self) -> Option<Iso8601Text> {
        let mut text = Iso8601Text {
            bytes: [0; ISO8601_MAX_LEN],
            len: 0,
        };
        if let Some(len) = rfc3339::write_utc(self.0, &mut text.bytes) {
            text.len = len;
            return Some(text);
        }
        let mut unwritten = &mut text.bytes[..];
        self.0.format_into(&mut unwritten, &Rfc3339).ok()?;
        // Measured from what is left: the count `format_into` returns falls
        // short when there is a fraction (time 0.3.55).
        text.len = ISO8601_MAX_LEN - unwritten.len();
        Some(text)
    }

    /// Milliseconds since the Unix epoch (truncated).
    pub fn epoch_millis(&self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// The underlying date-time.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }
}

/// The wire's timestamp shape, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, written by
/// hand. Every response carries a few timestamps per member, and `time`'s
/// general RFC 3339 formatter cost about 800 instructions each (callgrind),
/// this about 250. It writes exactly what `time` writes (tests/properties.rs
/// checks it against `time`) and steps aside, returning `None`, for what it
/// does not cover: offsets other than UTC, years outside 0..=9999. (Reading
/// stays with `time`: a hand-written reader measured no faster.)
mod rfc3339 {
    use time::OffsetDateTime;

    /// Writes a UTC date-time in years 0..=9999 into `out`, the fraction as
    /// far as needed (as `time` does); returns the length written.
    pub(super) fn write_utc(
        value: OffsetDateTime,
        out: &mut [u8; super::ISO8601_MAX_LEN],
    ) -> Option<usize> {
        if !value.offset().is_utc() {
            return None;
        }
        let (year, month, day) = value.to_calendar_date();
        let year = u32::try_from(year).ok().filter(|year| *year <= 9999)?;
        let (hour, minute, second, nanosecond) = value.to_hms_nano();
        let mut len = 0;
        // Writes `digits` zero-padded to `width`, then the separator `then`.
        let mut put = |mut digits: u32, width: usize, then: u8| {
            for at in (len..len + width).rev() {
                if let Some(slot) = out.get_mut(at) {
                    *slot = b'0' + (digits % 10) as u8;
                }
                digits /= 10;
            }
            len += width;
            if let Some(slot) = out.get_mut(len) {
                *slot = then;
            }
            len += 1;
        };
        put(year, 4, b'-');
        put(u32::from(u8::from(month)), 2, b'-');
        put(u32::from(day), 2, b'T');
        put(u32::from(hour), 2, b':');
        put(u32::from(minute), 2, b':');
        if nanosecond == 0 {
            put(u32::from(second), 2, b'Z');
        } else {
            put(u32::from(second), 2, b'.');
            let mut width = 9;
            let mut fraction = nanosecond;
            while fraction % 10 == 0 {
                fraction /= 10;
                width -= 1;
            }
            put(fraction, width, b'Z');
        }
        (len <= out.len()).then_some(len)
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Self::from_offset_date_time(value)
    }
}

impl From<std::time::SystemTime> for Timestamp {
    fn from(value: std::time::SystemTime) -> Self {
        Timestamp(OffsetDateTime::from(value))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_iso8601(|text| f.write_str(text))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with_iso8601(|text| serializer.serialize_str(text))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 date-time string or epoch seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_iso8601(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                OffsetDateTime::from_unix_timestamp(v)
                    .map(Timestamp)
                    .map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                let v = i64::try_from(v).map_err(E::custom)?;
                self.visit_i64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                Timestamp::from_epoch_seconds(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso8601_and_epoch_seconds_and_writes_iso8601() {
        let from_text: Timestamp =
            serde_json::from_str("\"2026-11-26T02:20:21.123Z\"").unwrap_or(Timestamp::UNIX_EPOCH);
        let from_float: Timestamp =
            serde_json::from_str("1795659621.123").unwrap_or(Timestamp::UNIX_EPOCH);
        let from_int: Timestamp =
            serde_json::from_str("1795659621").unwrap_or(Timestamp::UNIX_EPOCH);
        assert_eq!(from_text.to_iso8601(), "2026-11-26T02:20:21.123Z");
        assert_eq!(from_float, from_text);
        assert_eq!(from_int.to_iso8601(), "2026-11-26T02:20:21Z");
        assert_eq!(
            serde_json::to_string(&from_text).ok().as_deref(),
            Some("\"2026-11-26T02:20:21.123Z\"")
        );
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let t = Timestamp::parse_iso8601("2026-11-26T04:20:21+02:00").ok();
        assert_eq!(
            t.map(|t| t.to_iso8601()).as_deref(),
            Some("2026-11-26T02:20:21Z")
        );
    }

    #[test]
    fn the_longest_text_is_written_whole_everywhere() {
        let nanos = Timestamp::parse_iso8601("9999-12-31T23:59:59.123456789Z");
        let nanos = nanos.unwrap_or(Timestamp::UNIX_EPOCH);
        let text = "9999-12-31T23:59:59.123456789Z";
        assert_eq!(nanos.to_iso8601(), text);
        assert_eq!(nanos.to_string(), text);
        assert_eq!(format!("{nanos:?}"), text);
        assert_eq!(
            serde_json::to_string(&nanos).ok(),
            Some(format!("\"{text}\""))
        );
    }

    #[test]
    fn a_year_rfc3339_cannot_write_falls_back_the_same_everywhere() {
        // About 250 BC: a `Timestamp` holds it, RFC 3339 has no negative years.
        let ancient = Timestamp::from_epoch_millis(-70_000_000_000_000);
        let ancient = ancient.unwrap_or(Timestamp::UNIX_EPOCH);
        let fallback = ancient.to_iso8601();
        assert!(fallback.starts_with('-'), "{fallback}");
        assert_eq!(ancient.to_string(), fallback);
        assert_eq!(
            serde_json::to_string(&ancient).ok(),
            Some(format!("\"{fallback}\""))
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1e300").is_err());
        assert!(serde_json::from_str::<Timestamp>("true").is_err());
    }
}
