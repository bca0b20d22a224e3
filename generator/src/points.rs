//! Stages 2–4 for the release points of a versioned model (see [`crate::releases`]).
//!
//! A point's overlay list usually starts with an earlier point's (`extends`), so its
//! document is that point's document plus only its own overlays: the longest such prefix
//! is reused, and each distinct overlay text is parsed once. A point whose overlays equal
//! an earlier one's (9.0 = 8.18) shares its model. Conversion and lowering of the points
//! run on every core; results are kept in point order, so the output does not depend on
//! the thread count. Diagnostics are those of applying each point's whole list on the
//! base: a failed point's document is never reused, so its descendants replay the failure
//! under their own version.

use crate::ReleaseInput;
use crate::convert::Converted;
use crate::diagnostics::{Diagnostics, Source};
use crate::ir::Ir;
use serde_json::Value;

/// One point after stage 2.
#[derive(Clone, Debug)]
pub enum PointDoc {
    /// Its own overlaid document.
    Doc(Value),
    /// The same overlays as the earlier point at this index: the same model.
    Same(usize),
}

/// Stage 2 for every point: `base` (the spec with its base overlays) with each point's
/// overlays applied. `None` for a point whose overlays failed (its problems are in the
/// diagnostics, labelled with the release and the overlay's position in its list).
pub fn overlay_points(base: &Value, points: &[ReleaseInput<'_>]) -> (Vec<Option<PointDoc>>, Diagnostics) {
    let mut parsed: Vec<(&str, Result<Value, Diagnostics>)> = Vec::new();
    for text in points.iter().flat_map(|p| &p.overlays) {
        if !parsed.iter().any(|(t, _)| t == text) {
            parsed.push((text, crate::parse::parse_yaml(text, Source::Overlay)));
        }
    }
    let mut docs: Vec<Option<PointDoc>> = Vec::with_capacity(points.len());
    let mut diags = Diagnostics::default();
    for (i, release) in points.iter().enumerate() {
        let earlier = points.get(..i).unwrap_or_default();
        let twin = earlier.iter().position(|p| p.overlays == release.overlays);
        if let Some(j) = twin.filter(|&j| matches!(docs.get(j), Some(Some(PointDoc::Doc(_))))) {
            docs.push(Some(PointDoc::Same(j)));
            continue;
        }
        // The longest overlay list of an overlaid earlier point that this one extends.
        let start = earlier
            .iter()
            .zip(&docs)
            .filter_map(|(p, d)| match d {
                Some(PointDoc::Doc(doc)) if release.overlays.starts_with(&p.overlays) => Some((p.overlays.len(), doc)),
                _ => None,
            })
            .max_by_key(|(len, _)| *len);
        let (done, mut doc) = start.map_or_else(|| (0, base.clone()), |(len, doc)| (len, doc.clone()));
        let version = release.point.version();
        let mut ok = true;
        for (k, text) in release.overlays.iter().enumerate().skip(done) {
            let overlay = parsed.iter().find(|(t, _)| t == text).map(|(_, o)| o);
            let applied = match overlay {
                Some(Ok(o)) => crate::overlay::apply(&mut doc, o),
                Some(Err(d)) => Err(d.clone()),
                None => Ok(()),
            };
            if let Err(d) = applied {
                diags.extend(d.in_release(&version, k + 1));
                ok = false;
            }
        }
        docs.push(ok.then_some(PointDoc::Doc(doc)));
    }
    (docs, diags)
}

/// One point's model: its IR and what its document's root says (system actions).
pub type PointModel = (Ir, crate::ir::PointSettings);

/// Stages 3–4 for every overlaid point (see [`overlay_points`]), on every core: each point's
/// model in point order, `None` where stage 2 failed or a problem is reported here
/// (labelled with the release; a twin reports its twin's problems under its own version).
pub fn lower_points(
    points: &[ReleaseInput<'_>],
    docs: Vec<Option<PointDoc>>,
) -> (Vec<Option<PointModel>>, Diagnostics) {
    // Per point, the index of the document it is lowered from.
    let mut own = Vec::new();
    let mut source: Vec<Option<usize>> = Vec::with_capacity(docs.len());
    for doc in docs {
        let s = match doc {
            Some(PointDoc::Doc(doc)) => {
                own.push(doc);
                Some(own.len() - 1)
            }
            Some(PointDoc::Same(j)) => source.get(j).copied().flatten(),
            None => None,
        };
        source.push(s);
    }
    // The first document is converted whole; the others reuse its unchanged pieces.
    let reference = own.first().map(|doc| Converted::new(doc.clone()));
    let mut lowered: Vec<Option<Result<PointModel, Diagnostics>>> =
        crate::parallel::map(own.into_iter().enumerate().collect(), |(i, doc)| {
            let settings = crate::ir::point_settings(&doc);
            let ir = match &reference {
                Some(Ok(r)) if i == 0 => crate::lower::lower(&r.spec),
                Some(Ok(r)) => r.convert_like(doc).and_then(|spec| crate::lower::lower(&spec)),
                _ => crate::parse::to_openapi(doc).and_then(|spec| crate::lower::lower(&spec)),
            };
            let model = ir.and_then(|ir| settings.map(|s| (ir, s)))?;
            crate::ir::check_unmodelled(&model.0, &model.1)?;
            Ok(model)
        })
        .into_iter()
        .map(Some)
        .collect();
    let mut models = Vec::with_capacity(points.len());
    let mut diags = Diagnostics::default();
    for (i, (release, s)) in points.iter().zip(&source).enumerate() {
        let Some(s) = *s else {
            models.push(None);
            continue;
        };
        // The last point lowered from a document takes its result; earlier ones copy it.
        let last = !source.get(i + 1..).unwrap_or_default().contains(&Some(s));
        let result = lowered.get_mut(s).and_then(|r| if last { r.take() } else { r.clone() });
        match result {
            Some(Ok(model)) => models.push(Some(model)),
            Some(Err(d)) => {
                diags.extend(d.in_release(&release.point.version(), 0));
                models.push(None);
            }
            None => models.push(None),
        }
    }
    (models, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::releases::ProjectInputs;

    fn project() -> Option<ProjectInputs> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        ProjectInputs::read(&|f| std::fs::read_to_string(dir.join(f)).map_err(|e| e.to_string())).ok()
    }

    /// Each point built alone: its whole overlay list applied on the base, converted whole.
    fn alone(base: &Value, release: &ReleaseInput<'_>) -> Result<PointModel, Diagnostics> {
        let mut doc = base.clone();
        for text in &release.overlays {
            crate::overlay::apply(&mut doc, &crate::parse::parse_yaml(text, Source::Overlay)?)?;
        }
        let settings = crate::ir::point_settings(&doc)?;
        let ir = crate::lower::lower(&crate::parse::to_openapi(doc)?)?;
        crate::ir::check_unmodelled(&ir, &settings)?;
        Ok((ir, settings))
    }

    #[test]
    fn shared_work_builds_what_each_point_builds_alone() {
        let Some(project) = project() else { return };
        let base = crate::overlaid(&project.spec, &[&project.overlay]).ok();
        let Some(base) = base else { return };
        let points = project.release_inputs();
        let (docs, diags) = overlay_points(&base, &points);
        assert!(diags.is_empty(), "{diags}");
        let (models, diags) = lower_points(&points, docs);
        assert!(diags.is_empty(), "{diags}");
        for (release, model) in points.iter().zip(models) {
            assert_eq!(model.map(Ok), Some(alone(&base, release)), "{}", release.point.version());
        }
    }

    #[test]
    fn a_failing_overlay_is_reported_for_every_point_that_lists_it() {
        let Some(project) = project() else { return };
        let base = crate::overlaid(&project.spec, &[&project.overlay]).ok();
        let Some(base) = base else { return };
        let bad = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.nope\n    update: {}\n";
        let mut points = project.release_inputs();
        // 8.17's overlay heads every later point's list: each of them reports it.
        let first = points.get(1).and_then(|p| p.overlays.first().copied()).unwrap_or_default();
        for text in points.iter_mut().flat_map(|p| p.overlays.iter_mut()) {
            if *text == first {
                *text = bad;
            }
        }
        let (docs, diags) = overlay_points(&base, &points);
        let text = diags.to_string();
        for release in points.get(1..).unwrap_or_default() {
            let line = format!("release {}, overlay #1: target `$.nope` matches nothing", release.point.version());
            assert!(text.contains(&line), "{line} in {text}");
        }
        assert!(matches!(docs.first(), Some(Some(PointDoc::Doc(_)))) && docs.iter().skip(1).all(Option::is_none));
    }
}
