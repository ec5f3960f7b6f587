import { readFile } from 'node:fs/promises';
import type { CreateJobInput, Job, JobEnd, JobEvent } from '@alloy/sdk';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../cli-errors';
import { type CliContext, positiveInt } from '../cli-context';
import { type Column, printList, printObject } from '../cli-output';

const JOB_COLUMNS: Column<Job>[] = [
  ['ID', (j) => j.id],
  ['MODEL', (j) => j.model],
  ['KIND', (j) => j.kind],
  ['METHOD', (j) => j.method],
  ['STATUS', (j) => j.status],
  ['CREATED', (j) => j.createdAt],
];

interface CreateOptions {
  spec?: string;
  model?: string;
  kind?: string;
  method?: string;
  dataset?: string[];
  evalDataset?: string[];
  baseVersion?: string;
  maxSteps?: number;
  learningRate?: string;
  precision?: string;
  gpus?: number;
  json?: boolean;
}

async function jobSpec(options: CreateOptions): Promise<CreateJobInput> {
  let spec: Partial<CreateJobInput> = {};
  if (options.spec) {
    try {
      spec = JSON.parse(await readFile(options.spec, 'utf8')) as Partial<CreateJobInput>;
    } catch (error) {
      throw new UsageError(`--spec ${options.spec}: ${(error as Error).message}`);
    }
  }
  // Flags fill in or override the file's fields.
  const hyperparameters = { ...spec.hyperparameters };
  if (options.maxSteps !== undefined) hyperparameters.maxSteps = options.maxSteps;
  if (options.learningRate !== undefined) {
    const lr = Number(options.learningRate);
    if (!Number.isFinite(lr)) throw new UsageError('--learning-rate must be a number');
    hyperparameters.learningRate = lr;
  }
  const merged = {
    ...spec,
    ...(options.model ? { model: options.model } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.method ? { method: options.method } : {}),
    ...(options.dataset?.length ? { datasetVersionIds: options.dataset } : {}),
    ...(options.evalDataset?.length ? { evalDatasetVersionIds: options.evalDataset } : {}),
    ...(options.baseVersion ? { baseVersionId: options.baseVersion } : {}),
    ...(options.precision ? { precision: options.precision } : {}),
    ...(options.gpus ? { resources: { ...spec.resources, gpus: options.gpus } } : {}),
    ...(Object.keys(hyperparameters).length ? { hyperparameters } : {}),
  };
  if (!merged.model || !merged.kind)
    throw new UsageError('a job needs --model and --kind (or a --spec file with them)');
  return merged as CreateJobInput;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function metricsLine(payload: Record<string, unknown>, total: number | null): string {
  const step = Number(payload.step);
  const parts = [`step ${step}${total ? `/${total}` : ''}`];
  if (typeof payload.loss === 'number') parts.push(`loss ${payload.loss.toFixed(4)}`);
  if (typeof payload.tokensPerSecond === 'number')
    parts.push(`${Math.round(payload.tokensPerSecond)} tokens/s`);
  return parts.join('  ');
}

async function watch(ctx: CliContext, id: string, json: boolean | undefined): Promise<void> {
  const client = await ctx.client();
  const { out } = ctx.output;
  const job = await client.getJob(id);
  let total =
    typeof job.hyperparameters.maxSteps === 'number' ? job.hyperparameters.maxSteps : null;
  const bar =
    ctx.interactive && !json
      ? new SingleBar({
          format: '{status} [{bar}] step {value}/{total}  loss {loss}  {tps} tokens/s',
          stream: out,
          hideCursor: true,
        })
      : null;
  let barStarted = false;
  const startBar = (): void => {
    if (!bar || barStarted) return;
    bar.start(total ?? 0, 0, { status: 'running', loss: '-', tps: '-' });
    barStarted = true;
  };
  let end: JobEnd | null = null;
  if (!json) out.write(`job ${id} (${job.kind} ${job.method} of ${job.model}): ${job.status}\n`);
  try {
    for await (const item of client.watchJob(id)) {
      if (item.type === 'end') {
        end = item as JobEnd;
        break;
      }
      const event = item as JobEvent;
      if (json) {
        out.write(`${JSON.stringify(event)}\n`);
        continue;
      }
      const payload = event.payload;
      switch (event.type) {
        case 'started':
          if (typeof payload.totalSteps === 'number' && payload.totalSteps > 0)
            total = payload.totalSteps;
          if (bar) {
            startBar();
            if (total) bar.setTotal(total);
          } else out.write(`started on ${event.workerId}${total ? `: ${total} steps` : ''}\n`);
          break;
        case 'metrics':
          if (bar) {
            startBar();
            bar.update(Number(payload.step), {
              loss: typeof payload.loss === 'number' ? payload.loss.toFixed(4) : '-',
              tps:
                typeof payload.tokensPerSecond === 'number'
                  ? Math.round(payload.tokensPerSecond)
                  : '-',
            });
          } else out.write(`${metricsLine(payload, total)}\n`);
          break;
        case 'checkpoint':
          if (!bar) out.write(`checkpoint at step ${String(payload.step)}\n`);
          break;
        case 'failed':
          if (!bar) out.write(`attempt ${event.attempt} failed: ${String(payload.reason)}\n`);
          break;
        case 'log':
        case 'completed':
          break;
        default:
          break;
      }
    }
  } finally {
    if (barStarted) bar?.stop();
  }
  const final = await client.getJob(id);
  if (json) {
    out.write(`${JSON.stringify({ type: 'end', ...end, job: final })}\n`);
  } else {
    const result = final.resultVersionId ? `: version ${final.resultVersionId}` : '';
    const reason = final.failureReason ? `: ${final.failureReason}` : '';
    out.write(`job ${id} ${final.status}${final.status === 'succeeded' ? result : reason}\n`);
  }
  if (final.status !== 'succeeded') process.exitCode = 1;
}

export function registerJobCommands(program: Command, ctx: CliContext): void {
  const jobs = program.command('jobs').description('training and evaluation jobs');
  jobs
    .command('list')
    .description('list jobs, newest first')
    .option('--model <model>', 'only of this model')
    .option('--status <status>', 'only in this status (queued, running, succeeded, failed, ...)')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'))
    .option('--json', 'print JSON')
    .action(
      async (options: { model?: string; status?: string; limit?: number; json?: boolean }) => {
        const page = await (
          await ctx.client()
        ).listJobs({ model: options.model, status: options.status, limit: options.limit });
        printList(ctx.output, page.items, JOB_COLUMNS, { json: options.json, empty: 'no jobs' });
      },
    );

  jobs
    .command('create')
    .description('queue a job from flags, a --spec JSON file, or both (flags win)')
    .option('--spec <file>', 'a JSON file with the job (the body of POST /api/v1/jobs)')
    .option('--model <model>', 'the model the job trains or evaluates')
    .option('--kind <kind>', 'continued_pretraining, sft, evaluate, ...')
    .option('--method <method>', 'full, lora, adapter or selective')
    .option('--dataset <versionId>', 'a dataset version id (repeat for several)', collect)
    .option('--eval-dataset <versionId>', 'an evaluation dataset version id (repeatable)', collect)
    .option('--base-version <versionId>', 'start from this model version')
    .option('--max-steps <n>', 'training steps', positiveInt('--max-steps'))
    .option('--learning-rate <lr>', 'the learning rate')
    .option('--precision <precision>', 'fp32, bf16 or fp16')
    .option('--gpus <n>', 'GPUs to use', positiveInt('--gpus'))
    .option('--watch', 'then follow it as `alloy jobs watch` does')
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions & { watch?: boolean }) => {
      const job = await (await ctx.client()).createJob(await jobSpec(options));
      if (options.json && !options.watch) printObject(ctx.output, job, true);
      else if (!options.json) ctx.output.out.write(`created job ${job.id} (${job.status})\n`);
      if (options.watch) await watch(ctx, job.id, options.json);
    });

  jobs
    .command('watch <id>')
    .description(
      "follow a job's progress until it ends; exits 1 unless it succeeds (--json: events as JSON lines)",
    )
    .option('--json', 'print each event as a JSON line')
    .action(async (id: string, options: { json?: boolean }) => watch(ctx, id, options.json));
}
