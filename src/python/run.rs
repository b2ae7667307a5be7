//! The one way every long binding call runs: with the GIL released, on the right thread pool
//! (the fork guard included, see `crate::threads`), interruptible by Ctrl-C.
//!
//! Work of more than [`WATCH_BYTES`] of text runs on a helper thread while the calling thread
//! (Python's main thread, when the call comes from there) waits for it, waking every
//! [`POLL`] to check for signals. On Ctrl-C it sets the work's cancel flag, which the workers
//! test before each document (or corpus record), waits for them to stop, and raises
//! `KeyboardInterrupt`. Nothing the work touched is left half-done: matchers and attributors
//! are immutable, results are discarded, and a scan's output file is not created.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use pyo3::prelude::*;

use crate::error::Error;

/// How often the waiting thread checks for signals.
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// Work on less text than this runs on the calling thread, without a watcher: it ends within
/// a few milliseconds anyway.
pub(crate) const WATCH_BYTES: usize = 1 << 20;

/// Runs `work` with the GIL released. `bytes` is the size of the work (text bytes), which
/// decides whether it runs under a watcher. `work` gets the cancel flag to poll.
pub(crate) fn run<T, F>(py: Python<'_>, bytes: usize, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Arc<AtomicBool>) -> Result<T, Error> + Send,
{
    let cancel = Arc::new(AtomicBool::new(false));
    if bytes < WATCH_BYTES {
        return py.detach(|| work(&cancel)).map_err(PyErr::from);
    }
    let mut interrupt: Option<PyErr> = None;
    let outcome = py.detach(|| {
        std::thread::scope(|s| {
            let (done_tx, done_rx) = channel::<()>();
            let cancel = &cancel;
            let handle = s.spawn(move || {
                let r = work(cancel);
                let _ = done_tx.send(());
                r
            });
            loop {
                match done_rx.recv_timeout(POLL) {
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => {
                        if interrupt.is_none()
                            && let Err(e) = Python::attach(|py| py.check_signals())
                        {
                            interrupt = Some(e);
                            cancel.store(true, Ordering::Relaxed);
                        }
                    }
                }
            }
            handle.join()
        })
    });
    match outcome {
        Ok(result) => match interrupt {
            Some(e) => Err(e),
            None => result.map_err(PyErr::from),
        },
        // A panic in the work: raise it here, where pyo3 turns it into a PanicException.
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
