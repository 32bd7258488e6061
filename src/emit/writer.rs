//! The text writer swc's printer writes through: the same output and the same recorded
//! source positions as swc's own `JsWriter`, without its cost. `JsWriter` deduplicates
//! positions through a hash set filled for every span it sees (about a quarter of print
//! time); here the positions arrive in generated order, so a duplicate can only sit at the
//! current generated position.
//!
//! With a [`MapBuilder`] the writer turns each position straight into a source-map
//! mapping as it prints (the same mappings [`super::sourcemap::mappings`] derives from
//! `JsWriter`'s position list, without keeping the list or re-reading the output).

use rustc_hash::FxHashMap;
use swc_common::{BytePos, Span};
use swc_ecma_codegen::text_writer::WriteJs;
use swc_ecma_codegen::Result;

use super::sourcemap::{identifier_at, is_ident_start, Mapping};
use crate::diagnostics::{utf16_len, LineIndex};

const INDENT: &str = "    ";

/// Whether any of the eight bytes of `w` is below 14 (a newline, a carriage return, a
/// control character) or not ASCII: the bytes a generated column cannot simply count.
/// (A byte below 14 wraps around in the subtraction and sets its top bit; a borrow into
/// the byte above only happens after such a byte, so the answer is exact.)
#[inline(always)]
fn special_bytes(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    (w.wrapping_sub(ONES * 14) | w) & (ONES * 0x80) != 0
}

/// Builds the mappings of one generated file while it is printed.
pub struct MapBuilder<'a> {
    source: &'a str,
    lines: &'a LineIndex,
    mappings: Vec<Mapping>,
    names: Vec<String>,
    name_ids: FxHashMap<&'a str, u32>,
    last_src_line: u32,
    /// The last mapping's source offset, while its name is undecided: the Python
    /// identifier there becomes the mapping's name if the generated text at that point
    /// starts an identifier too, which is known once the next character is written.
    name_pending: Option<usize>,
}

impl<'a> MapBuilder<'a> {
    pub fn new(source: &'a str, lines: &'a LineIndex) -> Self {
        MapBuilder { source, lines, mappings: Vec::with_capacity(256), names: Vec::with_capacity(32), name_ids: FxHashMap::with_capacity_and_hasher(32, Default::default()), last_src_line: 0, name_pending: None }
    }

    /// A span position (offset + 1 into the source) printed at generated (line, col): the
    /// first valid position at each generated position becomes a mapping.
    fn add(&mut self, pos: BytePos, line: u32, col: u32) {
        if pos.0 == 0 || (pos.0 - 1) as usize >= self.source.len() {
            return;
        }
        if let Some(last) = self.mappings.last()
            && last.gen_line == line
            && last.gen_col == col
        {
            return;
        }
        let offset = pos.0 - 1;
        let (src_line, src_col) = self.lines.line_col_utf16_near(self.source, offset, self.last_src_line);
        self.last_src_line = src_line;
        self.name_pending = Some(offset as usize);
        self.mappings.push(Mapping { gen_line: line, gen_col: col, src_line, src_col, name: None });
    }

    /// The next generated text starts with `text`: settle the pending name.
    #[inline(always)]
    fn next_text(&mut self, text: &str) {
        if let Some(offset) = self.name_pending.take() {
            self.settle_name(offset, text);
        }
    }

    /// Name the last mapping (at source `offset`) after the Python identifier there, when
    /// the generated `text` after it starts an identifier too.
    fn settle_name(&mut self, offset: usize, text: &str) {
        let starts_ident = match text.as_bytes()[0] {
            b if b.is_ascii() => b == b'_' || b == b'$' || b.is_ascii_alphabetic(),
            _ => text.chars().next().is_some_and(is_ident_start),
        };
        if starts_ident && let Some(ident) = identifier_at(self.source, offset) {
            let next = self.names.len() as u32;
            let id = *self.name_ids.entry(ident).or_insert_with(|| {
                self.names.push(ident.to_string());
                next
            });
            if let Some(last) = self.mappings.last_mut() {
                last.name = Some(id);
            }
        }
    }
}

/// A line replaced while printing: the line holding the placeholder identifier `marker`
/// is printed as `text` instead (the helpers injected into every generated class, printed
/// once per process). Mappings after it are recorded at their final lines.
pub struct Splice<'a> {
    marker: &'a str,
    text: &'a str,
    /// Newlines in `text`.
    newlines: u32,
    /// Inside the marker's line (its tokens are dropped).
    skipping: bool,
}

impl<'a> Splice<'a> {
    pub fn new(marker: &'a str, (text, newlines): (&'a str, u32)) -> Self {
        Splice { marker, text, newlines, skipping: false }
    }
}

pub struct Writer<'a> {
    out: Vec<u8>,
    /// The source map being built, when wanted.
    map: Option<MapBuilder<'a>>,
    splice: Option<Splice<'a>>,
    indent: usize,
    line_start: bool,
    line: u32,
    col: u32,
    pending: Option<BytePos>,
}

impl<'a> Writer<'a> {
    pub fn new(capacity: usize, map: Option<MapBuilder<'a>>, splice: Option<Splice<'a>>) -> Self {
        Writer { out: Vec::with_capacity(capacity), map, splice, indent: 0, line_start: true, line: 0, col: 0, pending: None }
    }

    /// Whether `data` is dropped for the splice: the marker starts its line's skipping.
    #[inline]
    fn spliced(&mut self, data: &str) -> bool {
        match &mut self.splice {
            Some(splice) if splice.skipping => true,
            Some(splice) if data.len() == splice.marker.len() && data == splice.marker => {
                splice.skipping = true;
                true
            }
            _ => false,
        }
    }

    fn record(&mut self, pos: BytePos) {
        if let Some(map) = &mut self.map {
            map.add(pos, self.line, self.col);
        }
    }

    /// Append `s` (never empty) to the output.
    #[inline]
    fn push(&mut self, s: &str) {
        if let Some(map) = &mut self.map {
            map.next_text(s);
        }
        self.copy(s.as_bytes());
    }

    /// Copy `bytes` to the output; true when one of them is a byte the generated column
    /// cannot simply count (a newline, a control character, a non-ASCII byte).
    #[inline]
    fn copy(&mut self, bytes: &[u8]) -> bool {
        let n = bytes.len();
        if n > 16 {
            self.out.extend_from_slice(bytes);
            return true;
        }
        // Most writes are short tokens: they are copied as two (overlapping) words and
        // checked in the same words, without a call to `memcpy` (which costs more than
        // the copy, in WebAssembly especially) or a loop over bytes.
        self.out.reserve(n);
        let len = self.out.len();
        let src = bytes.as_ptr();
        // SAFETY: `reserve` made room for `n` bytes after `len`; every read stays within
        // `bytes` and every write within `len..len + n` (the two words overlap when `n` is
        // not a power of two).
        let special = unsafe {
            let dst = self.out.as_mut_ptr().add(len);
            if n >= 8 {
                let (a, b) = (src.cast::<u64>().read_unaligned(), src.add(n - 8).cast::<u64>().read_unaligned());
                dst.cast::<u64>().write_unaligned(a);
                dst.add(n - 8).cast::<u64>().write_unaligned(b);
                special_bytes(a) | special_bytes(b)
            } else if n >= 4 {
                let (a, b) = (src.cast::<u32>().read_unaligned(), src.add(n - 4).cast::<u32>().read_unaligned());
                dst.cast::<u32>().write_unaligned(a);
                dst.add(n - 4).cast::<u32>().write_unaligned(b);
                special_bytes(u64::from(a) | (u64::from(b) << 32))
            } else if n > 0 {
                // Bytes 0, n / 2 and n - 1 cover every byte of a 1- to 3-byte token (a
                // loop would become a `memcpy` call).
                let (a, b, c) = (*src, *src.add(n / 2), *src.add(n - 1));
                *dst = a;
                *dst.add(n / 2) = b;
                *dst.add(n - 1) = c;
                special_bytes(u64::from_le_bytes([a, b, c, b' ', b' ', b' ', b' ', b' ']))
            } else {
                false
            }
        };
        // SAFETY: the `n` bytes after `len` were just written.
        unsafe { self.out.set_len(len + n) };
        special
    }

    /// Append `s` (never empty) and move the generated position over it.
    #[inline]
    fn put(&mut self, s: &str) {
        let Some(map) = &mut self.map else {
            self.copy(s.as_bytes());
            return;
        };
        map.next_text(s);
        if self.copy(s.as_bytes()) {
            self.advance(s);
        } else {
            self.col += s.len() as u32;
        }
    }

    fn write(&mut self, span: Option<Span>, data: &str) {
        if data.is_empty() || self.spliced(data) {
            return;
        }
        if self.line_start {
            for _ in 0..self.indent {
                self.push(INDENT);
            }
            if self.map.is_some() {
                self.col += (INDENT.len() * self.indent) as u32;
            }
            self.line_start = false;
            if let Some(pending) = self.pending.take() {
                self.record(pending);
            }
        }
        if let Some(span) = span {
            self.record(span.lo);
        }
        self.put(data);
        if let Some(span) = span {
            self.record(span.hi);
        }
    }

    /// Move the generated position over `s` (lines, then UTF-16 columns), as swc does.
    fn advance(&mut self, s: &str) {
        let bytes = s.as_bytes();
        if memchr::memchr2(b'\n', b'\r', bytes).is_none() {
            self.col += utf16_len(s) as u32;
            return;
        }
        // `\r\n` counts once; a lone `\r` or `\n` once each.
        let mut lines = 0;
        let mut i = 0;
        while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + k;
            lines += 1;
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
        }
        let rest = &s[i..];
        self.line += lines;
        self.col = utf16_len(rest) as u32;
    }

    /// The output text and, when a map was wanted, its mappings and names.
    pub fn finish(self) -> (String, Option<(Vec<Mapping>, Vec<String>)>) {
        debug_assert!(std::str::from_utf8(&self.out).is_ok());
        // SAFETY: only whole `&str`s were appended to `out`.
        let text = unsafe { String::from_utf8_unchecked(self.out) };
        (text, self.map.map(|m| (m.mappings, m.names)))
    }
}

impl WriteJs for Writer<'_> {
    fn increase_indent(&mut self) -> Result {
        self.indent += 1;
        Ok(())
    }

    fn decrease_indent(&mut self) -> Result {
        self.indent -= 1;
        Ok(())
    }

    fn write_semi(&mut self, span: Option<Span>) -> Result {
        self.write(span, ";");
        Ok(())
    }

    fn write_space(&mut self) -> Result {
        self.write(None, " ");
        Ok(())
    }

    fn write_keyword(&mut self, span: Option<Span>, s: &'static str) -> Result {
        self.write(span, s);
        Ok(())
    }

    fn write_operator(&mut self, span: Option<Span>, s: &str) -> Result {
        self.write(span, s);
        Ok(())
    }

    fn write_param(&mut self, s: &str) -> Result {
        self.write(None, s);
        Ok(())
    }

    fn write_property(&mut self, s: &str) -> Result {
        self.write(None, s);
        Ok(())
    }

    fn write_line(&mut self) -> Result {
        if let Some(splice) = self.splice.take_if(|s| s.skipping) {
            // The marker's line ends: print the spliced text as whole lines in its place.
            self.pending = None;
            self.push(splice.text);
            self.push("\n");
            if self.map.is_some() {
                self.line += 1 + splice.newlines;
                self.col = 0;
            }
            self.line_start = true;
            return Ok(());
        }
        let pending = self.pending.take();
        if !self.line_start {
            self.push("\n");
            if self.map.is_some() {
                self.line += 1;
                self.col = 0;
            }
            self.line_start = true;
            if let Some(pending) = pending {
                self.record(pending);
            }
        }
        Ok(())
    }

    fn write_lit(&mut self, span: Span, s: &str) -> Result {
        if !s.is_empty() {
            self.record(span.lo);
            self.write(None, s);
            self.record(span.hi);
        }
        Ok(())
    }

    fn write_comment(&mut self, s: &str) -> Result {
        self.write(None, s);
        Ok(())
    }

    fn write_str_lit(&mut self, span: Span, s: &str) -> Result {
        self.write_lit(span, s)
    }

    fn write_str(&mut self, s: &str) -> Result {
        self.write(None, s);
        Ok(())
    }

    fn write_symbol(&mut self, span: Span, s: &str) -> Result {
        debug_assert!(!s.contains("\\\0"), "identifier with swc's lone-surrogate marker: {s:?}");
        self.write(Some(span), s);
        Ok(())
    }

    fn write_punct(&mut self, span: Option<Span>, s: &'static str, _commit_pending_semi: bool) -> Result {
        self.write(span, s);
        Ok(())
    }

    /// swc marks a lone surrogate its own parser met in an identifier with `"\\\0"` (a
    /// backslash and a NUL), and otherwise searches every identifier it prints for that
    /// marker. spragc's identifiers are Python names and its own: they never hold one, so
    /// the search is skipped.
    fn can_ignore_invalid_unicodes(&mut self) -> bool {
        true
    }

    fn care_about_srcmap(&self) -> bool {
        self.map.is_some()
    }

    fn add_srcmap(&mut self, pos: BytePos) -> Result {
        if self.map.is_some() && !self.splice.as_ref().is_some_and(|s| s.skipping) {
            if self.line_start {
                self.pending = Some(pos);
            } else {
                self.record(pos);
            }
        }
        Ok(())
    }

    fn commit_pending_semi(&mut self) -> Result {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Writer;

    /// Short tokens are copied word-wise: every length up to and past the word path, with a
    /// special byte (or none) at every position, copies exactly and flags exactly.
    #[test]
    fn copy_matches_a_byte_loop() {
        let specials = [b'\n', b'\r', 0u8, 13, 0x80, 0xC3, 0xFF];
        let plain = [b'a', b' ', 14, 0x7F, b'~'];
        for n in 0..=20usize {
            let mut cases: Vec<Vec<u8>> = plain.iter().map(|&p| vec![p; n]).collect();
            for at in 0..n {
                for &s in &specials {
                    let mut v: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
                    v[at] = s;
                    cases.push(v);
                }
            }
            for case in cases {
                let mut w = Writer::new(0, None, None);
                w.out.extend_from_slice(b"xy");
                let special = w.copy(&case);
                assert_eq!(&w.out[2..], &case[..]);
                let expected = n > 16 || case.iter().any(|&b| !(14..0x80).contains(&b));
                assert_eq!(special, expected, "{case:?}");
            }
        }
    }
}
