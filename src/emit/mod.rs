//! Emit: print a lowered swc module to JavaScript and build its v3 source map.

pub mod sourcemap;
mod writer;

use swc_common::{sync::Lrc, SourceMap};
use swc_ecma_ast as js;
use swc_ecma_codegen::{Config, Emitter, Node};

use crate::diagnostics::LineIndex;
use sourcemap::Mapping;

fn print_with(module: &js::Module, map: Option<writer::MapBuilder<'_>>) -> (String, Option<(Vec<Mapping>, Vec<String>)>) {
    let cm: Lrc<SourceMap> = Default::default();
    let mut emitter = Emitter { cfg: Config::default(), cm, comments: None, wr: writer::Writer::new(16 * 1024, map) };
    // Writing to a Vec cannot fail.
    let _ = module.emit_with(&mut emitter);
    emitter.wr.finish()
}

/// Print `module` as JavaScript.
pub fn print(module: &js::Module) -> String {
    print_with(module, None).0
}

/// Print `module` as JavaScript, with the source-map mappings (sorted by generated
/// position) back to `source` (whose spans it carries) and the names they use.
pub fn print_mapped(module: &js::Module, source: &str, lines: &LineIndex) -> (String, Vec<Mapping>, Vec<String>) {
    let (code, map) = print_with(module, Some(writer::MapBuilder::new(source, lines)));
    let (mappings, names) = map.unwrap_or_default();
    (code, mappings, names)
}
