//! The `spragc` command line: `spragc compile FILE.py` and `spragc build APP_DIR`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// See Cargo.toml: mimalloc for the native CLI.
#[global_allocator]
static ALLOCATOR: spragc::native_alloc::MiMalloc = spragc::native_alloc::MiMalloc;

use spragc::{compile_file, compile_project, Diagnostic, Options, Output, SourceMapMode};

const USAGE: &str = "spragc — compile SPRAG browser Python to Ragot ES modules

usage:
  spragc compile FILE.py [--stores app/stores.py] [--out DIR] [--json] [options]
  spragc build APP_DIR --out DIR [--json] [options]
  spragc server APP_DIR --out DIR [--runtime SPEC] [--json]
                         compile the server side (Controllers, Services, stores) for the
                         mock SPRAG server; writes manifest.json (routes, actions) too
  spragc codes            print the table of diagnostic codes
  spragc version

options:
  --extended             also compile constructs sprag build rejects (//, **, match, ...)
  --ragot-import SPEC    module specifier to import Ragot from
  --import-alias NAME    declare an imports.NAME alias (repeatable)
  --any-import-alias     accept every imports.NAME alias
  --inline-map           embed source maps in the JavaScript
  --no-map               do not write source maps
  --runtime SPEC         (server) module specifier of the mock runtime folder (default /mock)
";

struct Args {
    command: String,
    input: Option<PathBuf>,
    out: Option<PathBuf>,
    stores: Option<PathBuf>,
    json: bool,
    opts: Options,
    server: spragc::server::ServerOptions,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let command = it.next().ok_or("missing command")?;
    let mut args = Args { command, input: None, out: None, stores: None, json: false, opts: Options::default(), server: Default::default() };
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--out" | "-o" => args.out = Some(PathBuf::from(value("--out")?)),
            "--stores" => args.stores = Some(PathBuf::from(value("--stores")?)),
            "--json" => args.json = true,
            "--extended" => args.opts.extended = true,
            "--ragot-import" => args.opts.ragot_import = value("--ragot-import")?,
            "--import-alias" => args.opts.import_aliases.push(value("--import-alias")?),
            "--any-import-alias" => args.opts.any_import_alias = true,
            "--inline-map" => args.opts.source_map = SourceMapMode::Inline,
            "--no-map" => args.opts.source_map = SourceMapMode::None,
            "--runtime" => args.server.runtime = value("--runtime")?.trim_end_matches('/').to_string(),
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other if args.input.is_none() => args.input = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    // Deeply nested (but valid) Python recurses deeply; give the compiler room.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .ok()
        .and_then(|h| h.join().ok())
        .unwrap_or(ExitCode::from(70))
}

fn run() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}\n");
            }
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match args.command.as_str() {
        "compile" => run_compile(&args),
        "build" => run_build(&args),
        "server" => run_server(&args),
        "codes" => {
            // The diagnostic table of the README.
            println!("| code | severity | meaning |\n| --- | --- | --- |");
            for c in spragc::Code::ALL {
                println!("| {} | {} | {} |", c.as_str(), c.severity().as_str(), c.title());
            }
            Ok(false)
        }
        "version" | "--version" => {
            println!("spragc {}", env!("CARGO_PKG_VERSION"));
            Ok(false)
        }
        other => Err(format!("unknown command {other}\n\n{USAGE}")),
    };
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `spragc compile FILE.py`: returns whether errors were reported.
fn run_compile(args: &Args) -> Result<bool, String> {
    let input = args.input.as_ref().ok_or("compile needs FILE.py")?;
    let source = read(input)?;
    let stores = args.stores.as_ref().map(|p| read(p)).transpose()?;
    let path = input.to_string_lossy().replace('\\', "/");
    let out = compile_file(&path, &source, stores.as_deref(), &args.opts);
    let sources = vec![(path.clone(), source)];
    finish(args, &out, &sources)
}

/// `spragc build APP_DIR --out DIR`.
fn run_build(args: &Args) -> Result<bool, String> {
    let root = args.input.as_ref().ok_or("build needs APP_DIR")?;
    if args.out.is_none() {
        return Err("build needs --out DIR".into());
    }
    let mut files = Vec::new();
    collect_py(root, root, &mut files)?;
    if files.is_empty() {
        return Err(format!("no Python files under {}", root.display()));
    }
    let out = compile_project(files.clone(), &args.opts);
    finish(args, &out, &files)
}

/// `spragc server APP_DIR --out DIR`.
fn run_server(args: &Args) -> Result<bool, String> {
    let root = args.input.as_ref().ok_or("server needs APP_DIR")?;
    let mut files = Vec::new();
    collect_py(root, root, &mut files)?;
    let manifest = compile_project(files.clone(), &Options { source_map: SourceMapMode::None, any_import_alias: true, ..Options::default() }).manifest;
    // Every file: declarations (page.py), Screens (web.py) and the browser classes they
    // construct on the server (modules.py, components.py) run on the mock server too.
    let out = spragc::compile_server_project(files.clone(), &args.server, args.opts.source_map);
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        std::fs::write(dir.join("manifest.json"), json).map_err(|e| format!("cannot write manifest.json: {e}"))?;
    }
    finish(args, &out, &files)
}

fn collect_py(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if matches!(name.as_str(), "dist" | "__pycache__" | "node_modules" | ".venv" | "venv" | ".git") || name.starts_with('.') {
                continue;
            }
            collect_py(root, &path, out)?;
        } else if name.ends_with(".py") {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((rel, read(&path)?));
        }
    }
    Ok(())
}

fn finish(args: &Args, out: &Output, sources: &[(String, String)]) -> Result<bool, String> {
    if let Some(dir) = &args.out {
        for f in &out.files {
            let path = dir.join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, &f.code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if let Some(map) = &f.map {
                let map_path = dir.join(format!("{}.map", f.path));
                let file = std::fs::File::create(&map_path).map_err(|e| format!("cannot write {}: {e}", map_path.display()))?;
                map.write_json(&mut std::io::BufWriter::new(file)).map_err(|e| format!("cannot write {}: {e}", map_path.display()))?;
            }
        }
    }
    if args.json {
        println!("{}", json_output(out, args.out.is_none()));
    } else {
        if args.out.is_none() {
            for f in &out.files {
                println!("// ---- {} ----\n{}", f.path, f.code);
            }
        }
        for d in &out.diagnostics {
            let source = sources.iter().find(|(p, _)| *p == d.file).map(|(_, s)| s.as_str());
            eprint!("{}", d.render(source));
        }
        let errors = out.diagnostics.iter().filter(|d| d.severity == spragc::Severity::Error).count();
        let warnings = out.diagnostics.len() - errors;
        if let Some(dir) = &args.out {
            eprintln!("spragc: {} file(s) written to {}, {errors} error(s), {warnings} warning(s)", out.files.len(), dir.display());
        } else if errors + warnings > 0 {
            eprintln!("spragc: {errors} error(s), {warnings} warning(s)");
        }
    }
    Ok(out.has_errors())
}

fn diag_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
        "owner": d.owner,
        "hint": d.hint,
    })
}

fn json_output(out: &Output, include_code: bool) -> serde_json::Value {
    serde_json::json!({
        "files": out.files.iter().map(|f| if include_code {
            serde_json::json!({"path": f.path, "code": f.code, "map": f.map.as_ref().map(|m| m.to_json())})
        } else {
            serde_json::json!({"path": f.path})
        }).collect::<Vec<_>>(),
        "diagnostics": out.diagnostics.iter().map(diag_json).collect::<Vec<_>>(),
        "classes": out.classes.iter().map(|c| serde_json::json!({"name": c.name, "kind": c.kind, "file": c.file, "output": c.output})).collect::<Vec<_>>(),
    })
}
