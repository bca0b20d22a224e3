//! The inputs named on the command line: files as given, and the connector files of each
//! folder, found by extension (`.json`, `.ndjson`/`.jsonl`, `.yml`/`.yaml`) in a stable
//! order (depth first, names in byte order). Hidden files and folders (a name starting with
//! `.`) below a named folder are skipped, and so is whatever an `--exclude` glob matches.

use crate::args::InputKind;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One input to read, or a folder entry that could not be read.
pub enum Entry {
    /// `in_folder`: found by walking a folder (its kind comes from its extension alone).
    File {
        path: PathBuf,
        in_folder: bool,
    },
    Unreadable {
        name: String,
        message: String,
    },
    /// A folder that holds no connector file.
    Empty {
        name: String,
    },
}

/// `--exclude` globs: one without `/` matches a file or folder name at any depth (`drafts`,
/// `*.draft.json`); one with `/` matches the path below the folder named (`staging/**`,
/// `team-a/old.json`). `*` never crosses `/`; `**` does.
pub struct Excludes {
    names: GlobSet,
    paths: GlobSet,
}

impl Excludes {
    /// Compiles the globs; `Err` names the first one that is not a glob.
    pub fn new(globs: &[String]) -> Result<Self, String> {
        let (mut names, mut paths) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        for text in globs {
            let pattern = text.trim_start_matches("./");
            let (set, pattern) = match pattern.strip_prefix('/') {
                Some(anchored) => (&mut paths, anchored),
                None if pattern.contains('/') => (&mut paths, pattern),
                None => (&mut names, pattern),
            };
            let pattern = pattern.trim_end_matches('/');
            // `staging/**` also names the folder itself, so that it is not walked at all.
            for pattern in [Some(pattern), pattern.strip_suffix("/**")].into_iter().flatten() {
                let glob = GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| format!("--exclude `{text}`: {}", e.kind()))?;
                set.add(glob);
            }
        }
        let built = |set: GlobSetBuilder| set.build().map_err(|e| format!("--exclude: {e}"));
        Ok(Self { names: built(names)?, paths: built(paths)? })
    }

    /// Whether the entry at `relative` (below the folder named, `/`-separated) is excluded.
    fn matches(&self, relative: &Path) -> bool {
        let name_matches = relative.file_name().is_some_and(|name| self.names.is_match(name));
        name_matches || self.paths.is_match(relative)
    }
}

/// The inputs of `paths`, in order: a file (or `-`) as given, a folder as its connector
/// files.
pub fn entries(paths: &[PathBuf], excludes: &Excludes) -> Vec<Entry> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            folder(path, excludes, &mut out);
        } else {
            out.push(Entry::File { path: path.clone(), in_folder: false });
        }
    }
    out
}

fn folder(root: &Path, excludes: &Excludes, out: &mut Vec<Entry>) {
    let before = out.len();
    let walk = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        e.depth() == 0 || {
            let hidden = e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
            let relative = e.path().strip_prefix(root).unwrap_or(e.path());
            !hidden && !excludes.matches(relative)
        }
    });
    for entry in walk {
        match entry {
            Ok(e) => {
                // A link to a file counts; links to folders are not followed (no cycles).
                let file = e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file());
                if file && InputKind::from_path(e.path()).is_some() {
                    // `check .` names `hooks/a.json`, not `./hooks/a.json`.
                    let path = match e.path().strip_prefix(".") {
                        Ok(relative) if root == Path::new(".") => relative.to_path_buf(),
                        _ => e.into_path(),
                    };
                    out.push(Entry::File { path, in_folder: true });
                }
            }
            Err(e) => {
                let name = e.path().unwrap_or(root).display().to_string();
                let message = match e.io_error() {
                    Some(io) => format!("cannot read: {io}"),
                    None => format!("cannot read: {e}"),
                };
                out.push(Entry::Unreadable { name, message });
            }
        }
    }
    if out.len() == before {
        out.push(Entry::Empty { name: root.display().to_string() });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Excludes;
    use std::path::Path;

    #[test]
    fn globs_by_name_at_any_depth_or_by_path_below_the_folder() {
        let ex =
            Excludes::new(&["drafts".into(), "*.draft.json".into(), "staging/**".into(), "/top.json".into()]).unwrap();
        let excluded =
            ["drafts", "a/drafts", "a/b/x.draft.json", "staging", "staging/x.json", "staging/a/y.yml", "top.json"];
        for excluded in excluded {
            assert!(ex.matches(Path::new(excluded)), "{excluded}");
        }
        for kept in ["a/staging/x.json", "a/top.json", "x.json", "a/draft.json"] {
            assert!(!ex.matches(Path::new(kept)), "{kept}");
        }
        assert!(Excludes::new(&["a[".into()]).is_err());
    }
}
