import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError, type FieldProblem } from '../errors/api-error';

const MESSAGE = 'must not contain the NUL character (U+0000)';

/** Field paths of every string under `value` that holds U+0000, as class-validator names them. */
function nulFields(value: unknown, field: string, found: FieldProblem[], depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field, message: MESSAGE });
    return;
  }
  if (depth > 32 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value))
    return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000'))
      found.push({ field: field ? `${field}.${key}` : key, message: MESSAGE });
    nulFields(child, field ? `${field}.${key}` : key, found, depth + 1);
  }
}

/**
 * PostgreSQL cannot store or even compare a text with U+0000 in it (`invalid byte sequence`), so a
 * path parameter, query value or body string holding one is refused here with a 400 naming it,
 * before any query fails on it with a 500.
 */
@Injectable()
export class RefuseNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found: FieldProblem[] = [];
    nulFields(value, metadata.data ?? '', found);
    if (found.length) throw ApiError.validation(found);
    return value;
  }
}
