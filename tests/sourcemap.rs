//! Source maps are column-precise: Python names map back to their exact line and column.

use spragc::emit::sourcemap::decode;
use spragc::{compile_file, Options};

const SOURCE: &str = r#"from sprag import Module


class CounterModule(Module):
    def on_increment(self, event):
        event.prevent_default()
        next_count = self.state["count"] + 1
        self.set_state({"count": next_count})
"#;

fn map_json() -> (String, serde_json::Value) {
    let out = compile_file("app/modules.py", SOURCE, None, &Options::default());
    let file = out.files.iter().find(|f| f.path == "modules/CounterModule.js").expect("compiled");
    let map: serde_json::Value = serde_json::from_str(&file.map.as_ref().expect("map").to_json()).unwrap();
    (file.code.clone(), map)
}

/// Generated (line, col) of the first occurrence of `needle` after `after`.
fn find(code: &str, needle: &str, after: &str) -> (u32, u32) {
    let start = code.find(after).unwrap();
    let at = start + code[start..].find(needle).unwrap();
    let line = code[..at].matches('\n').count() as u32;
    let col = (at - code[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)) as u32;
    (line, col)
}

/// 0-based (line, col) of `needle` in the Python source.
fn py_pos(needle: &str) -> (u32, u32) {
    let at = SOURCE.find(needle).unwrap();
    let line = SOURCE[..at].matches('\n').count() as u32;
    let col = (at - SOURCE[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)) as u32;
    (line, col)
}

#[test]
fn map_has_sources_content_and_names() {
    let (_, map) = map_json();
    assert_eq!(map["version"], 3);
    assert_eq!(map["file"], "CounterModule.js");
    assert_eq!(map["sources"][0], "app/modules.py");
    assert_eq!(map["sourcesContent"][0], SOURCE);
    let names: Vec<&str> = map["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(names.contains(&"on_increment"), "{names:?}");
    assert!(names.contains(&"next_count"), "{names:?}");
    assert_eq!(map["x_sprag"]["class"], "CounterModule");
    assert_eq!(map["x_sprag"]["methods"][0]["name"], "on_increment");
    assert_eq!(map["x_sprag"]["methods"][0]["source_line"], 5);
}

#[test]
fn python_names_map_to_their_exact_position() {
    let (code, map) = map_json();
    let mappings = decode(map["mappings"].as_str().unwrap());
    let names: Vec<String> = map["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
    let lookup = |at: (u32, u32)| mappings.iter().find(|m| (m.gen_line, m.gen_col) == at).copied();
    for (generated, after, python) in [
        ("onIncrement", "setMetadata(", "on_increment"),
        ("preventDefault", "onIncrement(", "prevent_default"),
        ("next_count", "onIncrement(", "next_count"),
        ("setState", "next_count = ", "set_state"),
    ] {
        let at = find(&code, generated, after);
        let m = lookup(at).unwrap_or_else(|| panic!("no mapping at {at:?} for {generated}\n{code}"));
        assert_eq!((m.src_line, m.src_col), py_pos(python), "{generated} should map to {python}");
        assert_eq!(m.name.map(|n| names[n as usize].as_str()), Some(python));
    }
}

#[test]
fn every_named_mapping_points_at_that_name() {
    let (_, map) = map_json();
    let names: Vec<&str> = map["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    let lines: Vec<&str> = SOURCE.lines().collect();
    for m in decode(map["mappings"].as_str().unwrap()) {
        if let Some(n) = m.name {
            let line = lines[m.src_line as usize];
            assert!(line[m.src_col as usize..].starts_with(names[n as usize]), "{m:?} -> {line}");
        }
    }
}

/// `emit::print` writes through spragc's own writer (no position hash set) and builds the
/// mappings while printing; it must give exactly what swc's `JsWriter` gives: the same
/// text, and the mappings and names derived from `JsWriter`'s recorded positions, for
/// every class of the construct corpus (plus a non-ASCII file).
#[test]
fn own_writer_matches_swc_js_writer() {
    use spragc::project::Project;
    use swc_ecma_codegen::{text_writer::JsWriter, Config, Emitter, Node};
    let mut files: Vec<(String, String)> = std::fs::read_dir("tests/constructs")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
        .map(|e| (format!("app/{}", e.file_name().to_string_lossy()), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    files.push((
        "app/unicode.py".into(),
        "from sprag import Component, ui\n\nLABEL = \"héllo 🌍\"\n\nclass Wörld(Component):\n    def render(self, props=None):\n        return ui.p(f\"{LABEL} — {props.get('name', 'ünï')}\", title=\"🌍\\nline\")\n".into(),
    ));
    let project = Project::new(files);
    let opts = spragc::Options::default();
    let mut compared = 0;
    for i in 0..project.classes.len() {
        let mut helpers = Default::default();
        let lowered = spragc::lower::class::lower_class(&project, i, &opts, &mut helpers);
        let file = &project.files[project.classes[i].file];
        let mut buf = Vec::new();
        let mut positions = Vec::new();
        {
            let cm: swc_common::sync::Lrc<swc_common::SourceMap> = Default::default();
            let wr = JsWriter::new(cm.clone(), "\n", &mut buf, Some(&mut positions));
            let mut emitter = Emitter { cfg: Config::default(), cm, comments: None, wr };
            lowered.module.emit_with(&mut emitter).unwrap();
        }
        let expected_code = String::from_utf8(buf).unwrap();
        let mut expected_names = Vec::new();
        let expected = spragc::emit::sourcemap::mappings(&positions, &file.text, &file.lines, &expected_code, &mut expected_names);
        let (code, mappings, names) = spragc::emit::print_mapped(&lowered.module, &file.text, &file.lines, None);
        let name = &project.classes[i].name;
        assert_eq!(code, expected_code, "text of class {name}");
        assert_eq!(spragc::emit::print(&lowered.module), expected_code, "text of class {name} without a map");
        assert!(expected.len() > 10, "class {name}: only {} mappings", expected.len());
        assert_eq!(mappings, expected, "mappings of class {name}");
        assert_eq!(names, expected_names, "names of class {name}");
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} classes compared");
}
