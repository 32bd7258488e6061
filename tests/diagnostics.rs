//! One case per diagnostic: every `tests/diagnostics/*.py` marks the lines that must
//! report an error with `# expect: CODE [CODE ...]`. The test requires exactly those
//! errors (by line and code) and snapshots the human rendering, so messages, spans and
//! hints are reviewed. Files starting with `# spragc: extended` compile in extended mode.

use std::collections::BTreeMap;
use std::path::Path;

use spragc::{compile_project, Code, Options, Severity};

fn expectations(source: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for code in line[pos + 9..].split_whitespace() {
                out.push((i as u32 + 1, code.to_string()));
            }
        }
    }
    out.sort();
    out
}

fn corpus(extended: bool) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|p| (format!("diagnostics/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read_to_string(&p).unwrap()))
        .filter(|(_, src)| src.starts_with("# spragc: extended") == extended || src.contains("store("))
        .collect();
    files.sort();
    files
}

fn check(extended: bool) {
    let files = corpus(extended);
    let opts = Options { extended, ..Options::default() };
    let out = compile_project(files.clone(), &opts);
    let mut failures = Vec::new();
    for (path, source) in &files {
        let expected = expectations(source);
        let mut actual: Vec<(u32, String)> = out
            .diagnostics
            .iter()
            .filter(|d| &d.file == path && d.severity == Severity::Error)
            .map(|d| (d.line, d.code.as_str().to_string()))
            .collect();
        actual.sort();
        if expected != actual {
            failures.push(format!("{path}:\n  expected {expected:?}\n  actual   {actual:?}"));
        }
        let rendered: String = out.diagnostics.iter().filter(|d| &d.file == path).map(|d| d.render(Some(source))).collect();
        if !rendered.is_empty() {
            let stem = Path::new(path).file_stem().unwrap().to_string_lossy().to_string();
            insta::assert_snapshot!(format!("diagnostics__{stem}"), rendered);
        }
    }
    assert!(failures.is_empty(), "diagnostics differ:\n{}", failures.join("\n"));
}

#[test]
fn every_expected_error_is_reported_at_its_line() {
    check(false);
}

#[test]
fn extended_mode_errors() {
    check(true);
}

#[test]
fn every_error_code_has_a_case() {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (_, src) in corpus(false).into_iter().chain(corpus(true)) {
        for (_, code) in expectations(&src) {
            *seen.entry(code).or_default() += 1;
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        // Server-target codes (SPR4xx) have their cases in tests/server.rs.
        .filter(|c| c.severity() == Severity::Error && !c.as_str().starts_with("SPR4") && !seen.contains_key(c.as_str()))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "error codes without a diagnostics case: {missing:?}");
}

#[test]
fn readme_lists_every_code() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap_or_default();
    let missing: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).filter(|c| !readme.contains(&format!("| {c} |"))).collect();
    assert!(missing.is_empty(), "README diagnostic table lacks {missing:?}");
}
