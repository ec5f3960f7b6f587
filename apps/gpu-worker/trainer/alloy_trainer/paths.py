"""Names read from files (a checkpoint's LATEST, a shard index) stay inside their directory.

A name is one plain path component; its real path (symlinks resolved) must lie under the
directory's real path. Anything else is refused, never followed."""

from __future__ import annotations

import os


class UnsafePathError(ValueError):
    pass


def confined(directory: str, name: str, what: str) -> str:
    """The path of `name` inside `directory`, or UnsafePathError naming `what`."""
    if not isinstance(name, str):
        raise UnsafePathError(f"{what} is not a string")
    if not name:
        raise UnsafePathError(f"{what} is empty")
    if "\0" in name:
        raise UnsafePathError(f"{what} contains a NUL byte")
    if os.path.isabs(name) or "/" in name or "\\" in name or (os.altsep and os.altsep in name):
        raise UnsafePathError(f"{what} {name!r} is not a plain file name (no path separators, not absolute)")
    if name in (".", ".."):
        raise UnsafePathError(f"{what} {name!r} is not a plain file name")
    path = os.path.join(directory, name)
    root = os.path.realpath(directory)
    real = os.path.realpath(path)
    if os.path.commonpath([root, real]) != root or real == root:
        raise UnsafePathError(f"{what} {name!r} resolves outside its directory")
    return path
