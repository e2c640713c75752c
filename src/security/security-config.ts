import type { ConfigVariable } from '../config.ts';

/** Settings of access control, encryption, audit retention and rate limits (issue 6). */
export interface SecurityConfig {
  /** base64 of 32 bytes; wins over the key file. */
  encryptionKey: string | undefined;
  /** Older keys still needed to decrypt, while a rotation is under way (env keys only). */
  previousKeys: string[];
  /** JSON key file; default `<data dir>/careloop-keys.json`, generated on first start. */
  keyFile: string | undefined;
  /** Audit rows older than this are deleted by the retention job (from the oldest end). */
  auditRetentionDays: number;
  /** Closed tickets lose the patient's identity this many days after closure; 0 = never. */
  anonymiseClosedAfterDays: number;
  /** Requests per minute and client address on the public endpoints. */
  rateLimits: { feedbackPerMinute: number; trackingPerMinute: number; loginPerMinute: number };
  /** Lock-out after failed logins. */
  login: { perAccount: number; perIp: number; windowMinutes: number; lockMinutes: number };
}

/** 等保 level 3 wants logs kept at least 6 months. */
export const AUDIT_RETENTION_MIN_DAYS = 183;
export const AUDIT_RETENTION_DEFAULT_DAYS = 3 * 365;

export const SECURITY_VARIABLES: ConfigVariable[] = [
  {
    name: 'CARELOOP_ENCRYPTION_KEY',
    default: '(unset)',
    description: 'base64 of 32 random bytes: the key that encrypts patients’ contact details (AES-256-GCM).',
  },
  {
    name: 'CARELOOP_ENCRYPTION_PREVIOUS_KEYS',
    default: '(none)',
    description: 'Comma-separated older keys, kept while `careloop keys rotate` re-encrypts.',
  },
  {
    name: 'CARELOOP_KEY_FILE',
    default: '<data dir>/careloop-keys.json',
    description: 'Key file (generated with mode 0600 on first start when no key is configured).',
  },
  {
    name: 'CARELOOP_AUDIT_RETENTION_DAYS',
    default: String(AUDIT_RETENTION_DEFAULT_DAYS),
    description: `Days the audit log is kept (at least ${AUDIT_RETENTION_MIN_DAYS}).`,
  },
  {
    name: 'CARELOOP_ANONYMISE_CLOSED_AFTER_DAYS',
    default: '1095',
    description: 'Days after closure when a ticket loses the patient’s identity (0 = never).',
  },
  {
    name: 'CARELOOP_RATE_FEEDBACK_PER_MINUTE',
    default: '20',
    description: 'Feedback submissions per minute and IP.',
  },
  {
    name: 'CARELOOP_RATE_TRACKING_PER_MINUTE',
    default: '30',
    description: 'Tracking requests per minute and IP.',
  },
  { name: 'CARELOOP_RATE_LOGIN_PER_MINUTE', default: '10', description: 'Login attempts per minute and IP.' },
  {
    name: 'CARELOOP_LOGIN_LOCK_AFTER',
    default: '5',
    description: 'Failed logins of one account within 15 minutes that lock it for 15 minutes (an IP: 4×).',
  },
];

export function loadSecurityConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): SecurityConfig {
  const encryptionKey = env.CARELOOP_ENCRYPTION_KEY || undefined;
  if (encryptionKey !== undefined && Buffer.from(encryptionKey, 'base64').length !== 32) {
    problems.push('CARELOOP_ENCRYPTION_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)');
  }
  const perAccount = int('CARELOOP_LOGIN_LOCK_AFTER', 5, 3, 100);
  return {
    encryptionKey,
    previousKeys: (env.CARELOOP_ENCRYPTION_PREVIOUS_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    keyFile: env.CARELOOP_KEY_FILE || undefined,
    auditRetentionDays: int(
      'CARELOOP_AUDIT_RETENTION_DAYS',
      AUDIT_RETENTION_DEFAULT_DAYS,
      AUDIT_RETENTION_MIN_DAYS,
      36500,
    ),
    anonymiseClosedAfterDays: int('CARELOOP_ANONYMISE_CLOSED_AFTER_DAYS', 1095, 0, 36500),
    rateLimits: {
      feedbackPerMinute: int('CARELOOP_RATE_FEEDBACK_PER_MINUTE', 20, 1, 100_000),
      trackingPerMinute: int('CARELOOP_RATE_TRACKING_PER_MINUTE', 30, 1, 100_000),
      loginPerMinute: int('CARELOOP_RATE_LOGIN_PER_MINUTE', 10, 1, 100_000),
    },
    login: { perAccount, perIp: perAccount * 4, windowMinutes: 15, lockMinutes: 15 },
  };
}

/** What tests and embedded uses get without environment: generous limits, in-memory key when memory://. */
export function defaultSecurityConfig(overrides: Partial<SecurityConfig> = {}): SecurityConfig {
  return {
    encryptionKey: undefined,
    previousKeys: [],
    keyFile: undefined,
    auditRetentionDays: AUDIT_RETENTION_DEFAULT_DAYS,
    anonymiseClosedAfterDays: 1095,
    rateLimits: { feedbackPerMinute: 20, trackingPerMinute: 30, loginPerMinute: 10 },
    login: { perAccount: 5, perIp: 20, windowMinutes: 15, lockMinutes: 15 },
    ...overrides,
  };
}
