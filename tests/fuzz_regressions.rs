//! Replays every input saved under `fuzz/regressions/<target>/` through the
//! same checks the fuzz targets run, so a crash found once stays fixed, and
//! runs the checks on a few hand-picked hostile inputs.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code, missing_docs)]
mod harness;

use std::path::Path;

fn saved_inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut inputs = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                inputs.push(bytes);
            }
        }
    }
    inputs
}

fn hostile_inputs() -> Vec<Vec<u8>> {
    vec![
        Vec::new(),
        b"\xff\xff\xff".to_vec(),
        b"POST\xff/graph/members\xffcontent-length:99999999999\xff{\"Accounts\":[{}]}".to_vec(),
        b"PUT\xff/invitation\xff\xff{\"GraphArn\":null}".to_vec(),
        b"GET\xff/%ff%fe\xff\xff[[[[[[[[[[".to_vec(),
        b"\x00\xffx-amzn-errortype:\xff{\"__type\":5}".to_vec(),
        b"\xf4\xffx-amzn-errortype::::\xff".to_vec(),
    ]
}

#[test]
fn response_parser_regressions() {
    for input in saved_inputs("parse_response")
        .into_iter()
        .chain(hostile_inputs())
    {
        harness::check_parse_response(&input);
    }
}

#[test]
fn emulator_front_regressions() {
    let emulator = detective_local::Emulator::new(detective_local::EmulatorConfig {
        verify_signatures: false,
        ..Default::default()
    });
    for input in saved_inputs("emulator_front")
        .into_iter()
        .chain(hostile_inputs())
    {
        harness::check_emulator_front(&emulator, &input);
    }
}

/// Cassette text the reader must take apart without panicking: valid lines, near misses and junk.
fn hostile_cassettes() -> Vec<Vec<u8>> {
    let line = r#"{"operation":"ListGraphs","request":{"method":"POST","path":"/graphs/list"},"response":{"status":200}}"#;
    vec![
        format!("{line}\n\n{line}\r\n").into_bytes(),
        br#"{"operation":"X","request":{"method":"","path":"","body":1e308,"body_text":""},"response":{"status":65535,"headers":{"a":"\u0000"},"body":[-0.0,18446744073709551616]}}"#.to_vec(),
        br#"{"operation":"X","request":{"method":"POST","path":"/"},"response":{"status":70000}}"#.to_vec(),
        br#"{"operation":"X","request":{"method":"POST","path":"/","body":{"Message":{"EmailAddress":null}}},"response":{"status":200,"body_text":"\ud800"}}"#.to_vec(),
        format!("{}{}", "[".repeat(200), "]".repeat(200)).into_bytes(),
        b"\xef\xbb\xbf{}\n\xff\n".to_vec(),
    ]
}

#[test]
fn cassette_reader_regressions() {
    let workflow = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("cassettes/admin_member_workflow.jsonl"),
    )
    .unwrap_or_default();
    for input in saved_inputs("cassette_reader")
        .into_iter()
        .chain(hostile_inputs())
        .chain(hostile_cassettes())
        .chain([workflow])
    {
        harness::check_cassette_reader(&input);
    }
}
