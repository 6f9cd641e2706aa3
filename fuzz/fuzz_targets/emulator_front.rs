#![no_main]
//! The emulator's HTTP front on arbitrary requests: never panics, always answers well-formed.
use std::sync::OnceLock;

static EMULATOR: OnceLock<detective_local::Emulator> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let emulator = EMULATOR.get_or_init(|| {
        // Signatures off, so the fuzzer reaches routing, parsing and the state machine.
        detective_local::Emulator::new(detective_local::EmulatorConfig {
            verify_signatures: false,
            ..Default::default()
        })
    });
    detective_fuzz::check_emulator_front(emulator, data);
});
