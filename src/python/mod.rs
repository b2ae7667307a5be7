//! The `asper._native` extension module (feature `python`).
//!
//! The bindings only convert: they extract Python inputs while attached, release the GIL
//! (`Python::detach`) for all matching and offset conversion, and build Python objects after.

mod attribution;
mod column;
mod columns;
mod convert;
mod errors;
mod matcher;
mod results;
mod run;
mod scan;
mod table;
mod texts;

use pyo3::prelude::*;

#[pymodule]
mod _native {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::attribution::{PyAttribution, PyAttributor};
    #[pymodule_export]
    use super::column::PyColumn;
    #[pymodule_export]
    use super::columns::{
        _core_baseline, _polars_attributions, _polars_contains, _polars_count, _polars_extract,
    };
    #[pymodule_export]
    use super::errors::{LoadError, PatternError, ScanError};
    #[pymodule_export]
    use super::matcher::{PyMatch, PyMatcher};
    #[pymodule_export]
    use super::results::{PyResults, ResultsIter};
    #[pymodule_export]
    use super::scan::_scan;
    #[pymodule_export]
    use super::table::PyTable;

    /// Called in the child after `os.fork()`: batches run sequentially there.
    #[pyfunction]
    fn _after_fork() {
        crate::threads::after_fork_in_child();
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("UNICODE_VERSION", crate::UNICODE_VERSION)?;
        Ok(())
    }
}

#[allow(unused_imports)]
use _native as _;
