//! From an [`OperationId`] to its typed input and output.
//!
//! The command line works with JSON values; the client works with typed
//! inputs and outputs. [`Runner`] bridges them once, generically over
//! [`Operation`], so every operation needs exactly one line in [`runner`].

use super::error::CliError;
use detective_client::ops::operations::*;
use detective_client::ops::{Operation, OperationId};
use detective_client::Client;
use detective_types::Validate;
use futures_util::future::BoxFuture;
use serde::Deserialize;
use serde_json::Value;
use std::marker::PhantomData;
use std::time::Duration;

/// One operation's calls, on JSON values.
pub trait Runner: Send + Sync {
    /// The operation's model name.
    fn name(&self) -> &'static str;

    /// The member names serde reads for the input type (for the model consistency test).
    #[cfg(test)]
    fn input_fields(&self) -> Vec<&'static str>;

    /// Reads the input as the typed input and validates it, as the client would before sending.
    fn check(&self, input: &Value) -> Result<(), CliError>;

    /// The typed input's `Debug` form, in which sensitive members are redacted (for `--debug`).
    fn debug_input(&self, input: &Value) -> String;

    /// Presigns the call (see `Client::presign`) and returns the request as JSON:
    /// `Method`, `Url`, `Headers` and `Body`.
    fn presign<'a>(
        &'a self,
        client: &'a Client,
        input: Value,
        expires_in: Duration,
    ) -> BoxFuture<'a, Result<Value, CliError>>;

    /// Sends the call and returns the output as JSON.
    fn call<'a>(
        &'a self,
        client: &'a Client,
        input: Value,
    ) -> BoxFuture<'a, Result<Value, CliError>>;
}

struct Typed<O>(PhantomData<fn() -> O>);

fn typed_input<O: Operation>(input: &Value) -> Result<O::Input, CliError> {
    O::Input::deserialize(input).map_err(|e| {
        CliError::Usage(format!(
            "Parameter validation failed:\nthe input does not fit {}: {e}",
            O::NAME
        ))
    })
}

impl<O: Operation> Runner for Typed<O> {
    fn name(&self) -> &'static str {
        O::NAME
    }

    #[cfg(test)]
    fn input_fields(&self) -> Vec<&'static str> {
        fields::struct_fields::<O::Input>()
    }

    fn check(&self, input: &Value) -> Result<(), CliError> {
        let typed = typed_input::<O>(input)?;
        typed.validate().map_err(|e| CliError::Call {
            operation: O::NAME.to_owned(),
            error: detective_client::Error::Validation(e),
        })
    }

    fn debug_input(&self, input: &Value) -> String {
        match typed_input::<O>(input) {
            Ok(typed) => format!("{typed:?}"),
            Err(_) => "<input that does not fit the type>".to_owned(),
        }
    }

    fn presign<'a>(
        &'a self,
        client: &'a Client,
        input: Value,
        expires_in: Duration,
    ) -> BoxFuture<'a, Result<Value, CliError>> {
        Box::pin(async move {
            let typed = typed_input::<O>(&input)?;
            let presigned = client
                .presign::<O>(typed, expires_in)
                .await
                .map_err(|error| CliError::Call {
                    operation: O::NAME.to_owned(),
                    error,
                })?;
            let headers: serde_json::Map<String, Value> = presigned
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), Value::String(value.clone())))
                .collect();
            Ok(serde_json::json!({
                "Method": presigned.method.as_str(),
                "Url": presigned.url,
                "Headers": headers,
                "Body": String::from_utf8_lossy(&presigned.body),
            }))
        })
    }

    fn call<'a>(
        &'a self,
        client: &'a Client,
        input: Value,
    ) -> BoxFuture<'a, Result<Value, CliError>> {
        Box::pin(async move {
            let typed = typed_input::<O>(&input)?;
            let output = client
                .send::<O>(typed)
                .await
                .map_err(|error| CliError::Call {
                    operation: O::NAME.to_owned(),
                    error,
                })?;
            serde_json::to_value(&output).map_err(|e| {
                CliError::Other(format!("could not render the {} output: {e}", O::NAME))
            })
        })
    }
}

/// The runner of an operation, or `None` if this build of the CLI does not know it yet.
pub fn runner(id: OperationId) -> Option<&'static dyn Runner> {
    macro_rules! wired {
        ($($op:ident),+ $(,)?) => {
            match id {
                $( OperationId::$op => Some(&Typed::<$op>(PhantomData)), )+
                // Operations added to detective-ops after this list still get
                // a subcommand (from the model); they answer "not wired" until
                // they get their line here, and a unit test fails meanwhile.
                #[allow(unreachable_patterns)]
                _ => None,
            }
        };
    }
    wired!(
        AcceptInvitation,
        BatchGetGraphMemberDatasources,
        BatchGetMembershipDatasources,
        CreateGraph,
        CreateMembers,
        DeleteGraph,
        DeleteMembers,
        DescribeOrganizationConfiguration,
        DisableOrganizationAdminAccount,
        DisassociateMembership,
        EnableOrganizationAdminAccount,
        GetInvestigation,
        GetMembers,
        ListDatasourcePackages,
        ListGraphs,
        ListIndicators,
        ListInvestigations,
        ListInvitations,
        ListMembers,
        ListOrganizationAdminAccounts,
        ListTagsForResource,
        RejectInvitation,
        StartInvestigation,
        StartMonitoringMember,
        TagResource,
        UntagResource,
        UpdateDatasourcePackages,
        UpdateInvestigationState,
        UpdateOrganizationConfiguration,
    )
}

/// Learning a struct's serde member names, for the model consistency test.
#[cfg(test)]
mod fields {
    use serde::de::{self, Deserialize, Deserializer, Visitor};
    use std::fmt;

    /// The field names serde's derive passes to `deserialize_struct` for `T`.
    ///
    /// A deserializer that answers every request with an error, except that it
    /// records the `fields` list it is shown: enough to learn a struct's members
    /// without a value or a schema.
    pub fn struct_fields<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
        let mut fields = Vec::new();
        let _ = T::deserialize(FieldNames(&mut fields));
        fields
    }

    struct FieldNames<'a>(&'a mut Vec<&'static str>);

    #[derive(Debug)]
    struct Stop;

    impl fmt::Display for Stop {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("field names recorded")
        }
    }

    impl std::error::Error for Stop {}

    impl de::Error for Stop {
        fn custom<T: fmt::Display>(_msg: T) -> Self {
            Stop
        }
    }

    impl<'de> Deserializer<'de> for FieldNames<'_> {
        type Error = Stop;

        fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Stop> {
            self.0.extend_from_slice(fields);
            Err(Stop)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::model;

    #[test]
    fn every_operation_is_wired() {
        let missing: Vec<&str> = OperationId::ALL
            .iter()
            .filter(|id| runner(**id).is_none())
            .map(|id| id.info().name)
            .collect();
        assert!(
            missing.is_empty(),
            "add these to `wired!` in crates/detective-cli/src/api/dispatch.rs: {missing:?}"
        );
    }

    #[test]
    fn the_model_and_the_input_types_agree_on_every_member() {
        let model = model().unwrap();
        for id in OperationId::ALL {
            let Some(runner) = runner(*id) else { continue };
            let mut from_type = runner.input_fields();
            from_type.sort_unstable();
            let mut from_model: Vec<String> = model
                .input_members(runner.name())
                .into_iter()
                .map(|m| m.name)
                .collect();
            from_model.sort_unstable();
            assert_eq!(from_type, from_model, "{}", runner.name());
        }
    }

    #[test]
    fn validation_names_the_member() {
        let runner = runner(OperationId::GetMembers).unwrap();
        let err = runner
            .check(&serde_json::json!({"GraphArn": "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899", "AccountIds": ["1"]}))
            .unwrap_err();
        assert!(err.to_string().contains("--account-ids[0]"), "{err}");
        assert_eq!(err.code(), crate::api::error::EXIT_USAGE);
    }
}
