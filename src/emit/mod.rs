//! Emit: print a lowered swc module to JavaScript and build its v3 source map.

pub mod sourcemap;
mod writer;

pub use writer::Splice;

use swc_common::{sync::Lrc, SourceMap};
use swc_ecma_ast as js;
use swc_ecma_codegen::{Config, Emitter, Node};

use crate::diagnostics::LineIndex;
use sourcemap::Mapping;

fn print_with<'a>(module: &js::Module, map: Option<writer::MapBuilder<'a>>, splice: Option<Splice<'a>>) -> (String, Option<(Vec<Mapping>, Vec<String>)>) {
    let cm: Lrc<SourceMap> = Default::default();
    let mut emitter = Emitter { cfg: Config::default(), cm, comments: None, wr: writer::Writer::new(16 * 1024, map, splice) };
    // Writing to a Vec cannot fail.
    let _ = module.emit_with(&mut emitter);
    emitter.wr.finish()
}

/// Print `module` as JavaScript.
pub fn print(module: &js::Module) -> String {
    print_with(module, None, None).0
}

/// Print `module` as JavaScript, the line holding the `splice` marker replaced by its text.
pub fn print_spliced(module: &js::Module, splice: Splice<'_>) -> String {
    print_with(module, None, Some(splice)).0
}

/// Print `module` as JavaScript, with the source-map mappings (sorted by generated
/// position) back to `source` (whose spans it carries) and the names they use.
/// With `splice`, the line holding its marker is printed as its text.
pub fn print_mapped<'a>(module: &js::Module, source: &'a str, lines: &'a LineIndex, splice: Option<Splice<'a>>) -> (String, Vec<Mapping>, Vec<String>) {
    let (code, map) = print_with(module, Some(writer::MapBuilder::new(source, lines)), splice);
    let (mappings, names) = map.unwrap_or_default();
    (code, mappings, names)
}
