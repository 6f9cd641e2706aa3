//! String enums that keep values they do not know.
//!
//! AWS adds enum values without a new API version. A client that rejected an
//! unknown `MemberStatus` would break the day the service ships one, so every
//! enum here has an `Unknown(String)` variant that round-trips the raw value.

/// Declares a string enum with an `Unknown(String)` fallback, serde, `Display` and `as_str`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know; kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Every value the model defines, in model order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// Every known variant, in model order.
            pub fn values() -> Vec<$name> {
                vec![$($name::$variant),+]
            }

            /// True for a value the model defines (whatever variant holds it).
            ///
            /// Inputs use it: the service refuses values outside the model's
            /// `enum`, so `validate()` does too.
            pub fn is_known(&self) -> bool {
                Self::KNOWN.contains(&self.as_str())
            }

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(other) => other.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $wire => $name::$variant, )+
                    _ => $name::Unknown(value),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // A visitor rather than `String::deserialize`: a known value
                // then costs no allocation, only an unknown one is copied.
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use crate::member::MemberStatus;

    #[test]
    fn reads_known_unknown_and_escaped_values_and_refuses_non_strings() {
        let read =
            |json: &str| serde_json::from_str::<MemberStatus>(json).map_err(|e| e.to_string());
        assert_eq!(read("\"ENABLED\""), Ok(MemberStatus::Enabled));
        // An escape makes serde_json hand over a decoded copy instead of the input.
        assert_eq!(read("\"\\u0045NABLED\""), Ok(MemberStatus::Enabled));
        assert_eq!(read("\"NEW\""), Ok(MemberStatus::Unknown("NEW".into())));
        let error = read("7").err().unwrap_or_default();
        assert!(error.contains("expected a MemberStatus string"), "{error}");
    }
}
