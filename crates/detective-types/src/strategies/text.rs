//! Member-level values: the strings and numbers the shapes are made of.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};

/// A few characters outside the Basic Latin block, each a trap for one kind of
/// matcher mistake: Unicode digits and letters (`\d`/`\w` are ASCII in the
/// model's dialect), and Java line terminators other than `\n` (Java's `.`
/// excludes them).
pub(crate) const UNICODE_TRAPS: &[char] = &[
    '\u{0663}', // ARABIC-INDIC DIGIT THREE: a Unicode \d
    '\u{FF10}', // FULLWIDTH DIGIT ZERO
    '\u{00E9}', // é: a Unicode \w and alphabetic
    '\u{212A}', // KELVIN SIGN: folds to 'k'
    '\u{0085}', // NEXT LINE: a Java line terminator
    '\u{2028}', // LINE SEPARATOR
    '\u{2029}', // PARAGRAPH SEPARATOR
];

/// The characters Java's `.` does not match: the line terminators.
pub(crate) const UNICODE_LINE_TERMINATORS: &[char] =
    &['\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}'];

/// The ASCII characters [`near_miss`] inserts and substitutes: the separators
/// and classes the model's patterns care about.
pub(crate) const NEAR_MISS_ASCII: &[char] = &[
    ':', '-', '@', '.', '_', '/', '+', '=', ';', '<', '>', ' ', '\n', '\r', 'A', 'B', 'C', 'D',
    'E', 'F', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 's', 'w', 'z', 'Z', '0', '1', '5', '9',
];

/// A valid `GraphArn`: `arn:aws{partition suffix}:detective:{region}:{12 digits}:graph:{32 lowercase hex}`.
///
/// Mostly realistic partitions and regions, sometimes anything the pattern
/// allows (`[-\w]{0,10}` suffixes, `[-\w]{2,20}` regions).
pub fn any_graph_arn() -> impl Strategy<Value = String> {
    let partition = prop_oneof![
        3 => select(vec!["", "-cn", "-us-gov", "-iso", "-iso-b"]).prop_map(str::to_owned),
        1 => "[-A-Za-z0-9_]{0,10}",
    ];
    let region = prop_oneof![
        3 => select(vec!["us-east-1", "eu-west-2", "ap-southeast-3", "us-gov-west-1", "cn-north-1"])
            .prop_map(str::to_owned),
        1 => "[-A-Za-z0-9_]{2,20}",
    ];
    (partition, region, any_account_id(), "[0-9a-f]{32}").prop_map(
        |(partition, region, account, id)| {
            format!("arn:aws{partition}:detective:{region}:{account}:graph:{id}")
        },
    )
}

/// A valid `AccountId`: exactly 12 ASCII digits.
pub fn any_account_id() -> impl Strategy<Value = String> {
    "[0-9]{12}"
}

/// A valid `EmailAddress`: at most 64 characters, matching the model's pattern.
///
/// Includes the edges: one-character labels, labels and top-level domains as
/// long as the 64-character limit lets them be (57 and 60), an `@`, spaces or
/// non-ASCII characters in the local part.
pub fn any_email_address() -> impl Strategy<Value = String> {
    let label = "[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?";
    let typical = (
        prop_oneof![
            4 => "[A-Za-z0-9._%+-]{1,16}",
            1 => "[a-z]{1,5}@[a-z]{1,5}",
            1 => "[a-zé名 !#]{1,8}",
        ],
        vec(label, 1..=3),
        "[A-Za-z]{2,8}",
    )
        .prop_map(|(local, labels, tld)| format!("{local}@{}.{tld}", labels.join(".")));
    // Long labels and top-level domains, up to the 64-character limit.
    let long_label = ("[a-z]{1,3}", 1usize..=57).prop_map(|(local, n)| {
        let label: String = std::iter::repeat_n('a', n.saturating_sub(1))
            .chain(std::iter::once('9'))
            .collect();
        format!("{local}@{label}.io")
    });
    let long_tld = 2usize..=60usize;
    let long_tld = long_tld.prop_map(|n| format!("a@b.{}", "z".repeat(n)));
    prop_oneof![6 => typical, 1 => long_label, 1 => long_tld]
        .prop_filter("at most 64 characters", |s| s.chars().count() <= 64)
}

/// A valid `TagKey`: 1 to 128 characters of `[a-zA-Z+-=._:/]`, not starting with `aws:`.
///
/// Sometimes starts with `aws` but not `aws:` (`aws`, `awsTeam`, `AWS:x`), right beside the forbidden prefix.
pub fn any_tag_key() -> impl Strategy<Value = String> {
    // `+-=` is the range '+'..='=', as in the model's pattern.
    let plain = "[a-zA-Z+-=._:/]{1,128}";
    // Everything but ':' after "aws": '+'..='9' then ';'..='='.
    let near_aws = "(aws|AWS:|Aws:|aws[a-zA-Z+-9;-=._/][a-zA-Z+-=._:/]{0,60})";
    prop_oneof![4 => plain, 1 => near_aws].prop_filter("no aws: prefix", |k| !k.starts_with("aws:"))
}

/// A valid `TagValue`: at most 256 characters, any of them.
pub fn any_tag_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9 +=._:/@-]{0,32}",
        1 => vec(any::<char>(), 0..=256).prop_map(String::from_iter),
    ]
}

/// A valid `PaginationToken`: 1 to 1024 characters (the model sets no pattern).
///
/// Sometimes 1024 two-byte characters, to catch a limit counted in bytes.
pub fn any_next_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9+/=]{1,64}",
        1 => vec(any::<char>(), 1..=1024).prop_map(String::from_iter),
        1 => Just("é".repeat(1024)),
    ]
}

/// A valid `MemberResultsLimit` (`MaxResults`): 1 to 200.
pub fn any_max_results() -> impl Strategy<Value = i32> {
    prop_oneof![1 => Just(1), 1 => Just(200), 6 => 1..=200i32]
}

/// A valid `EmailMessage` (`Message`): 1 to 1000 characters.
///
/// Sometimes 1000 two-byte characters, to catch a limit counted in bytes.
pub fn any_message() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 ,.!?'\n-]{1,200}",
        1 => vec(any::<char>(), 1..=1000).prop_map(String::from_iter),
        1 => Just("ü".repeat(1000)),
    ]
}

/// A valid `InvestigationId`: exactly 21 ASCII digits.
pub fn any_investigation_id() -> impl Strategy<Value = String> {
    "[0-9]{21}"
}

/// A valid `EntityArn`: `arn:` and then anything but a Java line terminator (the model sets no length).
///
/// Mostly IAM user and role ARNs as the service reports them, sometimes just
/// `arn:`, sometimes any characters (non-ASCII included) after the prefix.
pub fn any_entity_arn() -> impl Strategy<Value = String> {
    let iam = (
        select(vec!["aws", "aws-cn", "aws-us-gov"]),
        "[0-9]{12}",
        select(vec!["role", "user"]),
        "[A-Za-z0-9+=,.@_/-]{1,64}",
    )
        .prop_map(|(partition, account, kind, name)| {
            format!("arn:{partition}:iam::{account}:{kind}/{name}")
        });
    let anything = vec(any::<char>(), 0..=40).prop_map(|chars| {
        let rest: String = chars
            .into_iter()
            .filter(|c| !UNICODE_LINE_TERMINATORS.contains(c))
            .collect();
        format!("arn:{rest}")
    });
    prop_oneof![4 => iam, 1 => Just("arn:".to_owned()), 2 => anything]
}

/// A valid `MaxResults` of the investigation lists: 1 to 100.
pub fn any_ai_max_results() -> impl Strategy<Value = i32> {
    prop_oneof![1 => Just(1), 1 => Just(100), 6 => 1..=100i32]
}

/// A valid `AiPaginationToken`: 1 to 2048 characters (the model sets no pattern).
///
/// Sometimes 2048 two-byte characters, to catch a limit counted in bytes.
pub fn any_ai_next_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9+/=]{1,64}",
        1 => vec(any::<char>(), 1..=2048).prop_map(String::from_iter),
        1 => Just("é".repeat(2048)),
    ]
}

/// A valid `Value` of a `StringFilter`: 1 to 500 characters.
///
/// Sometimes 500 two-byte characters, to catch a limit counted in bytes.
pub fn any_filter_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9:/_ -]{1,40}",
        1 => vec(any::<char>(), 1..=500).prop_map(String::from_iter),
        1 => Just("名".repeat(500)),
    ]
}

/// Strings near `base`'s: one to three characters inserted, deleted or replaced.
///
/// The characters come from a small alphabet of what the model's patterns
/// care about (`:`, `-`, `@`, `.`, `_`, `/`, `+`, `=`, `;`, `<`, `>`, space,
/// CR, LF, upper- and lowercase hex digits, `g`, `s`, `w`, `z`, `Z`, digits)
/// and, one time in eight, from a few Unicode traps (Unicode digits and
/// letters, Java line terminators). Some results still match the pattern,
/// most do not: the point is to probe a matcher just around its boundary.
pub fn near_miss<S>(base: S) -> impl Strategy<Value = String>
where
    S: Strategy<Value = String>,
{
    let ch = prop_oneof![
        7 => select(NEAR_MISS_ASCII),
        1 => select(UNICODE_TRAPS),
    ];
    let edit = (0u8..3, any::<Index>(), ch);
    (base, vec(edit, 1..=3)).prop_map(|(base, edits)| {
        let mut chars: Vec<char> = base.chars().collect();
        for (op, at, c) in edits {
            match op {
                0 => chars.insert(at.index(chars.len() + 1), c),
                _ if chars.is_empty() => chars.push(c),
                1 => {
                    chars.remove(at.index(chars.len()));
                }
                _ => {
                    let i = at.index(chars.len());
                    chars[i] = c;
                }
            }
        }
        chars.into_iter().collect()
    })
}

/// `GraphArn`s that break the pattern in exactly one of its parts (the model sets no length for it).
pub fn mismatching_graph_arn() -> impl Strategy<Value = String> {
    let part = |variants: Vec<&'static str>| select(variants).prop_map(str::to_owned);
    // Each variant replaces one part of "arn:aws{p}:detective:{r}:{a}:graph:{id}".
    let broken_part = prop_oneof![
        part(vec!["", "ARN", "arm", "arn:"]).prop_map(|v| (0usize, v)),
        prop_oneof![
            part(vec!["AWS", "aw", "aws.", "aws/x", "aws ", "awsé"]),
            "aws[-A-Za-z0-9_]{11,16}",
        ]
        .prop_map(|v| (1usize, v)),
        part(vec!["Detective", "detectiv", "guardduty", "detective-"]).prop_map(|v| (2usize, v)),
        prop_oneof![
            part(vec![
                "",
                "u",
                "us.east.1",
                "us east 1",
                "us/east-1",
                "eu-wést-1"
            ]),
            "[-a-z0-9]{21,30}",
        ]
        .prop_map(|v| (3usize, v)),
        prop_oneof![
            "[0-9]{0,11}",
            "[0-9]{13,16}",
            "[0-9]{5}[a-zA-Z +-][0-9]{6}",
            Just("11112222333\u{0663}".to_owned()),
        ]
        .prop_map(|v| (4usize, v)),
        part(vec!["Graph", "graphs", "grap", "behavior-graph"]).prop_map(|v| (5usize, v)),
        prop_oneof![
            "[0-9a-f]{0,31}",
            "[0-9a-f]{33,40}",
            "[0-9a-f]{10}[A-Fg-z][0-9a-f]{21}",
        ]
        .prop_map(|v| (6usize, v)),
    ];
    let valid_parts = (
        select(vec!["", "-cn", "-us-gov"]),
        select(vec!["us-east-1", "eu-central-1"]),
        any_account_id(),
        "[0-9a-f]{32}",
    );
    let whole = (valid_parts, broken_part).prop_map(|((p, r, a, id), (at, broken))| {
        let mut parts = [
            "arn".to_owned(),
            format!("aws{p}"),
            "detective".to_owned(),
            r.to_owned(),
            a,
            "graph".to_owned(),
            id,
        ];
        parts[at] = broken;
        parts.join(":")
    });
    // Or a valid ARN with something around it.
    let wrapped = (
        any_graph_arn(),
        select(vec![" ", "\n", ":", "/", "x"]),
        any::<bool>(),
    )
        .prop_map(|(arn, extra, before)| {
            if before {
                format!("{extra}{arn}")
            } else {
                format!("{arn}{extra}")
            }
        });
    prop_oneof![6 => whole, 1 => wrapped, 1 => Just(String::new())]
}

/// 12-character `AccountId`s with a non-digit among the digits (length right, pattern wrong).
pub fn mismatching_account_id() -> impl Strategy<Value = String> {
    let bad = select(vec![
        'a', 'A', 'x', ' ', '-', '+', '.', ':', '\n', '\u{0663}', '\u{FF10}',
    ]);
    ("[0-9]{12}", any::<Index>(), bad).prop_map(|(digits, at, bad)| {
        let mut chars: Vec<char> = digits.chars().collect();
        let i = at.index(chars.len());
        chars[i] = bad;
        chars.into_iter().collect()
    })
}

/// `EmailAddress`es of 1 to 64 characters that do not match the pattern, each broken in one way.
pub fn mismatching_email_address() -> impl Strategy<Value = String> {
    let local = "[a-z0-9._+]{1,12}";
    let label = "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?";
    let tld = "[a-z]{2,6}";
    let shapes: Vec<BoxedStrategy<String>> = vec![
        // No '@'.
        (local, label, tld)
            .prop_map(|(l, d, t)| format!("{l}{d}.{t}"))
            .boxed(),
        // Nothing before the '@'.
        (label, tld).prop_map(|(d, t)| format!("@{d}.{t}")).boxed(),
        // No dot in the domain.
        (local, label).prop_map(|(l, d)| format!("{l}@{d}")).boxed(),
        // A digit, '-' or '_' in the top-level domain, or a one-letter one.
        (local, label, "[a-z]{0,3}[0-9_-][a-z]{0,3}")
            .prop_map(|(l, d, t)| format!("{l}@{d}.{t}"))
            .boxed(),
        (local, label, "[a-zA-Z]")
            .prop_map(|(l, d, t)| format!("{l}@{d}.{t}"))
            .boxed(),
        // A label starting or ending with '-'.
        (local, "[a-z0-9]{0,8}", tld)
            .prop_map(|(l, d, t)| format!("{l}@-{d}.{t}"))
            .boxed(),
        (local, "[a-z0-9]{0,8}", tld)
            .prop_map(|(l, d, t)| format!("{l}@{d}-.{t}"))
            .boxed(),
        // An empty label, or a trailing dot.
        (local, tld).prop_map(|(l, t)| format!("{l}@.{t}")).boxed(),
        (local, label, tld)
            .prop_map(|(l, d, t)| format!("{l}@{d}..{t}"))
            .boxed(),
        (local, label, tld)
            .prop_map(|(l, d, t)| format!("{l}@{d}.{t}."))
            .boxed(),
        // A character labels may not hold.
        (
            local,
            "[a-z0-9]{1,4}",
            select(vec!['_', ' ', '!', '+', 'é', '\u{212A}']),
            tld,
        )
            .prop_map(|(l, d, bad, t)| format!("{l}@{d}{bad}x.{t}"))
            .boxed(),
        // A line terminator in the local part (Java's `.` does not match it).
        (
            "[a-z]{1,6}",
            select(vec!['\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}']),
            label,
            tld,
        )
            .prop_map(|(l, bad, d, t)| format!("{l}{bad}x@{d}.{t}"))
            .boxed(),
    ];
    proptest::strategy::Union::new(shapes)
}

/// `TagKey`s of 1 to 128 characters that do not match the pattern: an `aws:` prefix, or a character outside the class.
pub fn mismatching_tag_key() -> impl Strategy<Value = String> {
    let aws_prefix = "[a-zA-Z+-=._:/]{0,124}".prop_map(|rest| format!("aws:{rest}"));
    let bad = select(vec![
        ' ', '!', '#', '$', '*', '>', '?', '@', '[', '\\', '^', '`', '{', '|', '~', '\t', '\n',
        'é', '\u{212A}', '\u{0663}',
    ]);
    let bad_char = ("[a-zA-Z+-=._:/]{0,60}", bad, "[a-zA-Z+-=._:/]{0,60}")
        .prop_map(|(a, bad, b)| format!("{a}{bad}{b}"));
    prop_oneof![1 => aws_prefix, 3 => bad_char]
}

/// 21-character `InvestigationId`s with a non-digit among the digits (length right, pattern wrong).
pub fn mismatching_investigation_id() -> impl Strategy<Value = String> {
    let bad = select(vec![
        'a', 'F', ' ', '-', '+', '.', ':', '\n', '\u{0663}', '\u{FF10}',
    ]);
    ("[0-9]{21}", any::<Index>(), bad).prop_map(|(digits, at, bad)| {
        let mut chars: Vec<char> = digits.chars().collect();
        let i = at.index(chars.len());
        chars[i] = bad;
        chars.into_iter().collect()
    })
}

/// `EntityArn`s that do not match the pattern: no `arn:` prefix (another case,
/// a space before it, another separator), or a Java line terminator after it.
pub fn mismatching_entity_arn() -> impl Strategy<Value = String> {
    let rest = "[A-Za-z0-9:/_-]{0,30}";
    let bad_prefix = (
        select(vec![
            "", "ARN:", "Arn:", "arn", "arn;", "arn/", " arn:", "urn:", "ar:",
        ]),
        rest,
    )
        .prop_map(|(prefix, rest)| format!("{prefix}{rest}"))
        // "arn" followed by a rest starting with ':' would be valid after all.
        .prop_filter("not the arn: prefix", |s| !s.starts_with("arn:"));
    let terminator = (rest, select(UNICODE_LINE_TERMINATORS), rest)
        .prop_map(|(a, t, b)| format!("arn:{a}{t}{b}"));
    prop_oneof![1 => bad_prefix, 1 => terminator]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::patterns;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn sample<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
        let mut runner = TestRunner::deterministic();
        (0..n)
            .map(|_| {
                strategy
                    .new_tree(&mut runner)
                    .map(|tree| tree.current())
                    .unwrap_or_else(|e| panic!("cannot generate: {e:?}"))
            })
            .collect()
    }

    #[test]
    fn valid_strings_match_their_patterns() {
        for s in sample(any_graph_arn(), 500) {
            assert!(patterns::is_graph_arn(&s), "{s:?}");
        }
        for s in sample(any_account_id(), 200) {
            assert!(s.len() == 12 && patterns::is_account_id_text(&s), "{s:?}");
        }
        for s in sample(any_email_address(), 1000) {
            let n = s.chars().count();
            assert!(
                (1..=64).contains(&n) && patterns::is_email_address(&s),
                "{s:?}"
            );
        }
        for s in sample(any_tag_key(), 1000) {
            let n = s.chars().count();
            assert!((1..=128).contains(&n) && patterns::is_tag_key(&s), "{s:?}");
        }
        for s in sample(any_investigation_id(), 200) {
            assert!(
                s.len() == 21 && patterns::is_investigation_id_text(&s),
                "{s:?}"
            );
        }
        for s in sample(any_entity_arn(), 1000) {
            assert!(patterns::is_entity_arn(&s), "{s:?}");
        }
    }

    #[test]
    fn mismatching_strings_fit_the_length_but_not_the_pattern() {
        for s in sample(mismatching_graph_arn(), 1000) {
            assert!(!patterns::is_graph_arn(&s), "{s:?}");
        }
        for s in sample(mismatching_account_id(), 500) {
            assert_eq!(s.chars().count(), 12, "{s:?}");
            assert!(!patterns::is_account_id_text(&s), "{s:?}");
        }
        for s in sample(mismatching_email_address(), 1000) {
            assert!((1..=64).contains(&s.chars().count()), "{s:?}");
            assert!(!patterns::is_email_address(&s), "{s:?}");
        }
        for s in sample(mismatching_tag_key(), 1000) {
            assert!((1..=128).contains(&s.chars().count()), "{s:?}");
            assert!(!patterns::is_tag_key(&s), "{s:?}");
        }
        for s in sample(mismatching_investigation_id(), 500) {
            assert_eq!(s.chars().count(), 21, "{s:?}");
            assert!(!patterns::is_investigation_id_text(&s), "{s:?}");
        }
        for s in sample(mismatching_entity_arn(), 1000) {
            assert!(!patterns::is_entity_arn(&s), "{s:?}");
        }
    }

    #[test]
    fn near_misses_are_mostly_misses() {
        let arns = sample(near_miss(any_graph_arn()), 1000);
        let hits = arns.iter().filter(|s| patterns::is_graph_arn(s)).count();
        assert!(
            hits > 0 && hits < 500,
            "{hits} of 1000 near-miss ARNs match"
        );
    }

    #[test]
    fn length_limits_count_characters() {
        for s in sample(any_next_token(), 300) {
            assert!((1..=1024).contains(&s.chars().count()));
        }
        for s in sample(any_message(), 300) {
            assert!((1..=1000).contains(&s.chars().count()));
        }
        for s in sample(any_tag_value(), 300) {
            assert!(s.chars().count() <= 256);
        }
        for s in sample(any_ai_next_token(), 300) {
            assert!((1..=2048).contains(&s.chars().count()));
        }
        for s in sample(any_filter_value(), 300) {
            assert!((1..=500).contains(&s.chars().count()));
        }
    }
}
