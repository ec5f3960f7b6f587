// Requests for property-based tests, generated from an OpenAPI 3.0 document with fast-check: for
// each operation, its path and query parameters and its JSON body, both valid-ish (drawn from the
// schema, with the ids the test made) and invalid (wrong types, missing required fields, extra
// fields, huge or unicode strings, negative numbers, bodies that are not objects or not JSON).
import fc from 'fast-check';
import { Client } from 'pg';

type Schema = Record<string, any>;
export type OpenApiDocument = {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
};

export interface Operation {
  method: string;
  path: string;
  id: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; schema: Schema }[];
  body?: { contentType: string; schema: Schema; required: boolean };
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** What the request was made as, for the report of a failure. */
  note: string;
}

/** Values the test knows exist, by the path segment a parameter follows (`models`) or its name. */
export type Fixtures = Record<string, string[]>;

const VERBS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of VERBS) {
      const op = item[method];
      if (!op) continue;
      const content = (op.requestBody?.content ?? {}) as Record<string, { schema?: Schema }>;
      const contentType = Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        id: op.operationId ?? `${method} ${path}`,
        parameters: ((op.parameters ?? []) as any[]).map((p) => ({
          name: p.name,
          in: p.in,
          schema: p.schema ?? { type: 'string' },
        })),
        body: contentType
          ? {
              contentType,
              schema: content[contentType].schema ?? {},
              required: !!op.requestBody.required,
            }
          : undefined,
      });
    }
  }
  return ops;
}

function deref(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  while (typeof s.$ref === 'string') s = doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {};
  if (Array.isArray(s.allOf)) {
    // Nest writes a nested DTO as allOf of one $ref; merge the parts as one object.
    const parts = (s.allOf as Schema[]).map((p) => deref(doc, p));
    const rest: Schema = { ...s };
    delete rest.allOf;
    return parts.reduce<Schema>(
      (merged, p) => ({
        ...p,
        ...merged,
        properties: { ...(p.properties ?? {}), ...(merged.properties ?? {}) },
        required: [...(p.required ?? []), ...(merged.required ?? [])],
      }),
      rest,
    );
  }
  return s;
}

/** Strings a server must refuse or store faithfully: NUL, controls, RTL, emoji, traversal, SQL. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u001b[31m',
  '\u202eevil',
  '🦜🔥',
  'é\u0301',
  '\uFEFF',
  '../../etc/passwd',
  '%00',
  "'; DROP TABLE models; --",
  '${jndi:x}',
  '<script>',
  'null',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '__proto__',
  'constructor',
];

const unicode = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);
/** Over the 64 kB and 1 MB body limits, or just long for a name column. */
const huge = fc
  .tuple(fc.constantFrom(300, 70_000, 1_100_000), fc.constantFrom('x', 'é', '🦜', '\u0000'))
  .map(([n, c]) => c.repeat(n));
const junk: fc.Arbitrary<unknown> = fc.oneof(
  unicode,
  fc.integer(),
  fc.constantFrom(-1, 0, -0.5, 1e300, -1e300, 2 ** 53 + 1, 0.1),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

export class Generator {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly fixtures: Fixtures,
  ) {}

  /** A value that a server should accept, or close to it (names from the fixtures, small numbers). */
  valid(schemaIn: Schema | undefined, key = '', depth = 0): fc.Arbitrary<unknown> {
    const s = deref(this.doc, schemaIn);
    const choices: fc.Arbitrary<unknown>[] = [];
    const known = this.fixtures[key];
    // The test's own values stand in for the document's examples (which name seeded accounts).
    if (known?.length && !s.enum) choices.push(fc.constantFrom(...known));
    else if (s.example !== undefined && depth > 0) choices.push(fc.constant(s.example));
    const base = this.shape(s, key, depth);
    choices.push(base);
    let arb = choices.length === 1 ? base : fc.oneof(...choices);
    if (s.nullable) arb = fc.oneof({ arbitrary: arb, weight: 6 }, fc.constant(null));
    return arb;
  }

  private shape(s: Schema, key: string, depth: number): fc.Arbitrary<unknown> {
    if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...(s.enum as unknown[]));
    const alternatives = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
    if (alternatives?.length)
      return fc.oneof(...alternatives.map((a) => this.valid(a, key, depth + 1)));
    if (depth > 5) return fc.constant(null);
    const type = s.type ?? (s.properties ? 'object' : undefined);
    switch (type) {
      case 'string': {
        if (s.format === 'uuid')
          return this.fixtures.uuid?.length
            ? fc.oneof(fc.uuid(), fc.constantFrom(...this.fixtures.uuid))
            : fc.uuid();
        if (s.format === 'date-time')
          return fc
            .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString());
        const maxLength = Math.min(s.maxLength ?? 24, 24);
        const minLength = Math.min(s.minLength ?? 0, maxLength);
        if (typeof s.pattern === 'string') {
          try {
            return fc
              .stringMatching(new RegExp(s.pattern))
              .filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? 200));
          } catch {
            // A pattern JavaScript cannot read: any string will do.
          }
        }
        return fc.string({ minLength, maxLength });
      }
      case 'integer':
      case 'number': {
        const min = typeof s.minimum === 'number' ? s.minimum + (s.exclusiveMinimum ? 1 : 0) : 0;
        const max = typeof s.maximum === 'number' ? s.maximum : min + 1000;
        // Small values mostly: a valid request should stay cheap (tokens, steps, page sizes).
        const small = fc.integer({ min, max: Math.min(max, min + 16) });
        return fc.oneof(
          { arbitrary: small, weight: 8 },
          { arbitrary: fc.constantFrom(min, max), weight: 1 },
        );
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid(s.items as Schema, key, depth + 1), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, 3)),
        });
      case 'object': {
        const properties = (s.properties ?? {}) as Record<string, Schema>;
        const required = new Set<string>((s.required ?? []) as string[]);
        const model = Object.fromEntries(
          Object.entries(properties).map(([k, v]) => [k, this.valid(v, k, depth + 1)]),
        );
        const record = fc.record(model, {
          requiredKeys: Object.keys(properties).filter((k) => required.has(k)),
        });
        if (!Object.keys(properties).length && s.additionalProperties)
          return fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 });
        return record;
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  /** A body that breaks the schema in one way, or is not an object, or not JSON at all. */
  invalidBody(schema: Schema): fc.Arbitrary<string> {
    const s = deref(this.doc, schema);
    const object = this.valid(s).map((v) => (v && typeof v === 'object' ? v : {}));
    const properties = Object.keys((s.properties ?? {}) as object);
    const required = (s.required ?? []) as string[];
    const pick = (names: string[]) =>
      names.length ? fc.constantFrom(...names) : fc.constant('name');
    const mutated = fc.oneof(
      // a required field missing
      fc.tuple(object, pick(required)).map(([o, k]) => {
        const copy = { ...o } as Record<string, unknown>;
        delete copy[k];
        return copy;
      }),
      // a field of the wrong type, a negative number, a unicode or huge string
      fc
        .tuple(object, pick(properties), fc.oneof(junk, huge))
        .map(([o, k, v]) => ({ ...o, [k]: v })),
      // a field the schema does not have
      fc
        .tuple(object, fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), unicode), junk)
        .map(([o, k, v]) => ({ ...o, [k || 'x']: v })),
      // a nested object given where a value was expected, and the reverse
      fc.tuple(object, pick(properties)).map(([o, k]) => ({ ...o, [k]: { [k]: { [k]: [] } } })),
      // not an object at all
      junk,
    );
    return fc.oneof(
      { arbitrary: mutated.map((v) => JSON.stringify(v) ?? 'null'), weight: 8 },
      {
        arbitrary: fc.constantFrom('{"name": "x",', '', '[', '\u0000', '{"a":1}{"b":2}', 'nul'),
        weight: 1,
      },
    );
  }

  /** A path parameter: an id the test made, a random uuid, a number, or a hostile string. */
  pathValue(segment: string, name: string, schema: Schema): fc.Arbitrary<string> {
    const known = [...(this.fixtures[`${segment}/${name}`] ?? this.fixtures[name] ?? [])];
    const choices: fc.Arbitrary<string>[] = [
      fc.uuid(),
      unicode.filter((v) => v.length > 0),
      fc.integer({ min: -5, max: 100_000 }).map(String),
      huge.map((v) => v.slice(0, 300)),
      this.valid(schema, name).map(String),
    ];
    if (known.length) choices.unshift(fc.constantFrom(...known), fc.constantFrom(...known));
    return fc.oneof(...choices).map((v) => (v === '' ? 'x' : v));
  }

  /** Query parameters: each left out, valid-ish for its schema, or junk. */
  query(op: Operation): fc.Arbitrary<[string, string][]> {
    const params = op.parameters.filter((p) => p.in === 'query');
    return fc
      .tuple(
        ...params.map((p) =>
          fc.option(
            fc.oneof(
              { arbitrary: this.valid(p.schema, p.name).map(String), weight: 3 },
              { arbitrary: unicode, weight: 1 },
              { arbitrary: fc.constantFrom('-1', '1e999', '0', '99999999999', '[]'), weight: 1 },
            ),
            { nil: undefined, freq: 2 },
          ),
        ),
      )
      .map((values) =>
        params.flatMap((p, i) =>
          values[i] === undefined ? [] : ([[p.name, values[i]]] as [string, string][]),
        ),
      );
  }

  /** Requests for one operation with the given credentials. */
  requests(op: Operation, headers: Record<string, string>, validOnly = false) {
    const segments = op.path.split('/');
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const path = fc
      .tuple(
        ...pathParams.map((p) => {
          const at = segments.findIndex((s) => s.startsWith(`{${p.name}}`));
          return this.pathValue(segments[at - 1] ?? '', p.name, p.schema);
        }),
      )
      .map((values) =>
        pathParams.reduce(
          (url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(values[i])),
          op.path,
        ),
      );
    const headerParams = op.parameters.filter(
      (p) => p.in === 'header' && p.name === p.name.toLowerCase(),
    );
    const extraHeaders = fc
      .tuple(
        ...headerParams.map(() =>
          fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), { nil: undefined }),
        ),
      )
      .map((values) =>
        Object.fromEntries(
          headerParams.flatMap((p, i) => (values[i] === undefined ? [] : [[p.name, values[i]]])),
        ),
      );
    const body = this.body(op, validOnly);
    return fc
      .tuple(path, this.query(op), extraHeaders, body)
      .map(([url, query, extra, b]): FuzzRequest => {
        const search = new URLSearchParams(query).toString();
        return {
          method: op.method,
          url: search ? `${url}?${search}` : url,
          headers: {
            ...headers,
            ...extra,
            ...(b ? { 'content-type': b.contentType } : {}),
          },
          body: b?.payload,
          note: b?.note ?? 'no body',
        };
      });
  }

  private body(
    op: Operation,
    validOnly: boolean,
  ): fc.Arbitrary<{ contentType: string; payload: string | Uint8Array; note: string } | null> {
    const b = op.body;
    if (!b) return fc.constant(null);
    if (b.contentType !== 'application/json') {
      // Uploads (datasets, plugins): small JSON lines, random bytes, or nothing.
      const jsonl = fc
        .array(
          fc.oneof(
            fc.record({ text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) }),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          { minLength: 1, maxLength: 4 },
        )
        .map((rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      return fc
        .oneof(
          jsonl.map((t) => ({ payload: t, note: 'jsonl upload' })),
          fc.uint8Array({ maxLength: 256 }).map((u) => ({ payload: u, note: 'random bytes' })),
          fc.constant({ payload: '', note: 'empty upload' }),
        )
        .map((p) => ({ contentType: b.contentType, ...p }));
    }
    const valid = this.valid(b.schema).map((v) => ({
      contentType: b.contentType,
      payload: JSON.stringify(v) ?? 'null',
      note: 'valid-ish body',
    }));
    if (validOnly) return valid;
    return fc.oneof(
      { arbitrary: valid, weight: 2 },
      {
        arbitrary: this.invalidBody(b.schema).map((payload) => ({
          contentType: b.contentType,
          payload,
          note: 'invalid body',
        })),
        weight: 3,
      },
    );
  }
}

/**
 * What is in the database, table by table, to tell whether a request wrote anything: row count and
 * newest row version (xmin) per table, or for tables with columns that reading alone updates
 * (when a key or session was last used) a checksum of the rows without those columns.
 */
export class DatabaseState {
  private constructor(
    private readonly db: Client,
    private readonly sql: string,
  ) {}

  static async connect(
    url: string,
    options: { volatileColumns: Record<string, string[]>; ignoredTables: string[] },
  ): Promise<DatabaseState> {
    const db = new Client({ connectionString: url });
    await db.connect();
    const tables = (
      await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
    ).rows
      .map((r) => r.name)
      .filter((t) => !options.ignoredTables.includes(t));
    const parts = tables.map((t) => {
      const volatile = options.volatileColumns[t];
      const quoted = `"${t.replace(/"/g, '""')}"`;
      return volatile
        ? `SELECT '${t}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(j, ',' ORDER BY j), '')) AS v
           FROM (SELECT (to_jsonb(x) - ARRAY[${volatile.map((c) => `'${c}'`).join(',')}]::text[])::text AS j
                 FROM ${quoted} x) rows`
        : `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text AS v FROM ${quoted}`;
    });
    return new DatabaseState(db, parts.join(' UNION ALL '));
  }

  async snapshot(): Promise<Record<string, string>> {
    const rows = (await this.db.query<{ t: string; v: string }>(this.sql)).rows;
    return Object.fromEntries(rows.map((r) => [r.t, r.v]));
  }

  /** Waits until two snapshots in a row agree (what a request set going in the background has settled). */
  async settled(timeoutMs = 3000): Promise<Record<string, string>> {
    let last = await this.snapshot();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const next = await this.snapshot();
      if (JSON.stringify(next) === JSON.stringify(last)) return next;
      if (process.env.ALLOY_FUZZ_DEBUG)
        console.log('unsettled', changedTables(last, next), JSON.stringify(next));
      last = next;
    }
    return last;
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}

/** The tables whose state differs between two snapshots. */
export function changedTables(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);
}

export interface Outcome {
  status: number;
  ms: number;
  text: string;
}

/** What a stream sends within `ms` (its first events), after which it is cancelled. */
async function firstEvents(body: ReadableStream<Uint8Array>, ms: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now()))),
      ]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel();
  }
  return text;
}

/**
 * Sends one request and reads its answer within `boundMs`; a stream that stays open by design
 * (a running job's events) counts as answered once its headers arrive, and its first events are
 * read.
 */
export async function send(baseUrl: string, r: FuzzRequest, boundMs: number): Promise<Outcome> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), boundMs);
  try {
    const response = await fetch(`${baseUrl}${r.url}`, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      signal: controller.signal,
    });
    const live =
      response.headers.get('content-type')?.includes('text/event-stream') &&
      r.url.includes('/events/stream');
    let text = '';
    if (live && response.body) text = await firstEvents(response.body, 300);
    else text = await response.text();
    return { status: response.status, ms: Date.now() - started, text };
  } catch (error) {
    return {
      status: controller.signal.aborted ? -1 : -2,
      ms: Date.now() - started,
      text:
        error instanceof Error
          ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ''}`
          : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
