import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import { type SchemaName, schemaRef } from './openapi-schemas';

/** A 200 that is one JSON body, or Server-Sent Events of chunks when the body asks to stream. */
export function jsonOrEvents(body: SchemaName, chunk: SchemaName): ApiResponseOptions {
  return {
    status: 200,
    description:
      'One JSON body; with `stream: true` Server-Sent Events, each `data:` one chunk, ending with `data: [DONE]`',
    content: {
      'application/json': { schema: schemaRef(body) },
      'text/event-stream': { schema: schemaRef(chunk) },
    },
  };
}

const ERRORS: [number, string][] = [
  [400, 'a bad field, named in `error.param`'],
  [401, 'no key, or an unknown, revoked or expired one'],
  [403, "the key's role or scopes may not call models"],
  [404, 'no such model, version or alias for this key'],
  [429, 'request rate, daily tokens or open streams of the key spent (Retry-After)'],
  [503, 'the version is warming up (Retry-After)'],
];

/** The error answers every inference route shares, each with the one error body. */
export function ApiServingErrors(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...ERRORS.map(([status, description]) =>
      ApiResponse({ status, description, schema: schemaRef('ErrorBody') }),
    ),
  );
}
