//! The one way every long binding call runs: with the GIL released, on the right thread pool
//! (the fork guard included, see `crate::threads`), interruptible by Ctrl-C, with an optional
//! progress bar.
//!
//! Work of more than [`WATCH_BYTES`] of text (or with a progress bar) runs on a helper thread
//! while the calling thread (Python's main thread, when the call comes from there) waits for
//! it, waking every [`POLL`] to check for signals and move the bar. On Ctrl-C it sets the
//! work's cancel flag, which the workers test before each document (or corpus record), waits
//! for them to stop, and raises `KeyboardInterrupt`. Nothing the work touched is left
//! half-done: matchers and attributors are immutable, results are discarded, and a scan's
//! output file is not created.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::corpus::{ColumnOptions, OffsetUnit};
use crate::error::Error;

/// How often the waiting thread checks for signals and updates the progress bar.
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// Work on less text than this runs on the calling thread, without a watcher: it ends within
/// a few milliseconds anyway.
pub(crate) const WATCH_BYTES: usize = 1 << 20;

/// What the work polls and reports: the cancel flag, and the number of documents done.
pub(crate) struct Control {
    pub cancel: Arc<AtomicBool>,
    pub done: Arc<AtomicUsize>,
}

impl Control {
    /// Options for the column functions of the core, wired to this control.
    pub(crate) fn column_options(
        &self,
        threads: Option<usize>,
        offsets: OffsetUnit,
    ) -> ColumnOptions {
        ColumnOptions {
            threads,
            offsets,
            cancel: Some(Arc::clone(&self.cancel)),
            done: Some(Arc::clone(&self.done)),
            ..ColumnOptions::default()
        }
    }
}

/// A tqdm bar (`tqdm.auto`: a widget in Jupyter, text on a terminal) over documents.
pub(crate) struct ProgressBar {
    bar: Py<PyAny>,
    shown: usize,
}

impl ProgressBar {
    /// A bar over `total` documents when `enabled` and tqdm is installed (else None: a
    /// progress bar is a convenience, its absence is no error).
    pub(crate) fn new(
        py: Python<'_>,
        enabled: bool,
        total: usize,
        desc: &str,
    ) -> Option<ProgressBar> {
        if !enabled {
            return None;
        }
        let tqdm = py.import("tqdm.auto").and_then(|m| m.getattr("tqdm")).ok()?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("total", total).ok()?;
        kwargs.set_item("unit", "doc").ok()?;
        kwargs.set_item("desc", desc).ok()?;
        let bar = tqdm.call((), Some(&kwargs)).ok()?;
        Some(ProgressBar { bar: bar.unbind(), shown: 0 })
    }

    fn show(&mut self, py: Python<'_>, done: usize) {
        if done > self.shown {
            let _ = self.bar.call_method1(py, "update", (done - self.shown,));
            self.shown = done;
        }
    }

    fn close(&mut self, py: Python<'_>) {
        let _ = self.bar.call_method0(py, "close");
    }
}

/// Runs `work` with the GIL released. `bytes` is the size of the work (text bytes), which
/// decides whether it runs under a watcher; `bar` is shown while it runs.
pub(crate) fn run<T, F>(
    py: Python<'_>,
    bytes: usize,
    mut bar: Option<ProgressBar>,
    work: F,
) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Control) -> Result<T, Error> + Send,
{
    let ctl =
        Control { cancel: Arc::new(AtomicBool::new(false)), done: Arc::new(AtomicUsize::new(0)) };
    if bytes < WATCH_BYTES && bar.is_none() {
        return py.detach(|| work(&ctl)).map_err(PyErr::from);
    }
    let mut interrupt: Option<PyErr> = None;
    let outcome = py.detach(|| {
        std::thread::scope(|s| {
            let (done_tx, done_rx) = channel::<()>();
            let ctl = &ctl;
            let handle = s.spawn(move || {
                let r = work(ctl);
                let _ = done_tx.send(());
                r
            });
            loop {
                match done_rx.recv_timeout(POLL) {
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => Python::attach(|py| {
                        if interrupt.is_none()
                            && let Err(e) = py.check_signals()
                        {
                            interrupt = Some(e);
                            ctl.cancel.store(true, Ordering::Relaxed);
                        }
                        if let Some(b) = bar.as_mut() {
                            b.show(py, ctl.done.load(Ordering::Relaxed));
                        }
                    }),
                }
            }
            handle.join()
        })
    });
    if let Some(b) = bar.as_mut() {
        if interrupt.is_none() {
            b.show(py, ctl.done.load(Ordering::Relaxed));
        }
        b.close(py);
    }
    match outcome {
        Ok(result) => match interrupt {
            Some(e) => Err(e),
            None => result.map_err(PyErr::from),
        },
        // A panic in the work: raise it here, where pyo3 turns it into a PanicException.
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
