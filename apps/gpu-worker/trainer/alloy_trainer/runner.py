"""`run --spec`: the job's lifecycle, its events and its exit code.

Exit codes: 0 completed; 2 bad spec (a `failed` event names the field); 75 retryable (I/O,
a lost peer, SIGTERM after a checkpoint: run the same spec again to resume); 1 anything else.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import traceback
import uuid

from . import distributed as dd
from .errors import EXIT_BAD_SPEC, EXIT_FAILED, EXIT_OK, EXIT_RETRYABLE, RetryableError, SpecError, Terminated
from .events import Events
from .spec import load_spec_file

EXIT_FILE_ENV = "ALLOY_TRAINER_EXIT_FILE"


def _job_id(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            v = json.load(f).get("jobId")
        return v if isinstance(v, str) else None
    except Exception:
        return None


def _processes(path: str) -> int:
    # an unreadable spec is reported by load_spec_file, with its field
    try:
        with open(path, encoding="utf-8") as f:
            n = json.load(f)["parallelism"]["processes"]
        return n if isinstance(n, int) and n > 0 else 1
    except Exception:
        return 1


def _retryable(e: BaseException) -> bool:
    if isinstance(e, (RetryableError, OSError, ConnectionError, TimeoutError)):
        return True
    text = str(e)
    # collective failures when a peer process dies (gloo, NCCL)
    return isinstance(e, RuntimeError) and any(s in text for s in ("Connection reset", "NCCL", "gloo", "Broken pipe"))


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent dies, so a killed worker (or torchrun agent)
    never leaves ranks writing into a work directory that a retry is about to reuse."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _free_port() -> int:
    """A port nobody listens on now; torchrun's agent binds it a moment later."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _launch_torchrun(spec_path: str, n: int, events: Events) -> int:
    """Re-runs this command under torchrun with n processes on this host."""
    import tempfile

    fd, exit_file = tempfile.mkstemp(prefix="alloy-exit-")
    os.close(fd)
    env = dict(os.environ, **{EXIT_FILE_ENV: exit_file})
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         env.get("PYTHONPATH", "")])
    # Not --standalone: on torch 1.13 it always rendezvouses on port 29400, so two jobs on one host
    # (or anything else on that port) would meet in the same rendezvous and hang.
    cmd = [sys.executable, "-m", "alloy_trainer.torchrun", "--nnodes=1", f"--nproc_per_node={n}",
           "--rdzv_backend=c10d", f"--rdzv_endpoint=127.0.0.1:{_free_port()}", f"--rdzv_id={uuid.uuid4()}",
           "-m", "alloy_trainer", "run", "--spec", spec_path]
    child = subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent)
    forward = lambda signum, frame: child.send_signal(signum)  # noqa: E731
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, forward)
    rc = child.wait()
    try:
        with open(exit_file) as f:
            text = f.read().strip()
        return int(text) if text else (EXIT_RETRYABLE if rc else EXIT_OK)
    finally:
        os.unlink(exit_file)


def _terminate(signum, frame):
    # outside the training loop (which checkpoints first) a stop is retryable as it stands
    raise Terminated(signum, None)


def run_from_file(spec_path: str) -> int:
    d = None
    events = Events(job_id=_job_id(spec_path), enabled=int(os.environ.get("RANK", "0")) == 0)
    code = EXIT_FAILED
    previous = {s: signal.signal(s, _terminate) for s in (signal.SIGTERM, signal.SIGINT)}
    if "RANK" in os.environ and "TORCHELASTIC_RUN_ID" in os.environ:
        _die_with_parent()
    try:
        world = int(os.environ.get("WORLD_SIZE", "0")) or None
        if world is None:
            n = _processes(spec_path)
            job = load_spec_file(spec_path, world_size=n)  # validate before starting processes
            if n > 1:
                return _launch_torchrun(spec_path, n, events)
            world = 1
        job = load_spec_file(spec_path, world_size=world)
        d = dd.setup(want_cuda=job.spec["precision"] != "fp32" or (job.spec.get("resources") or {}).get("gpus", 1) != 0)
        code = _run_job(job, events, d)
    except SpecError as e:
        events.emit("failed", reason=e.message, field=e.field, retryable=False)
        code = EXIT_BAD_SPEC
    except BaseException as e:  # noqa: BLE001 - every failure must become an event and an exit code
        if isinstance(e, SystemExit):
            raise
        traceback.print_exc(file=sys.stderr)
        retry = _retryable(e) or isinstance(e, KeyboardInterrupt)
        events.emit("failed", reason=f"{type(e).__name__}: {e}", retryable=retry)
        code = EXIT_RETRYABLE if retry else EXIT_FAILED
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        if d is not None:
            dd.teardown(d)
        exit_file = os.environ.get(EXIT_FILE_ENV)
        if exit_file and int(os.environ.get("RANK", "0")) == 0:
            with open(exit_file, "w") as f:
                f.write(str(code))
    return code


def _run_job(job, events: Events, d: dd.Dist) -> int:
    if job.kind in ("evaluate", "export"):
        from .jobs import run_evaluate, run_export

        manifest = (run_evaluate if job.kind == "evaluate" else run_export)(job, events, d)
    else:
        from .export import export
        from .trainer import Trainer

        t = Trainer(job, events, d)
        metrics = t.run()
        manifest = None
        with dd.full_params(t.wrapped):
            if d.main:
                manifest = export(job, t.model, t.tok, t.tok_src, metrics)
            dd.barrier(d)
    if d.main:
        events.emit("completed", manifest=manifest)
    return EXIT_OK
