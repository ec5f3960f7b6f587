import { Ajv2020, type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { jobEventSchema, type JobEvent } from './job-event';
import { jobSpecSchema, type JobSpec } from './job-spec';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `hyperparameters.learningRate`. */
  field: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const jobSpecValidator = ajv.compile<JobSpec>(jobSpecSchema);
const jobEventValidator = ajv.compile<JobEvent>(jobEventSchema);

function toFieldError(error: ErrorObject): FieldError {
  const parts = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'additionalProperties') {
    parts.push(String((error.params as { additionalProperty: string }).additionalProperty));
    return { field: parts.join('.'), message: 'unknown field' };
  }
  if (error.keyword === 'required') {
    parts.push(String((error.params as { missingProperty: string }).missingProperty));
    return { field: parts.join('.'), message: 'is required' };
  }
  return { field: parts.join('.') || '(root)', message: error.message ?? error.keyword };
}

function validateWith<T>(
  validator: typeof jobSpecValidator | typeof jobEventValidator,
  value: unknown,
): Validation<T> {
  if (validator(value)) return { ok: true, value: value as T };
  const errors = (validator.errors ?? []).filter((e) => e.keyword !== 'if').map(toFieldError);
  return { ok: false, errors };
}

/** Validates a job spec against the shared JSON Schema (the trainer validates the same schema). */
export function validateJobSpec(value: unknown): Validation<JobSpec> {
  return validateWith<JobSpec>(jobSpecValidator, value);
}

/** Validates one trainer event line. */
export function validateJobEvent(value: unknown): Validation<JobEvent> {
  return validateWith<JobEvent>(jobEventValidator, value);
}
