//! The scripts the interview screens can use: the built-in ones and a folder of extra files
//! ([`ScriptLibrary`]), and the entry points that read, parse and check one script. A script that
//! fails a check is refused with every problem found, each naming the file, the question and the
//! field and saying how to fix it; the other scripts stay usable.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::check::check;
use super::problem::{Problems, ScriptProblem};
use super::script::Script;
use super::toml_message::{line_and_column, toml_problem};
use crate::domain::RoleCatalogue;

/// The scripts shipped with fairfloor, built into the binary: (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "hcsw-values.toml",
        include_str!("../../assets/scripts/hcsw-values.toml"),
    ),
    (
        "support-services-values.toml",
        include_str!("../../assets/scripts/support-services-values.toml"),
    ),
];

/// A script that passed every check, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedScript {
    pub script: Script,
    /// SHA-256 of the file's bytes, lower-case hex: stored with every screening.
    pub hash: String,
    /// Where it came from: `built-in hcsw-values.toml` or the file's path.
    pub source: String,
}

/// Parses and checks a script. `file` names it in problems and becomes `source`.
/// Returns every problem found, not just the first (a file that is not valid TOML, or does not
/// have the shape of a script, gives one problem, since nothing after it can be trusted).
pub fn parse_script(
    file: &str,
    text: &str,
    roles: &RoleCatalogue,
) -> Result<LoadedScript, Vec<ScriptProblem>> {
    let script: Script = match toml::from_str(text) {
        Ok(script) => script,
        Err(error) => return Err(vec![toml_problem(file, text, &error)]),
    };
    let mut problems = Problems {
        file,
        found: Vec::new(),
    };
    check(&script, roles, &mut problems);
    if !problems.found.is_empty() {
        return Err(problems.found);
    }
    Ok(LoadedScript {
        script,
        hash: hex::encode(Sha256::digest(text.as_bytes())),
        source: file.to_string(),
    })
}

/// The largest script file read: a long script is a few dozen KiB.
const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;

/// Reads, parses and checks one script file, for `fairfloor script check FILE`.
pub fn check_file(path: &Path, roles: &RoleCatalogue) -> Result<LoadedScript, Vec<ScriptProblem>> {
    let file = path.display().to_string();
    let whole_file = |message: String| {
        vec![ScriptProblem {
            file: file.clone(),
            question: None,
            field: String::new(),
            message,
        }]
    };
    let bytes = crate::outside_file::read(path, MAX_SCRIPT_BYTES)
        .map_err(|error| whole_file(format!("{}.", error.reason())))?;
    parse_script_bytes(&file, &bytes, roles)
}

/// Parses and checks a script file's bytes: [`parse_script`] after checking they are UTF-8.
pub fn parse_script_bytes(
    file: &str,
    bytes: &[u8],
    roles: &RoleCatalogue,
) -> Result<LoadedScript, Vec<ScriptProblem>> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let (line, column) = line_and_column(&String::from_utf8_lossy(bytes), at);
        vec![ScriptProblem {
            file: file.to_string(),
            question: None,
            field: String::new(),
            message: format!(
                "line {line}, column {column}: this file is not UTF-8 text. Save it from your editor as UTF-8 (\"UTF-8\" or \"Unicode\" in the Save As options)."
            ),
        }]
    })?;
    parse_script(file, text, roles)
}

/// The scripts available to the interview screens, and any that were refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptLibrary {
    pub scripts: Vec<LoadedScript>,
    /// Every problem in every refused file; show them to staff, never crash on them.
    pub refused: Vec<ScriptProblem>,
}

impl ScriptLibrary {
    /// The scripts shipped in `assets/scripts`, built into the binary.
    pub fn built_in(roles: &RoleCatalogue) -> Self {
        let mut library = Self::default();
        for (name, text) in BUILT_IN {
            match parse_script(&format!("built-in {name}"), text, roles) {
                Ok(script) => library.scripts.push(script),
                Err(problems) => library.refused.extend(problems),
            }
        }
        library
    }

    /// The built-in scripts plus every `*.toml` file in `extra_dir` (in file-name order). A file
    /// whose id matches a built-in script replaces it; a broken file is refused (its problems go
    /// to `refused`) and the rest stay usable; a missing directory is fine.
    pub fn load(extra_dir: Option<&Path>, roles: &RoleCatalogue) -> Self {
        Self::load_with_pack(None, extra_dir, roles)
    }

    /// [`ScriptLibrary::load`] with a fair pack's `scripts/` folder read first: a file there named
    /// like a built-in script (`hcsw-values.toml`) replaces it, and the pack's scripts then
    /// replace others by id, as `extra_dir`'s do after them.
    pub fn load_with_pack(
        pack_scripts: Option<&Path>,
        extra_dir: Option<&Path>,
        roles: &RoleCatalogue,
    ) -> Self {
        let mut library = Self::built_in(roles);
        if let Some(dir) = pack_scripts {
            library.scripts.retain(|loaded| {
                let name = loaded.source.trim_start_matches("built-in ");
                !dir.join(name).exists()
            });
            library.add_folder(dir, roles);
        }
        if let Some(dir) = extra_dir {
            library.add_folder(dir, roles);
        }
        library
    }

    /// Only the scripts in `dir`, checked, with every problem in `refused`: what
    /// `fairfloor pack check` reports on a pack's `scripts/` folder.
    pub fn from_folder(dir: &Path, roles: &RoleCatalogue) -> Self {
        let mut library = Self::default();
        library.add_folder(dir, roles);
        library
    }

    /// Adds every `*.toml` script in `dir` (in file-name order); one whose id is already in the
    /// library replaces that script.
    fn add_folder(&mut self, dir: &Path, roles: &RoleCatalogue) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return,
            Err(error) => {
                self.refused.push(ScriptProblem {
                    file: dir.display().to_string(),
                    question: None,
                    field: String::new(),
                    message: format!(
                        "cannot read this folder of scripts ({error}). Check it is a folder you can open; the built-in scripts are still available."
                    ),
                });
                return;
            }
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();

        let mut from_dir: BTreeMap<String, String> = BTreeMap::new();
        for path in paths {
            let loaded = match check_file(&path, roles) {
                Ok(loaded) => loaded,
                Err(problems) => {
                    self.refused.extend(problems);
                    continue;
                }
            };
            let id = loaded.script.id.clone();
            if let Some(earlier) = from_dir.get(&id) {
                self.refused.push(ScriptProblem {
                    file: loaded.source.clone(),
                    question: None,
                    field: "id".to_string(),
                    message: format!(
                        "the id '{id}' is already used by {earlier}. Give each script its own id, or remove one of the files."
                    ),
                });
                continue;
            }
            from_dir.insert(id.clone(), loaded.source.clone());
            match self.scripts.iter_mut().find(|s| s.script.id == id) {
                Some(slot) => *slot = loaded,
                None => self.scripts.push(loaded),
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&LoadedScript> {
        self.scripts.iter().find(|s| s.script.id == id)
    }

    /// The script for a candidate: the first script covering the first of their roles that any
    /// script covers; `None` if none does.
    pub fn default_for(&self, candidate_roles: &[String]) -> Option<&LoadedScript> {
        candidate_roles.iter().find_map(|role| {
            self.scripts
                .iter()
                .find(|s| s.script.roles.iter().any(|r| r == role))
        })
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;
    use crate::screening::script::NhsValue;
    use crate::screening::test_fixtures::{fixture, fixture_path, roles};

    #[test]
    fn the_valid_fixture_loads() {
        let loaded = parse_script("valid.toml", &fixture("valid.toml"), &roles()).unwrap();
        assert_eq!(loaded.script.id, "fixture");
        assert_eq!(loaded.source, "valid.toml");
        let expected = hex::encode(Sha256::digest(fixture("valid.toml").as_bytes()));
        assert_eq!(loaded.hash, expected);
        assert_eq!(loaded.hash.len(), 64);
    }

    #[test]
    fn the_hash_changes_with_any_byte() {
        let text = fixture("valid.toml");
        let a = parse_script("a", &text, &roles()).unwrap();
        let b = parse_script("b", &format!("{text}\n"), &roles()).unwrap();
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_a_problem() {
        let path = fixture_path("not-utf8.toml");
        let problems = check_file(&path, &roles()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, path.display().to_string());
        assert_eq!(problems[0].question, None);
        assert_eq!(problems[0].field, "");
        assert_eq!(
            problems[0].message,
            "line 3, column 13: this file is not UTF-8 text. Save it from your editor as UTF-8 (\"UTF-8\" or \"Unicode\" in the Save As options)."
        );
        assert_eq!(
            problems[0].to_string(),
            format!("{}: {}", path.display(), problems[0].message)
        );
    }

    #[test]
    fn a_missing_file_is_a_problem() {
        let path = fixture_path("no-such-script.toml");
        let problems = check_file(&path, &roles()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.starts_with("cannot read this file ("),
            "{}",
            problems[0]
        );
        assert!(
            problems[0]
                .message
                .ends_with("Check the path is right and that you can open the file.")
        );
    }

    #[test]
    fn check_file_names_the_path_and_hashes_the_bytes() {
        let path = fixture_path("valid.toml");
        let loaded = check_file(&path, &roles()).unwrap();
        assert_eq!(loaded.source, path.display().to_string());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(loaded.hash, hex::encode(Sha256::digest(&bytes)));
        let problems = check_file(&fixture_path("missing-anchor.toml"), &roles()).unwrap_err();
        assert!(problems[0].to_string().starts_with(&format!(
            "{}: question 'q2'",
            fixture_path("missing-anchor.toml").display()
        )));
    }

    // The shipped scripts.

    #[test]
    fn the_shipped_scripts_load_with_no_problems() {
        let library = ScriptLibrary::built_in(&roles());
        assert_eq!(library.refused, vec![], "{:#?}", library.refused);
        let ids: Vec<_> = library
            .scripts
            .iter()
            .map(|s| s.script.id.as_str())
            .collect();
        assert_eq!(ids, ["hcsw-values", "support-services-values"]);
        assert_eq!(library.scripts[0].source, "built-in hcsw-values.toml");
        for loaded in &library.scripts {
            assert_eq!(loaded.script.version, 1);
        }
    }

    #[test]
    fn the_shipped_scripts_cover_every_role() {
        let roles = roles();
        let library = ScriptLibrary::built_in(&roles);
        for role in &roles.roles {
            assert!(
                library
                    .default_for(std::slice::from_ref(&role.code))
                    .is_some(),
                "no built-in script covers role '{}'",
                role.code
            );
        }
    }

    #[test]
    fn the_clinical_script_asks_about_every_nhs_value_once() {
        let library = ScriptLibrary::built_in(&roles());
        let script = &library.get("hcsw-values").unwrap().script;
        let mut values: Vec<_> = script.questions.iter().map(|q| q.value).collect();
        values.sort();
        let mut all: Vec<_> = NhsValue::iter().collect();
        all.sort();
        assert_eq!(values, all);
        assert_eq!(script.rules.pass_mark, 15);
        assert_eq!(script.rules.minimum_per_question, 2);
        assert_eq!(script.rules.second_opinion_margin, 2);
        assert!(script.rules.second_opinion_on_one_low_score);
        for question in &script.questions {
            assert!(
                (3..=4).contains(&question.positive.len()),
                "{}",
                question.id
            );
            assert!(
                (3..=4).contains(&question.negative.len()),
                "{}",
                question.id
            );
        }
        let support = &library.get("support-services-values").unwrap().script;
        assert_eq!(support.questions.len(), 4);
        assert_eq!(support.rules.pass_mark, 10);
    }

    /// The prompts are read aloud: keep every sentence short.
    #[test]
    fn the_shipped_prompts_are_short() {
        for loaded in &ScriptLibrary::built_in(&roles()).scripts {
            let script = &loaded.script;
            let prompts = script
                .questions
                .iter()
                .map(|q| &q.prompt)
                .chain(script.eligibility.iter().map(|q| &q.prompt));
            for prompt in prompts {
                for sentence in prompt.split(['.', '?', '!']) {
                    let words = sentence.split_whitespace().count();
                    assert!(words <= 20, "too long to read aloud: {sentence}");
                }
            }
        }
    }

    // The library.

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn a_missing_extra_folder_is_fine() {
        let roles = roles();
        let library = ScriptLibrary::load(Some(Path::new("/no/such/folder/anywhere")), &roles);
        assert_eq!(library, ScriptLibrary::built_in(&roles));
        assert_eq!(
            ScriptLibrary::load(None, &roles),
            ScriptLibrary::built_in(&roles)
        );
    }

    #[test]
    fn a_broken_file_is_refused_and_the_rest_stay_usable() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a-valid.toml", &fixture("valid.toml"));
        write(dir.path(), "b-broken.toml", &fixture("missing-anchor.toml"));
        write(dir.path(), "c-not-toml.toml", "this is not toml");
        write(dir.path(), "notes.txt", "not a script, ignored");
        let library = ScriptLibrary::load(Some(dir.path()), &roles());
        let ids: Vec<_> = library
            .scripts
            .iter()
            .map(|s| s.script.id.as_str())
            .collect();
        assert_eq!(ids, ["hcsw-values", "support-services-values", "fixture"]);
        assert_eq!(library.refused.len(), 2, "{:#?}", library.refused);
        assert!(library.refused[0].file.ends_with("b-broken.toml"));
        assert!(library.refused[1].file.ends_with("c-not-toml.toml"));
        assert!(library.get("fixture").is_some());
        assert!(library.get("nope").is_none());
    }

    #[test]
    fn a_file_with_a_built_in_id_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let text = fixture("valid.toml")
            .replace("id = \"fixture\"", "id = \"support-services-values\"")
            .replace("version = 1", "version = 2")
            .replace("roles = [\"hcsw\"]", "roles = [\"porter\"]");
        write(dir.path(), "porters.toml", &text);
        let library = ScriptLibrary::load(Some(dir.path()), &roles());
        assert_eq!(library.scripts.len(), 2);
        let replaced = library.get("support-services-values").unwrap();
        assert_eq!(replaced.script.version, 2);
        assert!(replaced.source.ends_with("porters.toml"));
        assert_eq!(library.scripts[1].script.id, "support-services-values");
        assert_eq!(
            library
                .default_for(&["porter".to_string()])
                .map(|s| s.script.version),
            Some(2)
        );
    }

    #[test]
    fn two_files_with_one_id_keep_the_first() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.toml", &fixture("valid.toml"));
        write(dir.path(), "b.toml", &fixture("valid.toml"));
        let library = ScriptLibrary::load(Some(dir.path()), &roles());
        assert_eq!(library.scripts.len(), 3);
        assert!(library.get("fixture").unwrap().source.ends_with("a.toml"));
        assert_eq!(library.refused.len(), 1);
        assert_eq!(library.refused[0].field, "id");
        assert!(
            library.refused[0]
                .message
                .starts_with("the id 'fixture' is already used by "),
            "{}",
            library.refused[0]
        );
    }

    #[test]
    fn the_default_script_follows_the_candidates_roles_in_order() {
        let library = ScriptLibrary::built_in(&roles());
        let pick = |roles: &[&str]| {
            let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
            library.default_for(&roles).map(|s| s.script.id.clone())
        };
        assert_eq!(
            pick(&["porter", "hcsw"]).as_deref(),
            Some("support-services-values")
        );
        assert_eq!(pick(&["hcsw", "porter"]).as_deref(), Some("hcsw-values"));
        assert_eq!(
            pick(&["astronaut", "call_handler_111"]).as_deref(),
            Some("hcsw-values")
        );
        assert_eq!(pick(&["astronaut"]), None);
        assert_eq!(pick(&[]), None);
    }

    #[test]
    fn a_packs_script_replaces_the_built_in_file_of_its_name() {
        let pack_scripts =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/full/scripts");
        let library = ScriptLibrary::load_with_pack(Some(&pack_scripts), None, &roles());
        assert_eq!(library.refused, vec![]);
        let hcsw = library.get("hcsw-values").unwrap();
        assert_eq!(hcsw.script.title, "Northshire clinical support interview");
        assert_eq!(
            hcsw.source,
            pack_scripts.join("hcsw-values.toml").display().to_string()
        );
        assert_eq!(library.scripts.len(), 2, "the other built-in script stays");
    }
}
