import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GgufType } from '@alloy/sdk';
import { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { type CliContext, positiveInt } from '../cli-context';

const GGUF_TYPES: readonly GgufType[] = ['f32', 'f16', 'q8_0', 'q4_0'];

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function ggufType(value: string): GgufType {
  if (!(GGUF_TYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`--type must be one of ${GGUF_TYPES.join(', ')}`);
  }
  return value as GgufType;
}

export function registerExportCommand(models: Command, ctx: CliContext): void {
  models
    .command('export <model> <version>')
    .description(
      'download a version as one GGUF file for llama.cpp and Ollama (a LoRA version: its merged model)',
    )
    .option('--type <type>', `weight type: ${GGUF_TYPES.join(', ')}`, ggufType, 'f16')
    .option('--out <file>', 'where to write it (default: the name the server gives)')
    .action(
      async (model: string, versionText: string, options: { type: GgufType; out?: string }) => {
        const version = positiveInt('<version>')(versionText);
        const download = await (
          await ctx.client()
        ).exportGguf(model, version, {
          type: options.type,
        });
        const target = options.out ?? download.fileName;
        // Written beside the target and renamed when complete: no half file under its name.
        const partial = `${target}.part`;
        const bar = ctx.interactive
          ? new SingleBar({
              format: 'downloading [{bar}] {percentage}% {got}/{size}',
              stream: ctx.output.out,
              hideCursor: true,
            })
          : null;
        bar?.start(download.bytes, 0, { got: mib(0), size: mib(download.bytes) });
        let received = 0;
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            received += chunk.length;
            bar?.update(received, { got: mib(received) });
            done(null, chunk);
          },
        });
        try {
          await pipeline(Readable.fromWeb(download.body), count, createWriteStream(partial));
          if (Number.isFinite(download.bytes) && received !== download.bytes) {
            throw new Error(`the download stopped at ${received} of ${download.bytes} bytes`);
          }
          await rename(partial, target);
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        } finally {
          bar?.stop();
        }
        ctx.output.out.write(`wrote ${target} (${options.type}, ${mib(received)})\n`);
      },
    );
}
