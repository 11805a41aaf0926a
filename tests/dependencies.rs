//! What the locked dependencies promise, read from cargo itself:
//! - the Rust version `Cargo.toml` promises (`rust-version`) is the one the locked dependencies
//!   need: a newer dependency must raise it, so `cargo install` on an older toolchain fails with
//!   cargo's own clear message rather than a compile error deep in a dependency;
//! - one TLS stack, one crypto provider and one async runtime are compiled in (issue 17: ring
//!   and aws-lc-rs both were, for the sync client and the centre).

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

/// `cargo ARGS` in this crate, offline and locked, its standard output.
fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .args(["--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Crates of which two versions, or two alternatives, would mean two TLS stacks, two crypto
/// libraries or two async runtimes in one binary.
const ONE_OF_EACH: &[&str] = &[
    "rustls",
    "rustls-webpki",
    "tokio-rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "ring",
    "aws-lc-rs",
    "aws-lc-sys",
    "getrandom",
    "rand_core",
    "sha2",
    "digest",
    "tokio",
    "async-std",
    "smol",
    "hyper",
];

#[test]
fn no_tls_crypto_or_runtime_crate_is_compiled_in_twice() {
    // `cargo tree -d`: every crate with more than one version, dev-dependencies included.
    let duplicates = cargo(&[
        "tree", "-d", "--depth", "0", "--prefix", "none", "--format", "{p}",
    ]);
    let doubled: Vec<&str> = duplicates
        .lines()
        .filter(|line| {
            let name = line.split_whitespace().next().unwrap_or("");
            ONE_OF_EACH.contains(&name)
        })
        .collect();
    assert!(doubled.is_empty(), "compiled in twice: {doubled:?}");

    // One crypto provider for rustls, in what ships (not only in a second version).
    let shipped = cargo(&[
        "tree", "-e", "normal", "--prefix", "none", "--format", "{p}",
    ]);
    let providers: std::collections::BTreeSet<&str> = shipped
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| ["ring", "aws-lc-rs", "openssl"].contains(name))
        .collect();
    assert_eq!(
        providers.into_iter().collect::<Vec<_>>(),
        ["aws-lc-rs"],
        "one crypto provider for TLS; SQLCipher's OpenSSL is openssl-sys, vendored, not this"
    );
}

#[test]
fn rust_version_is_the_highest_any_locked_dependency_needs() {
    let metadata: serde_json::Value =
        serde_json::from_str(&cargo(&["metadata", "--format-version", "1"])).unwrap();
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
