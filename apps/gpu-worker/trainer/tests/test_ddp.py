"""Two processes (torchrun, gloo) train exactly as one process with the same global batch."""

import pytest

from helpers import by_type, cli, losses, parse_events, spec, write_spec

# Under the default limit (30 minutes) a collective one rank never joins would outlast every
# test's own time limit, which kills the run without saying where it stood. A minute is many
# times what any wait in these small runs takes, even on a loaded host, and a hang then fails
# the run with a CollectiveTimeout naming the collective.
TEST_COLLECTIVE_TIMEOUT = {"ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S": "60"}


def _env(**extra):
    import os

    return dict(os.environ, **TEST_COLLECTIVE_TIMEOUT, **extra)


def _run(tmp_path, data_dir, processes, name, env=None):
    s = spec(tmp_path, data_dir, jobId=f"ddp-{name}",
             hyperparameters={"maxSteps": 6, "batchSize": 8, "gradientAccumulation": 2},
             parallelism={"strategy": "ddp", "processes": processes},
             output={"dir": str(tmp_path / name / "model")})
    p = cli(["run", "--spec", write_spec(tmp_path, s, f"{name}.json")], env=env or _env())
    try:
        out, err = p.communicate(timeout=300)
    except BaseException:
        p.kill()  # torchrun and the ranks follow the launcher (PR_SET_PDEATHSIG)
        raise
    assert p.returncode == 0, err[-3000:]
    return parse_events(out)


def test_two_process_ddp_matches_one_process(tmp_path, data_dir):
    one = _run(tmp_path, data_dir, 1, "one")
    # Rank 1 starts late, so rank 0 has trained and written the tokenizer before rank 1 gets
    # there. Rank 1 used to find the file, skip the barrier after tokenizer training and wait in
    # DDP's parameter check while rank 0 waited in that barrier: a hang (now a time-out at 60 s).
    two = _run(tmp_path, data_dir, 2, "two", env=_with_rank_1_late(tmp_path, 1, ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S="60"))
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
    p = cli(["run", "--spec", path], stderr=subprocess.DEVNULL, env=_env())
    seen = []
    try:
        for line in p.stdout:
            seen.append(json.loads(line))
            if seen[-1]["type"] == "metrics":
                break
    except BaseException:
        p.kill()
        raise
    assert seen and seen[-1]["type"] == "metrics", seen[-3:]
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
        p = cli(["run", "--spec", write_spec(tmp_path, s, "port.json")], env=_env())
        try:
            out, err = p.communicate(timeout=120)
        except BaseException:
            p.kill()
            raise
        assert p.returncode == 0, err[-3000:]
        assert by_type(parse_events(out), "started")[0]["worldSize"] == 2
    finally:
        if squatter is not None:
            squatter.close()


def _with_rank_1_late(tmp_path, seconds, **env):
    """An environment in which rank 1 sleeps `seconds` right after joining the process group, as
    a rank descheduled on a busy host does: rank 0 then trains and writes the tokenizer before
    rank 1 looks for it."""
    import os

    hook = tmp_path / "late-rank"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os, time\n"
        "if os.environ.get('RANK') == '1':\n"
        "    import alloy_trainer.distributed as dd\n"
        "    setup = dd.setup\n"
        "    def late(*a, **k):\n"
        "        d = setup(*a, **k)\n"
        f"        time.sleep({seconds})\n"
        "        return d\n"
        "    dd.setup = late\n")
    path = os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")])
    return dict(os.environ, PYTHONPATH=path, **env)


def test_a_collective_a_peer_never_joins_fails_the_run_naming_it(tmp_path, data_dir):
    s = spec(tmp_path, data_dir, jobId="ddp-stuck", hyperparameters={"maxSteps": 1, "batchSize": 8},
             parallelism={"strategy": "ddp", "processes": 2}, output={"dir": str(tmp_path / "stuck" / "model")})
    # rank 1 stops for a minute (a peer that hangs) while rank 0 waits in the barrier after
    # training the tokenizer; torchrun ends rank 1 once rank 0 has failed
    env = _with_rank_1_late(tmp_path, 60, ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S="3")
    p = cli(["run", "--spec", write_spec(tmp_path, s, "stuck.json")], env=env)
    try:
        out, err = p.communicate(timeout=120)
    except BaseException:
        p.kill()
        raise
    assert p.returncode == 75, err[-3000:]
    events = parse_events(out)
    failed = by_type(events, "failed")
    assert len(failed) == 1 and failed[0]["retryable"] is True
    reason = failed[0]["reason"]
    assert reason.startswith("CollectiveTimeout: the barrier after rank 0 looks for or trains the tokenizer"), reason
    assert "3 s" in reason and "ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S" in reason, reason


def test_a_rank_that_stalls_during_training_fails_the_run_naming_the_step(tmp_path, data_dir, tiny_model_dir):
    import os

    # rank 1 stops at the start of step 3 (a peer that hangs mid-run) while rank 0 goes on into
    # that step's first collective. It stays stopped until rank 0 has ended (its exit code is
    # written) and then fails on the lost peer, rather than making torchrun wait out its grace
    # period before killing it. The limit is short, yet long enough that ranks a loaded host
    # starts or schedules seconds apart still meet in every collective before step 3.
    hook = tmp_path / "stalling-rank"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os, time\n"
        "if os.environ.get('RANK') == '1':\n"
        "    import alloy_trainer.trainer as tr\n"
        "    step_once = tr.Trainer._train_step\n"
        "    def rank_0_ended():\n"
        "        with open(os.environ['ALLOY_TRAINER_EXIT_FILE']) as f:\n"
        "            return bool(f.read().strip())\n"
        "    def stalling(self, step):\n"
        "        deadline = time.time() + 120\n"
        "        while step == 2 and not rank_0_ended() and time.time() < deadline:\n"
        "            time.sleep(0.2)\n"
        "        return step_once(self, step)\n"
        "    tr.Trainer._train_step = stalling\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]),
               ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S="10")
    s = spec(tmp_path, data_dir, jobId="ddp-stall", hyperparameters={"maxSteps": 4, "batchSize": 8, "checkpointEvery": 100},
             parallelism={"strategy": "ddp", "processes": 2}, output={"dir": str(tmp_path / "stall" / "model")},
             modelConfig={"vocab_size": 512})
    # a ready tokenizer: no wait on rank 0 alone before training comes near the short limit
    s["tokenizer"] = {"path": str(tiny_model_dir)}
    p = cli(["run", "--spec", write_spec(tmp_path, s, "stall.json")], env=env)
    try:
        out, err = p.communicate(timeout=120)
    except BaseException:
        p.kill()
        raise
    assert p.returncode == 75, err[-3000:]
    events = parse_events(out)
    failed = by_type(events, "failed")
    assert len(failed) == 1 and failed[0]["retryable"] is True
    reason = failed[0]["reason"]
    assert reason.startswith("CollectiveTimeout: summing the loss tokens of step 3: rank 0 waited more than 10 s"), reason
    assert sorted(losses(events)) == [1, 2]


def test_torchrun_gets_a_rendezvous_it_hosts_with_time_limits():
    from alloy_trainer.runner import _torchrun_command

    cmd = _torchrun_command("/x/spec.json", 2, 41234, 299.5)
    assert "--rdzv_endpoint=127.0.0.1:41234" in cmd
    assert "--rdzv_conf=is_host=1,join_timeout=300,read_timeout=300" in cmd
    assert not any(a.startswith("--standalone") for a in cmd)


def test_a_torchrun_that_ends_without_rank_0_gets_a_reason_from_its_stderr():
    from alloy_trainer.runner import _failure_reason

    reason, other_port = _failure_reason(1, ["Traceback (most recent call last):",
                                             "torch.distributed.elastic.rendezvous.api.RendezvousTimeoutError"],
                                         4000, 300)
    assert "did not complete within 300 s" in reason and "ALLOY_TRAINER_RENDEZVOUS_TIMEOUT_S" in reason
    assert not other_port
    reason, other_port = _failure_reason(1, ["torch.distributed.elastic.rendezvous.api.RendezvousConnectionError: "
                                             "The connection to the C10d store has failed."], 4000, 300)
    assert reason.startswith("the torchrun rendezvous on 127.0.0.1:4000 failed") and other_port
    reason, other_port = _failure_reason(-6, ["[Rank 0] Watchdog caught collective operation timeout: "
                                              "WorkNCCL(SeqNum=7, OpType=ALLREDUCE) ran for 1800000 milliseconds"],
                                         4000, 300)
    assert reason.startswith("a collective timed out on a rank") and "OpType=ALLREDUCE" in reason and not other_port
    reason, _ = _failure_reason(1, ["something else broke", ""], 4000, 300)
    assert reason == "torchrun exited with code 1 before rank 0 reported how the job ended: something else broke"


def test_a_bad_time_limit_is_refused_before_any_process_starts(tmp_path, data_dir, capsys, monkeypatch):
    from helpers import run_inprocess

    monkeypatch.setenv("ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S", "soon")
    s = spec(tmp_path, data_dir, jobId="ddp-bad-limit", parallelism={"strategy": "ddp", "processes": 2})
    code, events = run_inprocess(tmp_path, s, capsys)
    assert code == 1
    assert "ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S must be a positive number of seconds" in by_type(events, "failed")[0]["reason"]
