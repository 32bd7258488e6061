//! Compiling leaves nothing behind: a long-lived process (the playground's worker compiles
//! on every keystroke; a dev server's plugin on every save) must not grow with the number
//! of compiles. swc interns identifiers and strings in a per-thread table that keeps every
//! entry until it is cleaned up; spragc cleans it after each compilation, on every thread
//! that lowered.
//!
//! This test binary counts every byte allocated and freed (its own global allocator), so
//! it runs its compiles in one test, alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator, counting sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A browser file of `classes` classes whose names, strings and identifiers are all new
/// for each `i` (and longer than the 7 bytes swc keeps inline).
fn browser_file(i: usize, classes: usize) -> String {
    let mut out = String::from("from sprag import Component, Module, ui\n");
    for k in 0..classes {
        out.push_str(&format!(
            "\nclass GeneratedPanel{i}x{k}(Component):\n    def render(self, props=None):\n        selection_{i}_{k} = props.get(\"selected item {i} {k}\")\n        return ui.div(f\"a fairly long label {{selection_{i}_{k}}}\", class_=\"panel-class-{i}-{k}\")\n"
        ));
    }
    out.push_str(&format!("\nclass GeneratedModule{i}(Module):\n    def on_start(self):\n        self.set_state({{\"started at {i}\": True}})\n"));
    out
}

fn server_file(i: usize) -> String {
    format!("from sprag import Controller, Service\n\nclass GeneratedService{i}(Service):\n    def lookup_record_{i}(self, key):\n        return {{\"record number {i}\": key}}\n")
}

/// `what` and the growth of the live bytes over 200 runs of `compile(i)` (after 30 to warm
/// up: thread pools, per-thread caches and tables reach their working size), each run with
/// names never seen before.
fn growth<'a>(what: &'a str, compile: impl Fn(usize)) -> (&'a str, isize) {
    (0..30).for_each(&compile);
    let warm = LIVE.load(Ordering::Relaxed);
    (30..230).for_each(&compile);
    let after = LIVE.load(Ordering::Relaxed);
    eprintln!("{what}: {warm} live bytes after warming up, {after} after 200 more compiles");
    (what, after - warm)
}

#[test]
fn compiling_new_names_again_and_again_does_not_grow_memory() {
    let opts = spragc::Options::default();
    let grown = [
        growth("compile_file", |i| {
            let out = spragc::compile_file("app/components.py", &browser_file(i, 1), None, &opts);
            assert!(!out.has_errors(), "{:?}", out.diagnostics);
        }),
        // Enough classes to compile on several threads.
        growth("compile_project", |i| {
            let out = spragc::compile_project(vec![("app/routes/x/components.py".into(), browser_file(i, 12))], &opts);
            assert!(!out.has_errors(), "{:?}", out.diagnostics);
            assert_eq!(out.classes.len(), 13);
        }),
        growth("compile_server_project", |i| {
            let out = spragc::compile_server_project(vec![("app/routes/x/server.py".into(), server_file(i))], &Default::default(), spragc::SourceMapMode::External);
            assert!(!out.has_errors(), "{:?}", out.diagnostics);
        }),
    ];
    // Left uncleaned, the atoms of 200 compiles take tens to hundreds of KB.
    for (what, grown) in grown {
        assert!(grown < 4 * 1024, "{what}: memory grew by {grown} bytes over 200 compiles");
    }
}
