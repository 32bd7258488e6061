//! Diagnostics: every problem spragc reports is a value with a stable code, a span and a hint.
//!
//! Spans are byte ranges while compiling; they become 1-based lines and columns
//! (columns counted in characters) only when a [`Diagnostic`] is built, at the edge.

use ruff_text_size::TextRange;

/// How bad a diagnostic is: errors stop a class from being emitted, warnings never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// Lower-case name used in JSON and human output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $title:literal;)*) => {
        /// Stable diagnostic codes. The README has a table of all of them (a test checks it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code string, e.g. `SPR101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// Default severity of this code.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One-line summary used in the README table.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

codes! {
    SyntaxError = "SPR001", Error, "Invalid Python (reported by the parser)";
    UnsupportedStatement = "SPR101", Error, "Statement the browser compiler does not support (`with`, `del`, `assert`, nested `def`, `raise`, ...)";
    UnsupportedExpression = "SPR102", Error, "Expression the browser compiler does not support (set literal, `yield`, bytes, ...)";
    UnsupportedOperator = "SPR103", Error, "Operator the browser compiler does not support (`//`, `**`, bitwise except `|`)";
    AnnotationOnly = "SPR104", Error, "Annotation-only local variable";
    UnsupportedTarget = "SPR105", Error, "Assignment target the browser compiler does not support (subscript, starred, ...)";
    NestedUnpacking = "SPR106", Error, "Nested tuple unpacking";
    LoopElse = "SPR107", Error, "`for`/`else` or `while`/`else`";
    TryElse = "SPR108", Error, "`try`/`else`";
    MultiGenerator = "SPR109", Error, "Comprehension with more than one `for`";
    WalrusPlacement = "SPR110", Error, "Walrus operator with a non-name target or inside a comprehension/lambda";
    SliceStep = "SPR111", Error, "Slice with a step";
    RenderStatement = "SPR112", Error, "Statement not allowed directly in `Component.render()` (only assignments, `if` and `return`)";
    ComponentSubscribe = "SPR113", Error, "`self.subscribe(...)` in a Component";
    MountOutsideRender = "SPR114", Error, "`ui.For`/`ui.Grid`/`ui.LazyImage` outside `render()`";
    KwargsUnpack = "SPR115", Error, "`**kwargs` in a call or a parameter list";
    FrameworkField = "SPR116", Error, "Assignment to `self.state`/`self.screen` in `Module.__init__`";
    UnknownImportAlias = "SPR117", Error, "`imports.alias` not declared by any `page(modules=...)`/`mount(modules=...)`";
    ServerOnlyImport = "SPR118", Error, "Browser Module file imports a server-only SPRAG symbol";
    HelperCollision = "SPR119", Error, "Top-level helper named like a store or an imported browser class";
    VirtualScrollMethods = "SPR120", Error, "`@virtual_scroll` class without the methods it needs";
    DecoratorArguments = "SPR121", Error, "Decorator or `ref()` arguments that are not literal or not valid";
    Arity = "SPR122", Error, "Builtin or method called with the wrong number of arguments";
    EnvCall = "SPR123", Error, "Invalid `env(...)`/`public_env()` call in browser code";
    ClassNameCollision = "SPR124", Error, "Two browser classes with the same generated file name";
    UnsupportedPattern = "SPR125", Error, "`match` pattern the compiler does not support";
    ReferenceListMethod = "SPR301", Warning, "List method on a list held in `self.<attr>`: sprag build 0.1.24 emits the Python method name, which throws";
    ReferenceMinMax = "SPR302", Warning, "`min(xs)`/`max(xs)` over one iterable: sprag build 0.1.24 emits `Math.min(xs)`, which is NaN";
    ReferenceRound = "SPR303", Warning, "`round(x, n)`: sprag build 0.1.24 drops `n`";
    ReferenceNegativeIndex = "SPR304", Warning, "Negative index `xs[-1]`: sprag build 0.1.24 emits `xs[-(1)]`, which is undefined";
    ReferenceMissingBuiltin = "SPR305", Warning, "Python builtin the reference leaves as an undefined JavaScript name (`sorted`, `enumerate`, `zip`, `any`, `isinstance`, ...)";
    ReferenceBlockScope = "SPR306", Warning, "Variable first assigned inside a block and used after it: sprag build 0.1.24 declares it with `let` inside the block";
    ReferenceParamRedeclare = "SPR307", Warning, "Reassigned parameter: sprag build 0.1.24 emits `let <param>`, a SyntaxError";
    ReferenceConstReassign = "SPR308", Warning, "Reassigned `render()` local or loop variable: sprag build 0.1.24 declares it `const`, so the reassignment throws";
    ReferenceDefaults = "SPR309", Warning, "Parameter default, method `*args` or keyword-only parameter: sprag build 0.1.24 drops it";
    ReferenceFormatSpec = "SPR310", Warning, "f-string format spec or conversion: sprag build 0.1.24 drops it";
    ReferenceDictMembership = "SPR311", Warning, "`k in d` on a dict: sprag build 0.1.24 emits `d.includes(k)`, which throws";
    ReferenceUnboundMethod = "SPR312", Warning, "Method reference used as a value: sprag build 0.1.24 leaves it unbound";
    ReferenceSplit = "SPR313", Warning, "`s.split()` without a separator: sprag build 0.1.24 emits `s.split()`, which does not split on whitespace";
    ReferenceKeywordOrder = "SPR314", Warning, "Keyword arguments to a method of the class: sprag build 0.1.24 passes them in written order, not by name";
    ReferenceClassAttribute = "SPR315", Warning, "Class attribute read through `self`: sprag build 0.1.24 does not emit class attributes";
    ReferenceDictMethod = "SPR316", Warning, "`d.items()`/`d.keys()`/`d.values()`/`len(d)` on a dict: sprag build 0.1.24 emits JavaScript that throws";
    ReferenceStrMethod = "SPR317", Warning, "String method whose argument sprag build 0.1.24 drops (`s.strip(chars)` → `s.trim(chars)`)";
    ReferenceTruthiness = "SPR318", Warning, "Truth test of a list or dict: an empty one is falsy in Python but truthy in JavaScript";
    ReferenceSequenceOp = "SPR319", Warning, "`+`/`*` on lists or `*` on strings: sprag build 0.1.24 emits numeric JavaScript operators";
    ReferenceChainedComparison = "SPR320", Warning, "Chained comparison `a < b < c`: sprag build 0.1.24 compares a boolean with `c`";
    ReferenceRangeStep = "SPR321", Warning, "`range()` with a negative step in a `for` loop: sprag build 0.1.24 emits a loop that never runs";
    ReferenceMultipleExcept = "SPR322", Warning, "Several `except` clauses: sprag build 0.1.24 emits several `catch` blocks, a SyntaxError";
    ReferenceNoneTest = "SPR323", Warning, "`x is None`: sprag build 0.1.24 emits `x === null`, which is false for `undefined` (a missing key or attribute)";
    ReferenceListSort = "SPR324", Warning, "`xs.sort()` on a list: JavaScript sorts numbers as strings unless given a comparator";
    ReferenceModuleRefs = "SPR326", Warning, "`ref()` on a Module: sprag build 0.1.24 stores into `this.refs`, which a Ragot Module does not have (TypeError in `onStart`)";
    ReferenceImportedHelper = "SPR327", Warning, "Helper imported from another file of the app: sprag build 0.1.24 does not compile it (ReferenceError)";
    ReferenceBoolOpPrecedence = "SPR328", Warning, "`and`/`or` as an operand of `+`, a comparison, `.attr` or `[i]`: sprag build 0.1.24 drops the parentheses, so JavaScript groups it differently";
    ServerUnsupported = "SPR401", Error, "Server code the server target does not support (yet): `match`, generators, `@property`, `async with`, ...";
    ServerUnavailableModule = "SPR402", Error, "Server code imports a module the mock server cannot provide (`os`, `subprocess`, `threading`, ...)";
    ServerUnknownName = "SPR403", Warning, "Server code reads a name that is never defined (Python would raise NameError)";
    ReferenceListRemove = "SPR325", Warning, "`xs.remove(v)` of a missing value: sprag build 0.1.24's `splice(indexOf(v), 1)` removes the last item instead of raising";
}

/// One problem found in the user's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `SPR101`.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the reference compiler's words where it has words for it.
    pub message: String,
    /// File the problem is in (project-relative path as given).
    pub file: String,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column (in characters) of the start.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column (in characters) just past the end.
    pub end_column: u32,
    /// `Class.method`, `Class`, or `<top-level helper name>` when known.
    pub owner: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
}

/// A diagnostic before it is located: byte range plus owner, in the file being compiled.
#[derive(Clone, Debug)]
pub struct RawDiagnostic {
    pub code: Code,
    pub message: String,
    pub range: TextRange,
    pub owner: Option<String>,
    pub hint: Option<String>,
    /// The project file (index) the range is in, when it is not the file being compiled.
    pub file: Option<usize>,
}

impl RawDiagnostic {
    /// The same diagnostic, located in project file `file`.
    pub fn in_file(mut self, file: usize) -> Self {
        self.file = Some(file);
        self
    }

    /// Attach file name and line/column positions.
    pub fn locate(self, file: &str, text: &str, lines: &LineIndex) -> Diagnostic {
        let (line, column) = lines.line_col(text, self.range.start().into());
        let (end_line, end_column) = lines.line_col(text, self.range.end().into());
        Diagnostic {
            code: self.code,
            severity: self.code.severity(),
            message: self.message,
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            owner: self.owner,
            hint: self.hint,
        }
    }
}

/// Line starts of one source text, to turn byte offsets into line/column pairs.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// One bit per line: set when the line holds a non-ASCII character (empty for an ASCII
    /// text). Columns on the other lines are byte counts.
    non_ascii_lines: Vec<u64>,
    text_len: u32,
}

/// Length of `s` in UTF-16 code units, counted on the bytes (this runs for every source
/// position of a non-ASCII file, and for every token printed): one unit per character,
/// two for 4-byte characters.
pub(crate) fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.bytes().map(|b| ((b & 0xC0) != 0x80) as usize + (b >= 0xF0) as usize).sum()
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0u32);
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i as u32 + 1));
        } else {
            // `\r\n` and lone `\r` end lines too, as Python's tokenizer treats them.
            let mut i = 0;
            while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
                let at = i + off;
                let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
                starts.push(next as u32);
                i = next;
            }
        }
        let mut non_ascii_lines = Vec::new();
        if !text.is_ascii() {
            non_ascii_lines = vec![0u64; starts.len().div_ceil(64)];
            for (line, &start) in starts.iter().enumerate() {
                let end = starts.get(line + 1).map_or(bytes.len(), |&n| n as usize);
                if !bytes[start as usize..end].is_ascii() {
                    non_ascii_lines[line / 64] |= 1 << (line % 64);
                }
            }
        }
        LineIndex { starts, non_ascii_lines, text_len: text.len() as u32 }
    }

    /// True when 0-based `line` is all ASCII (its columns are byte counts).
    fn ascii_line(&self, line: usize) -> bool {
        self.non_ascii_lines.get(line / 64).is_none_or(|&w| w & (1 << (line % 64)) == 0)
    }

    /// 0-based line number holding byte `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.text_len);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(self.text_len)
    }

    /// 1-based line and 1-based character column of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text_len);
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = if self.ascii_line(line) {
            offset - start
        } else {
            let mut end = offset as usize;
            while end > start as usize && !text.is_char_boundary(end) {
                end -= 1;
            }
            text.get(start as usize..end).map(|s| s.chars().count() as u32).unwrap_or(0)
        };
        (line as u32 + 1, col + 1)
    }

    /// 0-based line and 0-based UTF-16 column of byte `offset` in `text`, as source maps count.
    pub fn line_col_utf16(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text_len);
        let line = self.line_of(offset);
        self.col_utf16(text, line, offset)
    }

    /// Like [`LineIndex::line_col_utf16`], trying line `hint` (the previous answer) first.
    pub fn line_col_utf16_near(&self, text: &str, offset: u32, hint: u32) -> (u32, u32) {
        let offset = offset.min(self.text_len);
        let line = self.line_of_near(offset, hint as usize);
        self.col_utf16(text, line, offset)
    }

    /// 0-based line holding byte `offset` (at most the text's length), searched outwards
    /// from line `hint` in doubling steps: the mappings of one class lie a few lines apart,
    /// so finding them costs the same in a file of any length (a binary search over every
    /// line start would not).
    fn line_of_near(&self, offset: u32, hint: usize) -> usize {
        let starts = &self.starts;
        if hint >= starts.len() {
            return self.line_of(offset);
        }
        // The answer is the last line start <= offset, within starts[lo..hi].
        let (lo, hi) = if starts[hint] <= offset {
            let (mut lo, mut step) = (hint, 1);
            loop {
                let probe = lo + step;
                if probe >= starts.len() || starts[probe] > offset {
                    break (lo, probe.min(starts.len()));
                }
                (lo, step) = (probe, step * 2);
            }
        } else {
            // starts[0] is 0, at most any offset: the walk back ends at or before it.
            let (mut hi, mut step) = (hint, 1);
            loop {
                let probe = hi.saturating_sub(step);
                if starts[probe] <= offset {
                    break (probe, hi);
                }
                (hi, step) = (probe, step * 2);
            }
        };
        lo + starts[lo..hi].partition_point(|&s| s <= offset) - 1
    }

    fn col_utf16(&self, text: &str, line: usize, offset: u32) -> (u32, u32) {
        let start = self.starts[line] as usize;
        let col = if self.ascii_line(line) {
            offset as usize - start
        } else {
            text.get(start..offset as usize).map(utf16_len).unwrap_or(0)
        };
        (line as u32, col as u32)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True for an empty text (it still has one empty line).
    pub fn is_empty(&self) -> bool {
        self.text_len == 0
    }
}

impl Diagnostic {
    /// Human-readable rendering with the source line and a caret, like rustc.
    pub fn render(&self, source: Option<&str>) -> String {
        let pad = " ".repeat(self.line.to_string().len());
        let mut out = format!("{}[{}]: {}\n", self.severity.as_str(), self.code.as_str(), self.message);
        out.push_str(&format!("{pad}--> {}:{}:{}", self.file, self.line, self.column));
        if let Some(owner) = &self.owner {
            out.push_str(&format!(" (in {owner})"));
        }
        out.push('\n');
        if let Some(text) = source.and_then(|src| src.lines().nth(self.line as usize - 1)) {
            let width = if self.end_line == self.line {
                self.end_column.saturating_sub(self.column).max(1)
            } else {
                (text.chars().count() as u32 + 1).saturating_sub(self.column).max(1)
            };
            let lead: String = text.chars().take(self.column as usize - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("{pad} |\n{} | {text}\n{pad} | {lead}{}\n", self.line, "^".repeat(width as usize)));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("{pad} = hint: {hint}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn line_col_near_any_hint_matches_the_plain_lookup() {
        // A small text (every hint), and one of 300 lines of varied lengths, so that the
        // search from the hint takes long strides both ways.
        let small = "a = 1\n\nclass Wörld:\n    x = 'é'\r\n    y = 2\n\n\n\n\n\n\n\nz = 3\n".to_string();
        let big: String = (0..300).map(|i| format!("{}\n", "x".repeat(i * 7 % 23))).collect();
        for (text, hint_step) in [(small, 1), (big, 5)] {
            let index = LineIndex::new(&text);
            for offset in 0..=text.len() as u32 {
                if !text.is_char_boundary(offset as usize) {
                    continue;
                }
                let expected = index.line_col_utf16(&text, offset);
                for hint in (0..index.len() as u32 + 2).step_by(hint_step) {
                    assert_eq!(index.line_col_utf16_near(&text, offset, hint), expected, "offset {offset}, hint {hint}");
                }
            }
        }
    }

    /// Columns on the ASCII lines of a non-ASCII text are byte counts, on the others UTF-16
    /// units: both agree with counting the characters (across more than 64 lines, so
    /// across words of the line bitset).
    #[test]
    fn utf16_columns_on_mixed_lines() {
        let mut text = String::new();
        for i in 0..150 {
            text.push_str(match i % 5 {
                0 => "x = 'é𝄞'\n",
                1 => "plain = 1\r\n",
                2 => "\n",
                3 => "s = \"ünï\" + 'ok'\n",
                _ => "def f(a, b):\n",
            });
        }
        let index = LineIndex::new(&text);
        let (mut line, mut line_start) = (0u32, 0usize);
        for (offset, c) in text.char_indices().chain([(text.len(), '\0')]) {
            let col: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
            assert_eq!(index.line_col_utf16(&text, offset as u32), (line, col as u32), "offset {offset}");
            if c == '\n' {
                line += 1;
                line_start = offset + 1;
            }
        }
    }
}
