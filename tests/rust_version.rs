//! The Rust version `Cargo.toml` promises (`rust-version`) is the one the locked dependencies
//! need: a newer dependency must raise it, so `cargo install` on an older toolchain fails with
//! cargo's own clear message rather than a compile error deep in a dependency.

use std::process::Command;

/// "1.95" or "1.88.0" as (major, minor, patch).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn rust_version_is_the_highest_any_locked_dependency_needs() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "fairfloor")
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml says its rust-version");
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "fairfloor")
        .filter_map(|p| {
            let wanted = p["rust_version"].as_str()?;
            Some((version(wanted), format!("{} {}", p["name"], p["version"])))
        })
        .max()
        .expect("some dependency says its rust-version");
    assert_eq!(
        version(ours),
        needed,
        "Cargo.toml says rust-version {ours}, but {by} needs {needed:?}: make them agree"
    );
}
