import { HttpStatus } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ApiError, CommonErrorCode } from '../errors/api-error';

export type SortOrder = 'asc' | 'desc';

export interface PageRequest<S extends string> {
  limit: number;
  cursor?: string;
  sort: S;
  order: SortOrder;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface CursorPayload {
  s: string;
  o: SortOrder;
  v: string | number;
  id: string;
}

function decodeCursor(cursor: string): CursorPayload {
  try {
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
    if (typeof payload.id === 'string' && typeof payload.s === 'string') return payload;
  } catch {
    // fall through to the error below
  }
  throw new ApiError(
    HttpStatus.BAD_REQUEST,
    CommonErrorCode.VALIDATION_FAILED,
    'cursor: malformed cursor',
    [{ field: 'cursor', message: 'malformed cursor' }],
  );
}

/**
 * Keyset pagination on (sort column, id): stable under inserts, no OFFSET scans.
 * `columns` maps the public sort names to SQL expressions on the query's alias.
 */
export async function paginate<T extends ObjectLiteral & { id: string }, S extends string>(
  qb: SelectQueryBuilder<T>,
  request: PageRequest<S>,
  columns: Record<S, { sql: string; value: (row: T) => string | number }>,
): Promise<Page<T>> {
  const column = columns[request.sort];
  const idColumn = `${qb.alias}.id`;
  const dir = request.order === 'asc' ? 'ASC' : 'DESC';
  if (request.cursor) {
    const cursor = decodeCursor(request.cursor);
    if (cursor.s !== request.sort || cursor.o !== request.order) {
      throw ApiError.validation([
        { field: 'cursor', message: 'cursor was made for another sort or order' },
      ]);
    }
    const op = request.order === 'asc' ? '>' : '<';
    qb.andWhere(`(${column.sql}, ${idColumn}) ${op} (:cursorValue, :cursorId)`, {
      cursorValue: cursor.v,
      cursorId: cursor.id,
    });
  }
  qb.orderBy(column.sql, dir)
    .addOrderBy(idColumn, dir)
    .take(request.limit + 1);
  const rows = await qb.getMany();
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > request.limit && last
      ? Buffer.from(
          JSON.stringify({
            s: request.sort,
            o: request.order,
            v: column.value(last),
            id: last.id,
          } satisfies CursorPayload),
        ).toString('base64url')
      : null;
  return { items, nextCursor };
}
