"""asper: fast, Unicode-correct entity and source-attribution matching for news text.

>>> import asper
>>> m = asper.Matcher({"Reuters": "NEWS_ORG", "New York": "PLACE"})
>>> [(x.start, x.end, x.label) for x in m.find("NEW YORK (Reuters) - New York said")]
[(10, 17, 'NEWS_ORG'), (21, 29, 'PLACE')]
"""

import collections.abc as _abc
import os as _os

from asper._native import (
    UNICODE_VERSION,
    Attribution,
    Attributor,
    LoadError,
    Match,
    Matcher,
    PatternError,
    Results,
    ScanError,
    Table,
    __version__,
)
from asper._native import _after_fork as _after_fork
from asper._scan import ScanStats, scan

# A read-only sequence of per-document lists, as far as isinstance checks go.
_abc.Sequence.register(Results)

# rayon's worker threads do not survive fork(): a forked child runs batches sequentially.
if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_after_fork)

__all__ = [
    "UNICODE_VERSION",
    "Attribution",
    "Attributor",
    "LoadError",
    "Match",
    "Matcher",
    "PatternError",
    "Results",
    "ScanError",
    "ScanStats",
    "Table",
    "__version__",
    "scan",
]
