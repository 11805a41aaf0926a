#![no_main]
//! See `fairfloor::fuzzing::settings`; its seeds are in `fuzz/corpus/settings/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fairfloor::fuzzing::settings(data));
