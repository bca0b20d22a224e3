//! `cargo xtask diff OLD NEW`: what changed between two specs (each with its fixups and
//! overlays applied), as Markdown for a pull request. The logic is `generator::diff`.

use crate::DiffArgs;
use crate::codegen::{overlays, with_inputs};
use std::path::Path;

pub fn run(args: &DiffArgs) -> Result<(), String> {
    if args.releases {
        let root = xtask::project_root();
        let versioned = xtask::project_inputs(&root)?.versioned().map_err(|d| d.to_string())?;
        print!("{}", versioned.diff(&args.old.to_string_lossy(), &args.new.to_string_lossy())?);
        return Ok(());
    }
    let ir = |spec: &Path, given| with_inputs(spec, &overlays(given, false), generator::build_ir);
    let (old, new) = (ir(&args.old, &args.old_overlay)?, ir(&args.new, &args.new_overlay)?);
    let label =
        |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
    print!("{}", generator::diff::semantic_diff(&old, &new, (&label(&args.old), &label(&args.new))));
    Ok(())
}
