import type { JobControlMessage } from '@alloy/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Parses a control message; null for anything this worker does not understand. */
export function parseControlMessage(text: string): JobControlMessage | null {
  try {
    const value = JSON.parse(text) as Partial<JobControlMessage>;
    if (value.type === 'cancel' && typeof value.jobId === 'string' && value.jobId) {
      return { type: 'cancel', jobId: value.jobId };
    }
  } catch {
    // fall through
  }
  return null;
}

/** Listens on the control channel (a connection of its own: a subscriber can do nothing else). */
export class JobControlListener {
  constructor(
    private readonly subscriber: Redis,
    /** The installation's `redisKeys(namespace).controlChannel`. */
    private readonly channel: string,
    private readonly onCancel: (jobId: string) => boolean,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const message = parseControlMessage(text);
      if (!message) {
        this.logger.warn({ text: text.slice(0, 200) }, 'unknown control message ignored');
        return;
      }
      // Every worker hears every cancel; only the one running the job acts.
      if (this.onCancel(message.jobId)) {
        this.logger.info({ jobId: message.jobId }, 'cancel requested');
      }
    });
    // SUBSCRIBE may be sent before the connection's ready check (INFO) has run; INFO is then refused
    // on a connection already in subscriber mode, the check fails and the subscription is lost
    // without a word (a cancel then reaches no one). Subscribe once the connection is ready.
    if (this.subscriber.status !== 'ready')
      await new Promise<void>((resolve) => this.subscriber.once('ready', () => resolve()));
    await this.subscriber.subscribe(this.channel);
  }
}
