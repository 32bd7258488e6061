//! A big project parses and compiles on several threads (natively); its output must not
//! depend on that: the same files, in the same order, as compiling each class on its own.

use spragc::project::Project;
use spragc::{compile_project, Compilation, Options};

/// 40 browser files with two classes each (about 60 KB: over the threshold for threads).
fn big_project() -> Vec<(String, String)> {
    (0..40)
        .map(|i| {
            let source = format!(
                r#"from sprag import Component, Module, ui

TITLE_{i} = "Panel {i}"


class Panel{i}(Component):
    def render(self, props=None):
        items = self.state.get("items", [])
        rows = [ui.li(item["name"], data_id=str(item["id"])) for item in items if item.get("visible", True)]
        summary = f"{{len(items)}} items" if len(items) > 3 else "a few items"
        return ui.section(ui.h2(TITLE_{i}), ui.ul(rows), ui.p(summary), class_="panel-{i}")


class PanelModule{i}(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {{"items": []}})
        self.history = []

    def on_start(self):
        self.delegate(self.element, "click", "[data-role='add']", self.on_add)
        self.interval(self.refresh, 5)

    def on_add(self, event):
        event.prevent_default()
        self.history.append(len(self.history))
        self.call_action("add", {{"n": len(self.history)}}).then(self.on_result)

    def on_result(self, result):
        value = result.value or {{}}
        self.set_state({{"items": [dict(x) for x in value.get("items", [])]}})

    def refresh(self):
        total = 0
        for item in self.state["items"]:
            total += item["id"]
        print(total)
"#
            );
            (format!("app/routes/panel_{i:02}/components.py"), source)
        })
        .collect()
}

#[test]
fn threads_do_not_change_the_output() {
    let files = big_project();
    let bytes: usize = files.iter().map(|(_, s)| s.len()).sum();
    assert!(bytes > 48 * 1024, "the project must be big enough for threads ({bytes} bytes)");
    let opts = Options::default();
    let out = compile_project(files.clone(), &opts);
    assert!(!out.has_errors(), "{:?}", out.diagnostics.first());
    assert_eq!(out.classes.len(), 80);

    // One class at a time, on this thread only.
    let project = Project::new(files.clone());
    let mut one_by_one = Vec::new();
    for i in 0..project.classes.len() {
        one_by_one.extend(Compilation::new(&project, &opts).class(i).file);
    }
    let generated: Vec<_> = out.files.iter().filter(|f| f.path != "stores.js").collect();
    assert_eq!(generated.len(), one_by_one.len());
    for (a, b) in generated.iter().zip(&one_by_one) {
        assert_eq!(a.path, b.path);
        assert_eq!(a.code, b.code, "code of {}", a.path);
        assert_eq!(a.map.as_ref().map(|m| m.to_json()), b.map.as_ref().map(|m| m.to_json()), "map of {}", a.path);
    }

    // Whatever order the files come in, and however often.
    let mut reversed = files;
    reversed.reverse();
    for _ in 0..3 {
        let again = compile_project(reversed.clone(), &opts);
        assert_eq!(again.files, out.files);
        assert_eq!(again.classes, out.classes);
    }
}
