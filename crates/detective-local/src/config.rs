//! The emulator's configuration: tunables and the credentials it accepts.
//!
//! # Credentials
//!
//! Without any configuration the emulator follows the usual local-emulator
//! convention: an access key ID of exactly 12 digits *is* that account, and
//! its secret access key is `test`. So `AWS_ACCESS_KEY_ID=111111111111
//! AWS_SECRET_ACCESS_KEY=test` acts as account `111111111111`.
//!
//! A credentials file (TOML) adds named keys with their own secrets, and can
//! give an account its root e-mail address. CreateMembers compares the
//! address it is given with that one: a different address makes the
//! membership `VERIFICATION_FAILED`.
//!
//! ```toml
//! # One [[accounts]] table per account.
//! [[accounts]]
//! account_id = "111111111111"        # exactly 12 digits
//! email = "admin@example.com"        # optional root e-mail address
//!
//! # Any number of keys per account; access key ids are unique in the file.
//! [[accounts.keys]]
//! access_key_id = "AKIAADMIN"
//! secret_access_key = "admin-secret"
//!
//! [[accounts]]
//! account_id = "222222222222"
//! email = "member@example.com"       # an account needs no keys of its own
//! ```
//!
//! Unknown fields are an error (a typo must not silently drop a key). A
//! configured key wins over the 12-digit convention, so a file can give
//! `111111111111` a secret other than `test`.
//!
//! # Organization and data volume
//!
//! The file can also declare an AWS organization, for the organization
//! operations (`EnableOrganizationAdminAccount` and the rest): its management
//! account, the only one that may name the organization's Detective
//! administrator, and its member accounts. And an account can be given a
//! daily data volume: a member whose volume would take its graph past
//! [`EmulatorConfig::graph_volume_limit_bytes`] becomes
//! `ACCEPTED_BUT_DISABLED` instead of `ENABLED`, until `StartMonitoringMember`
//! finds room for it.
//!
//! ```toml
//! [organization]
//! management_account = "111111111111"
//! member_accounts = ["222222222222", "333333333333"]
//!
//! [[accounts]]
//! account_id = "333333333333"
//! daily_volume_bytes = 6_000_000_000_000   # 6 TB a day
//! ```
//!
//! ```
//! use detective_local::config::CredentialsFile;
//!
//! let file = CredentialsFile::from_toml_str(r#"
//!     [[accounts]]
//!     account_id = "111111111111"
//!     email = "admin@example.com"
//!     [[accounts.keys]]
//!     access_key_id = "AKIAADMIN"
//!     secret_access_key = "admin-secret"
//! "#).unwrap();
//! let key = file.lookup("AKIAADMIN").unwrap();
//! assert_eq!(key.account_id(), "111111111111");
//! assert_eq!(key.secret_access_key(), "admin-secret");
//! assert_eq!(file.lookup("333333333333").unwrap().secret_access_key(), "test");
//! assert!(file.lookup("AKIAUNKNOWN").is_none());
//! // Secrets never show in Debug output.
//! assert!(!format!("{file:?}").contains("admin-secret"));
//! ```

use crate::state::{
    AccountDirectory, IndicatorFixtures, Organization, DEFAULT_GRAPH_VOLUME_LIMIT_BYTES,
};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The secret of every 12-digit access key that the credentials file does not name.
pub const DEFAULT_SECRET_ACCESS_KEY: &str = "test";

/// The account of requests when signature verification is off and the request names no known key.
pub const DEFAULT_ACCOUNT_ID: &str = "000000000000";

/// Everything the emulator can be told.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The region assumed when a request carries no credential scope (only with
    /// verification off); informational otherwise: every region in a request's
    /// credential scope is accepted and has its own graphs.
    pub region: String,
    /// The most members a behavior graph may have.
    pub member_quota: usize,
    /// How long a new membership stays `VERIFICATION_IN_PROGRESS`; zero decides at creation.
    pub verification_delay: Duration,
    /// Verify every request's SigV4 signature (the default). When off, the
    /// caller is still taken from the `Credential` of the `Authorization` header.
    pub verify_signatures: bool,
    /// Configured access keys, account e-mail addresses and volumes, and the organization.
    pub credentials: CredentialsFile,
    /// The most data a behavior graph ingests per day (the service's 10 TB by default).
    pub graph_volume_limit_bytes: u64,
    /// How long an investigation stays `RUNNING` before it is `SUCCESSFUL`; zero finishes at once.
    pub investigation_delay: Duration,
    /// What investigations find (`--investigation-fixtures`); the built-in indicators by default.
    pub investigation_fixtures: Arc<IndicatorFixtures>,
    /// Where every region's state is kept across restarts (`--data-dir`): each change is
    /// durable before it is answered (see [`crate::persist`]). `None` keeps state in memory only.
    pub data_dir: Option<PathBuf>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            region: "us-east-1".to_owned(),
            member_quota: 1200,
            verification_delay: Duration::ZERO,
            verify_signatures: true,
            credentials: CredentialsFile::default(),
            graph_volume_limit_bytes: DEFAULT_GRAPH_VOLUME_LIMIT_BYTES,
            investigation_delay: Duration::ZERO,
            investigation_fixtures: Arc::new(IndicatorFixtures::default()),
            data_dir: None,
        }
    }
}

/// Why a credentials file could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The text is not TOML of the expected shape.
    Parse(String),
    /// The text parses but says something impossible (a malformed account id, a repeated key).
    Invalid(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, source } => {
                write!(
                    f,
                    "cannot read credentials file {}: {source}",
                    path.display()
                )
            }
            ConfigError::Parse(reason) => write!(f, "invalid credentials file: {reason}"),
            ConfigError::Invalid(reason) => write!(f, "invalid credentials file: {reason}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Io { source, .. } => Some(source),
            ConfigError::Parse(_) | ConfigError::Invalid(_) => None,
        }
    }
}

/// A configured access key, as the file holds it: the account it acts as and
/// its secret. Read through [`CredentialsFile::lookup`], which hands out a
/// borrowed [`KnownKey`].
#[derive(Clone, PartialEq, Eq)]
struct AccountKey {
    account_id: String,
    secret_access_key: String,
}

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountKey")
            .field("account_id", &self.account_id)
            .field("secret_access_key", &detective_types::REDACTED)
            .finish()
    }
}

/// A key found by [`CredentialsFile::lookup`]: the account it acts as and its secret, borrowed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KnownKey<'a> {
    account_id: &'a str,
    secret_access_key: &'a str,
}

impl<'a> KnownKey<'a> {
    /// The account this key acts as.
    pub fn account_id(&self) -> &'a str {
        self.account_id
    }

    /// The secret the request must be signed with.
    pub fn secret_access_key(&self) -> &'a str {
        self.secret_access_key
    }
}

impl fmt::Debug for KnownKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KnownKey")
            .field("account_id", &self.account_id)
            .field("secret_access_key", &detective_types::REDACTED)
            .finish()
    }
}

/// The access keys and account e-mail addresses the emulator knows (see the [module docs](self)).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CredentialsFile {
    keys: BTreeMap<String, AccountKey>,
    emails: AccountDirectory,
    volumes: BTreeMap<String, u64>,
    organization: Option<Organization>,
}

impl fmt::Debug for CredentialsFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Key ids and accounts help debugging; secrets stay out (AccountKey redacts them).
        f.debug_struct("CredentialsFile")
            .field("keys", &self.keys)
            .field("emails", &self.emails)
            .field("volumes", &self.volumes)
            .field("organization", &self.organization)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    accounts: Vec<AccountDoc>,
    #[serde(default)]
    organization: Option<OrganizationDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationDoc {
    management_account: String,
    #[serde(default)]
    member_accounts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountDoc {
    account_id: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    daily_volume_bytes: Option<u64>,
    #[serde(default)]
    keys: Vec<KeyDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyDoc {
    access_key_id: String,
    secret_access_key: String,
}

/// True for exactly 12 ASCII digits: an account id, and an access key that is one.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

impl CredentialsFile {
    /// No configured keys: only the 12-digit convention applies.
    pub fn new() -> Self {
        CredentialsFile::default()
    }

    /// Reads a credentials file (see the [module docs](self) for its format).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml_str(&text)
    }

    /// Parses the TOML text of a credentials file.
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let doc: FileDoc = toml::from_str(text).map_err(|e| ConfigError::Parse(e.to_string()))?;
        let mut file = CredentialsFile::new();
        for account in doc.accounts {
            if !is_account_id(&account.account_id) {
                return Err(ConfigError::Invalid(format!(
                    "account_id {:?} is not exactly 12 digits",
                    account.account_id
                )));
            }
            if let Some(email) = account.email {
                if email.trim().is_empty() {
                    return Err(ConfigError::Invalid(format!(
                        "account {} has an empty email",
                        account.account_id
                    )));
                }
                if file.emails.contains_key(&account.account_id) {
                    return Err(ConfigError::Invalid(format!(
                        "account {} is given an email twice",
                        account.account_id
                    )));
                }
                file.emails.insert(account.account_id.clone(), email);
            }
            if let Some(volume) = account.daily_volume_bytes {
                if file
                    .volumes
                    .insert(account.account_id.clone(), volume)
                    .is_some()
                {
                    return Err(ConfigError::Invalid(format!(
                        "account {} is given a daily_volume_bytes twice",
                        account.account_id
                    )));
                }
            }
            for key in account.keys {
                if key.access_key_id.is_empty()
                    || !key.access_key_id.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    return Err(ConfigError::Invalid(format!(
                        "access_key_id {:?} must be non-empty and made of ASCII letters and digits",
                        key.access_key_id
                    )));
                }
                if key.secret_access_key.is_empty() {
                    return Err(ConfigError::Invalid(format!(
                        "access key {} has an empty secret_access_key",
                        key.access_key_id
                    )));
                }
                if file.keys.contains_key(&key.access_key_id) {
                    return Err(ConfigError::Invalid(format!(
                        "access key {} appears twice",
                        key.access_key_id
                    )));
                }
                file.keys.insert(
                    key.access_key_id,
                    AccountKey {
                        account_id: account.account_id.clone(),
                        secret_access_key: key.secret_access_key,
                    },
                );
            }
        }
        if let Some(org) = doc.organization {
            file.organization = Some(organization(org)?);
        }
        Ok(file)
    }

    /// Adds (or replaces) a key acting as `account_id`; for configuring the emulator in code.
    pub fn with_key(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Self {
        self.keys.insert(
            access_key_id.into(),
            AccountKey {
                account_id: account_id.into(),
                secret_access_key: secret_access_key.into(),
            },
        );
        self
    }

    /// Sets an account's root e-mail address; for configuring the emulator in code.
    pub fn with_email(mut self, account_id: impl Into<String>, email: impl Into<String>) -> Self {
        self.emails.insert(account_id.into(), email.into());
        self
    }

    /// The key with this id: a configured one, else a 12-digit id is that account with secret `test`.
    ///
    /// Borrowed, not cloned: every signed request looks its key up.
    pub fn lookup<'a>(&'a self, access_key_id: &'a str) -> Option<KnownKey<'a>> {
        if let Some(key) = self.keys.get(access_key_id) {
            return Some(KnownKey {
                account_id: &key.account_id,
                secret_access_key: &key.secret_access_key,
            });
        }
        is_account_id(access_key_id).then_some(KnownKey {
            account_id: access_key_id,
            secret_access_key: DEFAULT_SECRET_ACCESS_KEY,
        })
    }

    /// The root e-mail address of every account that has one.
    pub fn directory(&self) -> &AccountDirectory {
        &self.emails
    }

    /// Sets an account's daily data volume in bytes; for configuring the emulator in code.
    pub fn with_volume(mut self, account_id: impl Into<String>, bytes: u64) -> Self {
        self.volumes.insert(account_id.into(), bytes);
        self
    }

    /// Declares the organization; for configuring the emulator in code.
    pub fn with_organization(mut self, organization: Organization) -> Self {
        self.organization = Some(organization);
        self
    }

    /// The daily data volume of every account that has one.
    pub fn volumes(&self) -> &BTreeMap<String, u64> {
        &self.volumes
    }

    /// The organization, if the file declares one.
    pub fn organization(&self) -> Option<&Organization> {
        self.organization.as_ref()
    }
}

/// Checks an `[organization]` table: 12-digit accounts, each once, the management account not among the members.
fn organization(doc: OrganizationDoc) -> Result<Organization, ConfigError> {
    if !is_account_id(&doc.management_account) {
        return Err(ConfigError::Invalid(format!(
            "organization management_account {:?} is not exactly 12 digits",
            doc.management_account
        )));
    }
    let mut members = BTreeSet::new();
    for account in doc.member_accounts {
        if !is_account_id(&account) {
            return Err(ConfigError::Invalid(format!(
                "organization member account {account:?} is not exactly 12 digits"
            )));
        }
        if account == doc.management_account {
            return Err(ConfigError::Invalid(format!(
                "organization account {account} is both the management account and a member account"
            )));
        }
        if !members.insert(account.clone()) {
            return Err(ConfigError::Invalid(format!(
                "organization member account {account} appears twice"
            )));
        }
    }
    Ok(Organization {
        management_account: doc.management_account,
        member_accounts: members,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
        [[accounts]]
        account_id = "111111111111"
        email = "admin@example.com"
        [[accounts.keys]]
        access_key_id = "AKIAADMIN"
        secret_access_key = "admin-secret"
        [[accounts.keys]]
        access_key_id = "111111111111"
        secret_access_key = "not-test"

        [[accounts]]
        account_id = "222222222222"
        email = "member@example.com"
    "#;

    #[test]
    fn sample_file_parses() {
        let file = CredentialsFile::from_toml_str(SAMPLE).unwrap();
        let admin = file.lookup("AKIAADMIN").unwrap();
        assert_eq!(admin.account_id(), "111111111111");
        assert_eq!(admin.secret_access_key(), "admin-secret");
        // A configured key wins over the 12-digit convention.
        assert_eq!(
            file.lookup("111111111111").unwrap().secret_access_key(),
            "not-test"
        );
        assert_eq!(
            file.lookup("222222222222").unwrap().secret_access_key(),
            "test"
        );
        assert_eq!(
            file.directory().get("222222222222").map(String::as_str),
            Some("member@example.com")
        );
        assert_eq!(file.directory().len(), 2);
    }

    #[test]
    fn unknown_keys_are_unknown() {
        let file = CredentialsFile::new();
        for key in ["AKIA", "", "11111111111", "1111111111111", "11111111111a"] {
            assert!(file.lookup(key).is_none(), "{key}");
        }
    }

    #[test]
    fn empty_file_is_fine() {
        assert_eq!(
            CredentialsFile::from_toml_str("").unwrap(),
            CredentialsFile::new()
        );
    }

    #[test]
    fn bad_files_are_refused() {
        let cases = [
            "accounts = 3",
            "[[accounts]]\naccount_id = \"1234\"",
            "[[accounts]]\naccount_id = \"111111111111\"\nmail = \"x@example.com\"",
            "[[accounts]]\naccount_id = \"111111111111\"\n[[accounts.keys]]\naccess_key_id = \"A\"\nsecret_access_key = \"\"",
            "[[accounts]]\naccount_id = \"111111111111\"\n[[accounts.keys]]\naccess_key_id = \"A/B\"\nsecret_access_key = \"s\"",
            "[[accounts]]\naccount_id = \"111111111111\"\n[[accounts.keys]]\naccess_key_id = \"A\"\nsecret_access_key = \"s\"\n[[accounts]]\naccount_id = \"222222222222\"\n[[accounts.keys]]\naccess_key_id = \"A\"\nsecret_access_key = \"t\"",
            "not toml at all [",
        ];
        for case in cases {
            assert!(CredentialsFile::from_toml_str(case).is_err(), "{case}");
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let file = CredentialsFile::from_toml_str(SAMPLE).unwrap();
        let config = EmulatorConfig {
            credentials: file.clone(),
            ..Default::default()
        };
        for text in [format!("{file:?}"), format!("{config:?}")] {
            assert!(!text.contains("admin-secret"), "{text}");
            assert!(!text.contains("not-test"), "{text}");
            assert!(text.contains("AKIAADMIN"), "{text}");
        }
    }

    #[test]
    fn organization_and_volumes_parse() {
        let file = CredentialsFile::from_toml_str(
            r#"
            [organization]
            management_account = "111111111111"
            member_accounts = ["333333333333", "222222222222"]

            [[accounts]]
            account_id = "333333333333"
            daily_volume_bytes = 6_000_000_000_000
            "#,
        )
        .unwrap();
        let org = file.organization().unwrap();
        assert_eq!(org.management_account, "111111111111");
        assert_eq!(
            org.member_accounts.iter().collect::<Vec<_>>(),
            ["222222222222", "333333333333"]
        );
        assert_eq!(file.volumes().get("333333333333"), Some(&6_000_000_000_000));
        assert!(CredentialsFile::new().organization().is_none());
    }

    #[test]
    fn bad_organizations_are_refused() {
        for case in [
            "[organization]\nmember_accounts = [\"222222222222\"]",
            "[organization]\nmanagement_account = \"1111\"",
            "[organization]\nmanagement_account = \"111111111111\"\nmember_accounts = [\"22\"]",
            "[organization]\nmanagement_account = \"111111111111\"\nmember_accounts = [\"111111111111\"]",
            "[organization]\nmanagement_account = \"111111111111\"\nmember_accounts = [\"222222222222\", \"222222222222\"]",
            "[organization]\nmanagement_account = \"111111111111\"\nadmins = []",
            "[[accounts]]\naccount_id = \"111111111111\"\ndaily_volume_bytes = -1",
        ] {
            assert!(CredentialsFile::from_toml_str(case).is_err(), "{case}");
        }
    }

    #[test]
    fn load_reports_missing_files() {
        let err = CredentialsFile::load("/nonexistent/detective-credentials.toml").unwrap_err();
        assert!(matches!(err, ConfigError::Io { .. }), "{err}");
    }
}
