#![no_main]
//! The cassette reader on arbitrary bytes: never panics; what it reads survives a write and a re-read.
libfuzzer_sys::fuzz_target!(|data: &[u8]| detective_fuzz::check_cassette_reader(data));
