//! Native compile-time benchmark (`cargo bench --bench native -- [--templates-dir DIR]
//! [--json PATH]`). Prints numbers; asserts nothing. `bench/run.sh` runs it together
//! with the reference compiler's benchmark and writes `bench/RESULTS.md`.
//!
//! Per class, like the reference's `compile_component_class(cls)` on an imported module:
//! the app's browser files (plus `app/stores.py` and the app files they import) are parsed
//! once into a `Project`; each class is then compiled on its own with a fresh
//! `Compilation` (cold helper cache), many times, median kept. The parse is not free, so
//! each class is also charged its share of the parse (parse median / classes); the table
//! shows both parts and the total. A whole-app `compile_project` per class is printed as a
//! cross-check. Scaling: generated browser files of about 10,000 and 20,000 lines, timed in
//! alternating blocks.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use spragc::project::Project;
use spragc::{compile_project, Compilation, Options};

/// The allocator the `spragc` CLI uses (see Cargo.toml), so the numbers are the CLI's.
#[global_allocator]
static ALLOCATOR: spragc::native_alloc::MiMalloc = spragc::native_alloc::MiMalloc;

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if p.is_dir() {
            if !matches!(name.as_str(), "dist" | "__pycache__" | "node_modules") && !name.starts_with('.') {
                collect(root, &p, out);
            }
        } else if name.ends_with(".py") {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// Median wall time of `f`, run until at least `min_runs` runs and `min_time` elapsed.
fn median(mut f: impl FnMut(), min_runs: usize, min_time: Duration) -> Duration {
    f(); // warm up
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || start.elapsed() < min_time {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
        if times.len() > 100_000 {
            break;
        }
    }
    times.sort();
    times[times.len() / 2]
}

/// Median wall times of `a` and `b`, run in alternating blocks (a few runs of `a`, a few
/// of `b`, ...), at least `min_runs` of each and `min_time` in all: a change in the
/// machine's speed while they run (a shared VM drifts by tens of percent over minutes)
/// affects both alike, so their ratio holds. The first run of each block is not counted:
/// it overlaps the freeing of the other input's project, which a compile of a big project
/// leaves to a helper thread.
fn medians_alternating(mut a: impl FnMut(), mut b: impl FnMut(), min_runs: usize, min_time: Duration) -> (Duration, Duration) {
    const BLOCK: usize = 4;
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while times_a.len() < min_runs || start.elapsed() < min_time {
        for (f, times) in [(&mut a as &mut dyn FnMut(), &mut times_a), (&mut b as &mut dyn FnMut(), &mut times_b)] {
            f();
            for _ in 1..BLOCK {
                let t = Instant::now();
                f();
                times.push(t.elapsed());
            }
        }
    }
    times_a.sort();
    times_b.sort();
    (times_a[times_a.len() / 2], times_b[times_b.len() / 2])
}

/// The files a browser file needs to compile as in its app: itself, the stores, and the
/// project files it imports from.
fn context(all: &[(String, String)], file: &str) -> Vec<(String, String)> {
    let project = Project::new(all.to_vec());
    let idx = project.files.iter().position(|f| f.path == file).unwrap();
    let mut wanted: Vec<String> = vec![file.to_string()];
    for import in project.files[idx].info.imports.values() {
        if let Some(t) = project.file_for_module(&import.module) {
            wanted.push(project.files[t].path.clone());
        }
    }
    for f in &project.files {
        if f.module == "app.stores" {
            wanted.push(f.path.clone());
        }
    }
    wanted.sort();
    wanted.dedup();
    all.iter().filter(|(p, _)| wanted.contains(p)).cloned().collect()
}

/// A deterministic browser file of about `lines` lines: Components and Modules with
/// realistic bodies (ui trees, branches, loops, comprehensions, f-strings, actions).
fn synthetic(lines: usize) -> String {
    let mut out = String::from("from sprag import Component, Module, ui\n\nTITLE = \"Dashboard\"\n\n\ndef badge(text, tone):\n    return ui.span(text, class_=f\"badge badge-{tone}\")\n\n");
    let mut i = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            r#"
class Panel{i}(Component):
    def render(self, props=None):
        items = self.state.get("items", [])
        title = props.get("title", TITLE)
        selected = self.state.get("selected", None)
        if len(items) > 10:
            summary = f"{{len(items)}} items"
        elif items:
            summary = "a few items"
        else:
            summary = "empty"
        tone = "green" if selected else "grey"
        rows = [ui.li(item["name"], data_id=str(item["id"]), class_="row") for item in items if item.get("visible", True)]
        return ui.section(
            ui.header(ui.h2(title, class_="panel-title"), badge(summary, tone)),
            ui.ul(rows, class_="rows"),
            ui.footer(
                ui.button("Add", type="button", data_role="add"),
                ui.button("Clear", type="button", data_role="clear", disabled=not items),
                ui.p(f"Selected: {{selected or 'none'}}", aria_live="polite"),
            ),
            class_="panel panel-{i}",
        )


class PanelModule{i}(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {{"items": [], "selected": None}})
        self.history = []

    def on_start(self):
        self.delegate(self.element, "click", "[data-role='add']", self.on_add)
        self.delegate(self.element, "click", "[data-role='clear']", self.on_clear)
        self.interval(self.refresh, 5)

    def on_add(self, event):
        event.prevent_default()
        items = self.state["items"]
        next_id = len(items) + 1
        self.history.append(next_id)
        self.call_action("add", {{"id": next_id, "name": f"Item {{next_id}}"}}).then(self.on_result)

    def on_clear(self, event):
        event.prevent_default()
        total = 0
        for item in self.state["items"]:
            total += item["id"]
        self.set_state({{"items": [], "selected": None, "cleared": total}})

    def on_result(self, result):
        value = result.value or {{}}
        items = [dict(x) for x in value.get("items", [])]
        self.set_state({{"items": items, "selected": value.get("selected")}})

    def refresh(self):
        try:
            self.call_action("refresh", {{"since": len(self.history)}}).then(self.on_result)
        except Exception as err:
            print(err)
"#
        ));
        i += 1;
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let templates_dir = PathBuf::from(arg("--templates-dir").unwrap_or_else(|| ".cache/templates".into()));
    let json_path = arg("--json");
    let opts = Options::default();
    let opts_nomap = Options { source_map: spragc::SourceMapMode::None, ..Options::default() };
    let mut rows: Vec<serde_json::Value> = Vec::new();
    println!("{:<10} {:<32} {:>10} {:>10} {:>10}", "template", "class", "compile µs", "parse µs", "total µs");
    let mut app_rows = Vec::new();
    let mut file_rows: Vec<serde_json::Value> = Vec::new();
    for template in ["labs", "default", "docs", "bare"] {
        let app = templates_dir.join(format!("app_{template}"));
        let mut all = Vec::new();
        collect(&app, &app, &mut all);
        let everything = Project::new(all.clone());
        // The files compiling the browser classes needs.
        let mut needed: Vec<(String, String)> = Vec::new();
        let mut browser_files: Vec<usize> = everything.classes.iter().map(|c| c.file).collect();
        browser_files.dedup();
        for f in browser_files {
            for item in context(&all, &everything.files[f].path) {
                if !needed.iter().any(|(p, _)| *p == item.0) {
                    needed.push(item);
                }
            }
        }
        let project = Project::new(needed.clone());
        let n = project.classes.len();
        if n == 0 {
            continue;
        }
        let parse = median(|| drop(Project::new(needed.clone())), 50, Duration::from_millis(300));
        let parse_share = parse.as_secs_f64() * 1e6 / n as f64;
        for (i, class) in project.classes.iter().enumerate() {
            let t = median(|| drop(Compilation::new(&project, &opts).class(i)), 200, Duration::from_millis(150));
            let compile_us = t.as_secs_f64() * 1e6;
            // For reference: the same without source maps (the reference's per-class
            // compile makes none; spragc's maps are column-precise).
            let t_nomap = median(|| drop(Compilation::new(&project, &opts_nomap).class(i)), 200, Duration::from_millis(100));
            let compile_nomap_us = t_nomap.as_secs_f64() * 1e6;
            let total = compile_us + parse_share;
            println!("{template:<10} {:<32} {compile_us:>10.1} {parse_share:>10.1} {total:>10.1}", class.name);
            rows.push(serde_json::json!({
                "template": template,
                "class": class.name,
                "file": project.files[class.file].path,
                "compile_us": compile_us,
                "parse_share_us": parse_share,
                "median_us": total,
                "median_nomap_us": compile_nomap_us + parse_share,
            }));
        }
        let whole = median(|| drop(compile_project(needed.clone(), &opts)), 20, Duration::from_millis(300));
        app_rows.push((template, n, whole.as_secs_f64() * 1e6));
        // File level (what the WebAssembly API can do, so `bench/wasm.mjs` measures the
        // same): each browser file compiled with its context; the time split over its classes.
        let mut by_file: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for c in &project.classes {
            by_file.entry(c.file).or_default().push(c.name.clone());
        }
        for (file, classes) in by_file {
            let path = project.files[file].path.clone();
            let files = context(&needed, &path);
            let t = median(|| drop(compile_project(files.clone(), &opts)), 100, Duration::from_millis(150));
            file_rows.push(serde_json::json!({
                "template": template,
                "file": path,
                "context": files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
                "classes": classes,
                "median_us": t.as_secs_f64() * 1e6,
            }));
        }
    }
    let mut medians: Vec<f64> = rows.iter().map(|r| r["median_us"].as_f64().unwrap()).collect();
    medians.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median_of_medians = if medians.is_empty() { 0.0 } else { medians[medians.len() / 2] };
    let mut nomap: Vec<f64> = rows.iter().map(|r| r["median_nomap_us"].as_f64().unwrap()).collect();
    nomap.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median_nomap = if nomap.is_empty() { 0.0 } else { nomap[nomap.len() / 2] };
    println!("\nper-class median of medians: {median_of_medians:.1} µs over {} classes", medians.len());
    for (template, n, us) in &app_rows {
        println!("whole app {template}: {:.2} ms for {n} classes = {:.1} µs per class (compile_project, stores.js included)", us / 1e3, us / *n as f64);
    }

    // Both sizes are timed in alternating blocks, so that the VM's drift cannot bend their ratio.
    let mut scaling = Vec::new();
    let mut inputs = Vec::new();
    for lines in [10_000usize, 20_000] {
        let src = synthetic(lines);
        let n_lines = src.lines().count();
        let files = vec![("app/dashboard/components.py".to_string(), src)];
        let out = compile_project(files.clone(), &opts);
        if out.has_errors() {
            for d in out.diagnostics.iter().filter(|d| d.severity == spragc::Severity::Error).take(3) {
                eprintln!("{}", d.render(None));
            }
            panic!("synthetic file must compile cleanly");
        }
        inputs.push((n_lines, out.classes.len(), files));
    }
    let (small, big) = (&inputs[0].2, &inputs[1].2);
    let (t_small, t_big) = medians_alternating(|| drop(compile_project(small.clone(), &opts)), || drop(compile_project(big.clone(), &opts)), 10, Duration::from_secs(2));
    for ((n_lines, classes, _), t) in inputs.iter().zip([t_small, t_big]) {
        let ms = t.as_secs_f64() * 1e3;
        println!("{n_lines} lines ({classes} classes): {ms:.2} ms");
        scaling.push((*n_lines, *classes, ms));
    }
    let ratio = scaling[1].2 / scaling[0].2;
    // The 500-line file the WebAssembly benchmark compiles too (its source goes in the JSON).
    let src500 = synthetic(500);
    let files500 = vec![("app/dashboard/components.py".to_string(), src500.clone())];
    let t500 = median(|| drop(compile_project(files500.clone(), &opts)), 50, Duration::from_millis(500));
    println!("{} lines: {:.3} ms", src500.lines().count(), t500.as_secs_f64() * 1e3);
    println!("scaling: 20k/10k time ratio {ratio:.2} (line ratio {:.2})", scaling[1].0 as f64 / scaling[0].0 as f64);
    if let Some(path) = json_path {
        let json = serde_json::json!({
            "classes": rows,
            "median_of_medians_us": median_of_medians,
            "median_nomap_us": median_nomap,
            "files": file_rows,
            "templates_dir": templates_dir.to_string_lossy(),
            "whole_app": app_rows.iter().map(|(t, n, us)| serde_json::json!({"template": t, "classes": n, "us": us})).collect::<Vec<_>>(),
            "file_10k_lines": scaling[0].0,
            "file_10k_classes": scaling[0].1,
            "file_10k_ms": scaling[0].2,
            "file_20k_lines": scaling[1].0,
            "file_20k_ms": scaling[1].2,
            "scaling_ratio": ratio,
            "file_500_lines": src500.lines().count(),
            "file_500_ms": t500.as_secs_f64() * 1e3,
            "file_500_source": src500,
        });
        std::fs::write(path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    }
}
