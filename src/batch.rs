//! Many documents at once: rayon over documents, results in input order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::matcher::{Match, Matcher};

static FORKED: AtomicBool = AtomicBool::new(false);

/// Marks the process as a child of `fork()`: rayon's threads did not survive the fork, so every
/// batch call runs sequentially in this process from now on.
pub fn after_fork_in_child() {
    FORKED.store(true, Ordering::SeqCst);
}

/// Runs `f` with `threads` worker threads (`None`: rayon's global pool, one thread per core).
/// Pools are cached per thread count. In a forked child the work runs on the calling thread.
pub fn with_threads<T, F>(threads: Option<usize>, f: F) -> Result<T, Error>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    if FORKED.load(Ordering::SeqCst) {
        return Ok(child_pool()?.install(f));
    }
    match threads {
        None => Ok(f()),
        Some(0) => Err(Error::new(ErrorKind::InvalidOption(
            "threads must be at least 1 (or None for one per core)".into(),
        ))),
        Some(n) => Ok(pool(n)?.install(f)),
    }
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

impl Matcher {
    /// The matches of every document, in input order, computed in parallel on rayon's global
    /// pool. Equal to calling [`Matcher::find_all`] on each document in turn.
    pub fn find_batch<S: AsRef<str> + Sync>(&self, docs: &[S]) -> Vec<Vec<Match>> {
        docs.par_iter().map(|d| self.find_all(d.as_ref())).collect()
    }

    /// As [`Matcher::find_batch`], on `threads` threads (`None`: one per core).
    pub fn find_batch_with_threads<S: AsRef<str> + Sync>(
        &self,
        docs: &[S],
        threads: Option<usize>,
    ) -> Result<Vec<Vec<Match>>, Error> {
        with_threads(threads, || self.find_batch(docs))
    }
}
