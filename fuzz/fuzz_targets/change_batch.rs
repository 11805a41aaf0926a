#![no_main]
//! See `fairfloor::fuzzing::change_batch`; its seeds are in `fuzz/corpus/change_batch/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fairfloor::fuzzing::change_batch(data));
