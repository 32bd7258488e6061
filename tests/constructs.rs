//! One snapshot per construct: every file in `tests/constructs/` (a small SPRAG app
//! package) is compiled as one project; each generated file and the diagnostics of each
//! source file are snapshotted. `tests/constructs/extended/` is compiled with `extended`.
//!
//! Snapshots are reviewed output, not the proof of correctness: the semantics test
//! (`tests/semantics`) runs the JavaScript against CPython, and the differential test
//! renders the reference templates with both compilers.

use std::path::Path;

use spragc::{compile_project, Options};

fn load(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "py") {
            let name = p.file_name().unwrap().to_string_lossy();
            out.push((format!("{prefix}/{name}"), std::fs::read_to_string(&p).unwrap()));
        }
    }
}

fn snapshot_project(dir: &str, prefix: &str, opts: &Options) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files = Vec::new();
    load(&root, prefix, &mut files);
    let out = compile_project(files.clone(), opts);
    for (path, _) in &files {
        let stem = Path::new(path).file_stem().unwrap().to_string_lossy().to_string();
        let mut text = String::new();
        for class in out.classes.iter().filter(|c| &c.file == path) {
            let Some(output) = &class.output else { continue };
            let file = out.files.iter().find(|f| &f.path == output).unwrap();
            text.push_str(&format!("// ===== {} =====\n{}\n", file.path, file.code));
        }
        for d in out.diagnostics.iter().filter(|d| &d.file == path) {
            text.push_str(&format!(
                "// {} {} {}:{}-{}:{} {}: {}\n",
                d.severity.as_str(),
                d.code.as_str(),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.owner.clone().unwrap_or_default(),
                d.message
            ));
        }
        if text.is_empty() {
            continue;
        }
        insta::assert_snapshot!(format!("{prefix}__{stem}"), text);
    }
}

#[test]
fn constructs_default_mode() {
    snapshot_project("tests/constructs", "constructs", &Options::default());
}

#[test]
fn constructs_extended_mode() {
    let opts = Options { extended: true, ..Options::default() };
    snapshot_project("tests/constructs/extended", "extended", &opts);
}

#[test]
fn extended_constructs_are_errors_by_default() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs/extended");
    let mut files = Vec::new();
    load(&root, "extended", &mut files);
    let out = compile_project(files, &Options::default());
    let codes: std::collections::BTreeSet<&str> = out.diagnostics.iter().filter(|d| d.severity == spragc::Severity::Error).map(|d| d.code.as_str()).collect();
    for expected in ["SPR101", "SPR102", "SPR103", "SPR105", "SPR107", "SPR109"] {
        assert!(codes.contains(expected), "default mode should reject with {expected}; got {codes:?}");
    }
    assert!(out.classes.iter().all(|c| c.output.is_none()));
}
