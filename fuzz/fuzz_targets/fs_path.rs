//! Fuzz target `fs_path`: what it feeds and asserts is documented on
//! `precond_testkit::fuzz::fs_path`, which the corpus replay test runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = precond_testkit::fuzz::fs_path(data) {
        panic!("{violation}");
    }
});
