//! Emit: print a lowered swc module to JavaScript and build its v3 source map.

pub mod sourcemap;

use swc_common::{sync::Lrc, BytePos, LineCol, SourceMap};
use swc_ecma_ast as js;
use swc_ecma_codegen::{text_writer::JsWriter, Config, Emitter, Node};

/// Print `module` as JavaScript; also return the raw position pairs for the source map.
pub fn print(module: &js::Module, want_map: bool) -> (String, Vec<(BytePos, LineCol)>) {
    let cm: Lrc<SourceMap> = Default::default();
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut positions = Vec::new();
    {
        let writer = JsWriter::new(cm.clone(), "\n", &mut buf, if want_map { Some(&mut positions) } else { None });
        let mut emitter = Emitter { cfg: Config::default(), cm, comments: None, wr: writer };
        // Writing to a Vec cannot fail.
        let _ = module.emit_with(&mut emitter);
    }
    (String::from_utf8(buf).unwrap_or_default(), positions)
}
