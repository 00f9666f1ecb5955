use std::error::Error;
use std::fmt;

/// A string that is not a value of a generated enum, from its `FromStr` impl (and so also
/// when such a value comes back from Postgres).
///
/// ```
/// use schemaforge::ParseEnumError;
///
/// let err = ParseEnumError::new("org_role", "owenr");
/// assert_eq!(err.to_string(), "`owenr` is not a value of enum `org_role`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
}

impl ParseEnumError {
    /// An error for `value`, which is not a value of the Postgres enum `type_name`.
    pub fn new(type_name: &'static str, value: impl Into<String>) -> ParseEnumError {
        ParseEnumError {
            type_name,
            value: value.into(),
        }
    }

    /// The enum's Postgres name, e.g. `org_role`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The string that was not one of its values.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a value of enum `{}`",
            self.value, self.type_name
        )
    }
}

impl Error for ParseEnumError {}
