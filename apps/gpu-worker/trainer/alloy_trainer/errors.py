"""Failure classes and the process exit codes the worker reads."""

from __future__ import annotations

from typing import Optional

EXIT_OK = 0
EXIT_FAILED = 1  # not retryable: a defect or a model that cannot train
EXIT_BAD_SPEC = 2  # not retryable: the spec (or what it points at) is wrong
EXIT_RETRYABLE = 75  # EX_TEMPFAIL: run the same spec again; it resumes from its checkpoint


class SpecError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RetryableError(RuntimeError):
    """Transient: I/O, a lost peer, a termination signal."""


class Terminated(RetryableError):
    def __init__(self, signum: int, checkpoint: Optional[str]) -> None:
        super().__init__(f"terminated by signal {signum}; checkpoint {checkpoint or 'none'}")
        self.checkpoint = checkpoint
