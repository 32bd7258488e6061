//! Bad input never panics: every prefix of every corpus file, byte-level mutations of
//! them, and token soup all compile to diagnostics with valid positions.

use std::path::Path;

use spragc::{compile_file, Options};

fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["tests/constructs", "tests/constructs/extended", "tests/diagnostics", "examples/counter/app/routes/counter", "tests/server"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            if e.path().extension().is_some_and(|x| x == "py") {
                out.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    out
}

fn check(source: &str, extended: bool) {
    let opts = Options { extended, ..Options::default() };
    let out = compile_file("app/x.py", source, None, &opts);
    let lines = source.split('\n').count() as u32;
    for d in &out.diagnostics {
        assert!(d.line >= 1 && d.line <= lines.max(1), "{d:?} outside {lines} lines");
        assert!((d.end_line, d.end_column) >= (d.line, d.column), "{d:?} ends before it starts");
        let _ = d.render(Some(source));
    }
    // The server target reads the same Python: it must hold up just as well.
    let out = spragc::compile_server_project(vec![("app/x.py".into(), source.to_string())], &Default::default(), spragc::SourceMapMode::External);
    for d in &out.diagnostics {
        assert!(d.line >= 1 && d.line <= lines.max(1), "server: {d:?} outside {lines} lines");
        assert!((d.end_line, d.end_column) >= (d.line, d.column), "server: {d:?} ends before it starts");
    }
}

/// Deterministic xorshift, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn every_line_prefix_compiles_without_panic() {
    for source in corpus() {
        let mut end = 0;
        for line in source.split_inclusive('\n') {
            end += line.len();
            check(&source[..end], false);
        }
    }
}

#[test]
fn mutated_sources_compile_without_panic() {
    let mut rng = Rng(0x5eed_1234_abcd);
    let alphabet: Vec<char> = "()[]{}:,.=+-*/%<>!&|^~@#'\"\\ \n\tabcxyzself_0123456789é😀lambdaforinifelse".chars().collect();
    for source in corpus() {
        for _ in 0..40 {
            let mut chars: Vec<char> = source.chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(chars.len());
                match rng.below(3) {
                    0 if !chars.is_empty() => {
                        chars.remove(at);
                    }
                    1 => chars.insert(at, alphabet[rng.below(alphabet.len())]),
                    _ if !chars.is_empty() => chars[at] = alphabet[rng.below(alphabet.len())],
                    _ => {}
                }
            }
            let mutated: String = chars.into_iter().collect();
            check(&mutated, rng.below(2) == 0);
        }
    }
}

#[test]
fn token_soup_compiles_without_panic() {
    let mut rng = Rng(42);
    let tokens = [
        "class ", "C", "(Component)", "(Module)", ":", "\n", "    ", "def ", "render", "(self, props=None)", "return ", "ui.div(", ")", "self.", "state",
        "[", "]", "for ", " in ", "if ", "else", "lambda x: ", "x", "=", "==", "**", "//", "{", "}", "f\"{", "}\"", "*", ",", "match ", "case ", "_", "with ",
        "yield ", "await ", "async ", "ui.For(", "key=", "@debounce(", "0.5", "-1", "None", "True", "import ", "from sprag import Component, Module, ui\n",
    ];
    for _ in 0..2000 {
        let n = 5 + rng.below(60);
        let src: String = (0..n).map(|_| tokens[rng.below(tokens.len())]).collect();
        check(&src, rng.below(2) == 0);
    }
}

#[test]
fn deep_nesting_is_rejected_or_compiled_without_overflow() {
    // Compilers recurse; like the CLI, run with a large stack.
    std::thread::Builder::new().stack_size(256 << 20).spawn(deep_nesting).unwrap().join().unwrap();
}

fn deep_nesting() {
    for n in [400usize, 490, 5000, 100_000] {
        let chain = vec!["1"; n].join("+");
        let src = format!("from sprag import Module\nclass M(Module):\n    def f(self):\n        return {chain}\n");
        let out = compile_file("app/x.py", &src, None, &Options::default());
        assert_eq!(out.has_errors(), n > 490, "chain of {n}");
    }
    let depth = 3000;
    let expr = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
    let src = format!("from sprag import Module\nclass M(Module):\n    def f(self):\n        return {expr}\n");
    check(&src, false);
    let list = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let src = format!("from sprag import Module\nclass M(Module):\n    def f(self):\n        return {list}\n");
    check(&src, false);
}
