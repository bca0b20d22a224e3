//! Kibana releases as data: a manifest (`spec/releases.yaml`) lists release points (a
//! release line from a patch level on) and the overlays each one applies on the base spec;
//! every point is lowered on its own, and the IRs are merged into one union IR that
//! parsing reads. Emission gates checks, defaults and connector types by point.
//!
//! ```yaml
//! releases:
//!   - version: "8.16"
//!   - version: "8.17"
//!     overlays: [releases/8.17.overlay.yaml]
//!   - version: "8.17.3"          # a patch threshold of the 8.17 line
//!     extends: "8.17"            # start from 8.17's overlays
//!     overlays: [releases/torq-eu.overlay.yaml]
//! ```
//! Releases are not a chain: `extends` only copies another point's overlay list, so a
//! point can take any set of changes (8.19 has features 9.0 lacks). The last point is the
//! newest release (`KibanaVersion::LATEST`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Connector, Field, Ir, Slot, StructDef, TypeDef, TypeKind};
use crate::pointer::JsonPointer;
use serde_json::Value;
use std::collections::BTreeMap;

/// One release point: `line` (`9.1`) from `patch` on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub line: String,
    pub patch: u32,
}

impl Point {
    /// `9.1` or `9.1.10`.
    pub fn version(&self) -> String {
        if self.patch == 0 { self.line.clone() } else { format!("{}.{}", self.line, self.patch) }
    }
}

/// A parsed manifest: each point with the overlay paths (relative to the manifest) it applies.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub points: Vec<(Point, Vec<String>)>,
    /// Per point, the point it builds on: the one it `extends`, else the one listed before.
    pub parents: Vec<Option<usize>>,
}

/// Reads the manifest text; every problem carries its pointer.
pub fn parse_manifest(text: &str) -> Result<Manifest, Diagnostics> {
    let doc = crate::parse::parse_yaml(text, crate::diagnostics::Source::Overlay)?;
    let mut diags = Diagnostics::default();
    let at = JsonPointer::root().push("releases");
    let Some(list) = doc.get("releases").and_then(Value::as_array) else {
        return Err(Diagnostic::overlay(&at, "the manifest needs a `releases` list").into());
    };
    let mut points: Vec<(Point, Vec<String>)> = Vec::new();
    let mut parents: Vec<Option<usize>> = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let at = at.push(i.to_string());
        let Some(version) = entry.get("version").and_then(Value::as_str) else {
            diags.push(Diagnostic::overlay(
                &at.push("version"),
                "each release needs a `version` string (`9.1` or `9.1.10`)",
            ));
            continue;
        };
        let Some(point) = parse_point(version) else {
            diags.push(Diagnostic::overlay(
                &at.push("version"),
                format!("`{version}` is not MAJOR.MINOR or MAJOR.MINOR.PATCH"),
            ));
            continue;
        };
        if points.iter().any(|(p, _)| *p == point) {
            diags.push(Diagnostic::overlay(&at.push("version"), format!("`{version}` is listed twice")));
            continue;
        }
        let parent = points.len().checked_sub(1);
        let (mut overlays, parent) = match entry.get("extends").map(|e| e.as_str().and_then(parse_point)) {
            None => (Vec::new(), parent),
            Some(Some(base)) => match points.iter().position(|(p, _)| *p == base) {
                Some(j) => (points.get(j).map(|(_, o)| o.clone()).unwrap_or_default(), Some(j)),
                None => {
                    diags.push(Diagnostic::overlay(
                        &at.push("extends"),
                        "`extends` must name a release listed before this one",
                    ));
                    continue;
                }
            },
            Some(None) => {
                diags.push(Diagnostic::overlay(&at.push("extends"), "`extends` must be a version string"));
                continue;
            }
        };
        match entry.get("overlays") {
            None => {}
            Some(Value::Array(files)) => {
                for (j, file) in files.iter().enumerate() {
                    match file.as_str() {
                        Some(f) => overlays.push(f.to_owned()),
                        None => diags.push(Diagnostic::overlay(
                            &at.push("overlays").push(j.to_string()),
                            "overlay paths are strings",
                        )),
                    }
                }
            }
            Some(_) => diags.push(Diagnostic::overlay(&at.push("overlays"), "`overlays` is a list of file paths")),
        }
        points.push((point, overlays));
        parents.push(parent);
    }
    if points.is_empty() {
        diags.push(Diagnostic::overlay(&at, "the manifest lists no release"));
    }
    diags.into_result(Manifest { points, parents })
}

fn parse_point(version: &str) -> Option<Point> {
    let parts: Vec<&str> = version.split('.').collect();
    let number = |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [major, minor] if number(major) && number(minor) => Some(Point { line: version.to_owned(), patch: 0 }),
        [major, minor, patch] if number(major) && number(minor) && number(patch) => {
            Some(Point { line: format!("{major}.{minor}"), patch: patch.parse().ok()? })
        }
        _ => None,
    }
}

/// The texts of a project's inputs, read through `read` (a path relative to the spec
/// directory → its text): `connectors.yaml`, `connectors.overlay.yaml`, `releases.yaml` and
/// every release overlay it names. The generator itself does no I/O.
pub struct ProjectInputs {
    pub spec: String,
    pub overlay: String,
    pub releases: Vec<(Point, Vec<String>)>,
    /// Per point, the point it builds on (see [`Manifest::parents`]).
    pub parents: Vec<Option<usize>>,
}

impl ProjectInputs {
    pub fn read(read: &dyn Fn(&str) -> Result<String, String>) -> Result<Self, String> {
        let manifest = parse_manifest(&read("releases.yaml")?).map_err(|d| format!("{d}\nin releases.yaml"))?;
        let parents = manifest.parents.clone();
        let mut releases = Vec::new();
        for (point, files) in manifest.points {
            let texts = files.iter().map(|f| read(f)).collect::<Result<Vec<_>, _>>()?;
            releases.push((point, texts));
        }
        Ok(Self { spec: read("connectors.yaml")?, overlay: read("connectors.overlay.yaml")?, releases, parents })
    }

    /// The release inputs, borrowing the texts.
    pub fn release_inputs(&self) -> Vec<crate::ReleaseInput<'_>> {
        self.releases
            .iter()
            .zip(&self.parents)
            .map(|((point, texts), parent)| crate::ReleaseInput {
                point: point.clone(),
                overlays: texts.iter().map(String::as_str).collect(),
                parent: *parent,
            })
            .collect()
    }

    /// Every release lowered and merged.
    pub fn versioned(&self) -> Result<Versioned, Diagnostics> {
        crate::build_versioned(&self.spec, &[&self.overlay], &self.release_inputs())
    }

    /// The generated files.
    pub fn generate(&self) -> Result<crate::Files, Diagnostics> {
        crate::generate_versioned(&self.spec, &[&self.overlay], &self.release_inputs())
    }
}

/// The releases of one model: each point's IR, and their union.
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned {
    /// In manifest order; the last one is the newest.
    pub points: Vec<Point>,
    /// Each point's IR, in `points` order.
    pub releases: Vec<Ir>,
    /// Every type, field, enum value and connector of any point: what parsing reads.
    pub union: Ir,
    /// Per point, what its document's root says (system actions, connector ids).
    pub settings: Vec<crate::ir::PointSettings>,
    /// Per point, the point it builds on (see [`Manifest::parents`]).
    pub parents: Vec<Option<usize>>,
}

impl Versioned {
    /// The index of release point `version` (`9.1` or `9.1.10`).
    pub fn point(&self, version: &str) -> Option<usize> {
        let wanted = parse_point(version)?;
        self.points.iter().position(|p| *p == wanted)
    }

    /// What release point `new` changes from `old`, as Markdown (the semantic diff of the
    /// two points' IRs, from the same data).
    pub fn diff(&self, old: &str, new: &str) -> Result<String, String> {
        let ir = |v: &str| {
            let known = self.points.iter().map(Point::version).collect::<Vec<_>>().join(", ");
            self.point(v)
                .and_then(|i| self.releases.get(i))
                .ok_or_else(|| format!("no release point `{v}` (the manifest has {known})"))
        };
        let mut out =
            crate::diff::semantic_diff(ir(old)?, ir(new)?, (&format!("Kibana {old}"), &format!("Kibana {new}")));
        let settings = |v: &str| self.point(v).and_then(|i| self.settings.get(i)).cloned().unwrap_or_default();
        let (a, b) = (settings(old), settings(new));
        let mut lines = Vec::new();
        for id in b.system_actions.iter().filter(|id| !a.system_actions.contains(id)) {
            lines.push(format!("- system action added: `{id}` (refused by the create API)"));
        }
        for id in a.system_actions.iter().filter(|id| !b.system_actions.contains(id)) {
            lines.push(format!("- system action removed: `{id}`"));
        }
        let ticked = |ids: Vec<&String>| ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
        let added: Vec<&String> =
            b.unmodelled_connectors.iter().filter(|id| !a.unmodelled_connectors.contains(id)).collect();
        if !added.is_empty() {
            lines.push(format!("- registered, not modelled (no verdict): {}", ticked(added)));
        }
        let new_ir = ir(new)?;
        let (modelled, dropped): (Vec<&String>, Vec<&String>) = a
            .unmodelled_connectors
            .iter()
            .filter(|id| !b.unmodelled_connectors.contains(id))
            .partition(|id| new_ir.connectors.iter().any(|c| c.id == **id));
        if !modelled.is_empty() {
            lines.push(format!("- modelled now (were registered, not modelled): {}", ticked(modelled)));
        }
        if !dropped.is_empty() {
            lines.push(format!("- no longer registered (were not modelled): {}", ticked(dropped)));
        }
        if a.connector_id_max_length != b.connector_id_max_length {
            let rule = |max: Option<u32>| match max {
                Some(max) => format!("1–{max} lowercase letters, digits and inner hyphens"),
                None => "any".to_owned(),
            };
            lines.push(format!(
                "- user-defined connector ids: {} → {}",
                rule(a.connector_id_max_length),
                rule(b.connector_id_max_length)
            ));
        }
        if !lines.is_empty() {
            out.push_str(&format!("\n### Release settings\n{}\n", lines.join("\n")));
        }
        Ok(out)
    }
}

/// Merges the points' IRs. A type, field or connector keeps one shape across releases
/// (a type that changes its field's type, or a connector that changes its schema, is
/// reported); what differs by release (presence, required, nullable, defaults,
/// constraints, rules, enum values) is read from each point's own IR at emission.
pub fn merge(
    points: Vec<Point>,
    releases: Vec<Ir>,
    settings: Vec<crate::ir::PointSettings>,
) -> Result<Versioned, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut types: BTreeMap<String, TypeDef> = BTreeMap::new();
    // Newest first: the newest definition is the base, older ones add what it lacks.
    for ir in releases.iter().rev() {
        for (name, def) in &ir.types {
            match types.get_mut(name) {
                None => {
                    types.insert(name.clone(), def.clone());
                }
                Some(merged) => merge_type(merged, def, &mut diags),
            }
        }
    }
    let mut connectors: BTreeMap<String, Connector> = BTreeMap::new();
    for ir in releases.iter().rev() {
        for c in &ir.connectors {
            match connectors.get(&c.id) {
                None => {
                    connectors.insert(c.id.clone(), c.clone());
                }
                Some(newer) if !same_slot(&newer.config, &c.config) || !same_slot(&newer.secrets, &c.secrets) => {
                    diags.push(
                        Diagnostic::spec(
                            &c.origin,
                            format!("connector `{}` changes its config or secrets schema between releases", c.id),
                        )
                        .related(&newer.origin)
                        .hint("keep one schema per slot and change its properties in the release overlays"),
                    );
                }
                Some(_) => {}
            }
        }
    }
    // Parsing reads what any release accepts; the schema library is judged per point.
    let validation = releases.last().map(|ir| ir.validation).unwrap_or_default();
    let union = Ir { validation, types, connectors: connectors.into_values().collect() };
    // Each point builds on the one listed before unless the caller says otherwise.
    let parents = (0..points.len()).map(|i| i.checked_sub(1)).collect();
    diags.into_result(Versioned { points, releases, union, settings, parents })
}

fn same_slot(a: &Slot, b: &Slot) -> bool {
    match (a, b) {
        (Slot::Type(x), Slot::Type(y)) => x == y,
        (Slot::Empty { .. }, Slot::Empty { .. }) => true,
        _ => false,
    }
}

fn merge_type(merged: &mut TypeDef, older: &TypeDef, diags: &mut Diagnostics) {
    match (&mut merged.kind, &older.kind) {
        (TypeKind::Struct(m), TypeKind::Struct(o)) => merge_struct(m, o, &older.origin, diags),
        (TypeKind::Enum(m), TypeKind::Enum(o)) => {
            for v in &o.variants {
                if !m.variants.iter().any(|x| x.wire == v.wire) {
                    m.variants.push(v.clone());
                }
            }
        }
        (TypeKind::Union(m), TypeKind::Union(o)) => {
            for v in &o.variants {
                if !m.variants.iter().any(|x| x.tag_value == v.tag_value) {
                    m.variants.push(v.clone());
                }
            }
        }
        _ => diags.push(
            Diagnostic::spec(
                &older.origin,
                format!("`{}` is a different kind of type in another release", merged.name),
            )
            .related(&merged.origin),
        ),
    }
}

fn merge_struct(merged: &mut StructDef, older: &StructDef, origin: &JsonPointer, diags: &mut Diagnostics) {
    // A field missing from one release is optional for parsing.
    for f in &mut merged.fields {
        if f.required && !older.fields.iter().any(|o| o.wire_name == f.wire_name) {
            f.required = false;
        }
    }
    for o in &older.fields {
        match merged.fields.iter_mut().find(|f| f.wire_name == o.wire_name) {
            None => merged.fields.push(Field { required: false, ..o.clone() }),
            Some(f) if f.ty != o.ty => diags.push(
                Diagnostic::spec(origin, format!("`{}` changes type between releases", o.wire_name))
                    .related(&f.origin)
                    .hint("give the new shape a new property, or the same type in every release"),
            ),
            Some(f) => {
                f.required &= o.required;
                f.nullable |= o.nullable;
                if f.default.is_none() {
                    f.default.clone_from(&o.default);
                }
            }
        }
    }
    merged.fields.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_points_and_extends() {
        let m = parse_manifest(
            "releases:\n  - version: '8.16'\n  - version: '8.17'\n    overlays: [a.yaml]\n  - version: '8.17.3'\n    extends: '8.17'\n    overlays: [b.yaml]\n",
        );
        let m = m
            .ok()
            .map(|m| m.points.iter().map(|(p, o)| format!("{}:{}", p.version(), o.join(","))).collect::<Vec<_>>());
        assert_eq!(m, Some(vec!["8.16:".to_owned(), "8.17:a.yaml".to_owned(), "8.17.3:a.yaml,b.yaml".to_owned()]));
    }

    #[test]
    fn manifest_problems_are_located() {
        let text = "releases:\n  - version: 'x'\n  - version: '9.0'\n    extends: '9.9'\n";
        let err = parse_manifest(text).err().map(|d| d.to_string()).unwrap_or_default();
        assert!(err.contains("/releases/0/version") && err.contains("/releases/1/extends"), "{err}");
    }
}
