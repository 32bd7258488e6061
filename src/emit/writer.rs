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
        if bytes.len() > 16 {
            self.out.extend_from_slice(bytes);
            return true;
        }
        // Most writes are short tokens: one pass copies and checks them (a call to
        // `memcpy` costs more, in WebAssembly especially).
        self.out.reserve(bytes.len());
        let mut special = false;
        for (slot, &b) in self.out.spare_capacity_mut().iter_mut().zip(bytes) {
            slot.write(b);
            special |= (b as i8) < 14;
        }
        // SAFETY: the loop initialised `bytes.len()` bytes of reserved capacity.
        unsafe { self.out.set_len(self.out.len() + bytes.len()) };
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
        self.write(Some(span), s);
        Ok(())
    }

    fn write_punct(&mut self, span: Option<Span>, s: &'static str, _commit_pending_semi: bool) -> Result {
        self.write(span, s);
        Ok(())
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
