//! The roles on offer at an event, from `assets/roles.toml`.

use serde::Deserialize;

/// One role a candidate can be interested in and, later, offered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable short code stored with candidates, e.g. `hcsw`.
    pub code: String,
    /// The job title candidates see.
    pub title: String,
    /// Agenda for Change pay band, e.g. "Band 2".
    pub band: String,
    /// Typical hours, e.g. "37.5 hours a week".
    pub hours: String,
    /// One plain-English sentence about the job, shown at the kiosk.
    pub summary: String,
    /// What the job is, in plain English for someone new to care (one or two short sentences).
    /// Optional so older roles files still load; `fairfloor pack check` asks for it.
    #[serde(default)]
    pub description: String,
    /// The pay in words, e.g. "£24,937 a year (Band 2, 2026/27)". Optional like `description`.
    #[serde(default)]
    pub pay: String,
    /// Whether an offer needs professional registration or qualifications checked.
    #[serde(default)]
    pub needs_registration: bool,
    /// The criminal record check the role needs, in words for the slip, e.g. "Enhanced DBS with adult and children's barred lists".
    #[serde(default = "default_criminal_record_check")]
    pub criminal_record_check: String,
}

fn default_criminal_record_check() -> String {
    "Enhanced DBS check".to_string()
}

/// All roles, in the order the kiosk lists them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleCatalogue {
    #[serde(rename = "role")]
    pub roles: Vec<Role>,
}

/// Why a roles file was refused.
#[derive(Debug, thiserror::Error)]
pub enum RoleCatalogueError {
    #[error("{file}: {source}")]
    Toml {
        file: String,
        source: toml::de::Error,
    },
    #[error(
        "{file}: there are no roles; add at least one [[role]] with code, title, band, hours and summary"
    )]
    Empty { file: String },
    #[error("{file}: role code '{code}' appears twice; give each role its own code")]
    DuplicateCode { file: String, code: String },
    #[error(
        "{file}: role code '{code}' must be lower-case letters, digits and '_' only, like hcsw"
    )]
    BadCode { file: String, code: String },
}

impl RoleCatalogue {
    /// Parses and checks a roles file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, RoleCatalogueError> {
        let catalogue: RoleCatalogue =
            toml::from_str(text).map_err(|source| RoleCatalogueError::Toml {
                file: file.to_string(),
                source,
            })?;
        match catalogue.problems(file).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(catalogue),
        }
    }

    /// Every rule a parsed catalogue breaks (none, one or many), each naming `file`: at least one
    /// role, codes of lower-case letters, digits and '_', and no code twice.
    pub fn problems(&self, file: &str) -> Vec<RoleCatalogueError> {
        let mut problems = Vec::new();
        if self.roles.is_empty() {
            problems.push(RoleCatalogueError::Empty {
                file: file.to_string(),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for role in &self.roles {
            let good = !role.code.is_empty()
                && role
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !good {
                problems.push(RoleCatalogueError::BadCode {
                    file: file.to_string(),
                    code: role.code.clone(),
                });
            } else if !seen.insert(role.code.as_str()) {
                problems.push(RoleCatalogueError::DuplicateCode {
                    file: file.to_string(),
                    code: role.code.clone(),
                });
            }
        }
        problems
    }

    pub fn get(&self, code: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.code == code)
    }

    /// Finds a role by its code or its title, ignoring case, as people type them in a spreadsheet.
    pub fn find(&self, code_or_title: &str) -> Option<&Role> {
        let wanted = code_or_title.trim();
        self.roles.iter().find(|role| {
            role.code.eq_ignore_ascii_case(wanted) || role.title.eq_ignore_ascii_case(wanted)
        })
    }

    /// The titles for stored role codes, for display; unknown codes are shown as they are.
    pub fn titles(&self, codes: &[String]) -> Vec<String> {
        codes
            .iter()
            .map(|code| {
                self.get(code)
                    .map_or_else(|| code.clone(), |r| r.title.clone())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"
        [[role]]
        code = "hcsw"
        title = "Healthcare support worker"
        band = "Band 2"
        hours = "37.5 hours a week"
        summary = "Help patients wash, dress and eat."
        [[role]]
        code = "porter"
        title = "Porter"
        band = "Band 2"
        hours = "37.5 hours a week"
        summary = "Move patients and equipment around the hospital."
    "#;

    #[test]
    fn finds_roles_by_code_or_title_ignoring_case() {
        let roles = RoleCatalogue::parse("roles.toml", TWO).unwrap();
        assert_eq!(roles.find("HCSW").unwrap().code, "hcsw");
        assert_eq!(roles.find(" porter ").unwrap().code, "porter");
        assert_eq!(
            roles.find("healthcare SUPPORT worker").unwrap().code,
            "hcsw"
        );
        assert!(roles.find("surgeon").is_none());
    }

    #[test]
    fn refuses_duplicate_codes_naming_the_file_and_code() {
        let text = TWO.replace("\"porter\"", "\"hcsw\"");
        let err = RoleCatalogue::parse("roles.toml", &text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "roles.toml: role code 'hcsw' appears twice; give each role its own code"
        );
    }
}
