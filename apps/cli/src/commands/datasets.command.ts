import { stat } from 'node:fs/promises';
import type { Dataset, DatasetVersion, IngestionReport } from '@alloy/sdk';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../cli-errors';
import type { CliContext } from '../cli-context';
import { type Column, printList, table } from '../cli-output';

const DATASET_COLUMNS: Column<Dataset>[] = [
  ['NAME', (d) => d.name],
  ['KIND', (d) => d.kind],
  ['DOMAIN', (d) => d.domain],
  ['LATEST', (d) => d.latestVersion],
  ['CREATED', (d) => d.createdAt],
];

interface UploadOptions {
  name: string;
  domain?: string;
  kind?: string;
  description?: string;
  format?: 'auto' | 'txt' | 'jsonl' | 'json';
  baseModel?: string;
  wait: boolean;
  json?: boolean;
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The report as a reader wants it: kept, rejected by reason, duplicates, PII, tokens. */
export function formatReport(version: DatasetVersion, report: IngestionReport): string {
  const lines = [
    `${version.dataset} version ${version.version}: ${version.status}`,
    `  records in:  ${report.recordsIn}`,
    `  kept:        ${report.recordsOut}${report.converted ? ` (${report.converted} converted)` : ''}`,
    `  rejected:    ${report.rejected.total}`,
  ];
  const reasons = Object.entries(report.rejected.byReason).filter(([, s]) => s.count > 0);
  if (reasons.length)
    lines.push(
      table(
        reasons.map(([reason, s]) => ({ reason, count: s.count })),
        [
          ['    REASON', (r) => `    ${r.reason}`],
          ['COUNT', (r) => r.count],
        ],
      ),
    );
  lines.push(
    `  duplicates:  ${report.duplicates.exact.count} exact, ${report.duplicates.near.count} near`,
    `  PII scrubbed: ${report.pii.total} in ${report.pii.recordsAffected} records`,
    `  tokens:      ${report.tokens.total}`,
  );
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

export function registerDatasetCommands(program: Command, ctx: CliContext): void {
  const datasets = program.command('datasets').description('training and evaluation data');
  datasets
    .command('list')
    .description('list datasets')
    .option('--domain <domain>', 'only of this domain')
    .option('--kind <kind>', 'only of this kind (corpus, chat, multiple-choice)')
    .option('--json', 'print JSON')
    .action(async (options: { domain?: string; kind?: string; json?: boolean }) => {
      const page = await (
        await ctx.client()
      ).listDatasets({ domain: options.domain, kind: options.kind });
      printList(ctx.output, page.items, DATASET_COLUMNS, {
        json: options.json,
        empty: 'no datasets',
      });
    });

  datasets
    .command('upload <file>')
    .description(
      'upload a file as a new version of a dataset (created when --domain and --kind are given), then wait for its ingestion report',
    )
    .requiredOption('--name <name>', 'the dataset')
    .option('--domain <domain>', "the new dataset's domain")
    .option('--kind <kind>', "the new dataset's kind: corpus, chat or multiple-choice")
    .option('--description <text>', "the new dataset's description")
    .option('--format <format>', 'auto, txt, jsonl or json (default: from the file)')
    .option('--base-model <name>', 'count tokens with this base model')
    .option('--no-wait', 'return once uploaded, without waiting for ingestion')
    .option('--json', 'print the version (with its report) as JSON')
    .action(async (file: string, options: UploadOptions) => {
      if (Boolean(options.domain) !== Boolean(options.kind))
        throw new UsageError('--domain and --kind go together (they create the dataset)');
      const size = await stat(file).then(
        (s) => s.size,
        () => {
          throw new UsageError(`cannot read ${file}`);
        },
      );
      const client = await ctx.client();
      const { out, err } = ctx.output;
      const bar = ctx.interactive
        ? new SingleBar({
            format: 'uploading [{bar}] {percentage}% {sent}/{size}',
            stream: out,
            hideCursor: true,
          })
        : null;
      bar?.start(size, 0, { sent: mib(0), size: mib(size) });
      let uploaded: DatasetVersion;
      try {
        uploaded = await client.uploadDataset(
          file,
          {
            name: options.name,
            kind: options.kind,
            domain: options.domain,
            description: options.description,
            format: options.format,
            baseModel: options.baseModel,
          },
          (p) => bar?.update(p.bytesSent, { sent: mib(p.bytesSent) }),
        );
      } finally {
        bar?.stop();
      }
      if (!options.json)
        out.write(`uploaded ${file} as ${uploaded.dataset} version ${uploaded.version}\n`);
      if (!options.wait) {
        if (options.json) out.write(`${JSON.stringify(uploaded, null, 2)}\n`);
        return;
      }
      if (!options.json) err.write('waiting for ingestion...\n');
      const done = await client.waitForIngestion(uploaded.dataset, uploaded.version);
      if (options.json) out.write(`${JSON.stringify(done, null, 2)}\n`);
      else if (done.report) out.write(`${formatReport(done, done.report)}\n`);
      if (done.status !== 'ready') {
        err.write(`ingestion failed: ${done.error ?? done.status}\n`);
        process.exitCode = 1;
      }
    });
}
