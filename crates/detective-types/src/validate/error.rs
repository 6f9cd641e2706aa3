use std::fmt;

/// Which model constraint a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// A required member is missing.
    Required,
    /// A string is shorter or longer than allowed (in characters).
    Length {
        /// Smallest allowed length, if any.
        min: Option<usize>,
        /// Largest allowed length, if any.
        max: Option<usize>,
        /// The length given.
        actual: usize,
    },
    /// A list or map has too few or too many entries.
    Count {
        /// Smallest allowed count, if any.
        min: Option<usize>,
        /// Largest allowed count, if any.
        max: Option<usize>,
        /// The count given.
        actual: usize,
    },
    /// A number is out of range.
    Range {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
        /// The value given.
        actual: i64,
    },
    /// A string does not match the model's pattern (given verbatim).
    Pattern(&'static str),
    /// A value outside the model's `enum` (the values allowed, in model order).
    Enum(&'static [&'static str]),
    /// A value the emulator or client refuses for a reason the model states in prose (e.g. a malformed token).
    Invalid(String),
}

/// A model constraint broken by a request, naming the member and the constraint.
///
/// Values are not included in the message: a broken member may be an e-mail
/// address or another `sensitive` value that must not reach a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    member: String,
    constraint: Constraint,
}

impl ValidationError {
    /// A new error for `member` (a path such as `Accounts[0].AccountId`).
    pub fn new(member: impl Into<String>, constraint: Constraint) -> Self {
        ValidationError {
            member: member.into(),
            constraint,
        }
    }

    /// This error, found inside the member at `prefix`: the path becomes
    /// `prefix.member` (or `prefix` alone when the item itself failed).
    ///
    /// Validators of list items report paths relative to the item, and the
    /// list's loop adds `Accounts[3]` only on failure, so a valid request
    /// never formats a path.
    pub(crate) fn nested_in(mut self, prefix: &str) -> Self {
        self.member = if self.member.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{}", self.member)
        };
        self
    }

    /// The path of the member that broke the constraint.
    pub fn member(&self) -> &str {
        &self.member
    }

    /// The constraint that was broken.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }

    /// True when the broken member is a `GraphArn` (the service then answers `INVALID_GRAPH_ARN`).
    pub fn is_graph_arn(&self) -> bool {
        self.member == "GraphArn" || self.member.ends_with(".GraphArn")
    }
}

fn bounds(min: Option<usize>, max: Option<usize>) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a == b => format!("exactly {a}"),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any number of".to_owned(),
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::Required => f.write_str("is required but missing"),
            Constraint::Length { min, max, actual } => write!(
                f,
                "must be {} characters long, got {actual}",
                bounds(*min, *max)
            ),
            Constraint::Count { min, max, actual } => {
                write!(f, "must have {} items, got {actual}", bounds(*min, *max))
            }
            Constraint::Range { min, max, actual } => {
                write!(f, "must be between {min} and {max}, got {actual}")
            }
            Constraint::Pattern(pattern) => write!(f, "must match the pattern {pattern}"),
            Constraint::Enum(values) => write!(f, "must be one of {}", values.join(", ")),
            Constraint::Invalid(reason) => f.write_str(reason),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.member, self.constraint)
    }
}

impl std::error::Error for ValidationError {}
