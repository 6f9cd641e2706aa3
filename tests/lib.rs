#![doc = include_str!("../README.md")]
//!
//! (This crate holds the cross-crate integration tests; its documentation is the
//! README, so that the README's examples are compiled and run as doctests.)
