import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError } from '../domain/app-error.ts';
import { httpStatusFor } from './error-codes.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/** The PostgreSQL/driver error codes that mean "the database is not there right now". */
const DB_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** Driver and pool messages of an unreachable database that come without a code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (shutting down|starting up)/;

/**
 * Whether an error means the database is unreachable. drizzle wraps driver errors (DrizzleQueryError,
 * the code in `cause`), so the cause chain is checked, not only the error itself.
 */
function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (DB_UNAVAILABLE.has(String(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}

function describeValidation(err: FastifyError): { message: string; field?: string } {
  const first = err.validation?.[0];
  if (!first) return { message: err.message };
  const path = (first.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const params = first.params as Record<string, unknown>;
  if (first.keyword === 'additionalProperties') {
    const field = String(params.additionalProperty);
    return { message: `Unknown field "${field}".`, field };
  }
  if (first.keyword === 'required') {
    const field = String(params.missingProperty);
    return { message: `The field "${field}" is required.`, field };
  }
  const where = path || err.validationContext || 'request';
  if (first.keyword === 'maxLength')
    return { message: `"${where}" is too long (at most ${params.limit} characters).`, field: path };
  if (first.keyword === 'minLength')
    return { message: `"${where}" is too short (at least ${params.limit} characters).`, field: path };
  if (first.keyword === 'type') return { message: `"${where}" must be of type ${params.type}.`, field: path };
  return { message: `"${where}" ${first.message ?? 'is not valid'}.`, ...(path ? { field: path } : {}) };
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let status: number;
    let body: ErrorBody;
    if (isAppError(err)) {
      status = httpStatusFor(err.code);
      body = { error: { code: err.code, message: err.message } };
      if (err.field) body.error.field = err.field;
      if (err.details) body.error.details = err.details;
    } else if (err.validation) {
      status = 400;
      const { message, field } = describeValidation(err);
      body = { error: { code: 'VALIDATION_FAILED', message, ...(field ? { field } : {}) } };
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' } };
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      status = 415;
      body = {
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json.' },
      };
    } else if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
    ) {
      status = 400;
      body = { error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } };
    } else if (err.statusCode === 429) {
      status = 429;
      body = {
        error: { code: 'RATE_LIMITED', message: 'Too many requests; please wait a moment and try again.' },
      };
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      body = {
        error: {
          code: 'DATABASE_UNAVAILABLE',
          message: 'The service is temporarily unavailable; please try again shortly.',
        },
      };
      request.log.error({ err: { code: err.code, message: err.message } }, 'database unavailable');
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      body = { error: { code: 'BAD_REQUEST', message: err.message } };
    } else {
      status = 500;
      // Never leak stack traces or SQL to the caller; the log keeps the detail for operators.
      request.log.error({ err }, 'unhandled error');
      body = {
        error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.' },
      };
    }
    void reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` },
    });
  });
}
