//! Node.js as an oracle: one `node -e SCRIPT` process that reads one JSON string per line
//! on stdin and answers one JSON value per line (tests skip with a notice without node).

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

/// Why node gave no answers.
#[derive(Debug)]
pub enum NodeError {
    /// `node` could not be started: the caller prints a notice and skips.
    Unavailable(std::io::Error),
    /// It ran but the exchange failed: a test failure.
    Failed(String),
}

/// Node's answer to every input, in order. Inputs are written from a thread so neither
/// side blocks on a full pipe.
pub fn answers(script: &str, inputs: &[String]) -> Result<Vec<Value>, NodeError> {
    use NodeError::Failed;
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .env("NODE_OPTIONS", "--no-deprecation")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(NodeError::Unavailable)?;
    let mut stdin = child.stdin.take().ok_or_else(|| Failed("node has no stdin".into()))?;
    let stdout = child.stdout.take().ok_or_else(|| Failed("node has no stdout".into()))?;
    let lines: Vec<String> = inputs.iter().map(|s| Value::from(s.as_str()).to_string()).collect();
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for l in lines {
            stdin.write_all(l.as_bytes())?;
            stdin.write_all(b"\n")?;
        }
        Ok(())
    });
    let mut answers = Vec::with_capacity(inputs.len());
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| Failed(format!("reading node's answer: {e}")))?;
        answers.push(serde_json::from_str(&line).map_err(|e| Failed(format!("node answered {line:?}: {e}")))?);
    }
    writer
        .join()
        .map_err(|_| Failed("the writer thread panicked".into()))?
        .map_err(|e| Failed(format!("writing to node: {e}")))?;
    let _ = child.wait();
    if answers.len() != inputs.len() {
        return Err(Failed(format!("node answered {} of {} lines", answers.len(), inputs.len())));
    }
    Ok(answers)
}
