/** One field the server refused, as the control plane lists them (`details` of a 400). */
export interface AlloyFieldError {
  field: string;
  message: string;
}

/** What an error response carried, before it is turned into an exception. */
export interface AlloyErrorResponse {
  status: number;
  /** The parsed body, or its text when it was not JSON. */
  body: unknown;
  headers: Headers;
}

/** Any error answer of an Alloy server: HTTP status, stable code, message and request id. */
export class AlloyApiError extends Error {
  override readonly name: string = 'AlloyApiError';

  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** The server's stable error code, as `VALIDATION_FAILED` or `MODEL_NOT_FOUND`. */
    readonly code: string,
    message: string,
    /** `x-request-id` of the answer: quote it when reporting a problem. */
    readonly requestId: string | null,
    /** The error's `details` as the server sent them. */
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** 401 (no or a bad key) or 403 (the key may not do this). */
export class AlloyAuthError extends AlloyApiError {
  override readonly name: string = 'AlloyAuthError';
}

/** 404: no such resource, or one of another organisation. */
export class AlloyNotFoundError extends AlloyApiError {
  override readonly name: string = 'AlloyNotFoundError';
}

/** 409: the resource exists already, or is not in a state that allows this. */
export class AlloyConflictError extends AlloyApiError {
  override readonly name: string = 'AlloyConflictError';
}

/** 400 or 422: bad input; `fields` names each refused field. */
export class AlloyValidationError extends AlloyApiError {
  override readonly name: string = 'AlloyValidationError';

  constructor(
    status: number,
    code: string,
    message: string,
    requestId: string | null,
    details: unknown,
    /** Each refused field with why. */
    readonly fields: AlloyFieldError[],
  ) {
    super(status, code, message, requestId, details);
  }
}

/** 429: a rate limit or quota is spent; retry after `retryAfter` seconds when the server said. */
export class AlloyRateLimitError extends AlloyApiError {
  override readonly name: string = 'AlloyRateLimitError';

  constructor(
    status: number,
    code: string,
    message: string,
    requestId: string | null,
    details: unknown,
    /** Seconds to wait, from `Retry-After`; null when the server did not say. */
    readonly retryAfter: number | null,
  ) {
    super(status, code, message, requestId, details);
  }
}

interface ErrorFields {
  code?: unknown;
  message?: unknown;
  details?: unknown;
  param?: unknown;
}

function errorFields(body: unknown): ErrorFields {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = body.error;
    if (error && typeof error === 'object') return error;
  }
  return {};
}

function fieldErrors(fields: ErrorFields, message: string): AlloyFieldError[] {
  // The control plane lists every field in `details`; the model server names one in `param`.
  if (Array.isArray(fields.details)) {
    const listed = fields.details.filter(
      (d): d is AlloyFieldError =>
        !!d &&
        typeof (d as AlloyFieldError).field === 'string' &&
        typeof (d as AlloyFieldError).message === 'string',
    );
    if (listed.length) return listed;
  }
  if (typeof fields.param === 'string') {
    const prefix = `${fields.param}: `;
    return [
      {
        field: fields.param,
        message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
      },
    ];
  }
  return [];
}

function retryAfterSeconds(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Turns an error answer of either server into the matching typed exception. */
export function toAlloyError({ status, body, headers }: AlloyErrorResponse): AlloyApiError {
  const fields = errorFields(body);
  const code = typeof fields.code === 'string' ? fields.code : `HTTP_${status}`;
  const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : null;
  const message =
    typeof fields.message === 'string'
      ? fields.message
      : (text ?? `HTTP ${status} without a message`);
  const requestId = headers.get('x-request-id');
  const details = fields.details ?? null;
  if (status === 401 || status === 403)
    return new AlloyAuthError(status, code, message, requestId, details);
  if (status === 404) return new AlloyNotFoundError(status, code, message, requestId, details);
  if (status === 409) return new AlloyConflictError(status, code, message, requestId, details);
  if (status === 400 || status === 422)
    return new AlloyValidationError(
      status,
      code,
      message,
      requestId,
      details,
      fieldErrors(fields, message),
    );
  if (status === 429)
    return new AlloyRateLimitError(
      status,
      code,
      message,
      requestId,
      details,
      retryAfterSeconds(headers),
    );
  return new AlloyApiError(status, code, message, requestId, details);
}

/** Reads an error response's body (JSON when it is, its text otherwise) into an exception. */
export async function errorFromResponse(response: Response): Promise<AlloyApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's page, say; its text is the message
  }
  return toAlloyError({ status: response.status, body, headers: response.headers });
}
