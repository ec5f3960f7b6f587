"""`python -m alloy_trainer.torchrun ...`: torchrun, with a fix for torch 1.13 on Python 3.11.

There, iterating an IntFlag skips its zero member, so torchrun's parsing of the default
`--redirects 0` / `--tee 0` yields None and every launch fails in `to_map`. Arguments and
behaviour are otherwise torchrun's own.
"""

from __future__ import annotations

import sys


def _patch() -> None:
    from torch.distributed.elastic.multiprocessing import api

    original = api.Std.from_str.__func__

    def from_str(cls, vm):
        value = original(cls, vm)
        if value is None:
            return cls.NONE
        if isinstance(value, dict):
            return {k: (cls.NONE if v is None else v) for k, v in value.items()}
        return value

    if api.Std.from_str("0") is None:
        api.Std.from_str = classmethod(from_str)


def main() -> None:
    _patch()
    from torch.distributed.run import main as torchrun_main

    torchrun_main()


if __name__ == "__main__":
    sys.argv[0] = "torchrun"
    main()
