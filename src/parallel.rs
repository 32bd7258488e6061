//! Work spread over the machine's cores (native builds only): parsing a project's files
//! and compiling its classes are independent per item. Results always come back in item
//! order, so output does not depend on scheduling. WebAssembly runs everything on the
//! calling thread.
//!
//! The helper threads belong to a pool kept for spragc: a thread started per compile would
//! begin with a cold allocator (fresh pages to fault in) and cost more than it saves. The
//! calling thread works too, so a helper that is slow to wake delays nothing.

/// `f(&mut state, i)` for every `i` in `0..n`, each thread with its own `init()` state;
/// results in index order. `worth_it` says whether the job is big enough to share.
pub fn run_indexed<S, R: Send>(n: usize, worth_it: bool, init: impl Fn() -> S + Sync, f: impl Fn(&mut S, usize) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if worth_it && n > 1 && let Some(pool) = pool::get() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Mutex;
        let next = AtomicUsize::new(0);
        let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(n));
        // Each thread takes the next index until none are left.
        let work = || {
            let mut state = init();
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                mine.push((i, f(&mut state, i)));
            }
            done.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
        };
        pool.in_place_scope(|scope| {
            for _ in 0..pool.current_num_threads().min(n - 1) {
                scope.spawn(|_| work());
            }
            work();
        });
        // Each result straight to its slot: sorting the (large) results would move them
        // about n log n times.
        let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(n).collect();
        for (i, r) in done.into_inner().unwrap_or_else(|e| e.into_inner()) {
            slots[i] = Some(r);
        }
        debug_assert!(slots.iter().all(Option::is_some), "every index is taken exactly once");
        return slots.into_iter().flatten().collect();
    }
    let _ = worth_it;
    let mut state = init();
    (0..n).map(|i| f(&mut state, i)).collect()
}

/// True when work can be shared between threads here.
pub fn available() -> bool {
    threads() > 1
}

/// Threads sharing work (the caller's included).
pub fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(pool) = pool::get() {
        return pool.current_num_threads() + 1;
    }
    1
}

/// `f(item)` for every item of `items`, in order. The items are split into one run per
/// thread of about equal `weight`, the caller taking the first: the same items with the
/// same weights always split the same way, so a project's files are freed by the threads
/// that parsed them (freeing another thread's memory costs the allocator extra work).
pub fn map<T: Send, R: Send>(items: Vec<T>, weight: impl Fn(&T) -> usize, worth_it: bool, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if worth_it && items.len() > 1 && let Some(pool) = pool::get() {
        use std::sync::Mutex;
        let groups = split(items, weight, pool.current_num_threads() + 1);
        let results: Vec<Mutex<Vec<R>>> = groups.iter().map(|_| Mutex::new(Vec::new())).collect();
        let f = &f;
        pool.in_place_scope(|scope| {
            let mut groups = groups.into_iter().enumerate();
            let first = groups.next();
            for (i, group) in groups {
                let slot = &results[i];
                scope.spawn(move |_| *slot.lock().unwrap_or_else(|e| e.into_inner()) = group.into_iter().map(f).collect());
            }
            if let Some((_, group)) = first {
                *results[0].lock().unwrap_or_else(|e| e.into_inner()) = group.into_iter().map(f).collect();
            }
        });
        return results.into_iter().flat_map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner())).collect();
    }
    let _ = (worth_it, weight);
    items.into_iter().map(f).collect()
}

/// `items` in order, cut into at most `threads` runs of about equal `weight`: the same
/// items with the same weights always split the same way.
#[cfg(not(target_arch = "wasm32"))]
fn split<T>(items: Vec<T>, weight: impl Fn(&T) -> usize, threads: usize) -> Vec<Vec<T>> {
    let runs = threads.min(items.len()).max(1);
    let total = items.iter().map(&weight).sum::<usize>().max(1);
    let mut groups: Vec<Vec<T>> = (0..runs).map(|_| Vec::new()).collect();
    let mut before = 0;
    for item in items {
        let group = (before * runs / total).min(runs - 1);
        before += weight(&item);
        groups[group].push(item);
    }
    groups
}

/// Drop `items`, split into one run per thread by `weight` exactly as [`map`] splits them
/// (so each run goes back to the thread that built it): the caller drops the first run,
/// the helpers the others without being waited for.
pub fn drop_split<T: Send + 'static>(items: Vec<T>, weight: impl Fn(&T) -> usize, worth_it: bool) {
    #[cfg(not(target_arch = "wasm32"))]
    if worth_it && items.len() > 1 && let Some(pool) = pool::get() {
        let mut groups = split(items, weight, pool.current_num_threads() + 1).into_iter();
        let first = groups.next();
        for group in groups {
            pool.spawn(move || drop(group));
        }
        drop(first);
        return;
    }
    let _ = (worth_it, weight);
    drop(items);
}

/// Drop `value`, off the calling thread when a helper thread is available: freeing a big
/// project's syntax trees takes time the caller need not wait for.
pub fn drop_later<T: Send + 'static>(value: T, worth_it: bool) {
    #[cfg(not(target_arch = "wasm32"))]
    if worth_it && let Some(pool) = pool::get() {
        pool.spawn(move || drop(value));
        return;
    }
    let _ = worth_it;
    drop(value);
}

#[cfg(not(target_arch = "wasm32"))]
mod pool {
    use std::sync::OnceLock;

    /// Stack of each helper: deeply nested (valid) Python recurses deeply, as on the CLI's
    /// main thread (address space reserved, not memory used).
    const WORKER_STACK: usize = 256 << 20;

    /// spragc's helper threads, one per core besides the caller's (None on one core, or
    /// when threads cannot start).
    pub fn get() -> Option<&'static rayon::ThreadPool> {
        static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
        POOL.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
            if cores < 2 {
                return None;
            }
            rayon::ThreadPoolBuilder::new().num_threads(cores - 1).stack_size(WORKER_STACK).thread_name(|i| format!("spragc-{i}")).build().ok()
        })
        .as_ref()
    }
}
