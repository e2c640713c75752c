/**
 * The one table from error codes to HTTP statuses. Codes not listed here are client errors of the
 * generic kind (400). Domain code never mentions HTTP.
 */
const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BAD_CURSOR: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  // Accounts, roles, tokens, keys (issue 6).
  AUTH_LOCKED: 429,
  AUTH_WEAK_PASSWORD: 400,
  USER_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  // A ciphertext under a key the server does not have: an operator must restore the key.
  KEY_MISSING: 500,
  KEY_INVALID: 500,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  TRACKING_NOT_FOUND: 404,
  TICKET_ILLEGAL_TRANSITION: 409,
  TICKET_NOT_AWAITING_CONFIRMATION: 409,
  TICKET_NOT_PAUSED: 409,
  TICKET_CLOSED: 409,
  TICKET_VERSION_CONFLICT: 409,
  // The same Idempotency-Key with another body: a client bug, not a retry.
  INTAKE_IDEMPOTENCY_KEY_REUSED: 422,
  USERNAME_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  CALENDAR_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  CALENDAR_OVERRIDE_NOT_FOUND: 404,
  // A date can hold one override: edit it instead of adding a second.
  CALENDAR_OVERLAPPING_OVERRIDE: 409,
  // The stored policies are gone: a broken installation, not a client mistake.
  SLA_POLICY_NOT_FOUND: 500,
  SLA_BAD_POLICY: 400,
  SLA_BAD_TARGET: 400,
  // A newer policy version was published after the one the change started from: reload, redo.
  SLA_POLICY_CHANGED: 409,
  SLA_POLICY_START_IN_PAST: 400,
  DEPARTMENT_NOT_FOUND: 404,
  // Deactivated by an administrator: no transfers, tasks or routing rules to it (old tickets keep it).
  DEPARTMENT_INACTIVE: 409,
  // A calendar with no working time at all cannot produce a deadline.
  CALENDAR_NO_WORKING_TIME: 422,
  // Intake channels, workflow, attachments, notifications (issue 5).
  INTAKE_SOURCE_UNKNOWN: 404,
  INTAKE_BAD_SIGNATURE: 401,
  INTAKE_STALE_TIMESTAMP: 401,
  INTAKE_IDEMPOTENCY_KEY_REQUIRED: 400,
  ON_SPOT_NEEDS_AGREEMENT: 422,
  ASSIGNMENT_REASON_REQUIRED: 400,
  STAFF_NOT_FOUND: 404,
  STAFF_NOT_IN_DEPARTMENT: 422,
  DEPARTMENT_CODE_TAKEN: 409,
  TRANSFER_SAME_DEPARTMENT: 409,
  ROUTING_RULE_NOT_FOUND: 404,
  ON_CALL_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  TASK_NOT_OPEN: 409,
  TASK_DUE_IN_PAST: 400,
  NOTIFICATION_NOT_RETRYABLE: 409,
  ATTACHMENT_MISSING: 400,
  ATTACHMENT_TOO_MANY: 400,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  ATTACHMENT_NOT_FOUND: 404,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  // The embedded database's folder is full or read-only (data-dir-guard.ts): writes wait for space.
  DATA_DIR_FULL: 507,
  DATA_DIR_READ_ONLY: 503,
  // Backup and restore (mostly reached through the CLI; the backup download is the HTTP case).
  BACKUP_INVALID: 422,
  BACKUP_TOO_NEW: 409,
  RESTORE_TARGET_NOT_EMPTY: 409,
  DATA_DIR_LOCKED: 409,
};

export function httpStatusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}
