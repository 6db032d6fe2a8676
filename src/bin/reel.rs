//! `reel`: the `export` command under a name no shell takes for a built-in (`export` is
//! one in bash and zsh). The same arguments, output and exit statuses; `cargo install`
//! puts both on the PATH.

#[path = "export/main.rs"]
mod export;

fn main() -> std::process::ExitCode {
    export::main()
}
