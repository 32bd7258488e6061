//! Source map v3 with column precision: every position swc records while printing is
//! mapped back to the Python byte offset it came from (spans carry offsets + 1).

use serde::Serialize;
use swc_common::{BytePos, LineCol};

use crate::diagnostics::LineIndex;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// One method's generated line range, for SPRAG's dev overlay (`x_sprag.methods`).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct MethodSpan {
    pub name: String,
    pub source_line: u32,
    pub generated_start_line: u32,
    pub generated_end_line: u32,
}

/// SPRAG's source-map extension naming the class behind a generated file.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct SpragExtension {
    pub class: String,
    pub kind: &'static str,
    pub methods: Vec<MethodSpan>,
}

/// Decoded mapping: generated (line, col) -> original (line, col), all 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub gen_line: u32,
    pub gen_col: u32,
    pub src_line: u32,
    pub src_col: u32,
    pub name: Option<u32>,
}

/// Turn the (span position, generated position) pairs swc's `JsWriter` records into
/// mappings. spragc itself builds the same mappings while printing
/// ([`super::print_mapped`]); this is the straightforward form, for tools holding a
/// position list (and the test that holds the two to the same result).
pub fn mappings(positions: &[(BytePos, LineCol)], source: &str, lines: &LineIndex, generated: &str, names: &mut Vec<String>) -> Vec<Mapping> {
    let gen_lines = GeneratedLines::new(generated);
    let mut name_ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::with_capacity_and_hasher(names.len() + positions.len() / 4, Default::default());
    name_ids.extend(names.iter().enumerate().map(|(i, n)| (n.as_str(), i as u32)));
    let mut new_names: Vec<&str> = Vec::new();
    let mut out: Vec<Mapping> = Vec::with_capacity(positions.len());
    let mut last_line = 0;
    for (pos, generated_at) in positions {
        if pos.0 == 0 {
            continue;
        }
        let offset = pos.0 - 1;
        if offset as usize >= source.len() {
            continue;
        }
        if let Some(last) = out.last()
            && last.gen_line == generated_at.line && last.gen_col == generated_at.col {
                continue;
            }
        let (src_line, src_col) = lines.line_col_utf16_near(source, offset, last_line);
        last_line = src_line;
        let name = identifier_at(source, offset as usize).filter(|_| gen_lines.starts_identifier(generated_at.line, generated_at.col)).map(|ident| {
            let next = (names.len() + new_names.len()) as u32;
            *name_ids.entry(ident).or_insert_with(|| {
                new_names.push(ident);
                next
            })
        });
        out.push(Mapping { gen_line: generated_at.line, gen_col: generated_at.col, src_line, src_col, name });
    }
    names.extend(new_names.into_iter().map(str::to_string));
    if !out.is_sorted_by_key(|m| (m.gen_line, m.gen_col)) {
        out.sort_by_key(|m| (m.gen_line, m.gen_col));
    }
    out.dedup_by_key(|m| (m.gen_line, m.gen_col));
    out
}

/// Line starts of the generated code, to look at the character at a (line, UTF-16 column).
struct GeneratedLines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    ascii: bool,
}

impl<'a> GeneratedLines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        GeneratedLines { text, starts, ascii: text.is_ascii() }
    }

    /// True when an identifier starts at 0-based `line`, UTF-16 column `col`.
    fn starts_identifier(&self, line: u32, col: u32) -> bool {
        let Some(&start) = self.starts.get(line as usize) else { return false };
        let end = self.starts.get(line as usize + 1).map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        if self.ascii {
            return line.as_bytes().get(col as usize).is_some_and(|&b| b == b'_' || b == b'$' || b.is_ascii_alphabetic());
        }
        let mut units = 0;
        for c in line.chars() {
            if units == col as usize {
                return is_ident_start(c) || c == '$';
            }
            units += c.len_utf16();
            if units > col as usize {
                return false;
            }
        }
        false
    }
}

/// A source file's text as its maps carry it (`sourcesContent`), shared by the maps of
/// every class file generated from it. Its JSON encoding is made once, when a map is first
/// written: a caller that never writes the JSON (the benchmark, a host that builds the
/// string itself, as `wasm.rs` does) never pays for it.
#[derive(Debug)]
pub struct SourceText {
    text: std::sync::Arc<str>,
    json: std::sync::OnceLock<Box<str>>,
}

impl SourceText {
    /// The text of a source file, shared, not copied.
    pub fn new(text: &std::sync::Arc<str>) -> std::sync::Arc<SourceText> {
        std::sync::Arc::new(SourceText { text: text.clone(), json: std::sync::OnceLock::new() })
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as a JSON string (quoted and escaped).
    pub fn json(&self) -> &str {
        self.json.get_or_init(|| json_string(&self.text).into())
    }
}

impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// A generated file's source map. The JSON is built on demand ([`SourceMap::to_json`]):
/// every class file of an app file embeds that whole file as `sourcesContent`, so
/// materialising all maps up front would make compile time grow with classes × file size.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceMap {
    pub file: String,
    pub source_path: String,
    /// The source text, shared by the maps of every class file generated from it.
    pub source: std::sync::Arc<SourceText>,
    /// VLQ-encoded mappings.
    pub mappings: String,
    pub names: Vec<String>,
    pub x_sprag: Option<SpragExtension>,
}

impl SourceMap {
    /// Build from sorted mappings.
    pub fn new(file: &str, source_path: &str, source: std::sync::Arc<SourceText>, mappings: &[Mapping], names: Vec<String>, x_sprag: Option<SpragExtension>) -> Self {
        SourceMap { file: file.to_string(), source_path: source_path.to_string(), source, mappings: encode(mappings), names, x_sprag }
    }

    /// The source map v3 JSON.
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(self.source.text.len() + self.mappings.len() + 256);
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Write the source map v3 JSON to `w`.
    pub fn write_json(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        self.write_json_head(w)?;
        w.write_all(self.source.json().as_bytes())?;
        self.write_json_tail(w)
    }

    /// The JSON before the `sourcesContent` string.
    pub fn write_json_head(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        write!(w, "{{\"version\":3,\"file\":{},\"sources\":[{}],\"sourcesContent\":[", q(&self.file), q(&self.source_path))
    }

    /// The JSON after the `sourcesContent` string.
    pub fn write_json_tail(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        // Names are Python identifiers and mappings base64 VLQ: neither needs escaping.
        w.write_all(b"],\"names\":[")?;
        for (i, name) in self.names.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            if name.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
                w.write_all(q(name).as_bytes())?;
            } else {
                write!(w, "\"{name}\"")?;
            }
        }
        write!(w, "],\"mappings\":\"{}\"", self.mappings)?;
        if let Some(ext) = &self.x_sprag {
            write!(w, ",\"x_sprag\":{}", serde_json::to_string(ext).unwrap_or_default())?;
        }
        w.write_all(b"}")
    }
}

/// `text` as a JSON string (quoted and escaped exactly as `serde_json` does): the
/// `sourcesContent` of every map. Eight bytes at a time while none needs escaping.
pub fn json_string(text: &str) -> String {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero when a byte of `w` is below 0x20, a `"` or a `\\` (the classic zero-byte
    // test per condition: it may flag a clean byte after one that is, never misses one;
    // bytes from 0x80 up, parts of non-ASCII characters, are never flagged).
    let flagged = |w: u64| {
        let below_space = w.wrapping_sub(ONES * 0x20);
        let quote = (w ^ (ONES * b'"' as u64)).wrapping_sub(ONES);
        let backslash = (w ^ (ONES * b'\\' as u64)).wrapping_sub(ONES);
        (below_space | quote | backslash) & !w & HIGH
    };
    let needs_escape = |c: u8| c < 0x20 || c == b'"' || c == b'\\';
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + b.len() / 8 + 2);
    out.push(b'"');
    let (mut i, mut start) = (0, 0);
    loop {
        // Find the next byte to escape: the lowest flagged byte of a word is one.
        if i + 8 <= b.len() {
            let flags = flagged(u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes")));
            if flags == 0 {
                i += 8;
                continue;
            }
            i += (flags.trailing_zeros() / 8) as usize;
        } else {
            match b[i..].iter().position(|&c| needs_escape(c)) {
                Some(k) => i += k,
                None => break,
            }
        }
        let c = b[i];
        out.extend_from_slice(&b[start..i]);
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]);
            }
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
    debug_assert!(std::str::from_utf8(&out).is_ok());
    // SAFETY: `text` was copied in runs cut at ASCII bytes, with ASCII escapes between.
    unsafe { String::from_utf8_unchecked(out) }
}

/// VLQ-encode sorted mappings.
pub fn encode(mappings: &[Mapping]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(mappings.len() * 8);
    let (mut line, mut prev_src_line, mut prev_src_col, mut prev_name) = (0u32, 0i64, 0i64, 0i64);
    let mut prev_col = 0i64;
    let mut first_in_line = true;
    for m in mappings {
        if line < m.gen_line {
            out.resize(out.len() + (m.gen_line - line) as usize, b';');
            line = m.gen_line;
            prev_col = 0;
            first_in_line = true;
        }
        if !first_in_line {
            out.push(b',');
        }
        first_in_line = false;
        vlq(&mut out, m.gen_col as i64 - prev_col);
        prev_col = m.gen_col as i64;
        out.push(b'A'); // source index delta: always 0 (one source)
        vlq(&mut out, m.src_line as i64 - prev_src_line);
        prev_src_line = m.src_line as i64;
        vlq(&mut out, m.src_col as i64 - prev_src_col);
        prev_src_col = m.src_col as i64;
        if let Some(n) = m.name {
            vlq(&mut out, n as i64 - prev_name);
            prev_name = n as i64;
        }
    }
    debug_assert!(std::str::from_utf8(&out).is_ok());
    // SAFETY: only base64 digits, `,` and `;` were written.
    unsafe { String::from_utf8_unchecked(out) }
}

fn vlq(out: &mut Vec<u8>, value: i64) {
    let mut v: u64 = if value < 0 { ((value.unsigned_abs()) << 1) | 1 } else { (value as u64) << 1 };
    while v >= 32 {
        out.push(BASE64[(v & 31) as usize | 32]);
        v >>= 5;
    }
    out.push(BASE64[v as usize]);
}

pub(crate) fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// `_`, ASCII letters and digits.
const ASCII_IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i as u8 == b'_' || (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// The Python identifier starting exactly at `offset`, if any.
pub(crate) fn identifier_at(source: &str, offset: usize) -> Option<&str> {
    let bytes = source.as_bytes();
    let first = *bytes.get(offset)?;
    if first.is_ascii() && !(first == b'_' || first.is_ascii_alphabetic()) {
        return None;
    }
    if offset > 0 {
        let before = bytes[offset - 1];
        let prev_ident = if before.is_ascii() { before == b'_' || before.is_ascii_alphanumeric() } else { source[..offset].chars().next_back().is_some_and(is_ident_char) };
        if prev_ident {
            return None;
        }
    }
    let rest = source.get(offset..)?;
    if !first.is_ascii() && !rest.chars().next().is_some_and(is_ident_start) {
        return None;
    }
    let ascii_end = rest.bytes().position(|b| !ASCII_IDENT[b as usize]).unwrap_or(rest.len());
    let end = if rest.as_bytes().get(ascii_end).is_some_and(|b| !b.is_ascii()) {
        rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len())
    } else {
        ascii_end
    };
    let word = &rest[..end];
    // Keywords and `self` are not names (most identifiers are settled by length or first letter).
    let keyword = word.len() <= 6
        && matches!(word.as_bytes()[0], b's' | b'N' | b'T' | b'F' | b'l' | b'n' | b'a' | b'o' | b'i' | b'f' | b'r')
        && matches!(word, "self" | "None" | "True" | "False" | "lambda" | "not" | "and" | "or" | "if" | "for" | "in" | "return");
    (!keyword).then_some(word)
}

/// Decode a `mappings` string (for tests and the method-span computation).
pub fn decode(mappings: &str) -> Vec<Mapping> {
    let mut out = Vec::new();
    let (mut src_line, mut src_col, mut name) = (0i64, 0i64, 0i64);
    for (line_no, line) in mappings.split(';').enumerate() {
        let mut col = 0i64;
        for seg in line.split(',').filter(|s| !s.is_empty()) {
            let fields = decode_vlq(seg);
            if fields.len() < 4 {
                continue;
            }
            col += fields[0];
            src_line += fields[2];
            src_col += fields[3];
            let n = if fields.len() >= 5 {
                name += fields[4];
                Some(name as u32)
            } else {
                None
            };
            out.push(Mapping { gen_line: line_no as u32, gen_col: col as u32, src_line: src_line as u32, src_col: src_col as u32, name: n });
        }
    }
    out
}

fn decode_vlq(seg: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u64, 0u32);
    for ch in seg.bytes() {
        let Some(digit) = BASE64.iter().position(|&b| b == ch) else { return out };
        let digit = digit as u64;
        value |= (digit & 31) << shift;
        if digit & 32 != 0 {
            shift += 5;
            continue;
        }
        let v = (value >> 1) as i64;
        out.push(if value & 1 == 1 { -v } else { v });
        value = 0;
        shift = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_escapes_as_serde_json() {
        let mut cases: Vec<String> = (0u8..128).map(|c| format!("ab{}cdefghij\"\\x{}", c as char, c as char)).collect();
        cases.push(String::new());
        cases.push("é—\u{2028}😀 \"quoted\" \\ back\\slash\n\r\t\u{7f}".repeat(7));
        // Every byte below 0x20 at every position of a word, and runs longer than a word.
        for at in 0..17 {
            for c in [0u8, 0x08, 0x0b, 0x1f, b'"', b'\\', b' ', b'!', b'#', b'A'] {
                let mut s = "x".repeat(17).into_bytes();
                s[at] = c;
                cases.push(String::from_utf8(s).unwrap());
            }
        }
        cases.push(include_str!("../lib.rs").to_string());
        for case in cases {
            assert_eq!(json_string(&case), serde_json::to_string(&case).unwrap(), "{case:?}");
        }
    }

    #[test]
    fn vlq_round_trip() {
        let ms = vec![
            Mapping { gen_line: 0, gen_col: 4, src_line: 3, src_col: 8, name: Some(0) },
            Mapping { gen_line: 0, gen_col: 20, src_line: 3, src_col: 2, name: None },
            Mapping { gen_line: 2, gen_col: 0, src_line: 10, src_col: 100, name: Some(1) },
        ];
        assert_eq!(decode(&encode(&ms)), ms);
    }
}
