import {
  Button,
  Group,
  JsonInput,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiProblem } from '../../api/api-error';

/** A plugin's configuration schema: the JSON Schema (an object) of its manifest's `config`. */
export type ConfigSchema = Record<string, unknown>;

type FieldKind = 'boolean' | 'enum' | 'string' | 'number' | 'integer' | 'tags' | 'json';

interface Field {
  key: string;
  kind: FieldKind;
  schema: Record<string, unknown>;
  required: boolean;
}

/** What a field holds while edited; turned into the typed value on submit. */
type Draft = boolean | string | string[] | number | undefined;

function primaryType(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  // ["string", "null"]: a nullable field edits as its non-null type.
  if (Array.isArray(type))
    return type.find((t): t is string => t !== 'null' && typeof t === 'string');
  return undefined;
}

function kindOf(schema: Record<string, unknown>): FieldKind {
  if (Array.isArray(schema.enum)) return 'enum';
  const type = primaryType(schema);
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'array': {
      const items = schema.items as Record<string, unknown> | undefined;
      return items && primaryType(items) === 'string' && !Array.isArray(items.enum)
        ? 'tags'
        : 'json';
    }
    case undefined:
    default:
      // Objects and anything else: edited as JSON, so no part of a configuration is dropped.
      return 'json';
  }
}

/** The fields a schema describes, in the schema's order. */
export function configFields(schema: ConfigSchema | undefined): Field[] {
  const properties = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([key, s]) => ({
    key,
    kind: kindOf(s),
    schema: s,
    required: required.has(key),
  }));
}

function draftOf(field: Field, value: unknown): Draft {
  switch (field.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? value : false;
    case 'enum':
      return value === undefined ? undefined : JSON.stringify(value);
    case 'string':
      return typeof value === 'string' ? value : '';
    case 'number':
    case 'integer':
      return typeof value === 'number' ? value : undefined;
    case 'tags':
      return Array.isArray(value) ? value.map(String) : [];
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
  }
}

/** The drafts a form starts with: the current configuration, else the schema's defaults. */
export function initialDrafts(
  fields: Field[],
  config: Record<string, unknown> | undefined,
): Record<string, Draft> {
  return Object.fromEntries(
    fields.map((f) => [f.key, draftOf(f, config?.[f.key] ?? f.schema.default)]),
  );
}

/**
 * The typed configuration of the drafts: booleans, numbers, arrays as such, enum values as the
 * schema wrote them. An empty optional field is left out, so the server fills its default.
 */
export function configOf(
  fields: Field[],
  drafts: Record<string, Draft>,
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const draft = drafts[f.key];
    switch (f.kind) {
      case 'boolean':
        config[f.key] = draft === true;
        break;
      case 'enum':
        if (typeof draft === 'string') config[f.key] = JSON.parse(draft) as unknown;
        break;
      case 'string':
        if (typeof draft === 'string' && (draft !== '' || f.required)) config[f.key] = draft;
        break;
      case 'number':
      case 'integer':
        if (typeof draft === 'number') config[f.key] = draft;
        break;
      case 'tags':
        if (Array.isArray(draft)) config[f.key] = draft;
        break;
      case 'json':
        if (typeof draft === 'string' && draft.trim() !== '') {
          try {
            config[f.key] = JSON.parse(draft) as unknown;
          } catch {
            errors[f.key] = 'is not valid JSON';
          }
        }
        break;
    }
    if (f.required && config[f.key] === undefined && !errors[f.key]) errors[f.key] = 'is required';
  }
  return { config, errors };
}

function labelOf(field: Field): string {
  if (typeof field.schema.title === 'string') return field.schema.title;
  // riskDisclosure -> Risk disclosure
  const words = field.key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** The server names a configuration field `config.<key>` and repeats it in the message. */
function serverMessage(problem: ApiProblem | null, key: string): string | undefined {
  const message = problem?.fieldMessage(`config.${key}`);
  return message?.replace(new RegExp(`^config\\.${key}[^:]*:\\s*`), '');
}

interface PluginConfigFormProps {
  /** The installed version's `manifest.config`; none: the plugin takes no configuration. */
  schema: ConfigSchema | undefined;
  /** The configuration in force, when re-configuring; the schema's defaults otherwise. */
  initial?: Record<string, unknown>;
  /** The server's refusal of the last submit, shown at the fields it names. */
  problem?: unknown;
  /** Fields that come before the configuration (where the plugin runs). */
  children?: ReactNode;
  submitLabel?: string;
  busy?: boolean;
  onSubmit: (config: Record<string, unknown>) => unknown;
}

/**
 * A form generated from a plugin's configuration schema: boolean -> switch, enum -> select,
 * string -> text, number/integer -> number input within its bounds, array of strings -> tags,
 * anything else -> JSON. It submits the typed configuration object.
 */
export function PluginConfigForm({
  schema,
  initial,
  problem,
  children,
  submitLabel = 'Save',
  busy,
  onSubmit,
}: PluginConfigFormProps) {
  const fields = configFields(schema);
  const [drafts, setDrafts] = useState(() => initialDrafts(fields, initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const apiProblem = problem instanceof ApiProblem ? problem : null;
  const set = (key: string, value: Draft) => setDrafts((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = configOf(fields, drafts);
    setErrors(result.errors);
    if (Object.keys(result.errors).length === 0) void onSubmit(result.config);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {children}
        {fields.length === 0 ? (
          <Text size="sm" c="dimmed">
            This plugin takes no configuration.
          </Text>
        ) : null}
        {fields.map((f) => {
          const label = labelOf(f);
          const description =
            typeof f.schema.description === 'string' ? f.schema.description : undefined;
          const error = errors[f.key] ?? serverMessage(apiProblem, f.key);
          const draft = drafts[f.key];
          const common = { label, description, error, required: f.required };
          switch (f.kind) {
            case 'boolean':
              return (
                <Switch
                  key={f.key}
                  {...common}
                  checked={draft === true}
                  onChange={(e) => set(f.key, e.currentTarget.checked)}
                />
              );
            case 'enum':
              return (
                <Select
                  key={f.key}
                  {...common}
                  data={(f.schema.enum as unknown[]).map((v) => ({
                    value: JSON.stringify(v),
                    label: typeof v === 'string' ? v : JSON.stringify(v),
                  }))}
                  value={typeof draft === 'string' ? draft : null}
                  onChange={(v) => set(f.key, v ?? undefined)}
                  allowDeselect={!f.required}
                  clearable={!f.required}
                />
              );
            case 'string': {
              const max = typeof f.schema.maxLength === 'number' ? f.schema.maxLength : undefined;
              const Input = max !== undefined && max > 200 ? Textarea : TextInput;
              return (
                <Input
                  key={f.key}
                  {...common}
                  value={typeof draft === 'string' ? draft : ''}
                  maxLength={max}
                  onChange={(e) => set(f.key, e.currentTarget.value)}
                  {...(Input === Textarea ? { autosize: true, minRows: 2, maxRows: 6 } : {})}
                />
              );
            }
            case 'number':
            case 'integer':
              return (
                <NumberInput
                  key={f.key}
                  {...common}
                  value={typeof draft === 'number' ? draft : ''}
                  min={typeof f.schema.minimum === 'number' ? f.schema.minimum : undefined}
                  max={typeof f.schema.maximum === 'number' ? f.schema.maximum : undefined}
                  allowDecimal={f.kind === 'number'}
                  onChange={(v) => set(f.key, typeof v === 'number' ? v : undefined)}
                />
              );
            case 'tags':
              return (
                <TagsInput
                  key={f.key}
                  {...common}
                  value={Array.isArray(draft) ? draft : []}
                  onChange={(v) => set(f.key, v)}
                  clearable
                  maxDropdownHeight={160}
                />
              );
            case 'json':
              return (
                <JsonInput
                  key={f.key}
                  {...common}
                  value={typeof draft === 'string' ? draft : ''}
                  onChange={(v) => set(f.key, v)}
                  autosize
                  minRows={2}
                  formatOnBlur
                  validationError="is not valid JSON"
                />
              );
          }
        })}
        {apiProblem && !fields.some((f) => serverMessage(apiProblem, f.key)) ? (
          <Text size="sm" c="red">
            {apiProblem.message}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
