//! The text writer swc's printer writes through: the same output and the same recorded
//! source positions as swc's own `JsWriter`, without its cost. `JsWriter` deduplicates
//! positions through a hash set filled for every span it sees (about a quarter of print
//! time); here the positions arrive in generated order, so a duplicate can only sit at the
//! current generated position, and a short list of what was recorded there suffices.

use swc_common::{BytePos, LineCol, Span};
use swc_ecma_codegen::text_writer::WriteJs;
use swc_ecma_codegen::Result;

use crate::diagnostics::utf16_len;

const INDENT: &str = "    ";

pub struct Writer {
    pub out: Vec<u8>,
    /// Recorded (source position, generated line and UTF-16 column), when wanted.
    pub positions: Option<Vec<(BytePos, LineCol)>>,
    indent: usize,
    line_start: bool,
    line: u32,
    col: u32,
    /// Positions already recorded at the current generated (line, col).
    here: Vec<BytePos>,
    here_at: (u32, u32),
    pending: Option<BytePos>,
}

impl Writer {
    pub fn new(capacity: usize, want_map: bool) -> Self {
        Writer {
            out: Vec::with_capacity(capacity),
            positions: want_map.then(Vec::new),
            indent: 0,
            line_start: true,
            line: 0,
            col: 0,
            here: Vec::new(),
            here_at: (0, 0),
            pending: None,
        }
    }

    fn record(&mut self, pos: BytePos) {
        if pos.is_dummy() && pos != BytePos(u32::MAX) {
            return;
        }
        let Some(positions) = &mut self.positions else { return };
        if self.here_at != (self.line, self.col) {
            self.here_at = (self.line, self.col);
            self.here.clear();
        } else if self.here.contains(&pos) {
            return;
        }
        self.here.push(pos);
        positions.push((pos, LineCol { line: self.line, col: self.col }));
    }

    fn write(&mut self, span: Option<Span>, data: &str) {
        if data.is_empty() {
            return;
        }
        if self.line_start {
            for _ in 0..self.indent {
                self.out.extend_from_slice(INDENT.as_bytes());
            }
            if self.positions.is_some() {
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
        self.out.extend_from_slice(data.as_bytes());
        self.advance(data);
        if let Some(span) = span {
            self.record(span.hi);
        }
    }

    /// Move the generated position over `s` (lines, then UTF-16 columns), as swc does.
    fn advance(&mut self, s: &str) {
        if self.positions.is_none() {
            return;
        }
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
}

impl WriteJs for Writer {
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
        let pending = self.pending.take();
        if !self.line_start {
            self.out.push(b'\n');
            if self.positions.is_some() {
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
        self.positions.is_some()
    }

    fn add_srcmap(&mut self, pos: BytePos) -> Result {
        if self.positions.is_some() {
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
