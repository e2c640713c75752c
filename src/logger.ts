import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * The process logger: JSON lines on stdout (pretty in `npm run dev`). Logs are read by operators and
 * shipped to log stores with long retention, so they must never hold personal data of patients (names,
 * phone numbers, complaint text) nor secrets (passwords, session cookies, tracking codes). Three lines of
 * defence: request lines carry the route pattern, never the raw URL (a tracking code is a path segment);
 * known field names are redacted; and errors are serialised without the SQL parameters that database
 * errors carry in their message.
 */

const REDACTED = '[redacted]';

// Field names that hold personal data or secrets wherever they appear (one or two levels deep).
const SENSITIVE_KEYS = [
  'password',
  'phone',
  'text',
  'name',
  'contactName',
  'contactPhone',
  'contactEmail',
  'email',
  'comment',
  'trackingCode',
  'params',
  'body',
];

const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.url',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`]),
];

/** Drizzle's query errors append every bound value (`params: 张三,138…`) to the message. */
function scrubMessage(message: string): string {
  const cut = message.search(/\nparams:/);
  return cut >= 0 ? `${message.slice(0, cut)}\nparams: ${REDACTED}` : message;
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: SerializedError;
}

/**
 * Keeps what an operator needs (type, message without bound values, stack, driver code) and drops the
 * rest: PostgreSQL errors carry `detail` ("Key (phone)=(138…) already exists") and `params`.
 */
export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { type: typeof err, message: REDACTED };
  const code = (err as { code?: unknown }).code;
  const out: SerializedError = {
    type: err.constructor?.name ?? 'Error',
    message: scrubMessage(err.message),
  };
  if (err.stack) {
    const firstFrame = err.stack.indexOf('\n    at ');
    out.stack = `${out.type}: ${out.message}${firstFrame >= 0 ? err.stack.slice(firstFrame) : ''}`;
  }
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

export function createLogger(
  config: Pick<Config, 'logLevel' | 'logPretty'>,
  /** Where lines go instead of stdout (tests capture them). */
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: serializeError, error: serializeError },
  };
  if (destination) return pino(options, destination);
  if (config.logPretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(options);
}
