import { ApiError, NETWORK_ERROR } from '../api.ts';
import type { MessageKey } from '../i18n/i18n.ts';

/**
 * The words for an API failure, chosen by the server's stable code (never its English message), and the
 * field the server named, so the page can mark and focus that input.
 */
export interface ShownError {
  key: MessageKey;
  field?: string;
  /** Filled into the message: the newest version for SLA_POLICY_CHANGED. */
  params?: Record<string, string | number>;
}

const BY_CODE: Readonly<Record<string, MessageKey>> = {
  [NETWORK_ERROR]: 'app.networkError',
  FORBIDDEN: 'admin.error.forbidden',
  VALIDATION_FAILED: 'admin.error.invalid',
  USERNAME_TAKEN: 'admin.error.usernameTaken',
  AUTH_WEAK_PASSWORD: 'admin.error.weakPassword',
  USER_NOT_FOUND: 'admin.error.gone',
  DEPARTMENT_CODE_TAKEN: 'admin.error.departmentCodeTaken',
  DEPARTMENT_NOT_FOUND: 'admin.error.departmentGone',
  ROUTING_RULE_NOT_FOUND: 'admin.error.gone',
  CALENDAR_NOT_FOUND: 'admin.error.gone',
  CALENDAR_OVERRIDE_NOT_FOUND: 'admin.error.gone',
  CALENDAR_OVERLAPPING_OVERRIDE: 'admin.error.overrideExists',
  CALENDAR_BAD_OVERRIDE: 'admin.error.invalid',
  CALENDAR_NO_WORKING_TIME: 'admin.error.noWorkingTime',
  CALENDAR_IMPORT_INVALID: 'admin.error.importInvalid',
  SLA_BAD_TARGET: 'admin.error.slaBadTarget',
  SLA_BAD_POLICY: 'admin.error.slaBadPolicy',
  SLA_POLICY_CHANGED: 'admin.error.slaChanged',
  SLA_POLICY_START_IN_PAST: 'admin.error.slaStartInPast',
  AUTH_REQUIRED: 'admin.error.loggedOut',
};

export function shownError(err: unknown): ShownError {
  if (!(err instanceof ApiError)) return { key: 'app.error' };
  const key = BY_CODE[err.code] ?? 'app.error';
  return { key, ...(err.field ? { field: err.field } : {}) };
}

/** Keywords as typed: one per line or separated by commas (either width) or 、; blanks and repeats dropped. */
export function parseKeywords(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,，、;；]/)
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    ),
  ];
}
