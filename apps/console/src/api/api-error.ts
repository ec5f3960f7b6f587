/** A field the server refused, as its error body names it. */
export interface FieldProblem {
  field: string;
  message: string;
  /** A promotion gate's refusal also says what was measured and the bound it had to respect. */
  value?: number | null;
  threshold?: number | boolean | null;
}

/**
 * A failed API call, from the control plane's error body `{"error": {"code", "message", "details"}}`
 * (or the model server's, which has the same shape with a `param`).
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
  }

  /** The message for one form field, when the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.message;
  }

  static async from(response: Response): Promise<ApiProblem> {
    const requestId = response.headers.get('x-request-id');
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: a proxy's page, or an empty body
    }
    const error = (body as { error?: Record<string, unknown> } | null)?.error;
    const details = error?.details;
    const fields: FieldProblem[] = Array.isArray(details)
      ? details.filter(
          (d): d is FieldProblem =>
            typeof (d as FieldProblem)?.field === 'string' &&
            typeof (d as FieldProblem)?.message === 'string',
        )
      : typeof error?.param === 'string'
        ? [{ field: error.param, message: typeof error.message === 'string' ? error.message : '' }]
        : [];
    return new ApiProblem(
      response.status,
      typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
      typeof error?.message === 'string' ? error.message : response.statusText || 'request failed',
      fields,
      requestId,
    );
  }
}
