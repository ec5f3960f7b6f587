import type { Deployment, Domain, Model, ModelVersion } from '@alloy/sdk';
import type { Command } from 'commander';
import { type CliContext, positiveInt } from '../cli-context';
import { type Column, printList } from '../cli-output';
import { registerExportCommand } from './export.command';

const DOMAIN_COLUMNS: Column<Domain>[] = [
  ['NAME', (d) => d.name],
  ['DISPLAY NAME', (d) => d.displayName],
  ['DESCRIPTION', (d) => d.description],
];
const MODEL_COLUMNS: Column<Model>[] = [
  ['NAME', (m) => m.name],
  ['DOMAIN', (m) => m.domain],
  ['BASE MODEL', (m) => m.baseModel],
  ['CREATED', (m) => m.createdAt],
];
const VERSION_COLUMNS: Column<ModelVersion>[] = [
  ['VERSION', (v) => v.version],
  ['STATUS', (v) => v.status],
  ['ALIASES', (v) => v.aliases],
  ['JOB', (v) => v.jobId],
  ['CREATED', (v) => v.createdAt],
];
/** Columns of a deployment, shared with the deployments commands. */
export const DEPLOYMENT_COLUMNS: Column<Deployment>[] = [
  ['NAME', (d) => d.name],
  ['MODEL', (d) => d.model],
  ['REVISION', (d) => d.currentRevision],
  ['TRAFFIC', (d) => d.traffic.map((t) => `v${t.version}=${t.weight}%`).join(' ')],
];

interface ListOptions {
  json?: boolean;
  limit?: number;
}

export function registerCatalogCommands(program: Command, ctx: CliContext): void {
  const domains = program.command('domains').description('the fields of knowledge');
  domains
    .command('list')
    .description('list domains')
    .option('--json', 'print JSON')
    .action(async (options: ListOptions) => {
      const items = await (await ctx.client()).listDomains();
      printList(ctx.output, items, DOMAIN_COLUMNS, { json: options.json, empty: 'no domains' });
    });

  const models = program.command('models').description('domain models and their versions');
  models
    .command('list')
    .description('list models')
    .option('--domain <domain>', 'only of this domain')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'))
    .option('--json', 'print JSON')
    .action(async (options: ListOptions & { domain?: string }) => {
      const page = await (
        await ctx.client()
      ).listModels({ domain: options.domain, limit: options.limit });
      printList(ctx.output, page.items, MODEL_COLUMNS, { json: options.json, empty: 'no models' });
    });
  models
    .command('versions <model>')
    .description("list a model's versions")
    .option('--limit <n>', 'at most this many', positiveInt('--limit'))
    .option('--json', 'print JSON')
    .action(async (model: string, options: ListOptions) => {
      const page = await (await ctx.client()).listModelVersions(model, { limit: options.limit });
      printList(ctx.output, page.items, VERSION_COLUMNS, {
        json: options.json,
        empty: `${model} has no versions`,
      });
    });
  registerExportCommand(models, ctx);
}
