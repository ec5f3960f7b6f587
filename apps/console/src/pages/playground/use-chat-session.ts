import { useCallback, useRef, useState } from 'react';
import { authHeaders } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';
import { readChatStream } from '../../components/chat-completion-stream';

/** Sampling settings sent with every request; null leaves the model's default. */
export interface Sampling {
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: number | null;
}

/** One message of a conversation, with what the console learnt while it streamed. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
  /** The version that answered (`model@version`). */
  answeredBy?: string;
  annotations?: string[];
  finishReason?: string;
  /** Set when the answer failed; the turn is then left out of the next request. */
  error?: unknown;
  stopped?: boolean;
  streaming?: boolean;
  /** Milliseconds from sending to the first token, and to the last. */
  firstTokenMs?: number;
  totalMs?: number;
  chunks?: number;
}

/**
 * One conversation with one target on the model server, streamed: tokens are appended as they
 * arrive and `stop` aborts the request (the server stops generating when the connection closes).
 */
export function useChatSession() {
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const updateLast = (change: (turn: ChatTurn) => ChatTurn) =>
    setTurns((all) => [...all.slice(0, -1), change(all[all.length - 1])]);

  const send = useCallback(
    async (options: {
      inferenceUrl: string;
      target: string;
      prompt: string;
      system: string;
      sampling: Sampling;
      history: ChatTurn[];
    }) => {
      const { inferenceUrl, target, prompt, system, sampling, history } = options;
      const messages = [
        ...(system.trim() ? [{ role: 'system', content: system }] : []),
        ...history
          .filter((t) => !t.error && t.content)
          .map((t) => ({ role: t.role, content: t.content })),
        { role: 'user', content: prompt },
      ];
      setTurns([
        ...history,
        { role: 'user', content: prompt },
        { role: 'assistant', content: '', streaming: true },
      ]);
      setStreaming(true);
      const abort = new AbortController();
      controller.current = abort;
      const started = performance.now();
      let chunks = 0;
      try {
        const response = await fetch(`${inferenceUrl.replace(/\/$/, '')}/v1/chat/completions`, {
          method: 'POST',
          headers: { ...authHeaders(), 'content-type': 'application/json' },
          body: JSON.stringify({
            model: target,
            messages,
            stream: true,
            temperature: sampling.temperature,
            top_p: sampling.topP,
            max_tokens: sampling.maxTokens,
            ...(sampling.seed === null ? {} : { seed: sampling.seed }),
          }),
          signal: abort.signal,
        });
        if (!response.ok) throw await ApiProblem.from(response);
        for await (const part of readChatStream(response, abort.signal)) {
          chunks += part.content ? 1 : 0;
          const now = performance.now() - started;
          updateLast((t) => ({
            ...t,
            content: t.content + part.content,
            answeredBy: part.fingerprint ?? t.answeredBy,
            finishReason: part.finishReason ?? t.finishReason,
            annotations: part.annotations
              ? [...(t.annotations ?? []), ...part.annotations]
              : t.annotations,
            firstTokenMs: t.firstTokenMs ?? (part.content ? now : undefined),
            chunks,
          }));
        }
        updateLast((t) => ({ ...t, streaming: false, totalMs: performance.now() - started }));
      } catch (error) {
        const aborted = abort.signal.aborted;
        updateLast((t) => ({
          ...t,
          streaming: false,
          totalMs: performance.now() - started,
          ...(aborted ? { stopped: true } : { error }),
        }));
      } finally {
        if (controller.current === abort) controller.current = null;
        setStreaming(false);
      }
    },
    [],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  const clear = useCallback(() => {
    controller.current?.abort();
    setTurns([]);
  }, []);

  return { turns, streaming, send, stop, clear };
}
