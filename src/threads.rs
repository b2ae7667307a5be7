//! Thread pools, the fork guard and cancellable parallel maps over documents.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind};

static FORKED: AtomicBool = AtomicBool::new(false);

/// Marks the process as a child of `fork()`: rayon's threads did not survive the fork, so every
/// parallel call runs on one thread in this process from now on.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) fn after_fork_in_child() {
    FORKED.store(true, Ordering::SeqCst);
}

/// Runs `f` with `threads` worker threads (`None`: rayon's global pool, one thread per core).
/// Pools are cached per thread count. In a forked child the work runs on a one-thread pool of
/// that process.
pub(crate) fn with_threads<T, F>(threads: Option<usize>, f: F) -> Result<T, Error>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    if FORKED.load(Ordering::SeqCst) {
        return Ok(child_pool()?.install(f));
    }
    match threads {
        None => Ok(f()),
        Some(0) => {
            Err(Error::invalid_option("threads must be at least 1 (or None for one per core)"))
        }
        Some(n) => Ok(pool(n)?.install(f)),
    }
}

/// Maps `f` over `docs` in parallel on `threads` threads, results in input order. Stops early
/// with [`ErrorKind::Cancelled`] once `cancel` is set (checked before each document).
pub(crate) fn map_docs<D, T, F>(
    docs: &[D],
    threads: Option<usize>,
    cancel: &AtomicBool,
    f: F,
) -> Result<Vec<T>, Error>
where
    D: Sync,
    T: Send,
    F: Fn(&D) -> T + Sync,
{
    let out: Vec<Option<T>> = with_threads(threads, || {
        docs.par_iter()
            .map(|d| if cancel.load(Ordering::Relaxed) { None } else { Some(f(d)) })
            .collect()
    })?;
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::cancelled());
    }
    // Not cancelled: every document was mapped.
    Ok(out.into_iter().flatten().collect())
}

/// The one-thread pool of a forked child (the pools inherited from the parent have no threads
/// left), created once per process id so that a grandchild gets its own.
fn child_pool() -> Result<Arc<rayon::ThreadPool>, Error> {
    static CHILD: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);
    let mut slot = CHILD.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if let Some((p, pool)) = slot.as_ref()
        && *p == pid
    {
        return Ok(Arc::clone(pool));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| Error::new(ErrorKind::ThreadPool(e.to_string())))?;
    let pool = Arc::new(pool);
    *slot = Some((pid, Arc::clone(&pool)));
    Ok(pool)
}

fn pool(n: usize) -> Result<Arc<rayon::ThreadPool>, Error> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let pools = POOLS.get_or_init(Default::default);
    let mut pools = pools.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&n) {
        return Ok(Arc::clone(p));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("asper-{i}"))
        .build()
        .map_err(|e| Error::new(ErrorKind::ThreadPool(e.to_string())))?;
    let p = Arc::new(p);
    pools.insert(n, Arc::clone(&p));
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_docs_in_order_and_cancellable() {
        let docs: Vec<usize> = (0..1000).collect();
        let never = AtomicBool::new(false);
        for threads in [None, Some(1), Some(2)] {
            let out = map_docs(&docs, threads, &never, |d| d * 2).unwrap();
            assert_eq!(out, docs.iter().map(|d| d * 2).collect::<Vec<_>>());
        }
        let cancel = AtomicBool::new(false);
        let err = map_docs(&docs, Some(2), &cancel, |&d| {
            if d == 10 {
                cancel.store(true, Ordering::Relaxed);
            }
            d
        })
        .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Cancelled));
        assert!(matches!(
            with_threads(Some(0), || ()).unwrap_err().kind(),
            ErrorKind::InvalidOption(_)
        ));
    }
}
