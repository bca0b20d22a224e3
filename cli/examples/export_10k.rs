//! Writes a saved-objects export of N connectors (default 10,000) to stdout, for the speed
//! measurement in BENCHMARKS.md: four kinds in turn, one in forty invalid (`method: get`).

use serde_json::json;
use std::io::Write;

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for i in 0..n {
        let attributes = match i % 4 {
            0 => {
                json!({"actionTypeId": ".webhook", "name": format!("hook {i}"), "isMissingSecrets": false, "secrets": {},
                        "config": {"hasAuth": true, "headers": null, "method": "post", "url": format!("https://hooks{i}.example.com/x")}})
            }
            1 => {
                json!({"actionTypeId": ".email", "name": format!("mail {i}"), "isMissingSecrets": false, "secrets": {},
                        "config": {"from": format!("a{i}@example.com"), "host": "smtp.example.com", "port": 587, "secure": false, "service": "other", "hasAuth": true}})
            }
            2 => json!({"actionTypeId": ".index", "name": format!("index {i}"), "secrets": {},
                        "config": {"index": format!("idx-{i}"), "refresh": false, "executionTimeField": null}}),
            _ => json!({"actionTypeId": ".webhook", "name": format!("bad {i}"), "secrets": {},
                        "config": {"hasAuth": true, "method": if i % 40 == 3 { "get" } else { "put" }, "url": format!("https://hooks{i}.example.com/x")}}),
        };
        let object = json!({"attributes": attributes, "id": format!("id-{i}"), "references": [], "type": "action", "typeMigrationVersion": "8.3.0"});
        writeln!(out, "{object}")?;
    }
    writeln!(out, "{}", json!({"exportedCount": n, "missingRefCount": 0, "missingReferences": []}))?;
    out.flush()
}
