import type { JobEvent } from '@alloy/sdk/types';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { authHeaders, request } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';
import { parseSseJson, readSseEvents } from '../../components/sse-stream';
import { mergePoints } from './job-curves-chart';
import type { MetricPoint } from './job-types';

/** Lines kept in the log panel; older ones scroll out (the API keeps them all). */
const MAX_LOG_LINES = 2000;
const RECONNECT_MS = 2000;
const FLUSH_MS = 200;

export interface LogLine {
  position: number;
  time: string;
  level: string;
  message: string;
  attempt: number;
}

export interface Checkpoint {
  position: number;
  time: string;
  step: number;
  attempt: number;
}

export interface LiveJob {
  points: MetricPoint[];
  logs: LogLine[];
  checkpoints: Checkpoint[];
  /** Whether the event stream is open now. */
  live: boolean;
  /** Whether the stream said the job has finished. */
  ended: boolean;
  error: unknown;
  metricsLoading: boolean;
  /** Follows the job again from its first event, as after a retry of an ended job. */
  restart: () => void;
}

function metricPoint(payload: Record<string, unknown>): MetricPoint | null {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const step = num(payload.step);
  const loss = num(payload.loss);
  if (step === null || loss === null) return null;
  return {
    step,
    loss,
    lr: num(payload.lr),
    tokensPerSecond: num(payload.tokensPerSecond),
    evalLoss: num(payload.evalLoss),
  };
}

/**
 * A job's metric history, then its events live: the stream (read with fetch, since EventSource
 * cannot send the Authorization header) replays the job's events and follows new ones until the
 * job ends; a dropped connection resumes after the last event seen.
 */
export function useJobLiveEvents(jobId: string): LiveJob {
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: ['jobs', jobId, 'metrics'],
    queryFn: () => request<{ items: MetricPoint[] }>('GET', `/api/v1/jobs/${jobId}/metrics`),
    staleTime: Infinity,
  });
  const [points, setPoints] = useState<MetricPoint[]>([]);
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [live, setLive] = useState(false);
  const [ended, setEnded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (history.data) setPoints((p) => mergePoints(p, history.data.items));
  }, [history.data]);

  useEffect(() => {
    const controller = new AbortController();
    // The stream replays every event from the first: start the lists again (points merge by step).
    setLogs([]);
    setCheckpoints([]);
    setEnded(false);
    let after = 0;
    let finished = false;
    // A replay brings thousands of events at once: render them in batches, not one by one.
    let pendingPoints: MetricPoint[] = [];
    let pendingLogs: LogLine[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      const p = pendingPoints;
      const l = pendingLogs;
      pendingPoints = [];
      pendingLogs = [];
      if (p.length) setPoints((s) => mergePoints(s, p));
      if (l.length) setLogs((s) => [...s, ...l].slice(-MAX_LOG_LINES));
    };
    const schedule = () => {
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const follow = async () => {
      while (!finished && !controller.signal.aborted) {
        try {
          const response = await fetch(`/api/v1/jobs/${jobId}/events/stream?after=${after}`, {
            headers: { ...authHeaders(), accept: 'text/event-stream' },
            signal: controller.signal,
          });
          if (!response.ok) throw await ApiProblem.from(response);
          setLive(true);
          setError(null);
          for await (const sse of readSseEvents(response, controller.signal)) {
            if (sse.event === 'end') {
              finished = true;
              setEnded(true);
              void queryClient.invalidateQueries({ queryKey: ['jobs', jobId] });
              break;
            }
            const event = parseSseJson<JobEvent>(sse);
            if (!event) continue;
            after = Math.max(after, event.position);
            const p = event.payload;
            if (event.type === 'metrics') {
              const point = metricPoint(p);
              if (point) pendingPoints.push(point);
              schedule();
            } else if (event.type === 'log') {
              const line: LogLine = {
                position: event.position,
                time: event.time,
                level: typeof p.level === 'string' ? p.level : 'info',
                message: typeof p.message === 'string' ? p.message : JSON.stringify(p),
                attempt: event.attempt,
              };
              pendingLogs.push(line);
              schedule();
            } else if (event.type === 'checkpoint' && typeof p.step === 'number') {
              const step = p.step;
              setCheckpoints((c) => [
                ...c,
                { position: event.position, time: event.time, step, attempt: event.attempt },
              ]);
            } else {
              // started, completed, failed: the job itself changed.
              void queryClient.invalidateQueries({ queryKey: ['jobs', jobId], exact: true });
            }
          }
        } catch (e) {
          if (controller.signal.aborted) return;
          // A job that does not exist or may not be read will not appear by retrying.
          if (e instanceof ApiProblem && e.status >= 400 && e.status < 500) {
            setError(e);
            setLive(false);
            return;
          }
          setError(e);
        }
        setLive(false);
        if (!finished && !controller.signal.aborted) {
          await new Promise((r) => setTimeout(r, RECONNECT_MS));
        }
      }
    };
    void follow();
    return () => {
      controller.abort();
      clearTimeout(flushTimer);
    };
  }, [jobId, queryClient, generation]);

  return {
    points,
    logs,
    checkpoints,
    live,
    ended,
    error: history.error ?? error,
    metricsLoading: history.isPending,
    restart: () => setGeneration((g) => g + 1),
  };
}
