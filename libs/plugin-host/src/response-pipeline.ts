import {
  normaliseResponseResult,
  ResponseSegmenter,
  type InferenceRequest,
  type InferenceResponse,
} from '@alloy/plugin-sdk';
import { closedFailureReason, PluginRefusal } from './plugin-failure';
import { appliesTo, hookContext, type PluginBinding } from './plugin-binding';

/**
 * The `inference.response` hooks of one response. A streamed response is cut into sentences
 * (the SDK's segmenter); every segment passes through every binding, in order, before it is
 * sent. A failure of a plugin that fails closed throws {@link PluginRefusal}; one that fails open
 * leaves the segment as it was.
 */
export class ResponsePipeline {
  /** The notes plugins attached, in the order they came. */
  readonly annotations: string[] = [];
  private readonly segmenter = new ResponseSegmenter();
  private readonly bindings: readonly PluginBinding[];
  private sentSoFar = '';
  private index = 0;
  private finished = false;

  constructor(
    bindings: readonly PluginBinding[],
    private readonly request: InferenceRequest,
  ) {
    this.bindings = bindings.filter((b) => appliesTo(b, b.domain));
  }

  /** Adds streamed text; returns the text ready to send (possibly ''). */
  async push(delta: string): Promise<string> {
    this.assertOpen();
    let out = '';
    for (const segment of this.segmenter.push(delta)) out += await this.process(segment, false);
    return out;
  }

  /** Ends the stream: the rest of the text, after the final call of every plugin. */
  async finish(): Promise<string> {
    this.assertOpen();
    this.finished = true;
    return this.process(this.segmenter.flush(), true);
  }

  /** A response that is not streamed: one segment, final. */
  async processWhole(text: string): Promise<string> {
    this.assertOpen();
    this.finished = true;
    return this.process(text, true);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this response has already been finished');
  }

  private async process(segment: string, final: boolean): Promise<string> {
    if (this.bindings.length === 0) return segment;
    let text = segment;
    for (const binding of this.bindings) {
      const { handle } = binding;
      const input: InferenceResponse = {
        request: this.request,
        text,
        sentSoFar: this.sentSoFar,
        index: this.index,
        final,
      };
      const result = await handle.invoke(
        'inference.response',
        { op: 'hook', hook: 'inference.response', input, ctx: hookContext(binding) },
        (value) => normaliseResponseResult(input, value),
      );
      if (!result.ok) {
        if (result.policy === 'open') continue;
        throw new PluginRefusal(
          handle.id,
          'inference.response',
          result.kind,
          closedFailureReason(handle.id, result.kind),
        );
      }
      text = result.value.text;
      this.annotations.push(...result.value.annotations);
    }
    this.sentSoFar += text;
    this.index += 1;
    return text;
  }
}
