//! Where the oracle (`../shared/oracle`) is known to differ from Kibana, with the
//! citations: shared by the differential and drift tests.

use serde_json::{Value, json};

/// Stored values the oracle reconstructed rather than read from Kibana's code (its
/// `vendor/PROVENANCE.md` marks the 9.2 default models RECONSTRUCTED), where Kibana's own
/// sources give another value: (release, connector type, config key, the oracle's value,
/// Kibana's, citation). Applied to the oracle's stored config when the body omits the key.
pub const ORACLE_RECONSTRUCTED: &[(&str, &str, &str, &str, &str, &str)] = &[(
    "9.2",
    ".bedrock",
    "defaultModel",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "kibana#235367 as merged (issue #238610), settings reference `stack: ga 9.2+`",
)];

/// Connector types a release registers that its oracle does not run (it answers "not
/// registered"): the types Kibana builds from connector specs (`@kbn/connector-specs`),
/// which the oracle's README does not list. Their verdicts follow Kibana's source instead
/// (the overlays under `spec/releases/specs-*.overlay.yaml` cite it); cases of these types
/// are counted as unsupported, not compared: (release, type, why).
pub const ORACLE_NOT_COVERED: &[(&str, &str, &str)] = &[
    ("9.5", ".abuseipdb", SPEC_TYPE),
    ("9.5", ".alienvault-otx", SPEC_TYPE),
    ("9.5", ".brave-search", SPEC_TYPE),
    ("9.5", ".firecrawl", SPEC_TYPE),
    ("9.5", ".greynoise", SPEC_TYPE),
    ("9.5", ".shodan", SPEC_TYPE),
    ("9.5", ".urlvoid", SPEC_TYPE),
    ("9.5", ".virustotal", SPEC_TYPE),
];

const SPEC_TYPE: &str = "a connector-spec type: schemas from actions `single_file_connectors/` and the spec's `auth`";

/// Whether `release`'s oracle does not run `type_id` (see [`ORACLE_NOT_COVERED`]).
pub fn not_covered(release: &str, type_id: &str) -> bool {
    ORACLE_NOT_COVERED.iter().any(|(r, t, _)| *r == release && *t == type_id)
}

/// Keys the 9.5 oracle stores for an absent key though Kibana does not: its zod shim is
/// zod 4 for every schema, where `.default(x).optional()` applies the default, while these
/// schemas import `@kbn/zod` (zod 3), whose `.optional()` leaves an absent key absent (the
/// oracle's own README reads webhook `authType` that way): (release, type, key, citation).
pub const ORACLE_ZOD4_DEFAULTS: &[(&str, &str, &str, &str)] = &[(
    "9.5",
    ".gen-ai",
    "verificationMode",
    "openai/schemas/v1.ts imports `@kbn/zod`: `z.enum([...]).default('full').optional()` (Other provider)",
)];

/// The oracle's stored config with its reconstructed defaults replaced by Kibana's, for a
/// body of `type_id` whose config was `config`.
pub fn corrected_stored(release: &str, type_id: &str, config: Option<&Value>, mut stored: Value) -> Value {
    let sent = |key: &str| config.is_some_and(|c| c.get(key).is_some());
    for (r, ty, key, oracle, kibana, _) in ORACLE_RECONSTRUCTED {
        if *r == release && *ty == type_id && !sent(key) && stored.get(*key) == Some(&json!(oracle)) {
            if let Some(map) = stored.as_object_mut() {
                map.insert((*key).to_owned(), json!(kibana));
            }
        }
    }
    for (r, ty, key, _) in ORACLE_ZOD4_DEFAULTS {
        if *r == release && *ty == type_id && !sent(key) {
            if let Some(map) = stored.as_object_mut() {
                map.remove(*key);
            }
        }
    }
    stored
}
