//! Global options and the client they configure.
//!
//! Settings resolve as the AWS CLI resolves them, first match wins:
//!
//! | setting     | sources |
//! |-------------|---------|
//! | region      | `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` |
//! | credentials | with `--profile`: that profile only; otherwise `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), then the profile named by `AWS_PROFILE` or `default` |
//! | endpoint    | `--endpoint-url`, `AWS_ENDPOINT_URL_DETECTIVE`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url` |
//! | output      | `--output`, `AWS_DEFAULT_OUTPUT`, the profile's `output`, `json` |
//! | attempts    | `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, 3 |
//!
//! Profiles come from the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
//! default `~/.aws/credentials`, sections `[name]`) and the config file
//! (`AWS_CONFIG_FILE`, default `~/.aws/config`, sections `[profile name]` and
//! `[default]`), with the keys `aws_access_key_id`, `aws_secret_access_key`,
//! `aws_session_token`, `region`, `output`, `endpoint_url` and `max_attempts`.
//! Role assumption, SSO and `credential_process` are not supported.

use super::error::CliError;
use super::output::Format;
use crate::duration::parse_duration;
use clap::{Arg, ArgAction, ArgMatches};
use detective_client::{Client, Credentials};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// The AWS CLI's default connect and read timeouts.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// What `--cli-read-timeout 0` ("no timeout") becomes: long enough never to matter.
const NO_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

/// The global options, for the top level and for every service subcommand
/// (the AWS CLI accepts them before or after the subcommand).
pub fn global_args() -> Vec<Arg> {
    let heading = "Global Options";
    vec![
        Arg::new("region")
            .long("region")
            .value_name("REGION")
            .help("The region to send requests to and sign them for")
            .help_heading(heading),
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .help("A profile of ~/.aws/credentials and ~/.aws/config (static keys, session token, region, output, endpoint_url, max_attempts; no SSO or role assumption)")
            .help_heading(heading),
        Arg::new("endpoint-url")
            .long("endpoint-url")
            .value_name("URL")
            .help("Send requests here instead of the regional endpoint (e.g. a `detective serve`)")
            .help_heading(heading),
        Arg::new("output")
            .long("output")
            .value_name("FORMAT")
            .value_parser(["json", "text", "table"])
            .help("The output format")
            .help_heading(heading),
        Arg::new("query")
            .long("query")
            .value_name("JMESPATH")
            .help("A JMESPath query applied to the result, e.g. 'MemberDetails[].AccountId'")
            .help_heading(heading),
        Arg::new("no-paginate")
            .long("no-paginate")
            .action(ArgAction::SetTrue)
            .help("Make one call and print its page (with NextToken), instead of every page")
            .help_heading(heading),
        Arg::new("debug")
            .long("debug")
            .action(ArgAction::SetTrue)
            .help("Log each step and call to stderr (secrets and e-mail addresses are redacted)")
            .help_heading(heading),
        Arg::new("cli-read-timeout")
            .long("cli-read-timeout")
            .value_name("SECONDS")
            .help("Longest wait for one response, in seconds (0: no limit; default 60)")
            .help_heading(heading),
        Arg::new("cli-connect-timeout")
            .long("cli-connect-timeout")
            .value_name("SECONDS")
            .help("Longest wait to connect, in seconds (0: no limit; default 60)")
            .help_heading(heading),
    ]
}

/// The global options as given, before settings are resolved.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    /// `--region`.
    pub region: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--output`.
    pub output: Option<String>,
    /// `--query`.
    pub query: Option<String>,
    /// `--no-paginate`.
    pub no_paginate: bool,
    /// `--debug`.
    pub debug: bool,
    /// `--cli-read-timeout`.
    pub read_timeout: Option<String>,
    /// `--cli-connect-timeout`.
    pub connect_timeout: Option<String>,
}

fn string(matches: &ArgMatches, id: &str) -> Option<String> {
    matches.try_get_one::<String>(id).ok().flatten().cloned()
}

fn flag(matches: &ArgMatches, id: &str) -> bool {
    matches.try_get_one::<bool>(id).ok().flatten() == Some(&true)
}

impl Globals {
    /// The global options of `top` (before the subcommand), overridden by those of `sub`.
    pub fn from_matches(top: &ArgMatches, sub: &ArgMatches) -> Globals {
        let pick = |id: &str| string(sub, id).or_else(|| string(top, id));
        Globals {
            region: pick("region"),
            profile: pick("profile"),
            endpoint_url: pick("endpoint-url"),
            output: pick("output"),
            query: pick("query"),
            no_paginate: flag(top, "no-paginate") || flag(sub, "no-paginate"),
            debug: flag(top, "debug") || flag(sub, "debug"),
            read_timeout: pick("cli-read-timeout"),
            connect_timeout: pick("cli-connect-timeout"),
        }
    }
}

/// Reads an environment variable (injectable for tests).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, with empty values treated as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `key = value` settings of one profile.
type Section = HashMap<String, String>;

/// Parses the INI dialect of the AWS shared files: `[section]`, `key = value`,
/// `#` and `;` comments. Indented lines (nested sub-settings) are skipped.
pub fn parse_ini(text: &str) -> HashMap<String, Section> {
    let mut sections: HashMap<String, Section> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(section), Some((key, value))) = (&current, line.split_once('=')) {
            sections
                .entry(section.clone())
                .or_default()
                .insert(key.trim().to_owned(), value.trim().to_owned());
        }
    }
    sections
}

/// One profile's settings from both shared files (the credentials file wins for keys).
#[derive(Debug, Default, Clone)]
pub struct Profile {
    /// Whether either file has the profile.
    pub found: bool,
    settings: Section,
}

impl Profile {
    /// A setting of the profile.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

fn home(env: Env<'_>) -> Option<PathBuf> {
    env("HOME").map(PathBuf::from)
}

/// Loads profile `name` from the shared config and credentials files.
pub fn load_profile(name: &str, env: Env<'_>) -> Profile {
    let config_path = env("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| home(env).map(|h| h.join(".aws").join("config")));
    let credentials_path = env("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| home(env).map(|h| h.join(".aws").join("credentials")));
    let mut profile = Profile::default();
    if let Some(text) = config_path.and_then(|p| std::fs::read_to_string(p).ok()) {
        let mut sections = parse_ini(&text);
        let section = if name == "default" {
            sections.remove("default")
        } else {
            sections.remove(&format!("profile {name}"))
        };
        if let Some(section) = section {
            profile.found = true;
            profile.settings.extend(section);
        }
    }
    if let Some(text) = credentials_path.and_then(|p| std::fs::read_to_string(p).ok()) {
        if let Some(section) = parse_ini(&text).remove(name) {
            profile.found = true;
            profile.settings.extend(section);
        }
    }
    profile
}

/// Everything resolved from the global options, the environment and the profile.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The output format.
    pub format: Format,
    /// The `--query` expression.
    pub query: Option<String>,
    /// `--no-paginate`.
    pub no_paginate: bool,
    globals: Globals,
    profile_name: String,
    profile: Profile,
}

fn seconds(option: &str, value: Option<&str>) -> Result<Duration, CliError> {
    let Some(value) = value else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let duration = parse_duration(value)
        .map_err(|e| CliError::Usage(format!("Invalid value for {option}: {e}")))?;
    Ok(if duration.is_zero() {
        NO_TIMEOUT
    } else {
        duration
    })
}

impl Settings {
    /// Resolves what can be resolved without building a client.
    pub fn resolve(globals: Globals, env: Env<'_>) -> Result<Settings, CliError> {
        let profile_name = globals
            .profile
            .clone()
            .or_else(|| env("AWS_PROFILE"))
            .unwrap_or_else(|| "default".to_owned());
        let profile = load_profile(&profile_name, env);
        if globals.profile.is_some() && !profile.found {
            return Err(CliError::Config(format!(
                "The config profile ({profile_name}) could not be found"
            )));
        }
        let format = match (
            &globals.output,
            env("AWS_DEFAULT_OUTPUT"),
            profile.get("output"),
        ) {
            (Some(o), _, _) => Format::parse(o, "--output")?,
            (None, Some(o), _) => Format::parse(&o, "AWS_DEFAULT_OUTPUT")?,
            (None, None, Some(o)) => Format::parse(o, "the profile's output setting")?,
            (None, None, None) => Format::Json,
        };
        Ok(Settings {
            format,
            query: globals.query.clone(),
            no_paginate: globals.no_paginate,
            globals,
            profile_name,
            profile,
        })
    }

    /// The region requests go to.
    pub fn region(&self, env: Env<'_>) -> Option<String> {
        self.globals
            .region
            .clone()
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .or_else(|| self.profile.get("region").map(str::to_owned))
    }

    fn credentials(&self, env: Env<'_>) -> Option<(Credentials, &'static str)> {
        let from_profile = || {
            let key = self.profile.get("aws_access_key_id")?;
            let secret = self.profile.get("aws_secret_access_key")?;
            Some((
                Credentials::new(
                    key,
                    secret,
                    self.profile.get("aws_session_token").map(str::to_owned),
                    None,
                    "profile",
                ),
                "the shared credentials/config files",
            ))
        };
        // An explicit --profile takes precedence over the environment, as in the AWS CLI.
        if self.globals.profile.is_some() {
            return from_profile();
        }
        detective_client::config::credentials_from_env(env)
            .map(|c| (c, "environment variables"))
            .or_else(from_profile)
    }

    /// Builds the client.
    pub fn client(&self, env: Env<'_>) -> Result<Client, CliError> {
        let region = self.region(env).ok_or_else(|| {
            CliError::Config(
                "You must specify a region. Use --region, set AWS_REGION (or AWS_DEFAULT_REGION), or set `region` in the profile."
                    .to_owned(),
            )
        })?;
        let (credentials, source) = self.credentials(env).ok_or_else(|| {
            CliError::Config(format!(
                "Unable to locate credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws_access_key_id and aws_secret_access_key in the profile ({}).",
                self.profile_name
            ))
        })?;
        // Say where the credentials came from, never what they are.
        tracing::debug!(source, profile = %self.profile_name, %region, "resolved credentials and region");
        let read = seconds("--cli-read-timeout", self.globals.read_timeout.as_deref())?;
        let connect = seconds(
            "--cli-connect-timeout",
            self.globals.connect_timeout.as_deref(),
        )?;
        let attempts = match env("AWS_MAX_ATTEMPTS")
            .or_else(|| self.profile.get("max_attempts").map(str::to_owned))
        {
            Some(text) => text
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    CliError::Config(format!(
                        "Invalid max_attempts {text:?}: use a whole number of at least 1"
                    ))
                })?,
            None => 3,
        };
        // The whole call may take every attempt's read timeout plus backoff.
        let operation = read
            .saturating_mul(attempts)
            .saturating_add(Duration::from_secs(60))
            .min(NO_TIMEOUT);
        let mut builder = Client::builder()
            .region(region)
            .credentials(credentials)
            .connect_timeout(connect)
            .attempt_timeout(read)
            .operation_timeout(operation)
            .max_attempts(attempts);
        let endpoint = self
            .globals
            .endpoint_url
            .clone()
            .or_else(|| detective_client::config::endpoint_url_from_env(env))
            .or_else(|| self.profile.get("endpoint_url").map(str::to_owned));
        if let Some(url) = endpoint {
            builder = builder.endpoint_url(url);
        }
        builder
            .build()
            .map_err(|e| CliError::Config(format!("Could not configure the client: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn ini_sections_keys_and_comments() {
        let parsed = parse_ini(
            "# comment\n[default]\nregion = eu-west-1\n; other\n[profile dev]\naws_access_key_id=AKIA\n  nested = skipped\n",
        );
        assert_eq!(parsed["default"]["region"], "eu-west-1");
        assert_eq!(parsed["profile dev"]["aws_access_key_id"], "AKIA");
        assert!(!parsed["profile dev"].contains_key("nested"));
    }

    #[test]
    fn an_explicit_profile_beats_the_environment() {
        let dir =
            std::env::temp_dir().join(format!("detective-cli-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let credentials = dir.join("credentials");
        let config = dir.join("config");
        writeln!(
            std::fs::File::create(&credentials).unwrap(),
            "[dev]\naws_access_key_id = 222222222222\naws_secret_access_key = s3cret"
        )
        .unwrap();
        writeln!(
            std::fs::File::create(&config).unwrap(),
            "[profile dev]\nregion = eu-central-1\noutput = text"
        )
        .unwrap();
        let (c, k) = (
            credentials.to_string_lossy().into_owned(),
            config.to_string_lossy().into_owned(),
        );
        let env = move |name: &str| match name {
            "AWS_SHARED_CREDENTIALS_FILE" => Some(c.clone()),
            "AWS_CONFIG_FILE" => Some(k.clone()),
            "AWS_ACCESS_KEY_ID" => Some("111111111111".to_owned()),
            "AWS_SECRET_ACCESS_KEY" => Some("env-secret".to_owned()),
            _ => None,
        };
        let globals = Globals {
            profile: Some("dev".into()),
            ..Globals::default()
        };
        let settings = Settings::resolve(globals, &env).unwrap();
        assert_eq!(settings.format, Format::Text);
        assert_eq!(settings.region(&env).as_deref(), Some("eu-central-1"));
        let (creds, _) = settings.credentials(&env).unwrap();
        assert_eq!(creds.access_key_id(), "222222222222");

        // Without --profile, the environment's keys win over the default profile.
        let settings = Settings::resolve(Globals::default(), &env).unwrap();
        let (creds, _) = settings.credentials(&env).unwrap();
        assert_eq!(creds.access_key_id(), "111111111111");

        let missing = Globals {
            profile: Some("nope".into()),
            ..Globals::default()
        };
        let err = Settings::resolve(missing, &env).unwrap_err();
        assert!(
            err.to_string().contains("(nope) could not be found"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
