"""Atomic file writes: a reader never sees a half-written output.

Each write goes to a temporary file in the target's own folder (so the final
``os.replace`` is a rename on one file system, which is atomic) and replaces the
target only once the data is complete and flushed to disk.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# New outputs get ordinary permissions; mkstemp's 0600 would hide them from colleagues.
_NEW_FILE_MODE = 0o644


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces ``path`` atomically.

    The temporary file keeps the target's suffix, because writers such as
    ``DataFrame.to_excel`` choose their format by it. If the block raises, the
    temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    fd, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix or ".tmp"
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically, newlines as given (no translation)."""
    atomic_write_bytes(path, text.encode(encoding))
