fn main() -> std::process::ExitCode {
    fairfloor::cli::main()
}
