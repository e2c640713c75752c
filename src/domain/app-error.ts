/**
 * The one error type of CareLoop. Every failure a caller can act on carries a stable code;
 * the HTTP layer maps codes to statuses in one table (src/http/error-codes.ts), the CLI prints
 * the message on stderr. Domain code throws these and never knows about HTTP.
 */
export class AppError extends Error {
  readonly code: string;
  /** The input field the error is about, when there is one (shown to API callers). */
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
