#![no_main]
//! See `fairfloor::fuzzing::screening_script`; its seeds are in `fuzz/corpus/screening_script/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fairfloor::fuzzing::screening_script(data));
