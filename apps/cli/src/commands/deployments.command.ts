import type { Command } from 'commander';
import { UsageError } from '../cli-errors';
import { type CliContext, positiveInt } from '../cli-context';
import { printList, printObject } from '../cli-output';
import { DEPLOYMENT_COLUMNS } from './catalog.command';

/** `2=90,3=10` as traffic shares; a lone version takes all traffic. */
export function parseTraffic(text: string): { version: number; weight: number }[] {
  const shares = text.split(',').map((part) => {
    const [version, weight] = part.split('=');
    const share = { version: Number(version), weight: weight === undefined ? 100 : Number(weight) };
    if (!Number.isSafeInteger(share.version) || share.version < 1 || !Number.isFinite(share.weight))
      throw new UsageError(`--traffic: "${part}" is not <version>=<percent>`);
    return share;
  });
  return shares;
}

export function registerDeploymentCommands(program: Command, ctx: CliContext): void {
  const deployments = program.command('deployments').description('served models');
  deployments
    .command('list')
    .description('list deployments and their traffic')
    .option('--model <model>', 'only of this model')
    .option('--json', 'print JSON')
    .action(async (options: { model?: string; json?: boolean }) => {
      const items = await (await ctx.client()).listDeployments({ model: options.model });
      printList(ctx.output, items, DEPLOYMENT_COLUMNS, {
        json: options.json,
        empty: 'no deployments',
      });
    });

  deployments
    .command('create')
    .description('serve a model: a deployment with traffic over its versions')
    .requiredOption('--name <name>', 'the deployment (what clients call)')
    .requiredOption('--model <model>', 'the model')
    .option('--version <n>', 'one version takes all traffic', positiveInt('--version'))
    .option('--traffic <shares>', 'weights over versions, as 2=90,3=10')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        name: string;
        model: string;
        version?: number;
        traffic?: string;
        json?: boolean;
      }) => {
        if ((options.version === undefined) === (options.traffic === undefined))
          throw new UsageError('give one of --version and --traffic');
        const traffic = options.traffic
          ? parseTraffic(options.traffic)
          : [{ version: options.version!, weight: 100 }];
        const created = await (
          await ctx.client()
        ).deploy({ name: options.name, model: options.model, traffic });
        if (options.json) printObject(ctx.output, created, true);
        else
          ctx.output.out.write(
            `deployed ${created.model} as ${created.name}: ${created.traffic.map((t) => `v${t.version}=${t.weight}%`).join(' ')}\n`,
          );
      },
    );

  deployments
    .command('promote <name>')
    .description("send all of a deployment's traffic to one version")
    .requiredOption('--version <n>', 'the version', positiveInt('--version'))
    .option('--alias <alias>', 'also point this alias at it')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { version: number; alias?: string; json?: boolean }) => {
      const promoted = await (
        await ctx.client()
      ).promote(name, {
        version: options.version,
        ...(options.alias ? { alias: options.alias } : {}),
      });
      if (options.json) printObject(ctx.output, promoted, true);
      else
        ctx.output.out.write(
          `${promoted.name} now serves version ${options.version} (revision ${promoted.currentRevision})\n`,
        );
    });
}
