import type { CleanerContext, DatasetRecord as DataRecord, RecordCleaner } from '@alloy/data';
import {
  normaliseRecordResult,
  type DatasetRecord,
  type DatasetRecordContext,
} from '@alloy/plugin-sdk';
import { appliesTo, hookContext, type PluginBinding } from './plugin-binding';

/** Where a record is in its upload. */
export interface RecordPosition {
  kind: DatasetRecordContext['kind'];
  line: number;
  domain?: string;
}

/** What the `dataset.record` hooks made of a record. */
export type RecordChainOutcome =
  | { outcome: 'keep'; record: DatasetRecord }
  | { outcome: 'drop'; reason: string; pluginId: string };

/** What one plugin made of a record. */
async function runOne(
  binding: PluginBinding,
  record: DatasetRecord,
  position: RecordPosition,
): Promise<RecordChainOutcome> {
  const { handle } = binding;
  const ctx: DatasetRecordContext = {
    ...hookContext(binding),
    kind: position.kind,
    line: position.line,
  };
  if (position.domain !== undefined) ctx.domain = position.domain;
  const result = await handle.invoke(
    'dataset.record',
    { op: 'hook', hook: 'dataset.record', input: record, ctx },
    (value) => normaliseRecordResult(position.kind, value, record),
  );
  if (!result.ok) {
    // Fail open: the record goes on as if the plugin were not there.
    if (result.policy === 'open') return { outcome: 'keep', record };
    return { outcome: 'drop', reason: `failed:${result.kind}`, pluginId: handle.id };
  }
  if ('drop' in result.value)
    return { outcome: 'drop', reason: result.value.drop, pluginId: handle.id };
  return { outcome: 'keep', record: result.value.record };
}

/**
 * Runs the `dataset.record` hooks of the bindings, in order, on one record. A plugin that drops
 * the record ends the chain; a failure drops it (`failed:<kind>`) when the plugin fails closed.
 */
export async function runDatasetRecordHooks(
  bindings: readonly PluginBinding[],
  record: DatasetRecord,
  position: RecordPosition,
): Promise<RecordChainOutcome> {
  let current = record;
  for (const binding of bindings) {
    if (!appliesTo(binding, position.domain ?? binding.domain)) continue;
    const outcome = await runOne(binding, current, position);
    if (outcome.outcome === 'drop') return outcome;
    current = outcome.record;
  }
  return { outcome: 'keep', record: current };
}

/**
 * The bindings as record cleaners of the ingestion pipeline (`@alloy/data`), one per plugin,
 * named by the plugin id, so that the report counts `plugin:<id>:<reason>`. Safety prompts are
 * not handed to plugins: the SDK's `dataset.record` hook knows no such kind yet, and a plugin
 * written for it would meet a record it cannot read (the core PII scrubbing still runs).
 */
export function pluginRecordCleaners(bindings: readonly PluginBinding[]): RecordCleaner[] {
  return bindings.map((binding) => ({
    name: binding.handle.id,
    async clean(record: DataRecord, ctx: CleanerContext) {
      const domain = ctx.domain ?? binding.domain;
      if (ctx.kind === 'safety' || !appliesTo(binding, domain)) return record;
      const outcome = await runOne(binding, record as DatasetRecord, {
        kind: ctx.kind,
        line: ctx.line,
        ...(domain !== undefined ? { domain } : {}),
      });
      return outcome.outcome === 'drop'
        ? { reject: outcome.reason }
        : (outcome.record as DataRecord);
    },
  }));
}
