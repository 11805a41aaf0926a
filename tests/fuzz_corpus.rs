//! Replays every seed and every input the fuzzer ever found (`fuzz/corpus/TARGET/` and
//! `fuzz/regressions/TARGET/`) through the same harness the `cargo fuzz` target runs, so the
//! proof stays in `cargo test` on stable. A harness panics when a promise is broken.

use std::path::{Path, PathBuf};

use fairfloor::fuzzing::TARGETS;

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_and_regression_file_passes_its_target() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, harness) in TARGETS {
        let corpus = files(&fuzz.join("corpus").join(target));
        assert!(!corpus.is_empty(), "fuzz/corpus/{target} has no seeds");
        let regressions = files(&fuzz.join("regressions").join(target));
        for file in corpus.iter().chain(&regressions) {
            let data = std::fs::read(file).unwrap();
            let outcome = std::panic::catch_unwind(|| harness(&data));
            assert!(outcome.is_ok(), "{} fails {target}", file.display());
        }
    }
}

#[test]
fn every_fuzz_target_has_a_harness() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let mut on_disk: Vec<String> = files(&fuzz)
        .iter()
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .collect();
    on_disk.sort();
    let mut known: Vec<String> = TARGETS.iter().map(|(name, _)| name.to_string()).collect();
    known.sort();
    assert_eq!(on_disk, known);
}
