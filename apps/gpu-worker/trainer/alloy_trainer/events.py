"""Job events as JSON lines on stdout (libs/contracts job-event.schema.json, camelCase keys)."""

from __future__ import annotations

import datetime as _dt
import json
import math
import sys
from typing import Any, Optional, TextIO


class Events:
    def __init__(self, job_id: Optional[str] = None, enabled: bool = True, stream: Optional[TextIO] = None) -> None:
        self.job_id = job_id
        self.enabled = enabled
        self.stream = stream
        self.seq = 0

    def emit(self, type_: str, **fields: Any) -> None:
        if not self.enabled:
            return
        ev = {"type": type_, "time": _dt.datetime.now(_dt.timezone.utc).isoformat().replace("+00:00", "Z"), "seq": self.seq}
        if self.job_id:
            ev["jobId"] = self.job_id
        for k, v in fields.items():
            if v is None:
                continue
            if isinstance(v, float) and not math.isfinite(v):
                v = str(v)  # JSON has no NaN; keep the line parseable
            ev[k] = v
        self.seq += 1
        out = self.stream or sys.stdout
        out.write(json.dumps(ev, ensure_ascii=False) + "\n")
        out.flush()

    def log(self, message: str, level: str = "info") -> None:
        self.emit("log", level=level, message=message)
        print(f"[{level}] {message}", file=sys.stderr, flush=True)
