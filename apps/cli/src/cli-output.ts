import type { AlloyApiError } from '@alloy/sdk';
import { AlloyValidationError } from '@alloy/sdk';

/** Where a command writes; tests and the REPL pass their own. */
export interface Output {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  err: NodeJS.WritableStream;
}

export const processOutput: Output = { out: process.stdout, err: process.stderr };

/** A column of a table: its header and how a row shows it. */
export type Column<T> = [header: string, cell: (row: T) => unknown];

function text(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.map(text).join(',') || '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '-';
}

/** Rows as an aligned text table. */
export function table<T>(rows: readonly T[], columns: Column<T>[]): string {
  const cells = [
    columns.map(([header]) => header),
    ...rows.map((r) => columns.map(([, f]) => text(f(r)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Prints a list as JSON (`--json`) or as a table, with a line when it is empty. */
export function printList<T>(
  output: Output,
  rows: readonly T[],
  columns: Column<T>[],
  options: { json?: boolean; empty?: string },
): void {
  if (options.json) {
    output.out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (!rows.length) {
    output.out.write(`${options.empty ?? 'nothing to list'}\n`);
    return;
  }
  output.out.write(`${table(rows, columns)}\n`);
}

/** Prints one object as JSON or as `key: value` lines. */
export function printObject(output: Output, value: object, json?: boolean): void {
  if (json) {
    output.out.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const entries = Object.entries(value);
  const width = Math.max(...entries.map(([k]) => k.length));
  output.out.write(
    `${entries.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${text(v)}`).join('\n')}\n`,
  );
}

/** An API error as the user reads it: the server's message, each refused field, the request id. */
export function describeApiError(error: AlloyApiError): string {
  const lines = [`error: ${error.message} (${error.code}, HTTP ${error.status})`];
  if (error instanceof AlloyValidationError)
    for (const field of error.fields)
      if (!error.message.includes(`${field.field}: ${field.message}`))
        lines.push(`  ${field.field}: ${field.message}`);
  if (error.requestId) lines.push(`  request id: ${error.requestId}`);
  return lines.join('\n');
}
