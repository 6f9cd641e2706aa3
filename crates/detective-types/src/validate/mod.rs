//! Model constraints, enforced the same way by the client and the emulator.
//!
//! Every constraint of the API model (`required`, `min`/`max` lengths and
//! counts, numeric ranges, `pattern`, `enum`) is checked by [`Validate::validate`].
//! The client runs it before anything is sent, so a bad request fails fast
//! and locally; the emulator runs the very same code on receipt, so the two
//! can never disagree about what is valid. The error names the member (as a
//! path such as `Accounts[2].EmailAddress`) and the constraint it broke.
//!
//! Enum members of *inputs* must hold a value the model defines: the service
//! refuses others, and the emulator must too. The price is that this
//! version of the client cannot send a value added to the model after it;
//! outputs are never validated, so values it does not know are still read
//! and kept (`Unknown(..)`).

mod error;
pub mod patterns;

pub use error::{Constraint, ValidationError};

/// A shape whose model constraints can be checked.
pub trait Validate {
    /// Checks every constraint, reporting the first one broken.
    fn validate(&self) -> Result<(), ValidationError>;
}

/// The constraint checks the shapes' `validate()` implementations are made of.
///
/// Each takes the member path so that errors read like `Accounts[3].AccountId`.
pub(crate) mod check {
    use super::{Constraint, ValidationError};

    pub(crate) fn required<'a, T>(
        member: &str,
        value: &'a Option<T>,
    ) -> Result<&'a T, ValidationError> {
        value
            .as_ref()
            .ok_or_else(|| ValidationError::new(member, Constraint::Required))
    }

    /// String length in characters, as the model (Java/botocore) counts it.
    pub(crate) fn length(
        member: &str,
        value: &str,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Result<(), ValidationError> {
        let actual = value.chars().count();
        if min.is_some_and(|m| actual < m) || max.is_some_and(|m| actual > m) {
            return Err(ValidationError::new(
                member,
                Constraint::Length { min, max, actual },
            ));
        }
        Ok(())
    }

    /// Number of items in a list or entries in a map.
    pub(crate) fn count(
        member: &str,
        actual: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Result<(), ValidationError> {
        if min.is_some_and(|m| actual < m) || max.is_some_and(|m| actual > m) {
            return Err(ValidationError::new(
                member,
                Constraint::Count { min, max, actual },
            ));
        }
        Ok(())
    }

    pub(crate) fn range(
        member: &str,
        actual: i64,
        min: i64,
        max: i64,
    ) -> Result<(), ValidationError> {
        if actual < min || actual > max {
            return Err(ValidationError::new(
                member,
                Constraint::Range { min, max, actual },
            ));
        }
        Ok(())
    }

    pub(crate) fn pattern(
        member: &str,
        value: &str,
        pattern: &'static str,
        matches: fn(&str) -> bool,
    ) -> Result<(), ValidationError> {
        if !matches(value) {
            return Err(ValidationError::new(member, Constraint::Pattern(pattern)));
        }
        Ok(())
    }

    /// A value of a model `enum`: `known` is the enum's `is_known()`, `values` its `KNOWN`.
    pub(crate) fn one_of(
        member: &str,
        known: bool,
        values: &'static [&'static str],
    ) -> Result<(), ValidationError> {
        if !known {
            return Err(ValidationError::new(member, Constraint::Enum(values)));
        }
        Ok(())
    }

    /// Checks every item of the list `member` with `validate`, which reports
    /// paths relative to the item (`""` for the item itself); a failure is
    /// reported as `member[i]...`. The indexed path is written only then.
    pub(crate) fn each<T>(
        member: &str,
        items: &[T],
        validate: impl Fn(&T) -> Result<(), ValidationError>,
    ) -> Result<(), ValidationError> {
        for (index, item) in items.iter().enumerate() {
            validate(item).map_err(|e| e.nested_in(&format!("{member}[{index}]")))?;
        }
        Ok(())
    }
}
