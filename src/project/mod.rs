//! The project model: parsed files, what each file's top-level names mean, and which
//! classes are browser code.
//!
//! The reference compiler learns this by importing the user's Python; spragc learns it
//! statically: `from sprag import Component` makes `Component` the SPRAG base class,
//! `from app.stores import counter` makes `counter` a store when `app/stores.py`
//! declares `counter = store("counter", ...)`, and so on.

use rustc_hash::FxHashMap as HashMap;
mod chunks;
pub mod literal;
pub mod manifest;

use std::collections::{BTreeSet};

use ruff_python_ast::{self as ast, Expr, ModModule, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::diagnostics::{Code, LineIndex, RawDiagnostic};
pub use literal::Literal;

/// Whether a browser class is a Component (markup) or a Module (behaviour).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClassKind {
    Component,
    Module,
}

impl ClassKind {
    /// Output folder name: `components` or `modules`.
    pub fn folder(self) -> &'static str {
        match self {
            ClassKind::Component => "components",
            ClassKind::Module => "modules",
        }
    }
}

/// One Python source file of the project.
pub struct SourceFile {
    /// Path as given (project-relative, `/`-separated).
    pub path: String,
    /// Dotted module name derived from the path (`app.routes.counter.components`).
    pub module: String,
    /// True for `__init__.py`.
    pub is_package: bool,
    /// The source, shared with the source maps of its classes (`sourcesContent`).
    pub text: std::sync::Arc<str>,
    pub lines: LineIndex,
    /// The parsed module; syntax errors are reported and the tree is dropped.
    pub ast: Option<ModModule>,
    pub syntax_errors: Vec<RawDiagnostic>,
    pub info: FileInfo,
}

/// A `from X import Y as Z` binding: local `Z` is `Y` of absolute module `X`.
#[derive(Clone, Debug)]
pub struct ImportBinding {
    pub module: String,
    pub name: String,
    pub range: TextRange,
}

/// A `name = store("store_name", initial={...})` declaration.
#[derive(Clone, Debug)]
pub struct StoreDecl {
    /// Python variable the store is bound to.
    pub local: String,
    /// The store's declared name (what the generated `stores.js` exports).
    pub name: String,
    /// The initial state, when it is a literal.
    pub initial: Literal,
    pub range: TextRange,
}

/// What a file's top-level statements declare.
#[derive(Default)]
pub struct FileInfo {
    /// `from X import Y` bindings by local name (absolute module names).
    pub imports: HashMap<String, ImportBinding>,
    /// Local names bound to SPRAG's own symbols (`from sprag import Component as C` -> `C` -> `Component`).
    pub sprag: HashMap<String, String>,
    /// Top-level class definitions: name -> index into the module body (last definition wins).
    pub classes: HashMap<String, usize>,
    /// Top-level helpers the reference compiles into the prelude: name -> body index,
    /// in first-definition order (last definition wins, as with a Python dict).
    pub helpers: Vec<(String, usize)>,
    /// Stores declared in this file.
    pub stores: Vec<StoreDecl>,
    /// `modules={...}` alias keys declared by `page(...)`/`mount(...)`/`App(...)`/`shell(...)` calls.
    pub import_aliases: BTreeSet<String>,
    /// Local names of server-only SPRAG symbols imported at top level (`from sprag import
    /// Controller`), sorted: a Module in this file is reported for them. Found once per
    /// file, not per class (a scan of the file per Module made big files quadratic).
    pub server_only: Vec<String>,
}

/// A browser class found in the project.
#[derive(Clone, Debug)]
pub struct BrowserClass {
    pub file: usize,
    pub stmt: usize,
    pub name: String,
    pub kind: ClassKind,
}

/// A set of Python files compiled together.
pub struct Project {
    pub files: Vec<SourceFile>,
    by_module: HashMap<String, usize>,
    /// Every browser class, in file order then source order.
    pub classes: Vec<BrowserClass>,
    /// (file, class name) -> index in `classes`.
    class_index: Vec<HashMap<String, usize>>,
    /// For each class, the first class with its kind and name (itself unless the
    /// generated file name collides).
    first_of_name: Vec<usize>,
    /// Import aliases declared anywhere in the project, or given by the caller.
    pub import_aliases: BTreeSet<String>,
}

impl Drop for Project {
    /// Syntax trees are freed fastest by the threads that allocated them: a big project's
    /// files go back to the threads that parsed them, and the caller waits only for its
    /// own share (waiting for a helper to wake and finish cost more than its freeing).
    fn drop(&mut self) {
        if self.is_big() {
            crate::parallel::drop_split(std::mem::take(&mut self.files), |f| f.text.len(), true);
        }
    }
}

/// What a name used in a browser file refers to.
#[derive(Clone, Debug)]
pub enum Resolved {
    /// A SPRAG symbol (`Component`, `ui`, `env`, ...).
    Sprag(String),
    /// A store; carries the store's declared name.
    Store(String),
    /// A browser class of the project (index into `Project::classes`).
    Class(usize),
    /// Anything else (a JS global, an unknown import, a helper).
    Other,
}

/// Source size from which a project's files are parsed on several threads (about a
/// third of a millisecond of parsing).
const PARALLEL_PARSE_BYTES: usize = 32 * 1024;

impl Project {
    /// Parse and analyse `files` (path, source) as one project.
    pub fn new(files: Vec<(String, String)>) -> Project {
        // Files parse independently: share them out when there is enough to parse.
        // (Sorted first, so that the threads sharing the parse are the ones that free it.)
        let mut files = files;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let mut sources: Vec<SourceFile> = crate::parallel::map(files, |(_, t)| t.len(), bytes >= PARALLEL_PARSE_BYTES, |(p, t)| SourceFile::parse(p, t));
        // Deterministic order whatever the caller's order.
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        let by_module = sources.iter().enumerate().map(|(i, f)| (f.module.clone(), i)).collect();
        let import_aliases = sources.iter().flat_map(|f| f.info.import_aliases.iter().cloned()).collect();
        let mut project = Project {
            files: sources,
            by_module,
            classes: Vec::new(),
            class_index: Vec::new(),
            first_of_name: Vec::new(),
            import_aliases,
        };
        project.find_browser_classes();
        project
    }

    /// True when the project's sources are big enough to share work between threads.
    pub fn is_big(&self) -> bool {
        self.files.iter().map(|f| f.text.len()).sum::<usize>() >= PARALLEL_PARSE_BYTES
    }

    /// The file defining absolute module `module`, if it is part of the project.
    pub fn file_for_module(&self, module: &str) -> Option<usize> {
        self.by_module.get(module).copied()
    }

    /// The browser class `name` defined at top level in `file`.
    pub fn class_in_file(&self, file: usize, name: &str) -> Option<usize> {
        self.class_index.get(file)?.get(name).copied()
    }

    /// Resolve a top-level name of `file` (following imports across project files).
    pub fn resolve(&self, file: usize, name: &str) -> Resolved {
        self.resolve_depth(file, name, 0)
    }

    fn resolve_depth(&self, file: usize, name: &str, depth: usize) -> Resolved {
        let info = &self.files[file].info;
        if let Some(sym) = info.sprag.get(name) {
            return Resolved::Sprag(sym.clone());
        }
        if let Some(class) = self.class_in_file(file, name) {
            return Resolved::Class(class);
        }
        if let Some(store) = info.stores.iter().find(|s| s.local == name) {
            // A store declared in the browser file itself.
            return Resolved::Store(store.name.clone());
        }
        if let Some(import) = info.imports.get(name) {
            if depth > 8 {
                return Resolved::Other;
            }
            if let Some(target) = self.file_for_module(&import.module) {
                return self.resolve_depth(target, &import.name, depth + 1);
            }
            // `from app.stores import counter` without that module in the project:
            // fall back to any `stores.py` of the project declaring `counter`.
            if import.module == "stores" || import.module.ends_with(".stores") {
                for f in &self.files {
                    if (f.module == "stores" || f.module.ends_with(".stores"))
                        && let Some(s) = f.info.stores.iter().find(|s| s.local == import.name) {
                            return Resolved::Store(s.name.clone());
                        }
                }
            }
        }
        Resolved::Other
    }

    /// Every store declared in the project, in file order then source order.
    pub fn stores(&self) -> impl Iterator<Item = &StoreDecl> {
        self.files.iter().flat_map(|f| f.info.stores.iter())
    }

    /// The class statement of a browser class.
    pub fn class_def(&self, class: usize) -> Option<&ast::StmtClassDef> {
        let c = &self.classes[class];
        match self.files[c.file].ast.as_ref()?.body.get(c.stmt)? {
            Stmt::ClassDef(def) => Some(def),
            _ => None,
        }
    }

    fn find_browser_classes(&mut self) {
        // kinds[(file, name)] for every top-level class, resolved to a fixpoint so that
        // `class Fancy(BaseCard)` is a Component when `BaseCard` is.
        let mut kinds: HashMap<(usize, String), ClassKind> = HashMap::default();
        loop {
            let mut changed = false;
            for (fi, file) in self.files.iter().enumerate() {
                let Some(module) = &file.ast else { continue };
                for (name, &idx) in &file.info.classes {
                    if kinds.contains_key(&(fi, name.clone())) {
                        continue;
                    }
                    let Stmt::ClassDef(def) = &module.body[idx] else { continue };
                    let Some(args) = &def.arguments else { continue };
                    for base in args.args.iter() {
                        if let Some(kind) = self.base_kind(fi, base, &kinds) {
                            kinds.insert((fi, name.clone()), kind);
                            changed = true;
                            break;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut classes: Vec<BrowserClass> = kinds
            .into_iter()
            .map(|((file, name), kind)| {
                let stmt = self.files[file].info.classes[&name];
                BrowserClass { file, stmt, name, kind }
            })
            .collect();
        classes.sort_by_key(|a| (a.file, a.stmt));
        let mut index = vec![HashMap::default(); self.files.len()];
        for (i, c) in classes.iter().enumerate() {
            index[c.file].insert(c.name.clone(), i);
        }
        let mut first: HashMap<(ClassKind, &str), usize> = HashMap::default();
        self.first_of_name = classes.iter().enumerate().map(|(i, c)| *first.entry((c.kind, c.name.as_str())).or_insert(i)).collect();
        self.class_index = index;
        self.classes = classes;
    }

    /// Another class generating the same file name as class `index`, defined before it.
    pub fn earlier_same_name(&self, index: usize) -> Option<usize> {
        self.first_of_name.get(index).copied().filter(|&first| first != index)
    }

    fn base_kind(&self, file: usize, base: &Expr, kinds: &HashMap<(usize, String), ClassKind>) -> Option<ClassKind> {
        let sprag_kind = |sym: &str| match sym {
            "Component" => Some(ClassKind::Component),
            "Module" => Some(ClassKind::Module),
            _ => None,
        };
        match base {
            Expr::Name(n) => {
                let mut f = file;
                let mut name = n.id.to_string();
                for _ in 0..8 {
                    let info = &self.files[f].info;
                    if let Some(sym) = info.sprag.get(&name) {
                        return sprag_kind(sym);
                    }
                    if let Some(kind) = kinds.get(&(f, name.clone())) {
                        return Some(*kind);
                    }
                    let import = info.imports.get(&name)?;
                    f = self.file_for_module(&import.module)?;
                    name = import.name.clone();
                }
                None
            }
            // `sprag.Component` with `import sprag`.
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(root) if root.id.as_str() == "sprag" => sprag_kind(a.attr.as_str()),
                _ => None,
            },
            _ => None,
        }
    }
}

impl SourceFile {
    /// Parse `text` and analyse its top level.
    pub fn parse(path: String, text: String) -> SourceFile {
        let path = path.replace('\\', "/");
        let (module, is_package) = module_name(&path);
        let lines = LineIndex::new(&text);
        let prescan = match bracket_prescan(&text) {
            Ok(p) => p,
            Err(error) => {
                // Too deep for the parser's recursion: report without parsing.
                return SourceFile { path, module, is_package, text: text.into(), lines, ast: None, syntax_errors: vec![error], info: FileInfo::default() };
            }
        };
        let (ast, syntax_errors) = parse_module(&text, &prescan);
        let mut file = SourceFile { path, module, is_package, text: text.into(), lines, ast, syntax_errors, info: FileInfo::default() };
        if let Some(module) = &file.ast {
            file.info = FileInfo::analyse(module, &file.module, file.is_package);
        }
        file
    }
}

/// The syntax tree of `text` (in chunks on several threads when it is big and valid), or
/// its syntax errors. A tree with errors is leaked, not dropped: it may be hostile (too
/// deep to drop recursively).
fn parse_module(text: &str, prescan: &Prescan) -> (Option<ModModule>, Vec<RawDiagnostic>) {
    let module = match chunks::parse(text, &prescan.top_level) {
        Some(module) => module,
        None => {
            let parsed = ruff_python_parser::parse_unchecked_source(text, ruff_python_ast::PySourceType::Python);
            if !parsed.errors().is_empty() {
                let errors = parsed
                    .errors()
                    .iter()
                    .take(20)
                    .map(|e| RawDiagnostic {
                        code: Code::SyntaxError,
                        message: format!("Invalid Python: {}", e.error),
                        range: e.location,
                        owner: None,
                        hint: None,
                        file: None,
                    })
                    .collect();
                std::mem::forget(parsed);
                return (None, errors);
            }
            parsed.into_syntax()
        }
    };
    if prescan.deep
        && let Some(error) = nesting_error(&module)
    {
        std::mem::forget(module);
        return (None, vec![error]);
    }
    (Some(module), Vec::new())
}

/// CPython's limit on nested brackets (`too many nested parentheses`).
const MAX_BRACKETS: usize = 200;
/// spragc's limit on syntax-tree nesting (CPython gives up near 3,000 with a
/// RecursionError); keeps every recursive pass within its stack, native or in a browser's
/// WebAssembly (whose call stack is the engine's, about 1 MB).
pub const MAX_NESTING: usize = 500;

/// Longest run of prefix operators (`not not x`, `- - x`, `lambda: lambda: x`) or chained
/// conditional expressions (`a if b else c if d else ...`) spragc parses.
const MAX_EXPRESSION_CHAIN: usize = 300;

/// Find nesting the (recursive) parser could not survive, before it runs: brackets deeper
/// than CPython allows, and long runs of prefix operators or chained conditionals. Strings
/// and comments are skipped; f-strings are scanned (their `{}` parts nest too).
fn bracket_prescan(text: &str) -> Result<Prescan, RawDiagnostic> {
    let b = text.as_bytes();
    let (mut i, mut depth) = (0usize, 0usize);
    // Tokens that can deepen the syntax tree on the current logical line, and the widest
    // indentation: when both stay small the tree cannot be deep, and the (exact but
    // slower) tree walk after parsing is skipped.
    let mut line_weight = 0usize;
    let mut deep = false;
    let mut expect_operand = true;
    let mut prefix_run = 0usize;
    let mut else_chain: Vec<usize> = vec![0];
    // Starts of top-level lines (outside strings and brackets, not continued), where a big
    // file may be cut to parse on several threads.
    let mut continued = false;
    let mut top_level: Vec<u32> = Vec::new();
    let collect_top_level = b.len() >= chunks::MIN_FILE;
    let error = |at: usize, message: &str, hint: &str| {
        let at = ruff_text_size::TextSize::new(at as u32);
        Err(RawDiagnostic {
            code: Code::SyntaxError,
            message: message.into(),
            range: TextRange::new(at, at + ruff_text_size::TextSize::new(1)),
            owner: None,
            hint: Some(hint.into()),
            file: None,
        })
    };
    let too_long = "Expression too deeply nested";
    let split = "Split it into several statements.";
    // Skip a line's indentation (at `i`, a line start), noting top-level lines and deep
    // indentation.
    macro_rules! line_start {
        () => {{
            let start = i;
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            if collect_top_level && i == start && i < b.len() && depth == 0 && !continued {
                top_level.push(i as u32);
            }
            deep |= i - start > MAX_INDENT;
        }};
    }
    line_start!();
    while i < b.len() {
        let c = b[i];
        // Fast paths for the common bytes (this scan runs over every file on every compile).
        if c == b' ' {
            i += 1;
            continue;
        }
        // Operators and brackets weigh on the logical line (branch-free: most bytes are not).
        line_weight += usize::from(WEIGHTED[c as usize]);
        deep |= line_weight > MAX_LINE_WEIGHT;
        match c {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                continue;
            }
            b'\n' => {
                // A backslash continues the logical line.
                continued = depth > 0 || (i > 0 && b[i - 1] == b'\\');
                if !continued {
                    expect_operand = true;
                    prefix_run = 0;
                    else_chain[0] = 0;
                    line_weight = 0;
                }
                i += 1;
                line_start!();
                continue;
            }
            b'\'' | b'"' => {
                // String prefix letters just before the quote (r, b, u, f, t and pairs).
                let mut p = i;
                while p > 0 && b[p - 1].is_ascii_alphabetic() && i - p < 2 {
                    p -= 1;
                }
                let prefix = &b[p..i];
                let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
                prefix_run = 0;
                expect_operand = false;
                let interpolated = prefix.iter().any(|&l| matches!(l.to_ascii_lowercase(), b'f' | b't'));
                let raw = prefix.iter().any(|&l| l.to_ascii_lowercase() == b'r');
                i += if triple { 3 } else { 1 };
                // In f-strings the `{...}` parts nest like brackets (3.11 rules: inner
                // strings use other quotes, so the closing quote still ends the string).
                let outer = depth;
                while i < b.len() {
                    if !interpolated {
                        // Jump to the next byte that can matter: the quote, a backslash, a newline.
                        match memchr::memchr3(c, b'\\', b'\n', &b[i..]) {
                            Some(k) => i += k,
                            None => {
                                i = b.len();
                                break;
                            }
                        }
                    }
                    if b[i] == b'\\' && !raw {
                        i += 2;
                        continue;
                    }
                    if interpolated {
                        match b[i] {
                            b'{' | b'(' | b'[' if !(b[i] == b'{' && b.get(i + 1) == Some(&b'{') && depth == outer) => {
                                depth += 1;
                                if depth > MAX_BRACKETS {
                                    return error(i, "Invalid Python: too many nested parentheses", "CPython rejects more than 200 nested brackets.");
                                }
                            }
                            b'{' => i += 1,
                            b'}' | b')' | b']' if depth > outer => depth -= 1,
                            b'}' => i += usize::from(b.get(i + 1) == Some(&b'}')),
                            _ => {}
                        }
                    }
                    if b[i] == c && (!triple || (b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c))) {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    if b[i] == b'\n' && !triple {
                        break;
                    }
                    i += 1;
                }
                depth = outer;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                else_chain.push(0);
                expect_operand = true;
                if depth > MAX_BRACKETS {
                    return error(i, "Invalid Python: too many nested parentheses", "CPython rejects more than 200 nested brackets.");
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if else_chain.len() > 1 {
                    else_chain.pop();
                }
                expect_operand = false;
                prefix_run = 0;
            }
            b',' | b'=' | b'<' | b'>' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'@' | b':' => {
                if c == b','
                    && let Some(last) = else_chain.last_mut() {
                        *last = 0;
                    }
                expect_operand = true;
            }
            b'-' | b'+' | b'~' => {
                if expect_operand {
                    prefix_run += 1;
                    if prefix_run > MAX_EXPRESSION_CHAIN {
                        return error(i, too_long, split);
                    }
                }
                expect_operand = true;
            }
            c if IDENT_BYTE[c as usize] => {
                let start = i;
                i += b[i..].iter().position(|&x| !IDENT_BYTE[x as usize]).unwrap_or(b.len() - i);
                let word = keyword(&b[start..i]);
                if word.weighs {
                    line_weight += 1;
                    deep |= line_weight > MAX_LINE_WEIGHT;
                }
                match word.kind {
                    Keyword::Prefix => {
                        prefix_run += 1;
                        expect_operand = true;
                        if prefix_run > MAX_EXPRESSION_CHAIN {
                            return error(start, too_long, split);
                        }
                    }
                    Keyword::Else => {
                        expect_operand = true;
                        if let Some(last) = else_chain.last_mut() {
                            *last += 1;
                            if *last > MAX_EXPRESSION_CHAIN {
                                return error(start, too_long, split);
                            }
                        }
                    }
                    Keyword::Operand => {
                        expect_operand = true;
                    }
                    Keyword::Name => {
                        expect_operand = false;
                        prefix_run = 0;
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(Prescan { deep, top_level })
}

/// How the pre-parse scan treats a word.
enum Keyword {
    /// `not`, `await`, `lambda`: a prefix that nests the operand after it.
    Prefix,
    Else,
    /// Any other keyword after which an operand follows (`if`, `and`, `return`, ...).
    Operand,
    /// A name (or a keyword ending an operand, like `None`).
    Name,
}

struct Word {
    kind: Keyword,
    /// Whether the word deepens an expression (`not`, `and`, `if`, `in`, ...).
    weighs: bool,
}

/// Classify a word for the pre-parse scan. Every keyword that matters is 2 to 6
/// lowercase letters starting with one of a few letters, so most names are settled by
/// their length and first byte.
#[inline]
fn keyword(word: &[u8]) -> Word {
    let name = Word { kind: Keyword::Name, weighs: false };
    if !(2..=6).contains(&word.len()) || !matches!(word[0], b'a' | b'd' | b'e' | b'f' | b'i' | b'l' | b'n' | b'o' | b'r' | b'w' | b'y') {
        return name;
    }
    let (kind, weighs) = match word {
        b"not" | b"await" | b"lambda" => (Keyword::Prefix, true),
        b"else" => (Keyword::Else, true),
        b"and" | b"or" | b"if" | b"in" | b"is" => (Keyword::Operand, true),
        b"return" | b"yield" | b"for" | b"from" | b"import" | b"del" | b"assert" | b"raise" | b"while" | b"elif" | b"with" | b"as" => (Keyword::Operand, false),
        _ => return name,
    };
    Word { kind, weighs }
}

/// ASCII punctuation that weighs on a logical line for the pre-parse scan (all but
/// quotes, `#`, `,`, `;` and `_`).
const WEIGHTED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_punctuation() && !matches!(b, b'\'' | b'"' | b'#' | b',' | b';' | b'_');
        i += 1;
    }
    t
};

/// Bytes that continue a name for the pre-parse scan: `_`, ASCII letters and digits, and
/// every byte of a non-ASCII character.
const IDENT_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
        i += 1;
    }
    t
};

/// What the pre-parse scan learnt.
struct Prescan {
    /// A logical line or an indentation that could hold a deep syntax tree.
    deep: bool,
    /// Byte offsets of top-level line starts (collected for big files only).
    top_level: Vec<u32>,
}

/// Indentation (characters) and per-logical-line operator count below which the syntax
/// tree cannot reach [`MAX_NESTING`]: each statement level needs a deeper indentation
/// (about two tree levels each), each expression level an operator, bracket or keyword.
const MAX_INDENT: usize = 100;
const MAX_LINE_WEIGHT: usize = 200;

/// Reject sources nested deeper than the compiler's recursive passes can take.
fn nesting_error(module: &ModModule) -> Option<RawDiagnostic> {
    use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, TraversalSignal};
    use ruff_python_ast::AnyNodeRef;
    struct Depth {
        depth: usize,
        too_deep: Option<TextRange>,
    }
    impl<'a> SourceOrderVisitor<'a> for Depth {
        fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
            // `leave_node` runs for every entered node, skipped or not.
            self.depth += 1;
            if self.too_deep.is_some() {
                return TraversalSignal::Skip;
            }
            if self.depth > MAX_NESTING {
                self.too_deep = Some(node.range());
                return TraversalSignal::Skip;
            }
            TraversalSignal::Traverse
        }
        fn leave_node(&mut self, _node: AnyNodeRef<'a>) {
            self.depth -= 1;
        }
    }
    let mut v = Depth { depth: 0, too_deep: None };
    for stmt in &module.body {
        v.visit_stmt(stmt);
    }
    v.too_deep.map(|range| RawDiagnostic {
        code: Code::SyntaxError,
        message: format!("Code nested more than {MAX_NESTING} levels deep is not supported."),
        range: TextRange::at(range.start(), 0.into()),
        owner: None,
        hint: Some("Split the expression; CPython itself fails on such nesting with a RecursionError.".into()),
        file: None,
    })
}

/// `app/routes/counter/components.py` -> (`app.routes.counter.components`, false).
fn module_name(path: &str) -> (String, bool) {
    let trimmed = path.trim_start_matches("./").trim_start_matches('/');
    let stem = trimmed.strip_suffix(".py").unwrap_or(trimmed);
    let (stem, is_package) = match stem.strip_suffix("/__init__") {
        Some(s) => (s, true),
        None if stem == "__init__" => ("", true),
        None => (stem, false),
    };
    (stem.replace('/', "."), is_package)
}

/// Absolute module of `from <level dots><module> import ...` inside `current`.
pub fn resolve_relative(current: &str, is_package: bool, level: u32, module: Option<&str>) -> Option<String> {
    if level == 0 {
        return module.map(str::to_string);
    }
    let mut parts: Vec<&str> = if current.is_empty() { vec![] } else { current.split('.').collect() };
    if !is_package {
        parts.pop();
    }
    for _ in 1..level {
        parts.pop()?;
    }
    let base = parts.join(".");
    Some(match module {
        Some(m) if base.is_empty() => m.to_string(),
        Some(m) => format!("{base}.{m}"),
        None => base,
    })
}

impl FileInfo {
    fn analyse(module: &ModModule, current: &str, is_package: bool) -> FileInfo {
        let mut info = FileInfo::default();
        for (idx, stmt) in module.body.iter().enumerate() {
            match stmt {
                Stmt::ImportFrom(node) => {
                    let Some(target) = resolve_relative(
                        current,
                        is_package,
                        node.level,
                        node.module.as_ref().map(|m| m.as_str()),
                    ) else {
                        continue;
                    };
                    let server = node.level == 0 && matches!(target.as_str(), "sprag" | "sprag.runtime.server");
                    for alias in &node.names {
                        let name = alias.name.as_str();
                        if name == "*" {
                            continue;
                        }
                        let local = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                        if server && crate::names::SERVER_ONLY_SYMBOLS.contains(&name) {
                            info.server_only.push(local.clone());
                        }
                        if target == "sprag" || target.starts_with("sprag.") {
                            info.sprag.insert(local.clone(), name.to_string());
                        } else {
                            info.sprag.remove(&local);
                        }
                        info.imports.insert(
                            local,
                            ImportBinding { module: target.clone(), name: name.to_string(), range: alias.range },
                        );
                    }
                }
                Stmt::ClassDef(def) => {
                    info.classes.insert(def.name.to_string(), idx);
                }
                Stmt::FunctionDef(def)
                    if def.decorator_list.is_empty() && !def.is_async => {
                        info.add_helper(def.name.as_str(), idx);
                    }
                Stmt::Assign(assign) => {
                    if let [Expr::Name(target)] = assign.targets.as_slice() {
                        info.add_helper(target.id.as_str(), idx);
                        info.note_store(target.id.as_str(), &assign.value, assign.range);
                    }
                }
                Stmt::AnnAssign(assign) => {
                    if let (Expr::Name(target), Some(value)) = (&*assign.target, &assign.value) {
                        info.add_helper(target.id.as_str(), idx);
                        info.note_store(target.id.as_str(), value, assign.range);
                    }
                }
                _ => {}
            }
            info.collect_aliases(stmt);
        }
        info.server_only.sort();
        info.server_only.dedup();
        info
    }

    fn add_helper(&mut self, name: &str, idx: usize) {
        if let Some(slot) = self.helpers.iter_mut().find(|(n, _)| n == name) {
            slot.1 = idx;
        } else {
            self.helpers.push((name.to_string(), idx));
        }
    }

    /// Record `local = store("name", initial={...})` when `store` is SPRAG's.
    fn note_store(&mut self, local: &str, value: &Expr, range: TextRange) {
        let Expr::Call(call) = value else { return };
        let Expr::Name(func) = &*call.func else { return };
        if self.sprag.get(func.id.as_str()).map(String::as_str) != Some("store") {
            return;
        }
        let Some(name) = call.arguments.args.first().and_then(Literal::eval).and_then(|l| l.as_str().map(str::to_string))
        else {
            return;
        };
        let initial = call
            .arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().map(|a| a.as_str()) == Some("initial"))
            .map(|k| &k.value)
            .or_else(|| call.arguments.args.get(1))
            .and_then(Literal::eval)
            .unwrap_or(Literal::Dict(vec![]));
        let initial = if initial == Literal::None { Literal::Dict(vec![]) } else { initial };
        self.stores.retain(|s| s.local != local);
        self.stores.push(StoreDecl { local: local.to_string(), name, initial, range });
    }

    /// Collect `modules={"alias": ...}` keys from `page(...)`-like calls in a top-level
    /// assignment or expression statement (where pages and mounts are declared).
    fn collect_aliases(&mut self, stmt: &Stmt) {
        use ruff_python_ast::visitor::{self, Visitor};
        let value = match stmt {
            Stmt::Assign(a) => &*a.value,
            Stmt::Expr(e) => &*e.value,
            _ => return,
        };
        if !matches!(value, Expr::Call(_)) {
            return;
        }
        struct Finder<'a>(&'a mut BTreeSet<String>);
        impl<'a, 'b> Visitor<'b> for Finder<'a> {
            fn visit_expr(&mut self, expr: &'b Expr) {
                if let Expr::Call(call) = expr {
                    for kw in call.arguments.keywords.iter() {
                        if kw.arg.as_ref().map(|a| a.as_str()) == Some("modules")
                            && let Expr::Dict(d) = &kw.value {
                                for item in &d.items {
                                    if let Some(Expr::StringLiteral(s)) = &item.key {
                                        self.0.insert(s.value.to_str().to_string());
                                    }
                                }
                            }
                    }
                }
                visitor::walk_expr(self, expr);
            }
        }
        Finder(&mut self.import_aliases).visit_expr(value);
    }
}

/// The source range of a statement (re-exported for callers that hold a `Stmt`).
pub fn stmt_range(stmt: &Stmt) -> TextRange {
    stmt.range()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prescan_counts_code_brackets_only() {
        let deep = format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201));
        assert!(bracket_prescan(&deep).is_err());
        let ok = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
        assert!(bracket_prescan(&ok).is_ok());
        // Brackets in strings, comments and literal f-string text do not nest.
        let strings = format!("a = '{}'\nb = \"\"\"{}\"\"\"  # {}\nc = f\"{{{{{}\"\n", "(".repeat(300), "[".repeat(300), "{".repeat(300), "{{".repeat(300));
        assert!(bracket_prescan(&strings).is_ok(), "{strings}");
        // f-string expressions do.
        let fdeep = format!("x = f\"{{{}1{}}}\"\n", "(".repeat(250), ")".repeat(250));
        assert!(bracket_prescan(&fdeep).is_err());
        // Many f-strings in a row keep the count balanced.
        let many = "y = f\"{a!r} and {{b}} {c['k']}\" + f'{d:>{w}}'\n".repeat(2000);
        assert!(bracket_prescan(&many).is_ok());
        assert!(!bracket_prescan(&many).unwrap().deep);
    }

    #[test]
    fn relative_imports() {
        assert_eq!(resolve_relative("app.routes.counter.web", false, 1, Some("components")).unwrap(), "app.routes.counter.components");
        assert_eq!(resolve_relative("app.routes.counter.web", false, 3, Some("stores")).unwrap(), "app.stores");
        assert_eq!(resolve_relative("app.pkg", true, 1, Some("x")).unwrap(), "app.pkg.x");
        assert_eq!(resolve_relative("web", false, 2, Some("x")), None);
    }

    #[test]
    fn finds_browser_classes_across_files() {
        let p = Project::new(vec![
            ("app/base.py".into(), "from sprag import Component as C\nclass Base(C):\n    pass\n".into()),
            ("app/ui.py".into(), "from .base import Base\nclass Fancy(Base):\n    pass\nclass Plain:\n    pass\n".into()),
            ("app/stores.py".into(), "from sprag import store\ncounter = store('count', initial={'n': 1})\n".into()),
            ("app/m.py".into(), "from app.stores import counter as c\n".into()),
        ]);
        let names: Vec<_> = p.classes.iter().map(|c| (c.name.as_str(), c.kind)).collect();
        assert_eq!(names, vec![("Base", ClassKind::Component), ("Fancy", ClassKind::Component)]);
        let m = p.file_for_module("app.m").unwrap();
        assert!(matches!(p.resolve(m, "c"), Resolved::Store(ref s) if s == "count"));
    }
}
