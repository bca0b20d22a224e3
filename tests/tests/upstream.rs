//! Kibana's real published specs, read from `../shared/upstream` (never copied into this
//! repository; every test here prints a notice and passes when that folder is absent):
//! each generates with its upstream overlay (`spec/upstream/`) and compiles; the
//! 8.16–8.17 file lowers to the same IR as `spec/connectors.yaml`; its examples decode
//! into the typed models; and the semantic diff between spec generations is snapshotted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use generator::ir::{Ir, TypeKind, TypeRef};
use kibana_connectors::{ConnectorResponse, ConnectorType, CreateConnectorRequest, UpdateConnectorRequest, Validate};
use kibana_connectors_tests::{check_compiles, project_spec, read, root, shared_dir};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// One published file and the overlays (under the repo root) that make it generate.
struct Upstream {
    /// Module name in the compile check; also names the file in messages.
    module: &'static str,
    file: &'static str,
    overlays: &'static [&'static str],
}

const B8BDC52: Upstream = Upstream {
    module: "kibana_b8bdc52",
    file: "connectors-bundled-b8bdc52.yaml",
    overlays: &["spec/upstream/b8bdc52.overlay.yaml"],
};
const C689B966: Upstream = Upstream {
    module: "kibana_689b966",
    file: "connectors-bundled-689b966.yaml",
    overlays: &["spec/upstream/689b966.overlay.yaml"],
};
/// Kibana 8.16–8.17: the project overlay applies as it is, over the file's fixups.
const C0003293F: Upstream = Upstream {
    module: "kibana_0003293f",
    file: "connectors-kibana-oas-0003293f-extract.yaml",
    overlays: &["spec/upstream/0003293f.overlay.yaml", "spec/connectors.overlay.yaml"],
};
/// Kibana main of November 2025 (9.3 development): the whole-API document, of which only
/// the connector API is read. Same schema names as 8.16–8.17, so the project overlay
/// applies first and this file's overlay (fixups, added connector types) after it.
const C07655A0A: Upstream = Upstream {
    module: "kibana_07655a0a",
    file: "kibana-oas-07655a0a-terraform-filtered.yaml",
    overlays: &["spec/connectors.overlay.yaml", "spec/upstream/07655a0a.overlay.yaml"],
};
const ALL: [&Upstream; 4] = [&B8BDC52, &C689B966, &C0003293F, &C07655A0A];
/// The files generated under the project overlay, whose output calls the hand-written rules.
const WITH_RULES: [&Upstream; 2] = [&C0003293F, &C07655A0A];

fn upstream_dir() -> Option<PathBuf> {
    let dir = shared_dir().map(|d| d.join("upstream")).filter(|d| d.is_dir());
    if dir.is_none() {
        eprintln!("skipped: ../shared/upstream (Kibana's published specs) is not present");
    }
    dir
}

impl Upstream {
    fn spec(&self, dir: &std::path::Path) -> String {
        read(&dir.join(self.file)).unwrap()
    }

    fn overlays(&self) -> Vec<String> {
        self.overlays.iter().map(|o| read(&root().join(o)).unwrap()).collect()
    }

    fn run<T>(
        &self,
        dir: &std::path::Path,
        f: fn(&str, &[&str]) -> Result<T, generator::diagnostics::Diagnostics>,
    ) -> T {
        let overlays = self.overlays();
        let texts: Vec<&str> = overlays.iter().map(String::as_str).collect();
        f(&self.spec(dir), &texts).unwrap_or_else(|d| panic!("{} + {:?}:\n{d}", self.file, self.overlays))
    }

    fn ir(&self, dir: &std::path::Path) -> Ir {
        self.run(dir, generator::build_ir)
    }
}

/// `cargo xtask codegen --spec <file> --overlay …` succeeds for all four files, and
/// the outputs compile together, warnings denied.
#[test]
fn upstream_specs_generate_and_compile() {
    let Some(dir) = upstream_dir() else { return };
    let mut modules: Vec<(String, generator::Files)> =
        ALL.iter().map(|u| (u.module.to_owned(), u.run(&dir, generator::generate))).collect();
    // The largest input, with the most room for order to leak in: byte-identical twice.
    assert!(
        modules.iter().any(|(m, files)| m == C07655A0A.module && *files == C07655A0A.run(&dir, generator::generate))
    );
    // The hand-written custom rules, one copy per module that calls them, each pointed at
    // its module's types (and each module's calls at its copy).
    let rules = read(&root().join("generated/src/rules.rs")).unwrap();
    const MODEL_TYPES: &str = "use crate::{CasesWebhookConfig, CasesWebhookSecrets, EmailConfig};";
    assert!(rules.contains(MODEL_TYPES), "generated/src/rules.rs changed its imports; update this test");
    // The rules of later releases name types only the project model has.
    let rules = rules.split("// ---- rules of later releases").next().unwrap_or_default().to_owned();
    let mut extra = Vec::new();
    for u in WITH_RULES {
        let copy = format!("rules_{}", u.module);
        extra.push((
            format!("{copy}.rs"),
            rules.replace(MODEL_TYPES, &MODEL_TYPES.replace("crate::", &format!("crate::{}::", u.module))),
        ));
        for (module, files) in &mut modules {
            if module == u.module {
                files.values_mut().for_each(|text| *text = text.replace("crate::rules::", &format!("crate::{copy}::")));
            }
        }
    }
    let extra: Vec<(&str, String)> = extra.iter().map(|(name, text)| (name.as_str(), text.clone())).collect();
    check_compiles("upstream-check", &modules, &extra).unwrap_or_else(|e| panic!("{e}"));
}

/// The project spec was written from the same facts as Kibana's 8.16–8.17 file: with the
/// same overlay (plus that file's fixups) both must lower to the same model.
#[test]
fn project_spec_is_faithful_to_the_published_8_16_spec() {
    let Some(dir) = upstream_dir() else { return };
    let (spec, overlay) = project_spec().unwrap();
    let ours = generator::build_ir(&spec, &[&overlay]).unwrap();
    let differences = generator::compare::ir_differences(&ours, &C0003293F.ir(&dir));
    assert!(
        differences.is_empty(),
        "spec/connectors.yaml (left) differs from {} (right):\n{}",
        C0003293F.file,
        differences.join("\n")
    );
}

#[test]
fn semantic_diff_snapshots() {
    let Some(dir) = upstream_dir() else { return };
    let irs: Vec<Ir> = ALL.iter().map(|u| u.ir(&dir)).collect();
    for (name, old, new) in [
        ("upstream_diff_b8bdc52_to_689b966", 0, 1),
        ("upstream_diff_689b966_to_0003293f", 1, 2),
        ("upstream_diff_0003293f_to_07655a0a", 2, 3),
    ] {
        let text = generator::diff::semantic_diff(&irs[old], &irs[new], (ALL[old].file, ALL[new].file));
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(name, text);
        });
    }
}

/// How an example is used by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Create,
    Update,
    Response,
    ResponseList,
}

/// Examples that are themselves wrong for Kibana 8.16–8.17: (file, example, reason).
/// Each must still fail, so a corrected upstream example is noticed here.
const WRONG_EXAMPLES: &[(&str, &str, &str)] = &[
    (B8BDC52.file, "create_index_connector_response", "predates `is_system_action`, which every 8.16 response carries"),
    (B8BDC52.file, "get_connector_response", "predates `is_system_action`, which every 8.16 response carries"),
    (B8BDC52.file, "get_connectors_response", "predates `is_system_action`, which every 8.16 response carries"),
];

/// Every request and response example of the connector endpoints (`components/examples`
/// and inline ones) decodes into the typed models, and requests pass validation.
#[test]
fn published_examples_decode_into_the_typed_models() {
    let Some(dir) = upstream_dir() else { return };
    let mut failures = BTreeSet::new();
    let mut checked = 0;
    for u in ALL {
        let doc = generator::parse::parse_yaml(&u.spec(&dir), generator::diagnostics::Source::Spec).unwrap();
        for ((kind, name), value) in examples(&doc) {
            checked += 1;
            if let Err(reason) = check_example(kind, &name, value) {
                failures.insert((u.file, name, reason));
            }
        }
    }
    assert!(checked >= 20, "found only {checked} examples");
    let mut unexpected = Vec::new();
    for (file, name, reason) in &failures {
        if !WRONG_EXAMPLES.iter().any(|(f, n, _)| f == file && n == name) {
            unexpected.push(format!("{file} {name}: {reason}"));
        }
    }
    for (file, name, why) in WRONG_EXAMPLES {
        assert!(
            failures.iter().any(|(f, n, _)| f == file && n == name),
            "{file} {name} now decodes; it was listed as wrong because {why}"
        );
    }
    assert!(unexpected.is_empty(), "examples that do not decode or validate:\n{}", unexpected.join("\n"));
}

fn check_example(kind: Kind, name: &str, value: Value) -> Result<(), String> {
    match kind {
        Kind::Create => {
            let request: CreateConnectorRequest = serde_json::from_value(value).map_err(|e| e.to_string())?;
            request.validate().map_err(|e| e.to_string())
        }
        Kind::Update => {
            // `update_<type>_connector_request`: the PUT body has no type id of its own.
            let short = name.strip_prefix("update_").and_then(|n| n.strip_suffix("_connector_request")).unwrap_or(name);
            let ty = ConnectorType::ALL
                .iter()
                .copied()
                .find(|t| t.as_str().trim_start_matches('.').replace('-', "_") == short)
                .ok_or_else(|| format!("no connector type for `{short}`"))?;
            UpdateConnectorRequest::from_value(ty, value)
                .map_err(|e| e.to_string())?
                .validate()
                .map_err(|e| e.to_string())
        }
        Kind::Response => serde_json::from_value::<ConnectorResponse>(value).map(drop).map_err(|e| e.to_string()),
        Kind::ResponseList => {
            serde_json::from_value::<Vec<ConnectorResponse>>(value).map(drop).map_err(|e| e.to_string())
        }
    }
}

/// The examples of the connector endpoints: (kind, name, value), each named example once.
/// `_execute`, connector types and the legacy `/action` routes are other APIs.
fn examples(doc: &Value) -> BTreeMap<(Kind, String), Value> {
    let mut out = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return out };
    for (path, item) in paths {
        let (head, last) = path.rsplit_once('/').unwrap_or_default();
        let single = last == "connector" || (head.ends_with("/connector") && last.starts_with('{'));
        let list = last == "connectors";
        if !single && !list {
            continue;
        }
        for (method, op) in item.as_object().into_iter().flatten() {
            let mut take = |kind: Kind, at: Option<&Value>| {
                for media in
                    at.and_then(|c| c.get("content")).and_then(Value::as_object).into_iter().flat_map(|c| c.values())
                {
                    for (key, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
                        let (name, value) = resolve(doc, key, example);
                        out.insert((kind, name), value);
                    }
                    if let Some(value) = media.get("example") {
                        out.insert((kind, format!("{path} {method}")), value.clone());
                    }
                }
            };
            match (method.as_str(), single) {
                ("post", true) => take(Kind::Create, op.get("requestBody")),
                ("put", true) => take(Kind::Update, op.get("requestBody")),
                _ => {}
            }
            let response = op.pointer("/responses/200");
            match (method.as_str(), list) {
                ("get" | "post" | "put", false) => take(Kind::Response, response),
                ("get", true) => take(Kind::ResponseList, response),
                _ => {}
            }
        }
    }
    out
}

/// An example object: its component name and value (`$ref`s followed), or its own key.
fn resolve(doc: &Value, key: &str, example: &Value) -> (String, Value) {
    match example.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/examples/")) {
        Some(name) => (
            name.to_owned(),
            doc.pointer(&format!("/components/examples/{name}/value")).cloned().unwrap_or(Value::Null),
        ),
        None => (key.to_owned(), example.get("value").cloned().unwrap_or(Value::Null)),
    }
}

/// Property examples inside a schema that is wrong for its own property: (file, JSON
/// pointer of the property, reason).
const WRONG_PROPERTY_EXAMPLES: &[(&str, &str, &str)] = &[
    (B8BDC52.file, "/components/schemas/config_properties_cases_webhook/properties/createCommentJson", BROKEN_TEMPLATE),
    (
        B8BDC52.file,
        "/components/schemas/config_properties_cases_webhook/properties/createIncidentJson",
        BROKEN_TEMPLATE,
    ),
    (
        B8BDC52.file,
        "/components/schemas/config_properties_cases_webhook/properties/updateIncidentJson",
        BROKEN_TEMPLATE,
    ),
];

/// The 2023 bundler turned the JSON-template strings into YAML maps and their Mustache
/// variables into `'[object Object]': null` keys; later files have the template strings.
const BROKEN_TEMPLATE: &str = "a JSON-template string example rendered as a map with `[object Object]` keys";

/// Every `example` on a config or secrets property fits the property's type.
#[test]
fn property_examples_fit_their_properties() {
    let Some(dir) = upstream_dir() else { return };
    let mut misfits = BTreeSet::new();
    let mut checked = 0;
    for u in ALL {
        let doc = generator::parse::parse_yaml(&u.spec(&dir), generator::diagnostics::Source::Spec).unwrap();
        let ir = u.ir(&dir);
        for def in ir.types.values() {
            let TypeKind::Struct(s) = &def.kind else { continue };
            for field in &s.fields {
                let Some(example) = doc.pointer(field.origin.as_str()).and_then(|p| p.get("example")) else { continue };
                checked += 1;
                if !(fits(&ir, &field.ty, example) || (field.nullable && example.is_null())) {
                    misfits.insert((u.file, field.origin.as_str().to_owned(), format!("{example}")));
                }
            }
        }
    }
    assert!(checked >= 20, "found only {checked} property examples");
    let unexpected: Vec<String> = misfits
        .iter()
        .filter(|(f, p, _)| !WRONG_PROPERTY_EXAMPLES.iter().any(|(wf, wp, _)| wf == f && wp == p))
        .map(|(f, p, e)| format!("{f} {p}: {e}"))
        .collect();
    for (file, pointer, why) in WRONG_PROPERTY_EXAMPLES {
        assert!(
            misfits.iter().any(|(f, p, _)| f == file && p == pointer),
            "{file} {pointer} now fits; it was listed as wrong because {why}"
        );
    }
    assert!(unexpected.is_empty(), "property examples that do not fit their type:\n{}", unexpected.join("\n"));
}

/// Does a JSON value have the shape of the lowered type?
fn fits(ir: &Ir, ty: &TypeRef, v: &Value) -> bool {
    match ty {
        TypeRef::String | TypeRef::Secret => v.is_string(),
        TypeRef::Bool => v.is_boolean(),
        TypeRef::Integer => v.is_i64() || v.is_u64(),
        TypeRef::Number => v.is_number(),
        TypeRef::Any => true,
        TypeRef::Named(n) => match ir.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) => e.variants.iter().any(|x| v.as_str() == Some(x.wire.as_str())),
            _ => v.is_object(),
        },
        TypeRef::List(i) => v.as_array().is_some_and(|a| a.iter().all(|x| fits(ir, i, x))),
        TypeRef::Map(i) => v.as_object().is_some_and(|m| m.values().all(|x| fits(ir, i, x))),
        TypeRef::Boxed(i) => fits(ir, i, v),
    }
}

/// A fixup requested for a spec that does not have its bug is an error that names it:
/// `spec/connectors.yaml` has none of the 8.16–8.17 file's bugs.
#[test]
fn fixups_for_absent_bugs_are_errors() {
    let (spec, overlay) = project_spec().unwrap();
    let upstream = read(&root().join(C0003293F.overlays[0])).unwrap();
    let err = generator::build_ir(&spec, &[&upstream, &overlay]).err().map(|d| d.to_string()).unwrap_or_default();
    for name in [
        "required-any-of",
        "slack-api-max-items-on-item",
        "cases-webhook-headers-string",
        "xmatters-swapped-descriptions",
    ] {
        let named = |l: &&str| {
            l.starts_with("error: overlay #1 /x-kibana-fixups/") && l.contains(&format!("fixup `{name}` is requested"))
        };
        assert!(err.lines().any(|l| named(&l)), "{name}:\n{err}");
    }
    // The 07655a0a overlay comes second; its fixups name 9.x schemas spec/connectors.yaml lacks.
    let upstream = read(&root().join(C07655A0A.overlays[1])).unwrap();
    let err = generator::build_ir(&spec, &[&overlay, &upstream]).err().map(|d| d.to_string()).unwrap_or_default();
    for name in ["defender-requires-project-key", "defender-secrets-type-id-typo", "genai-other-pki-in-config"] {
        let named = |l: &&str| {
            l.starts_with("error: overlay #2 /x-kibana-fixups/") && l.contains(&format!("fixup `{name}` is requested"))
        };
        assert!(err.lines().any(|l| named(&l)), "{name}:\n{err}");
    }
}

/// The IR differences between our newest release (9.2, from `spec/releases.yaml`) and
/// Kibana's whole-API file @ 07655a0a (main of November 2025), for the connector types both
/// have, must be the ones `spec/upstream/07655a0a.md` lists and explains (each verbatim, in
/// a code line of its own).
#[test]
fn differences_from_the_07655a0a_spec_are_explained() {
    let Some(dir) = upstream_dir() else { return };
    let versioned = kibana_connectors_tests::project_inputs().unwrap().versioned().unwrap();
    // The file is main of November 2025, when 9.2.x was the release line: compare with 9.2.4.
    let ours = versioned.releases[versioned.point("9.2.4").unwrap()].clone();
    let theirs = C07655A0A.ir(&dir);
    let found: BTreeSet<String> =
        generator::compare::ir_differences(&shared_part(&ours, &theirs), &shared_part(&theirs, &ours))
            .into_iter()
            .collect();
    let notes = read(&root().join("spec/upstream/07655a0a.md")).unwrap();
    // The listed differences: the lines of the ```text blocks.
    let mut listed = BTreeSet::new();
    let mut in_block = false;
    for line in notes.lines() {
        match (line.trim(), in_block) {
            ("```text", false) => in_block = true,
            ("```", true) => in_block = false,
            (l, true) if !l.is_empty() => {
                listed.insert(l.to_owned());
            }
            _ => {}
        }
    }
    let unexplained: Vec<&String> = found.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&found).collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "spec/upstream/07655a0a.md is out of date.\nnot listed (add and explain):\n{}\nlisted but no longer a difference (remove):\n{}",
        unexplained.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        stale.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}

/// `ir` restricted to the connector types `other` has too, and to the types they use: the
/// types of a connector only one side has live in its own module.
fn shared_part(ir: &Ir, other: &Ir) -> Ir {
    let (shared, alone): (Vec<_>, Vec<_>) =
        ir.connectors.iter().cloned().partition(|c| other.connectors.iter().any(|o| o.id == c.id));
    let alone: BTreeSet<String> = alone.iter().filter_map(|c| generator::names::module_name(&c.id).ok()).collect();
    let types =
        ir.types.iter().filter(|(_, t)| !alone.contains(&t.module)).map(|(n, t)| (n.clone(), t.clone())).collect();
    Ir { validation: ir.validation, types, connectors: shared }
}
