import path from 'node:path';
import { loadSecurityConfig, SECURITY_VARIABLES, type SecurityConfig } from './security/security-config.ts';

/**
 * Every environment variable CareLoop reads, parsed and validated once at start. A bad value stops the
 * process with a list of every problem, so an operator fixes them in one go. The table in
 * docs/deploy.md is generated from CONFIG_VARIABLES.
 */
export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database (and attachments). */
  dataDir: string;
  /** A PostgreSQL server; when unset the embedded PGlite database in dataDir is used. */
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logPretty: boolean;
  /** The institution's IANA time zone: calendars, reports and patient-facing times use it. */
  timeZone: string;
  /** Set behind a reverse proxy so client addresses and https are read from X-Forwarded-* headers. */
  trustProxy: boolean;
  /** Session lifetime without activity. */
  sessionIdleMinutes: number;
  /** Embedded database only: writes are refused while the data folder has less free space (data-dir-guard.ts). */
  dataDirMinFreeMb?: number;
  /** Keys, audit retention, rate limits, lock-out (src/security/security-config.ts); defaults when absent. */
  security?: SecurityConfig;
  /** Bearer token Prometheus must send to GET /metrics; unset = see metricsLoopbackOnly. */
  metricsToken?: string | undefined;
  /** Without a token, /metrics answers only this machine (true, the default) or anyone (false). */
  metricsLoopbackOnly?: boolean;
  /** Where patients follow their case (links in messages); unset = messages carry no link. */
  publicUrl: string | undefined;
  /** A proposed resolution the patient does not answer within this many days is closed as confirmed by lapse. */
  confirmationWindowDays: number;
  /** Attachment folder, or `memory://` (tests). */
  attachmentsDir: string;
  notify: NotifyConfig;
  /** HMAC secrets of the webhook sources (code → secret); the sources themselves are data. */
  intakeSecrets: Record<string, string>;
  /** Triage every new ticket with the shipped model before routing (off: route on channel/keywords). */
  triageAtIntake: boolean;
}

export interface NotifyConfig {
  smtpUrl: string | undefined;
  mailFrom: string;
  smsHttpUrl: string | undefined;
  wechatHttpUrl: string | undefined;
  httpToken: string | undefined;
}

/** Shorter webhook secrets are refused: HMAC keys must not be guessable. */
export const INTAKE_SECRET_MIN_CHARS = 32;

export interface ConfigVariable {
  name: string;
  default: string;
  description: string;
}

export const CONFIG_VARIABLES: ConfigVariable[] = [
  { name: 'PORT', default: '8080', description: 'HTTP port.' },
  { name: 'HOST', default: '0.0.0.0', description: 'Address to listen on.' },
  {
    name: 'CARELOOP_DATA_DIR',
    default: './data',
    description: 'Folder of the embedded database and attachments.',
  },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded)',
    description:
      'postgres://user:pass@host:5432/db — use a PostgreSQL server (≥ 15, UTF-8) instead of the embedded database.',
  },
  {
    name: 'CARELOOP_ADMIN_PASSWORD',
    default: '(generated)',
    description: 'Password of the first admin account, used only when the database has no accounts yet.',
  },
  { name: 'LOG_LEVEL', default: 'info', description: 'fatal, error, warn, info, debug, trace or silent.' },
  {
    name: 'CARELOOP_LOG_PRETTY',
    default: '0',
    description: '1 for human-readable logs (npm run dev sets it).',
  },
  { name: 'CARELOOP_TIME_ZONE', default: 'Asia/Shanghai', description: "The institution's IANA time zone." },
  {
    name: 'CARELOOP_TRUST_PROXY',
    default: '0',
    description: '1 when running behind a reverse proxy (TLS, client IPs).',
  },
  {
    name: 'CARELOOP_SESSION_IDLE_MINUTES',
    default: '480',
    description: 'Staff sessions expire after this much inactivity.',
  },
  {
    name: 'CARELOOP_DATA_DIR_MIN_FREE_MB',
    default: '64',
    description:
      'Embedded database: below this much free space in the data folder, writes are refused (507) instead of risking a stuck database.',
  },
  {
    name: 'CARELOOP_METRICS_TOKEN',
    default: '(unset)',
    description: 'Bearer token for GET /metrics. Unset: /metrics answers only requests from this machine.',
  },
  {
    name: 'CARELOOP_METRICS_LOOPBACK_ONLY',
    default: '1',
    description: '0 to let any address read /metrics when no token is set (only behind a firewall).',
  },
  {
    name: 'CARELOOP_PUBLIC_URL',
    default: '(unset)',
    description: 'Public address of the patient pages (https://feedback.example.org), used in message links.',
  },
  {
    name: 'CARELOOP_CONFIRMATION_WINDOW_DAYS',
    default: '3',
    description:
      'Days a patient has to confirm a proposed resolution before it closes as confirmed by lapse.',
  },
  {
    name: 'CARELOOP_ATTACHMENTS_DIR',
    default: '<data dir>/attachments',
    description: 'Folder of uploaded images and voice messages.',
  },
  {
    name: 'CARELOOP_SMTP_URL',
    default: '(unset: e-mails are logged)',
    description: 'smtp://user:pass@host:587 or smtps://… — the mail server for e-mail notifications.',
  },
  { name: 'CARELOOP_MAIL_FROM', default: 'CareLoop <noreply@localhost>', description: 'Sender of e-mails.' },
  {
    name: 'CARELOOP_SMS_HTTP_URL',
    default: '(unset: SMS are logged)',
    description: 'HTTP endpoint of the SMS gateway (JSON POST, see docs).',
  },
  {
    name: 'CARELOOP_WECHAT_HTTP_URL',
    default: '(unset: WeChat messages are logged)',
    description: 'HTTP endpoint of the WeChat template-message adapter (same JSON shape as SMS).',
  },
  {
    name: 'CARELOOP_NOTIFY_HTTP_TOKEN',
    default: '(unset)',
    description: 'Bearer token sent to the SMS / WeChat HTTP endpoints.',
  },
  {
    name: 'CARELOOP_TRIAGE_AT_INTAKE',
    default: '1',
    description: '0 to skip automatic triage at intake (tickets then wait for staff triage).',
  },
  {
    name: 'CARELOOP_INTAKE_SECRETS',
    default: '(none)',
    description:
      'Webhook HMAC secrets: "source=secret,source2=secret2" (each ≥ 32 characters). Sources are added in the admin API.',
  },
];

CONFIG_VARIABLES.push(...SECURITY_VARIABLES);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string): boolean => {
    const raw = (env[name] ?? '').toLowerCase();
    if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
    if (raw === '1' || raw === 'true' || raw === 'yes') return true;
    problems.push(`${name}=${env[name]} must be 1 or 0`);
    return false;
  };

  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL=${env.LOG_LEVEL} must be one of ${LOG_LEVELS.join(', ')}`);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const timeZone = env.CARELOOP_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`CARELOOP_TIME_ZONE=${timeZone} is not an IANA time zone (e.g. Asia/Shanghai)`);
  }

  const metricsToken = env.CARELOOP_METRICS_TOKEN || undefined;
  // A short token is guessable by anyone who can reach the port.
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problems.push('CARELOOP_METRICS_TOKEN must be at least 16 characters');
  }

  const adminPassword = env.CARELOOP_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 10) {
    problems.push('CARELOOP_ADMIN_PASSWORD must be at least 10 characters');
  }

  const optionalUrl = (name: string, pattern: RegExp, hint: string): string | undefined => {
    const raw = env[name] || undefined;
    if (raw !== undefined && !pattern.test(raw)) problems.push(`${name} must ${hint}`);
    return raw;
  };
  const intakeSecrets: Record<string, string> = {};
  for (const pair of (env.CARELOOP_INTAKE_SECRETS ?? '').split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    const code = pair.slice(0, eq).trim();
    const secret = pair.slice(eq + 1).trim();
    if (eq < 1 || !/^[a-z0-9_-]{1,40}$/.test(code)) {
      problems.push(
        'CARELOOP_INTAKE_SECRETS must look like "source=secret,source2=secret2" (lower-case source codes)',
      );
    } else if (secret.length < INTAKE_SECRET_MIN_CHARS) {
      problems.push(
        `CARELOOP_INTAKE_SECRETS: the secret of ${code} needs at least ${INTAKE_SECRET_MIN_CHARS} characters`,
      );
    } else intakeSecrets[code] = secret;
  }
  const dataDir = path.resolve(cwd, env.CARELOOP_DATA_DIR || './data');

  const config: Config = {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl,
    adminPassword,
    logLevel,
    logPretty: bool('CARELOOP_LOG_PRETTY'),
    timeZone,
    trustProxy: bool('CARELOOP_TRUST_PROXY'),
    sessionIdleMinutes: int('CARELOOP_SESSION_IDLE_MINUTES', 480, 5, 60 * 24 * 30),
    dataDirMinFreeMb: int('CARELOOP_DATA_DIR_MIN_FREE_MB', 64, 0, 1_000_000),
    security: loadSecurityConfig(env, problems, int),
    metricsToken,
    metricsLoopbackOnly:
      env.CARELOOP_METRICS_LOOPBACK_ONLY === undefined || env.CARELOOP_METRICS_LOOPBACK_ONLY === ''
        ? true
        : bool('CARELOOP_METRICS_LOOPBACK_ONLY'),
    publicUrl: optionalUrl('CARELOOP_PUBLIC_URL', /^https?:\/\//, 'start with http:// or https://')?.replace(
      /\/+$/,
      '',
    ),
    confirmationWindowDays: int('CARELOOP_CONFIRMATION_WINDOW_DAYS', 3, 1, 60),
    attachmentsDir: env.CARELOOP_ATTACHMENTS_DIR
      ? path.resolve(cwd, env.CARELOOP_ATTACHMENTS_DIR)
      : path.join(dataDir, 'attachments'),
    notify: {
      smtpUrl: optionalUrl('CARELOOP_SMTP_URL', /^smtps?:\/\//, 'start with smtp:// or smtps://'),
      mailFrom: env.CARELOOP_MAIL_FROM || 'CareLoop <noreply@localhost>',
      smsHttpUrl: optionalUrl('CARELOOP_SMS_HTTP_URL', /^https?:\/\//, 'start with http:// or https://'),
      wechatHttpUrl: optionalUrl(
        'CARELOOP_WECHAT_HTTP_URL',
        /^https?:\/\//,
        'start with http:// or https://',
      ),
      httpToken: env.CARELOOP_NOTIFY_HTTP_TOKEN || undefined,
    },
    intakeSecrets,
    triageAtIntake: env.CARELOOP_TRIAGE_AT_INTAKE === undefined ? true : bool('CARELOOP_TRIAGE_AT_INTAKE'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
