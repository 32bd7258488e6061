//! The WebAssembly build's allocator: blocks of up to 256 bytes come from free lists kept
//! per size (8, 16, ..., 256 bytes), everything else from Talc. The compiler allocates and
//! frees a great many small syntax-tree nodes and strings; a free-list pop or push is a
//! few instructions where a general allocator searches and merges (Talc took about 12% of
//! a compile). Freed small blocks stay in their list for the next compile.
//!
//! WebAssembly here has one thread (no `atomics`), which is what makes the unsynchronised
//! lists sound.

#[cfg(target_feature = "atomics")]
compile_error!("spragc's WebAssembly allocator assumes a single thread");

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

const STEP: usize = 8;
const CLASSES: usize = 32;
const MAX_SMALL: usize = STEP * CLASSES;

pub struct SizeClasses<A> {
    inner: A,
    /// Head of each size's list of free blocks; a free block holds the next one's address.
    free: UnsafeCell<[*mut u8; CLASSES]>,
}

// Single-threaded WebAssembly only (see the module documentation).
unsafe impl<A: Sync> Sync for SizeClasses<A> {}

impl<A> SizeClasses<A> {
    pub const fn new(inner: A) -> Self {
        SizeClasses { inner, free: UnsafeCell::new([std::ptr::null_mut(); CLASSES]) }
    }
}

/// The size class serving `layout`, if it is small.
#[inline]
fn class_of(layout: &Layout) -> Option<usize> {
    (layout.size() <= MAX_SMALL && layout.align() <= STEP && layout.size() > 0).then(|| (layout.size() - 1) / STEP)
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for SizeClasses<A> {
    // Kept out of line: inlined into every allocation site the module grows by 8% and is
    // no faster.
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(&layout) else { return unsafe { self.inner.alloc(layout) } };
        unsafe {
            let free = &mut *self.free.get();
            let head = free[class];
            if !head.is_null() {
                free[class] = *(head as *mut *mut u8);
                return head;
            }
            self.inner.alloc(Layout::from_size_align_unchecked((class + 1) * STEP, STEP))
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(class) = class_of(&layout) else { return unsafe { self.inner.dealloc(ptr, layout) } };
        unsafe {
            let free = &mut *self.free.get();
            *(ptr as *mut *mut u8) = free[class];
            free[class] = ptr;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            match (class_of(&layout), class_of(&new_layout)) {
                (None, None) => self.inner.realloc(ptr, layout, new_size),
                (Some(a), Some(b)) if a == b => ptr,
                _ => {
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}
