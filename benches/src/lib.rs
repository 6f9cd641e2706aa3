//! Benchmarks for detective-rs. Run them with `cargo bench -p detective-benches`.
//!
//! - `emulator_load`: `detective serve` (a release build, in its own process,
//!   signature verification on) driven over loopback by the project's client
//!   at 64 concurrent callers; reports requests per second and the server's
//!   CPU time per 1,000 requests, for a small state and a large one.
