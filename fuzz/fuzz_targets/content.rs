#![no_main]
//! See `fairfloor::fuzzing::content`; its seeds are in `fuzz/corpus/content/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fairfloor::fuzzing::content(data));
