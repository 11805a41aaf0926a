//! Test helpers shared by the script loader's tests: the built-in roles and the fixture scripts
//! in `tests/fixtures/scripts`.

use std::path::{Path, PathBuf};

use super::library::parse_script;
use crate::content::Content;
use crate::domain::RoleCatalogue;

pub(super) fn roles() -> RoleCatalogue {
    Content::load().expect("built-in assets").roles
}

pub(super) fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scripts")
        .join(name)
}

pub(super) fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).expect("fixture is readable")
}

/// Every problem in a fixture, as shown to people, with the file named by its file name.
pub(super) fn problems(name: &str) -> Vec<String> {
    match parse_script(name, &fixture(name), &roles()) {
        Ok(_) => panic!("{name} should be refused"),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

pub(super) fn assert_problems(name: &str, expected: &[&str]) {
    assert_eq!(problems(name), expected, "{name}");
}

pub(super) const KNOWN_ROLES: &str = "hcsw, nursing_assistant, theatre_support, maternity_support, call_handler_111, domestic, porter";
