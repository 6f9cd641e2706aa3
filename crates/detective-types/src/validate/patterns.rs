//! The model's regular expressions, as hand-written matchers.
//!
//! The model's patterns are Java regexes with look-ahead (`(?!aws:)`,
//! `(?!-)`) that the `regex` crate cannot express, and a validation on every
//! request should not cost a regex engine. Each matcher below is written to
//! accept exactly the strings its pattern accepts (ASCII semantics, as in
//! Java); the pattern text is kept beside it so that the model-conformance
//! test can check it against the model and a property test can check the
//! matcher against a real regex engine.

/// `GraphArn`'s pattern in the model.
pub const GRAPH_ARN: &str =
    "^arn:aws[-\\w]{0,10}?:detective:[-\\w]{2,20}?:\\d{12}?:graph:[abcdef\\d]{32}?$";
/// `AccountId`'s pattern in the model.
pub const ACCOUNT_ID: &str = "^[0-9]+$";
/// `EmailAddress`'s pattern in the model.
pub const EMAIL_ADDRESS: &str =
    "^.+@(?:(?:(?!-)[A-Za-z0-9-]{1,62})?[A-Za-z0-9]{1}\\.)+[A-Za-z]{2,63}$";
/// `TagKey`'s pattern in the model.
pub const TAG_KEY: &str = "^(?!aws:)[a-zA-Z+-=._:/]+$";
/// `EntityArn`'s pattern in the model.
pub const ENTITY_ARN: &str = "^arn:.*";
/// `InvestigationId`'s pattern in the model.
pub const INVESTIGATION_ID: &str = "^[0-9]+$";

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn all(s: impl AsRef<[u8]>, allowed: impl Fn(u8) -> bool) -> bool {
    s.as_ref().iter().all(|&c| allowed(c))
}

/// Matches [`GRAPH_ARN`].
pub fn is_graph_arn(s: &str) -> bool {
    graph_arn_matches(s.as_bytes()).is_some()
}

/// `Some` when `s` is a graph ARN (`Option` for `?`), found by walking it
/// once, left to right. None of the variable parts may
/// contain ':', so each ends at the first ':' after it. (A `split` into an
/// array cost 1,600 instructions a call; this runs on every request, twice
/// in the emulator's round trip.)
fn graph_arn_matches(s: &[u8]) -> Option<()> {
    let hyphen_or_word = |c: u8| c == b'-' || is_word(c);
    let rest = s.strip_prefix(b"arn:aws")?;
    let (partition, rest) = split_at_colon(rest)?;
    let rest = rest.strip_prefix(b"detective:")?;
    let (region, rest) = split_at_colon(rest)?;
    let (account, rest) = split_at_colon(rest)?;
    let id = rest.strip_prefix(b"graph:")?;
    let matches = partition.len() <= 10
        && all(partition, hyphen_or_word)
        && (2..=20).contains(&region.len())
        && all(region, hyphen_or_word)
        && account.len() == 12
        && all(account, |c| c.is_ascii_digit())
        && id.len() == 32
        && all(id, |c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
    matches.then_some(())
}

/// The bytes before the first ':' and those after it.
fn split_at_colon(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = s.iter().position(|&c| c == b':')?;
    Some((s.get(..colon)?, s.get(colon + 1..)?))
}

/// Matches [`ACCOUNT_ID`].
pub fn is_account_id_text(s: &str) -> bool {
    !s.is_empty() && all(s, |c| c.is_ascii_digit())
}

/// Java's `.` matches anything but these line terminators.
fn is_java_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Matches [`EMAIL_ADDRESS`].
pub fn is_email_address(s: &str) -> bool {
    // `.+` is greedy but cannot swallow the domain's '@'-free tail, so the
    // only split that can match is at the last '@'.
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    if local.is_empty() || local.contains(is_java_line_terminator) {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((tld, hosts)) = labels.split_last() else {
        return false;
    };
    let tld_ok = (2..=63).contains(&tld.len()) && all(tld, |c| c.is_ascii_alphabetic());
    let label_ok = |label: &&str| {
        let bytes = label.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                bytes.len() <= 63
                    && *first != b'-'
                    && last.is_ascii_alphanumeric()
                    && all(label, |c| c.is_ascii_alphanumeric() || c == b'-')
            }
            _ => false,
        }
    };
    tld_ok && !hosts.is_empty() && hosts.iter().all(label_ok)
}

/// Matches [`TAG_KEY`].
pub fn is_tag_key(s: &str) -> bool {
    // `+-=` in the class is the range '+'..='=' (0x2B..=0x3D): + , - . / 0-9 : ; < =
    let allowed = |c: u8| c.is_ascii_alphabetic() || (b'+'..=b'=').contains(&c) || c == b'_';
    !s.is_empty() && !s.starts_with("aws:") && all(s, allowed)
}

/// Matches [`ENTITY_ARN`].
pub fn is_entity_arn(s: &str) -> bool {
    // `.*` is greedy and the match is whole-string, so every character after
    // the prefix must be one Java's `.` accepts.
    s.strip_prefix("arn:")
        .is_some_and(|rest| !rest.contains(is_java_line_terminator))
}

/// Matches [`INVESTIGATION_ID`].
pub fn is_investigation_id_text(s: &str) -> bool {
    // The same class as `AccountId`'s pattern; a distinct name keeps each constant beside its own matcher.
    is_account_id_text(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_arn_examples() {
        assert!(is_graph_arn(
            "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899"
        ));
        assert!(is_graph_arn(
            "arn:aws-us-gov:detective:us-gov-west-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899"
        ));
        assert!(!is_graph_arn(
            "arn:aws:detective:us-east-1:11112222333:graph:027c7c4610ea4aacaf0b883093cab899"
        ));
        assert!(!is_graph_arn(
            "arn:aws:detective:us-east-1:111122223333:graph:027C7C4610EA4AACAF0B883093CAB899"
        ));
        assert!(!is_graph_arn(
            "arn:aws:detective:us-east-1:111122223333:graph:"
        ));
        assert!(!is_graph_arn(""));
    }

    #[test]
    fn graph_arn_part_bounds_and_separators() {
        let arn = |partition: &str, region: &str, tail: &str| {
            format!("arn:aws{partition}:detective:{region}:111122223333:graph:027c7c4610ea4aacaf0b883093cab899{tail}")
        };
        assert!(is_graph_arn(&arn("-abcdefghi", "us", "")));
        assert!(is_graph_arn(&arn("", "a_b-c", "")));
        assert!(
            !is_graph_arn(&arn("-abcdefghij", "us", "")),
            "an 11-character partition suffix"
        );
        assert!(!is_graph_arn(&arn("", "u", "")), "a 1-character region");
        assert!(
            !is_graph_arn(&arn("", &"u".repeat(21), "")),
            "a 21-character region"
        );
        assert!(
            !is_graph_arn(&arn("", "us.east", "")),
            "'.' is not a word character"
        );
        assert!(!is_graph_arn(&arn("", "us-east-1", ":")), "a trailing ':'");
        assert!(!is_graph_arn(&arn("", "us-east-1", "0")), "a 33-digit id");
        assert!(
            !is_graph_arn(&arn(":", "us-east-1", "")),
            "an extra ':' in the partition"
        );
    }

    #[test]
    fn email_examples() {
        assert!(is_email_address("alice@example.com"));
        assert!(is_email_address("a@b@sub.example.co"));
        assert!(!is_email_address("alice@example"));
        assert!(!is_email_address("alice@-bad.com"));
        assert!(!is_email_address("alice@bad-.com"));
        assert!(!is_email_address("@example.com"));
        assert!(!is_email_address("alice@example.c0m"));
    }

    #[test]
    fn tag_key_examples() {
        assert!(is_tag_key("Team"));
        assert!(is_tag_key("cost-center/2026:q4"));
        assert!(!is_tag_key("aws:reserved"));
        assert!(!is_tag_key("has space"));
        assert!(!is_tag_key(""));
    }

    #[test]
    fn entity_arn_examples() {
        assert!(is_entity_arn("arn:aws:iam::111122223333:role/Admin"));
        assert!(is_entity_arn("arn:"));
        assert!(is_entity_arn("arn:é 名"));
        assert!(!is_entity_arn("ARN:aws:iam::111122223333:user/bob"));
        assert!(!is_entity_arn("arn"));
        assert!(!is_entity_arn(" arn:aws"));
        assert!(!is_entity_arn("arn:aws\n"));
        assert!(!is_entity_arn("arn:aws\u{2028}x"));
    }

    #[test]
    fn investigation_id_examples() {
        assert!(is_investigation_id_text("000000000000000000001"));
        assert!(!is_investigation_id_text(""));
        assert!(!is_investigation_id_text("12345678901234567890a"));
        assert!(!is_investigation_id_text("\u{0663}"));
    }
}
