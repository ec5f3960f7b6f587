"""Two processes (torchrun, gloo) train exactly as one process with the same global batch."""

import pytest

from helpers import by_type, cli, losses, parse_events, spec, write_spec


def _run(tmp_path, data_dir, processes, name):
    s = spec(tmp_path, data_dir, jobId=f"ddp-{name}",
             hyperparameters={"maxSteps": 6, "batchSize": 8, "gradientAccumulation": 2},
             parallelism={"strategy": "ddp", "processes": processes},
             output={"dir": str(tmp_path / name / "model")})
    p = cli(["run", "--spec", write_spec(tmp_path, s, f"{name}.json")])
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err[-3000:]
    return parse_events(out)


def test_two_process_ddp_matches_one_process(tmp_path, data_dir):
    one = _run(tmp_path, data_dir, 1, "one")
    two = _run(tmp_path, data_dir, 2, "two")
    assert by_type(two, "started")[0]["worldSize"] == 2
    assert by_type(one, "started")[0]["worldSize"] == 1
    l1, l2 = losses(one), losses(two)
    assert sorted(l1) == sorted(l2) == list(range(1, 7))
    for step in l1:
        assert l2[step] == pytest.approx(l1[step], rel=1e-4), step
    # one set of events (rank 0 only)
    assert len(by_type(two, "completed")) == 1
    assert l1[6] < l1[1]


def _processes_running(marker):
    import os

    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


def test_killing_the_launcher_takes_torchrun_and_its_ranks_down(tmp_path, data_dir):
    import json
    import subprocess
    import signal
    import time

    s = spec(tmp_path, data_dir, jobId="ddp-orphans", hyperparameters={"maxSteps": 500, "batchSize": 8},
             parallelism={"strategy": "ddp", "processes": 2}, output={"dir": str(tmp_path / "orph" / "model")})
    path = write_spec(tmp_path, s, "orphans.json")
    p = cli(["run", "--spec", path], stderr=subprocess.DEVNULL)
    for line in p.stdout:
        if json.loads(line)["type"] == "metrics":
            break
    assert len(_processes_running(path)) >= 3  # launcher, torchrun agent, two ranks
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    deadline = time.time() + 30
    while _processes_running(path) and time.time() < deadline:
        time.sleep(0.5)
    assert _processes_running(path) == []


def test_ddp_runs_while_the_default_rendezvous_port_is_taken(tmp_path, data_dir):
    """torchrun --standalone on torch 1.13 always uses port 29400; a job must not depend on it being free."""
    import socket

    squatter = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        squatter.bind(("127.0.0.1", 29400))
    except OSError:
        squatter.close()
        squatter = None  # already taken by something else: the same condition
    if squatter is not None:
        squatter.listen(1)
    try:
        s = spec(tmp_path, data_dir, jobId="ddp-port", hyperparameters={"maxSteps": 2, "batchSize": 8},
                 parallelism={"strategy": "ddp", "processes": 2}, output={"dir": str(tmp_path / "port" / "model")})
        p = cli(["run", "--spec", write_spec(tmp_path, s, "port.json")])
        try:
            out, err = p.communicate(timeout=120)
        except Exception:
            p.kill()
            raise
        assert p.returncode == 0, err[-3000:]
        assert by_type(parse_events(out), "started")[0]["worldSize"] == 2
    finally:
        if squatter is not None:
            squatter.close()
