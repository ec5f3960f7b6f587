import type { Metadata } from '@grpc/grpc-js';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type RequestContext, requestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { toFieldProblems } from '../common/http/validation';

/** Audit context of a gRPC call: the authenticated principal, as over HTTP. */
export function grpcContext(_metadata?: Metadata): RequestContext {
  return requestContext();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** proto3 fills absent fields with '' / 0 / []; treat those as "not given" before validating. */
function dropDefaults(message: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(message).filter(
      ([, v]) =>
        v !== '' &&
        v !== 0 &&
        !(Array.isArray(v) && v.length === 0) &&
        !(isPlainObject(v) && Object.keys(v).length === 0),
    ),
  );
}

/** Validates a gRPC message with the same DTO class (and so the same rules) as REST. */
export function grpcDto<T extends object>(
  cls: new () => T,
  message: object,
  extra: Record<string, unknown> = {},
): T {
  const instance = plainToInstance(cls, { ...dropDefaults(message), ...extra });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw ApiError.validation(toFieldProblems(errors));
  return instance;
}

export function parseJsonField(field: string, value: string): Record<string, unknown> | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw ApiError.validation([{ field, message: 'must be a JSON object' }]);
}
