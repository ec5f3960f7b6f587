import { readFile } from 'node:fs/promises';
import type { Plugin, PluginEnablementInput } from '@alloy/sdk';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../cli-errors';
import { type Column, printList } from '../cli-output';

const PLUGIN_COLUMNS: Column<Plugin>[] = [
  ['ID', (p) => p.id],
  ['VERSION', (p) => p.latestVersion],
  ['STATE', (p) => p.state],
  ['DOMAINS', (p) => (p.domains.length ? p.domains : 'any')],
  ['ENABLED FOR', (p) => p.enablements.map((e) => e.scope)],
];

interface EnableOptions {
  organization?: boolean;
  domain?: string;
  model?: string;
  version?: string;
  config?: string;
  position?: string;
  json?: boolean;
}

/** `--config '{"k":1}'` or `--config @file.json`. */
async function readConfig(value: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (value === undefined) return undefined;
  const text = value.startsWith('@') ? await readFile(value.slice(1), 'utf8') : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('--config: not JSON (give a JSON object, or @file.json)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--config: must be a JSON object');
  return parsed as Record<string, unknown>;
}

function scopeOf(options: EnableOptions): PluginEnablementInput {
  const chosen = [options.organization, options.domain, options.model].filter(Boolean).length;
  if (chosen !== 1)
    throw new UsageError('name exactly one of --organization, --domain <name>, --model <name>');
  if (options.domain) return { scope: 'domain', domain: options.domain };
  if (options.model) return { scope: 'model', model: options.model };
  return { scope: 'organization' };
}

export function registerPluginCommands(program: Command, ctx: CliContext): void {
  const plugins = program.command('plugins').description('industry plugins');
  plugins
    .command('list')
    .description('list installed plugins and where they are enabled')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const items = await (await ctx.client()).listPlugins();
      printList(ctx.output, items, PLUGIN_COLUMNS, { json: options.json, empty: 'no plugins' });
    });
  plugins
    .command('install <tarball>')
    .description('install a plugin package made by alloy-plugin pack')
    .option('--signature <file>', 'its signature (alloy-plugin sign writes <tarball>.sig)')
    .option('--json', 'print JSON')
    .action(async (tarball: string, options: { signature?: string; json?: boolean }) => {
      const bytes = await readFile(tarball);
      const signature = options.signature ? await readFile(options.signature, 'utf8') : undefined;
      const plugin = await (await ctx.client()).installPlugin(bytes, { signature });
      if (options.json) ctx.output.out.write(`${JSON.stringify(plugin, null, 2)}\n`);
      else ctx.output.out.write(`installed ${plugin.id}@${plugin.latestVersion}\n`);
    });
  plugins
    .command('enable <plugin>')
    .description('enable a plugin for the organisation, a domain or a model (or change its config)')
    .option('--organization', 'for all of the organisation’s work')
    .option('--domain <name>', 'for one domain')
    .option('--model <name>', 'for one model')
    .option('--version <version>', 'an installed version (default the latest)')
    .option('--config <json>', 'configuration as JSON, or @file.json')
    .option('--position <n>', 'plugins run in ascending position')
    .option('--json', 'print JSON')
    .action(async (plugin: string, options: EnableOptions) => {
      const enablement = await (
        await ctx.client()
      ).enablePlugin(plugin, {
        ...scopeOf(options),
        version: options.version,
        config: await readConfig(options.config),
        position: options.position === undefined ? undefined : Number(options.position),
      });
      if (options.json) ctx.output.out.write(`${JSON.stringify(enablement, null, 2)}\n`);
      else
        ctx.output.out.write(
          `enabled ${plugin}@${enablement.version} for ${enablement.scope} (id ${enablement.id})\n`,
        );
    });
  plugins
    .command('disable <plugin> <enablement>')
    .description('disable a plugin where one enablement (its id, from plugins list --json) put it')
    .action(async (plugin: string, enablement: string) => {
      await (await ctx.client()).disablePlugin(plugin, enablement);
      ctx.output.out.write(`disabled ${plugin} (${enablement})\n`);
    });
}
