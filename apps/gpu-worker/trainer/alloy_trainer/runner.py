"""`run --spec`: the job's lifecycle, its events and its exit code.

Exit codes: 0 completed; 2 bad spec (a `failed` event names the field); 75 retryable (I/O,
a lost peer, SIGTERM after a checkpoint: run the same spec again to resume); 1 anything else.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import traceback
import uuid
from typing import List, Optional, Tuple

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


RENDEZVOUS_TIMEOUT_ENV = "ALLOY_TRAINER_RENDEZVOUS_TIMEOUT_S"
# The rendezvous is local (one agent, one host): it completes in seconds even on a loaded host.
DEFAULT_RENDEZVOUS_TIMEOUT_S = 300.0
# Another process may take the free port before the agent binds it; the agent then fails at once
# (it must host the store) and a new port is tried.
RENDEZVOUS_ATTEMPTS = 3


def _torchrun_command(spec_path: str, n: int, port: int, rdzv_timeout: float) -> List[str]:
    t = max(1, int(math.ceil(rdzv_timeout)))
    # Not --standalone: on torch 1.13 it always rendezvouses on port 29400, so two jobs on one host
    # (or anything else on that port) would meet in the same rendezvous and hang. is_host: this
    # agent hosts the rendezvous store itself, instead of joining whatever listens on the port
    # as a client when binding fails. join_timeout bounds the whole rendezvous, read_timeout
    # each call to its store. monitor_interval: the agent notices ranks that ended (or failed)
    # only when it looks, every 5 s by default on torch 1.13; checking is cheap.
    return [sys.executable, "-m", "alloy_trainer.torchrun", "--nnodes=1", f"--nproc_per_node={n}",
            "--monitor_interval=0.5",
            "--rdzv_backend=c10d", f"--rdzv_endpoint=127.0.0.1:{port}", f"--rdzv_id={uuid.uuid4()}",
            f"--rdzv_conf=is_host=1,join_timeout={t},read_timeout={t}",
            "-m", "alloy_trainer", "run", "--spec", spec_path]


def _failure_reason(rc: int, stderr_tail: List[str], port: int, rdzv_timeout: float) -> Tuple[str, bool]:
    """Why torchrun ended without rank 0 reporting, from its stderr; and whether the agent could
    not set up its rendezvous store (worth another port)."""
    def last(*needles: str) -> str:
        for line in reversed(stderr_tail):
            if any(n in line for n in needles):
                return line.strip()
        return ""

    if last("RendezvousTimeoutError"):
        return (f"the torchrun rendezvous did not complete within {rdzv_timeout:g} s "
                f"({RENDEZVOUS_TIMEOUT_ENV}): {last('RendezvousTimeoutError')}"), False
    if last("RendezvousConnectionError", "RendezvousError", "RendezvousClosedError"):
        taken = " (the port was taken)" if last("Address already in use") else ""
        return (f"the torchrun rendezvous on 127.0.0.1:{port} failed{taken}: "
                f"{last('RendezvousConnectionError', 'RendezvousError', 'RendezvousClosedError')}"), True
    watchdog = last("Watchdog caught collective operation timeout", "collective operation timeout")
    if watchdog:
        return (f"a collective timed out on a rank after {dd.collective_timeout_s():g} s "
                f"({dd.COLLECTIVE_TIMEOUT_ENV}): {watchdog}"), False
    detail = next((line.strip() for line in reversed(stderr_tail) if line.strip()), "no output on stderr")
    return f"torchrun exited with code {rc} before rank 0 reported how the job ended: {detail}", False


def _pump(src, dst, on_line) -> None:
    out = getattr(dst, "buffer", None)
    for line in iter(src.readline, b""):
        try:
            if out is not None:
                out.write(line)
            else:  # a text stream without bytes underneath (captured output)
                dst.write(line.decode("utf-8", "replace"))
            dst.flush()
        except (OSError, ValueError):
            pass  # our own output is gone; keep reading so the ranks never block on a full pipe
        on_line(line)
    src.close()


def _launch_torchrun(spec_path: str, n: int, events: Events) -> int:
    """Re-runs this command under torchrun with n processes on this host.

    The ranks' stdout and stderr pass through this process: it keeps the last event's seq and
    the tail of stderr, so when torchrun ends without rank 0 having reported (the rendezvous
    failed or timed out, a rank was aborted by the NCCL watchdog), it still emits the `failed`
    event, saying why, as the next event of the job."""
    import collections
    import tempfile
    import threading

    rdzv_timeout = dd.seconds_from_env(RENDEZVOUS_TIMEOUT_ENV, DEFAULT_RENDEZVOUS_TIMEOUT_S)
    dd.collective_timeout_s()  # a bad value fails here, once, rather than in every rank
    fd, exit_file = tempfile.mkstemp(prefix="alloy-exit-")
    os.close(fd)
    env = dict(os.environ, **{EXIT_FILE_ENV: exit_file})
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         env.get("PYTHONPATH", "")])
    child: Optional[subprocess.Popen] = None
    stop: List[int] = []

    def forward(signum, frame):
        stop.append(signum)
        if child is not None:
            child.send_signal(signum)

    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, forward)
    last_seq: List[int] = []
    tail: collections.deque = collections.deque(maxlen=200)

    def on_stdout(line: bytes) -> None:
        try:
            seq = json.loads(line).get("seq")
        except (ValueError, AttributeError):
            return
        if isinstance(seq, int):
            last_seq[:] = [seq]

    try:
        for attempt in range(1, RENDEZVOUS_ATTEMPTS + 1):
            port = _free_port()
            tail.clear()
            child = subprocess.Popen(_torchrun_command(spec_path, n, port, rdzv_timeout), env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
            pumps = [threading.Thread(target=_pump, args=(child.stdout, sys.stdout, on_stdout), daemon=True),
                     threading.Thread(target=_pump, args=(child.stderr, sys.stderr,
                                                          lambda b: tail.append(b.decode("utf-8", "replace"))),
                                      daemon=True)]
            for t in pumps:
                t.start()
            rc = child.wait()
            for t in pumps:
                # the ranks die with the agent (PR_SET_PDEATHSIG); never wait long on a straggler
                t.join(timeout=10)
            with open(exit_file) as f:
                text = f.read().strip()
            if text:
                return int(text)
            if rc == 0:
                return EXIT_OK
            reason, other_port = _failure_reason(rc, list(tail), port, rdzv_timeout)
            # (a fork while a reader thread still runs could inherit a held lock: no retry then)
            if (other_port and not last_seq and not stop and attempt < RENDEZVOUS_ATTEMPTS
                    and not any(t.is_alive() for t in pumps)):
                print(f"[warning] {reason}; trying another port", file=sys.stderr, flush=True)
                continue
            if last_seq:
                events.seq = last_seq[0] + 1
            events.emit("failed", reason=reason, retryable=True)
            return EXIT_RETRYABLE
        raise AssertionError("unreachable: the last attempt always returns")
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
            dd.barrier(d, "the barrier after rank 0 evaluates and exports the model")
    if d.main:
        events.emit("completed", manifest=manifest)
    return EXIT_OK
