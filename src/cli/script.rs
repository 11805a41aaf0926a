//! `fairfloor script check|show|list`: checking a script file, showing a script as text, and
//! listing the scripts the staff screens can use.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::ScriptCommand;
use super::out::{say, say_text};
use crate::content::Content;
use crate::domain::RoleCatalogue;
use crate::screening::script::{EligibilityOutcome, MAX_SCORE};
use crate::screening::{LoadedScript, ScriptLibrary, check_file};

/// `fairfloor script check|show|list`.
pub(super) fn run(
    command: ScriptCommand,
    content: &Content,
    scripts_dir: Option<&Path>,
) -> Result<ExitCode> {
    match command {
        ScriptCommand::Check { file } => match check_file(&file, &content.roles) {
            Ok(loaded) => {
                say!(
                    "{}: OK. {} (id {}, version {}), {} values questions, hash {}.",
                    file.display(),
                    loaded.script.title,
                    loaded.script.id,
                    loaded.script.version,
                    loaded.script.questions.len(),
                    loaded.hash
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(problems) => {
                for problem in &problems {
                    say!("{problem}");
                }
                say!(
                    "{} problem{} found; the staff screens will not offer this script until they are fixed.",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                Ok(ExitCode::from(2))
            }
        },
        ScriptCommand::Show { id } => {
            let library = ScriptLibrary::load_with_pack(
                content.pack_scripts_dir().as_deref(),
                scripts_dir,
                &content.roles,
            );
            match library.get(&id) {
                Some(loaded) => {
                    say_text!("{}", show(loaded, &content.roles));
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    let known: Vec<&str> = library
                        .scripts
                        .iter()
                        .map(|s| s.script.id.as_str())
                        .collect();
                    bail!(
                        "no script with id '{id}'. Known scripts: {}",
                        known.join(", ")
                    )
                }
            }
        }
        ScriptCommand::List => {
            let library = ScriptLibrary::load_with_pack(
                content.pack_scripts_dir().as_deref(),
                scripts_dir,
                &content.roles,
            );
            for loaded in &library.scripts {
                say!(
                    "{}  v{}  {}  [{}]  ({})",
                    loaded.script.id,
                    loaded.script.version,
                    loaded.script.title,
                    loaded.script.roles.join(", "),
                    loaded.source
                );
            }
            for problem in &library.refused {
                say!("refused: {problem}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A readable rendering of a script for `fairfloor script show ID`.
pub fn show(script: &LoadedScript, roles: &RoleCatalogue) -> String {
    let s = &script.script;
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.title);
    let _ = writeln!(out, "{}", "=".repeat(s.title.chars().count().max(3)));
    let _ = writeln!(out, "Id:      {}", s.id);
    let _ = writeln!(out, "Version: {}", s.version);
    let _ = writeln!(out, "Hash:    {}", script.hash);
    let _ = writeln!(out, "Source:  {}", script.source);
    let _ = writeln!(out, "Roles:   {}", roles.titles(&s.roles).join(", "));
    let _ = writeln!(out);

    let _ = writeln!(out, "Guidance");
    let _ = writeln!(out, "--------");
    let _ = writeln!(
        out,
        "About {} minute{} per values question.",
        s.guidance.minutes_per_question,
        if s.guidance.minutes_per_question == 1 {
            ""
        } else {
            "s"
        }
    );
    for paragraph in &s.guidance.text {
        let _ = writeln!(out, "{paragraph}");
    }

    if !s.eligibility.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Eligibility");
        let _ = writeln!(out, "-----------");
        for question in &s.eligibility {
            let _ = writeln!(out, "[{}] {}", question.id, question.prompt);
            for answer in &question.answers {
                let outcome = match answer.outcome {
                    EligibilityOutcome::Eligible => "eligible",
                    EligibilityOutcome::NeedsCheck => "needs a check",
                    EligibilityOutcome::NotEligible => "not eligible",
                };
                let _ = writeln!(out, "  - {} ({outcome}): {}", answer.label, answer.meaning);
            }
        }
    }

    for (index, question) in s.questions.iter().enumerate() {
        let _ = writeln!(out);
        let heading = format!(
            "Question {} of {} [{}]: {}",
            index + 1,
            s.questions.len(),
            question.id,
            question.value.title()
        );
        let _ = writeln!(out, "{heading}");
        let _ = writeln!(out, "{}", "-".repeat(heading.chars().count()));
        let _ = writeln!(out, "Ask: {}", question.prompt);
        let _ = writeln!(out, "Probes:");
        for probe in &question.probes {
            let _ = writeln!(out, "  - {probe}");
        }
        let _ = writeln!(out, "A good answer shows:");
        for line in &question.positive {
            let _ = writeln!(out, "  + {line}");
        }
        let _ = writeln!(out, "A weak answer shows:");
        for line in &question.negative {
            let _ = writeln!(out, "  - {line}");
        }
        let _ = writeln!(out, "Scores:");
        let mut anchors: Vec<_> = question.anchors.iter().collect();
        anchors.sort_by_key(|a| a.score);
        for anchor in anchors {
            let _ = writeln!(out, "  {}: {}", anchor.score, anchor.description);
        }
    }

    let r = &s.rules;
    let max_total =
        u32::from(MAX_SCORE).saturating_mul(u32::try_from(s.questions.len()).unwrap_or(u32::MAX));
    let _ = writeln!(out);
    let _ = writeln!(out, "Rules");
    let _ = writeln!(out, "-----");
    let _ = writeln!(
        out,
        "Offer: a total of at least {} out of {max_total}, with every question scoring at least {}.",
        r.pass_mark, r.minimum_per_question
    );
    let mut second = vec![format!(
        "every question scores at least {} and the total is at least {} (within {} of the pass mark)",
        r.minimum_per_question,
        r.pass_mark.saturating_sub(r.second_opinion_margin),
        r.second_opinion_margin
    )];
    if r.second_opinion_on_one_low_score {
        second.push(format!(
            "the total is at least {} but exactly one question scores below {}",
            r.pass_mark, r.minimum_per_question
        ));
    }
    let _ = writeln!(out, "Second opinion: when {}.", second.join(", or when "));
    let _ = writeln!(
        out,
        "Not progressing: anything else, or an eligibility answer that rules an offer out."
    );
    let _ = writeln!(
        out,
        "No recommendation is made until every question is answered."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;

    #[test]
    fn show_prints_everything_a_recruiter_needs() {
        let roles = Content::load().expect("built-in assets").roles;
        let library = ScriptLibrary::built_in(&roles);
        for loaded in &library.scripts {
            let text = show(loaded, &roles);
            let script = &loaded.script;
            assert!(text.starts_with(&script.title), "{text}");
            assert!(text.contains(&format!("Version: {}", script.version)));
            assert!(text.contains(&loaded.hash));
            for title in roles.titles(&script.roles) {
                assert!(text.contains(&title), "{title}");
            }
            for paragraph in &script.guidance.text {
                assert!(text.contains(paragraph.as_str()));
            }
            for question in &script.eligibility {
                assert!(text.contains(&question.prompt));
                for answer in &question.answers {
                    assert!(text.contains(&answer.meaning));
                }
            }
            for question in &script.questions {
                assert!(text.contains(&question.prompt), "{}", question.id);
                assert!(text.contains(question.value.title()));
                for line in question
                    .probes
                    .iter()
                    .chain(&question.positive)
                    .chain(&question.negative)
                {
                    assert!(text.contains(line.as_str()), "{line}");
                }
                for anchor in &question.anchors {
                    assert!(text.contains(&format!("{}: {}", anchor.score, anchor.description)));
                }
            }
            assert!(text.contains(&format!(
                "Offer: a total of at least {} out of {}",
                script.rules.pass_mark,
                4 * script.questions.len()
            )));
        }
    }
}
