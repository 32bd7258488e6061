//! Emit: print a lowered swc module to JavaScript and build its v3 source map.

pub mod sourcemap;
mod writer;

use swc_common::{sync::Lrc, BytePos, LineCol, SourceMap};
use swc_ecma_ast as js;
use swc_ecma_codegen::{Config, Emitter, Node};

/// Print `module` as JavaScript; also return the raw position pairs for the source map.
pub fn print(module: &js::Module, want_map: bool) -> (String, Vec<(BytePos, LineCol)>) {
    let cm: Lrc<SourceMap> = Default::default();
    let mut emitter = Emitter { cfg: Config::default(), cm, comments: None, wr: writer::Writer::new(16 * 1024, want_map) };
    // Writing to a Vec cannot fail.
    let _ = module.emit_with(&mut emitter);
    let writer = emitter.wr;
    (String::from_utf8(writer.out).unwrap_or_default(), writer.positions.unwrap_or_default())
}
