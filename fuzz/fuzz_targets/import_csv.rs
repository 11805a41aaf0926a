#![no_main]
//! See `fairfloor::fuzzing::import_csv`; its seeds are in `fuzz/corpus/import_csv/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fairfloor::fuzzing::import_csv(data));
