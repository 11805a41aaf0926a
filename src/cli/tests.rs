//! The command line's manners: every command and option says what it is for in `--help`.

use clap::CommandFactory;

use super::Cli;

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
