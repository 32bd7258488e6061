//! Parsing one big file on several threads (native builds): its text is cut before
//! top-level `class`, `def` and decorator lines (found by the pre-parse scan, outside
//! strings and brackets) into a few chunks, each chunk is parsed on its own with absolute
//! offsets (ruff's `parse_cells_unchecked`, one range at a time), and the statements are
//! joined: the very tree a whole-file parse gives. Should a cut still land in the wrong
//! place, the chunk before it is incomplete: any syntax error in any chunk means the caller
//! parses the whole file instead, and reports errors exactly as before.

use ruff_python_ast::{ModModule, PySourceType};
use ruff_python_parser::ParseOptions;
use ruff_text_size::{TextRange, TextSize};

/// Smallest chunk (bytes).
const MIN_CHUNK: usize = 32 * 1024;
/// Smallest file worth cutting.
pub(super) const MIN_FILE: usize = 2 * MIN_CHUNK;

/// The module of `text` parsed in chunks, or None when the file is small, there is one
/// thread, no cut is possible, or a chunk has a syntax error. `top_level` holds the
/// offsets of the file's top-level line starts.
pub(super) fn parse(text: &str, top_level: &[u32]) -> Option<ModModule> {
    if text.len() < MIN_FILE || text.len() > u32::MAX as usize || !crate::parallel::available() {
        return None;
    }
    // One chunk per thread: `parallel::map` gives each thread one run of equal size anyway.
    let pieces = (text.len() / MIN_CHUNK).min(crate::parallel::threads());
    let cuts = cuts(text, top_level, pieces);
    if cuts.is_empty() {
        return None;
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for &cut in &cuts {
        ranges.push(TextRange::new(TextSize::new(start as u32), TextSize::new(cut as u32)));
        start = cut;
    }
    ranges.push(TextRange::new(TextSize::new(start as u32), TextSize::new(text.len() as u32)));
    let options = ParseOptions::from(PySourceType::Python);
    let parsed = crate::parallel::map(ranges, |range| range.len().to_usize(), true, |range| ruff_python_parser::parse_cells_unchecked(text, [range], &options));
    if parsed.iter().any(|p| !p.errors().is_empty()) {
        // Keep the policy of the whole-file path: a tree with errors may be hostile (too
        // deep to drop recursively), so it is leaked rather than dropped.
        std::mem::forget(parsed);
        return None;
    }
    let mut modules = parsed.into_iter().map(|p| p.into_syntax());
    let mut module = modules.next()?;
    for next in modules {
        module.range = TextRange::new(module.range.start(), next.range.end());
        module.body.extend(next.body);
    }
    Some(module)
}

/// Up to `pieces - 1` offsets to cut `text` at, spread evenly: top-level line starts
/// that begin a `class`, `def`, `async def` or decorator, and follow no decorator line.
fn cuts(text: &str, top_level: &[u32], pieces: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let starts_definition = |at: usize| {
        let rest = &bytes[at..];
        rest.starts_with(b"class ") || rest.starts_with(b"def ") || rest.starts_with(b"async def ") || rest.starts_with(b"@")
    };
    let mut out: Vec<usize> = Vec::new();
    let mut next = 0;
    for piece in 1..pieces {
        let target = text.len() * piece / pieces;
        next += top_level[next..].partition_point(|&c| (c as usize) < target);
        let Some(cut) = (next..top_level.len()).find(|&i| starts_definition(top_level[i] as usize) && !after_decorator(bytes, top_level, i)).map(|i| top_level[i] as usize) else { break };
        if cut - out.last().copied().unwrap_or(0) >= MIN_CHUNK / 2 && text.len() - cut >= MIN_CHUNK / 2 {
            out.push(cut);
        }
    }
    out
}

/// True when the top-level line before `top_level[index]` (blank and comment lines aside)
/// is a decorator, whose definition the line continues.
fn after_decorator(bytes: &[u8], top_level: &[u32], index: usize) -> bool {
    top_level[..index]
        .iter()
        .rev()
        .map(|&at| bytes[at as usize])
        .find(|&first| !matches!(first, b'\n' | b'\r' | b'#' | b' ' | b'\t' | b'\x0c'))
        .is_some_and(|first| first == b'@')
}

#[cfg(test)]
mod tests {
    /// A big file with the places a cut must not go: strings holding top-level-looking
    /// lines, brackets, backslash continuations, decorators, comments.
    fn tricky(copies: usize) -> String {
        let mut out = String::from("import functools\n\n");
        for i in 0..copies {
            out.push_str(&format!(
                r#"
@functools.cache
@other(
    1,
)

class Panel{i}:
    """Docs.
class NotAClass{i}:
def not_a_def():
@not_a_decorator
"""

    def render(self, x=[
1,
    ]):
        return x \
+ 1


def helper{i}(a, b):
    # comment
    return (a
        + b)


VALUE{i} = """
def inside_string():
    pass
"""
async def fetch{i}():
    return 1
"#
            ));
        }
        out
    }

    #[test]
    fn chunks_give_the_whole_file_tree() {
        let text = tricky(600);
        assert!(text.len() > 4 * super::MIN_CHUNK);
        let whole = ruff_python_parser::parse_unchecked_source(&text, ruff_python_ast::PySourceType::Python);
        assert!(whole.errors().is_empty(), "{:?}", whole.errors().first());
        let prescan = super::super::bracket_prescan(&text).unwrap();
        let cuts = super::cuts(&text, &prescan.top_level, 8);
        assert!(cuts.len() >= 3, "cuts: {cuts:?}");
        for &cut in &cuts {
            let line = &text[cut..text[cut..].find('\n').unwrap() + cut];
            assert!(line.starts_with("@functools") || line.starts_with("def helper") || line.starts_with("async def fetch"), "cut before {line:?}");
        }
        if crate::parallel::available() {
            let chunked = super::parse(&text, &prescan.top_level).expect("parsed in chunks");
            assert_eq!(&chunked, whole.syntax());
        }
    }

    #[test]
    fn a_cut_inside_a_string_or_brackets_is_an_error_in_some_chunk() {
        // A cut inside the triple-quoted string or the open brackets.
        let text = "x = 1\ns = \"\"\"\nclass A:\n    pass\n\"\"\"\ny = [\n@z\n]\n";
        for (cut, what) in [(text.find("class A").unwrap(), "string"), (text.find("@z").unwrap(), "brackets")] {
            let before = ruff_python_parser::parse_unchecked_source(&text[..cut], ruff_python_ast::PySourceType::Python);
            assert!(!before.errors().is_empty(), "a cut inside the {what} must leave an incomplete chunk");
        }
    }

    #[test]
    fn invalid_files_are_not_chunked() {
        let mut text = tricky(600);
        text.push_str("\ndef broken(:\n    pass\n");
        let prescan = super::super::bracket_prescan(&text).unwrap();
        assert!(super::parse(&text, &prescan.top_level).is_none());
    }
}
