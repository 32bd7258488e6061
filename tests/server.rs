//! The server target (`spragc server`): what server Python compiles to, and the
//! diagnostics for what the mock server cannot run. Its behaviour is checked against
//! CPython by tests/server/semantics.mjs and against the real server by tests/mock/.

use spragc::{compile_server_project, server::ServerOptions, Severity, SourceMapMode};

fn compile(path: &str, source: &str) -> spragc::Output {
    compile_server_project(vec![(path.into(), source.into()), ("app/stores.py".into(), "from sprag import store\ntally = store('tally', initial={'count': 0})\n".into())], &ServerOptions::default(), SourceMapMode::None)
}

fn code_of(out: &spragc::Output, path: &str) -> String {
    out.files.iter().find(|f| f.path == path).map(|f| f.code.clone()).unwrap_or_else(|| panic!("no {path} in {:?}", out.files.iter().map(|f| &f.path).collect::<Vec<_>>()))
}

#[test]
fn controller_compiles_to_the_calling_convention() {
    let out = compile(
        "app/routes/counter/server.py",
        r#"from sprag import Controller, Field, Schema, action
from app.stores import tally


class CounterController(Controller):
    route = "/counter"

    def load(self):
        return {"count": tally.get("count")}

    @action(schema=Schema("increment", {"count": Field(int, required=True)}))
    def increment(self, count, step=1, *, note=None):
        return {"count": count + step, "note": note}
"#,
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    insta::assert_snapshot!(code_of(&out, "app/routes/counter/server.js"));
}

#[test]
fn statements_keep_python_semantics() {
    let out = compile(
        "app/logic.py",
        r#"import gevent

LIMIT = 3

def scan(items, *args, **kwargs):
    found = None
    for i, item in enumerate(items):
        if item in kwargs or (item and i < LIMIT):
            found = item
            break
    else:
        gevent.sleep(0.1)
    try:
        value = items[-1] // 2
    except (KeyError, IndexError) as e:
        raise ValueError(str(e)) from e
    except Exception:
        raise
    else:
        value += 1
    finally:
        print("done")
    squares = {k: v ** 2 for k, v in kwargs.items() if v}
    return found, value, squares, [x for x in items if (n := x)], n
"#,
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    insta::assert_snapshot!(code_of(&out, "app/logic.js"));
}

#[test]
fn modules_without_a_browser_equivalent_are_errors_with_locations() {
    let out = compile("app/services/disk.py", "import os\nfrom subprocess import run\nimport requests\n\ndef f(x):\n    match x:\n        case _:\n            return 1\n");
    let got: Vec<(String, Severity, u32, u32)> = out.diagnostics.iter().map(|d| (d.code.as_str().to_string(), d.severity, d.line, d.column)).collect();
    assert_eq!(
        got,
        vec![
            ("SPR402".into(), Severity::Error, 1, 8),
            ("SPR402".into(), Severity::Error, 2, 1),
            ("SPR402".into(), Severity::Error, 3, 8),
            ("SPR401".into(), Severity::Error, 6, 5),
        ]
    );
    assert!(out.diagnostics[0].message.contains("`os` is not available in the mock server"), "{}", out.diagnostics[0].message);
    assert!(out.files.iter().all(|f| f.path != "app/services/disk.js"), "a file with errors is not emitted");
}

#[test]
fn unknown_names_warn_but_compile() {
    let out = compile("app/x.py", "def f():\n    return undefined_thing + len([])\n");
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    assert_eq!((d.code.as_str(), d.severity, d.line, d.column), ("SPR403", Severity::Warning, 2, 12));
    assert!(code_of(&out, "app/x.js").contains("$b.len"));
}

#[test]
fn app_imports_are_relative_and_runtime_imports_configurable() {
    let opts = ServerOptions { runtime: "https://cdn.example/mock".into() };
    let out = compile_server_project(
        vec![("app/routes/a/server.py".into(), "from app.stores import tally\nfrom .helpers import fmt\nimport json\n".into()), ("app/routes/a/helpers.py".into(), "def fmt(x):\n    return str(x)\n".into()), ("app/stores.py".into(), "tally = 1\n".into())],
        &opts,
        SourceMapMode::None,
    );
    let code = code_of(&out, "app/routes/a/server.js");
    assert!(code.contains(r#"import { tally } from "../../stores.js";"#), "{code}");
    assert!(code.contains(r#"import { fmt } from "./helpers.js";"#), "{code}");
    assert!(code.contains(r#"import * as json from "https://cdn.example/mock/lib/json.js";"#), "{code}");
    assert!(code.contains(r#"import * as $py from "https://cdn.example/mock/py/py.js";"#), "{code}");
}

#[test]
fn server_output_is_deterministic_and_has_column_maps() {
    let src = "def f(a, b=2):\n    return a * b\n";
    let one = compile_server_project(vec![("app/x.py".into(), src.into())], &ServerOptions::default(), SourceMapMode::External);
    let two = compile_server_project(vec![("app/x.py".into(), src.into())], &ServerOptions::default(), SourceMapMode::External);
    assert_eq!(one.files[0].code, two.files[0].code);
    let map = one.files[0].map.as_ref().expect("map").to_json();
    assert_eq!(map, two.files[0].map.as_ref().unwrap().to_json());
    let v: serde_json::Value = serde_json::from_str(&map).unwrap();
    assert_eq!(v["sources"][0], "app/x.py");
    assert_eq!(v["sourcesContent"][0], src);
}
