import type { Logger } from 'pino';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import type { ServedVersion } from '../deployments/deployment-catalog';

/** Makes one version servable: builds its graph when missing, registers and loads its engine. */
export type PrepareVersion = (version: ServedVersion) => Promise<void>;

/** A failed preparation is tried again after 5 s, doubling up to 5 minutes. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;
/** What a client is told to wait while a version warms up. */
const WARMING_RETRY_AFTER_S = 2;

interface Preparation {
  version: ServedVersion;
  state: 'queued' | 'warming' | 'ready' | 'failed';
  attempts: number;
  retryAt?: number;
  retryTimer?: NodeJS.Timeout;
}

/**
 * Prepares the versions the deployments name as soon as the deployment table names them, in the
 * background, so that no request ever builds a graph or waits for a load: a request for a version
 * still warming up is answered 503 with Retry-After. Preparations run one at a time, since
 * building a graph takes the CPU and memory requests would otherwise get.
 */
export class VersionWarmup {
  private readonly preparations = new Map<string, Preparation>();
  private readonly waiting: Preparation[] = [];
  private running = false;
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly prepare: PrepareVersion,
    private readonly logger: Logger,
  ) {}

  /**
   * Follows a new deployment table: versions it names for the first time (or with another
   * artifact) are queued for preparation, versions it no longer names are forgotten.
   */
  sync(versions: ServedVersion[]): void {
    const wanted = new Map(versions.map((v) => [v.versionId, v]));
    for (const [id, p] of this.preparations) {
      const next = wanted.get(id);
      if (next && next.artifactKey === p.version.artifactKey) continue;
      clearTimeout(p.retryTimer);
      this.preparations.delete(id);
    }
    for (const version of wanted.values())
      if (!this.preparations.has(version.versionId)) this.enqueue(version, 0);
    this.notifyIfSettled();
  }

  /** Throws the 503 a request gets unless the version is prepared. */
  assertReady(version: ServedVersion): void {
    const p = this.preparations.get(version.versionId);
    if (p?.state === 'ready') return;
    const name = `${version.model}@${version.version}`;
    if (p?.state === 'failed')
      throw new ServingError(
        503,
        ServingErrorCode.MODEL_UNAVAILABLE,
        `model version ${name} could not be prepared; it is tried again`,
        null,
        Math.max(1, Math.ceil(((p.retryAt ?? Date.now()) - Date.now()) / 1000)),
      );
    throw new ServingError(
      503,
      ServingErrorCode.MODEL_WARMING_UP,
      `model version ${name} is being prepared; retry shortly`,
      null,
      WARMING_RETRY_AFTER_S,
    );
  }

  /** Versions not yet ready or failed. */
  get pending(): number {
    let n = 0;
    for (const p of this.preparations.values())
      if (p.state === 'queued' || p.state === 'warming') n++;
    return n;
  }

  /** Resolves once every version named so far is prepared or has failed. */
  whenSettled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  close(): void {
    for (const p of this.preparations.values()) clearTimeout(p.retryTimer);
    this.preparations.clear();
    this.waiting.length = 0;
    this.notifyIfSettled();
  }

  private enqueue(version: ServedVersion, attempts: number): void {
    const p: Preparation = { version, state: 'queued', attempts };
    this.preparations.set(version.versionId, p);
    this.waiting.push(p);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let p = this.waiting.shift(); p; p = this.waiting.shift()) {
        // Forgotten or replaced while it waited.
        if (this.preparations.get(p.version.versionId) !== p) continue;
        await this.run(p);
      }
    } finally {
      this.running = false;
    }
  }

  private async run(p: Preparation): Promise<void> {
    const { version } = p;
    const current = () => this.preparations.get(version.versionId) === p;
    const started = performance.now();
    p.state = 'warming';
    try {
      await this.prepare(version);
      if (!current()) return;
      p.state = 'ready';
      this.logger.info(
        {
          model: version.model,
          version: version.version,
          ms: Math.round(performance.now() - started),
        },
        'model version ready',
      );
    } catch (error) {
      if (!current()) return;
      p.state = 'failed';
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** p.attempts);
      p.retryAt = Date.now() + delay;
      this.logger.error(
        { err: error, model: version.model, version: version.version, retryInMs: delay },
        'preparing model version failed',
      );
      p.retryTimer = setTimeout(() => {
        if (current()) this.enqueue(version, p.attempts + 1);
      }, delay);
      p.retryTimer.unref();
    } finally {
      this.notifyIfSettled();
    }
  }

  private notifyIfSettled(): void {
    if (this.pending > 0 || this.settledWaiters.length === 0) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
