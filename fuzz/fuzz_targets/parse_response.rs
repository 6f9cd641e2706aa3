#![no_main]
//! Every operation's response parser on arbitrary status, headers and body.
libfuzzer_sys::fuzz_target!(|data: &[u8]| detective_fuzz::check_parse_response(data));
