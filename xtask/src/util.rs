//! Small helpers shared by the subcommands: the repository root, running commands.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (the directory that holds `xtask/`).
pub(crate) fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

/// `cargo`, as the one that runs us (rustup's proxy honours `+toolchain`).
pub(crate) fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root());
    command
}

/// Runs `command`, echoing it first; an error names the command and its status.
pub(crate) fn exec(command: &mut Command) -> Result<(), String> {
    eprintln!("$ {}", display(command));
    let status = command
        .status()
        .map_err(|error| format!("could not start `{}`: {error}", display(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", display(command)))
    }
}

/// Whether a cargo subcommand (e.g. `nextest`) is installed.
pub(crate) fn has_cargo_subcommand(name: &str) -> bool {
    succeeds(cargo().args([name, "--version"]))
}

/// Whether `command` runs and exits with success; its output is discarded.
pub(crate) fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// `command` as a shell line: the variables it sets, the program, the
/// arguments.
pub(crate) fn display(command: &Command) -> String {
    let mut text = String::new();
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            text.push_str(&format!(
                "{}={} ",
                key.to_string_lossy(),
                value.to_string_lossy()
            ));
        }
    }
    text.push_str(&command.get_program().to_string_lossy());
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command` and returns what it printed on stdout; its stderr passes through.
pub(crate) fn capture(command: &mut Command) -> Result<String, String> {
    eprintln!("$ {}", display(command));
    let output = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|error| format!("could not start `{}`: {error}", display(command)))?;
    if !output.status.success() {
        return Err(format!("`{}` failed ({})", display(command), output.status));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("`{}` printed invalid UTF-8", display(command)))
}
