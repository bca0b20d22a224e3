//! `kibana-connectors check`: Kibana's verdict on connector JSON bodies, saved-objects
//! exports and kibana.yml, offline. Exit 0 all valid, 1 problems, 2 unreadable input or
//! usage error.
#![forbid(unsafe_code)]

mod args;
mod check;
mod drift;
mod inputs;
mod json_input;
mod json_spans;
mod kibana_yml;
mod ndjson;
mod output;
mod record;
mod report;
mod schema;
mod source;
mod walk;
mod yaml;

use args::{CheckArgs, Cli, Command, Format};
use clap::Parser;
use report::Report;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let args = match cli.command {
        Command::Check(args) => args,
        Command::Schema(args) => return schema::run(&args),
        Command::Drift(args) => return drift::run(&args),
    };
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(usage) => {
            eprintln!("error: {usage}");
            ExitCode::from(2)
        }
    }
}

/// Checks every input and prints the report; `Err` is a usage error.
fn run(args: &CheckArgs) -> Result<u8, String> {
    let report = inputs::read_inputs(args, false)?;
    print(&report, args);
    Ok(report.exit_code())
}

fn print(report: &Report, args: &CheckArgs) {
    let stdout = std::io::stdout();
    if args.format == Format::Human || args.quiet {
        report.print_errors();
    }
    if args.quiet {
        return;
    }
    let text = match args.format {
        Format::Human => {
            let styled = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            output::human::render(report, styled)
        }
        Format::Json => format!("{:#}\n", output::json::render(report)),
        Format::Sarif => format!("{:#}\n", output::sarif::render(report)),
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.lock().write_all(text.as_bytes());
}
