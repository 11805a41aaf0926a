//! The command line's manners: every command and option says what it is for in `--help`.

use clap::CommandFactory;

use super::{Cli, LAPTOP_OPTIONS, NOT_ON_THE_LAPTOP, command};

/// Each option or command under `command` (named `path`) that has no help text.
fn without_help(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in command.get_arguments() {
        let id = arg.get_id().as_str();
        if matches!(id, "help" | "version") {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            missing.push(format!("{path} {id}"));
        }
    }
    for sub in command.get_subcommands() {
        let name = format!("{path} {}", sub.get_name());
        if sub.get_about().is_none() && sub.get_long_about().is_none() {
            missing.push(format!("{name} (the command)"));
        }
        without_help(sub, &name, missing);
    }
}

/// Issue 17: `staff add --name`, `offer withdraw --reason` and `qr --format` had empty help.
#[test]
fn every_command_and_option_has_help() {
    let mut missing = Vec::new();
    without_help(&Cli::command(), "fairfloor", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:#?}");
}

/// The options a command's `--help` lists, hidden ones left out.
fn shown_options(command: &clap::Command) -> Vec<String> {
    command
        .get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .map(|arg| arg.get_id().to_string())
        .collect()
}

/// Issue 17: `--db` and `--scripts` were listed under `central`, where they do nothing.
#[test]
fn the_laptops_options_are_shown_only_under_the_laptops_commands() {
    let mut command = command();
    // As parsing and `--help` see it: with the global options copied into the subcommands.
    command.build();
    let laptop_options: Vec<String> = LAPTOP_OPTIONS.iter().map(|id| id.to_string()).collect();
    let mut wrongly_shown = Vec::new();
    let mut check = |path: String, sub: &clap::Command, on_the_laptop: bool| {
        let shown = shown_options(sub);
        for id in &laptop_options {
            if shown.contains(id) != on_the_laptop {
                wrongly_shown.push(format!("{path}: {id} shown = {}", !on_the_laptop));
            }
        }
        // How much the support log says applies everywhere.
        if !shown.iter().any(|id| id == "log_level") {
            wrongly_shown.push(format!("{path}: log_level hidden"));
        }
    };
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let on_the_laptop = !NOT_ON_THE_LAPTOP.contains(&sub.get_name());
        check(format!("fairfloor {}", sub.get_name()), sub, on_the_laptop);
        for nested in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("fairfloor {} {}", sub.get_name(), nested.get_name());
            check(path, nested, on_the_laptop);
        }
    }
    assert!(wrongly_shown.is_empty(), "{wrongly_shown:#?}");
    // The staff screens themselves (no command) keep them all.
    let top = shown_options(&command);
    assert!(laptop_options.iter().all(|id| top.contains(id)), "{top:?}");
}

/// Hidden is not refused: a laptop option given to the centre's commands still parses, so
/// scripts that always pass `--db` keep working.
#[test]
fn a_laptop_option_given_to_a_central_command_still_parses() {
    use clap::FromArgMatches;
    let matches = command()
        .try_get_matches_from([
            "fairfloor",
            "central",
            "devices",
            "--database",
            "postgres://centre",
            "--db",
            "x.db",
        ])
        .unwrap();
    let cli = Cli::from_arg_matches(&matches).unwrap();
    assert_eq!(cli.db.as_deref(), Some(std::path::Path::new("x.db")));
}
