import { ServingError, ServingErrorCode } from '../common/serving-error';

/** What a client refused for too many streams is told to wait. */
const RETRY_AFTER_S = 1;

/**
 * Streams (REST SSE, OpenAI `stream: true`, gRPC GenerateStream) open at once per API key,
 * counted in this process: behind a load balancer a key may hold up to MAX_STREAMS_PER_KEY on each
 * replica. That is enough to keep one key from taking every decode row of a server; counting
 * across replicas in Redis would need a lease per stream that expires when its replica dies.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  /** `perKey` 0: no limit. */
  constructor(private readonly perKey: number) {}

  /** Takes a slot for a key, or throws the 429; the function returned gives it back (once). */
  take(credentialId: string): () => void {
    const held = this.open.get(credentialId) ?? 0;
    if (this.perKey > 0 && held >= this.perKey)
      throw new ServingError(
        429,
        ServingErrorCode.STREAM_LIMIT_REACHED,
        `this API key already has ${held} streams open, its limit; retry once one ends`,
        null,
        RETRY_AFTER_S,
        { limit: this.perKey },
      );
    this.open.set(credentialId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(credentialId) ?? 1) - 1;
      if (left > 0) this.open.set(credentialId, left);
      else this.open.delete(credentialId);
    };
  }

  /** Streams a key has open. */
  held(credentialId: string): number {
    return this.open.get(credentialId) ?? 0;
  }
}
