import type { ErrorObject } from 'ajv';

/** `/limits/timeoutMs` under `manifest` becomes `manifest.limits.timeoutMs`; array items as `[0]`. */
export function fieldPath(root: string, instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let path = root;
  for (const part of parts) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) path += `.${part}`;
    else path += `[${JSON.stringify(part)}]`;
  }
  return path;
}

function describe(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * One readable line per Ajv error, each naming the field: `config.ageBand: must be one of "child",
 * "adult"`. `messages` overrides the message for a schema path (as Ajv reports it) when the
 * generic one would not help the author.
 */
export function formatAjvErrors(
  root: string,
  errors: readonly ErrorObject[] | null | undefined,
  messages: Record<string, string> = {},
): string[] {
  const lines: string[] = [];
  for (const error of errors ?? []) {
    // `if`/`anyOf` wrappers repeat what their branches already said.
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const params = error.params as Record<string, unknown>;
    let path = fieldPath(root, error.instancePath);
    let message: string;
    switch (error.keyword) {
      case 'additionalProperties':
        path = fieldPath(root, error.instancePath, String(params.additionalProperty));
        message = 'is not a known field';
        break;
      case 'required':
        path = fieldPath(root, error.instancePath, String(params.missingProperty));
        message = 'is required';
        break;
      case 'propertyNames':
        continue; // the nested error names the offending key
      case 'enum':
        message = `must be one of ${(params.allowedValues as unknown[]).map(describe).join(', ')}`;
        break;
      case 'const':
        message = `must be ${describe(params.allowedValue)}`;
        break;
      case 'maximum':
        message = `must be at most ${String(params.limit)}`;
        break;
      case 'minimum':
        message = `must be at least ${String(params.limit)}`;
        break;
      default:
        message = error.message ?? error.keyword;
    }
    if (error.propertyName !== undefined) {
      path = fieldPath(root, error.instancePath, error.propertyName);
      message = `is not an allowed key (${message})`;
    }
    const custom = messages[error.schemaPath];
    if (custom !== undefined) message = custom;
    const line = `${path}: ${message}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

export { describe as describeValue };
