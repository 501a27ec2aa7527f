import net from 'node:net';
import path from 'node:path';

/**
 * The only place that reads process.env. Everything is validated at once so that a bad start-up names every
 * problem, then frozen so nothing changes it behind the app's back.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** postgres://… switches to PostgreSQL; otherwise SQLite at `sqlitePath`. */
  readonly databaseUrl: string | null;
  /** PostgreSQL schema to live in (default: the server's search_path, normally public). */
  readonly databaseSchema: string | null;
  readonly sqlitePath: string;
  readonly adminPassword: string | null;
  readonly demo: boolean;
  /** Which parts of opsdesk this process runs: the HTTP API, the scheduler/worker, or both. */
  readonly role: 'all' | 'api' | 'worker';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** json: one JSON object a line (for collectors); pretty: a readable line; auto: pretty on a terminal, else json */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  readonly session: {
    readonly idleTimeoutMs: number;
    readonly absoluteTimeoutMs: number;
    /** Secure cookies need HTTPS; off by default so that http://localhost works. */
    readonly cookieSecure: boolean;
  };
  readonly http: {
    readonly bodyLimitBytes: number;
    /** Requests per minute per client IP; 0 turns the general limiter off. */
    readonly rateLimitPerMinute: number;
    readonly trustProxy: boolean;
  };
  readonly audit: {
    /** Ed25519 private key (PEM). Generated into the data directory on first start when not configured. */
    readonly signingKeyPath: string;
    readonly checkpointEveryRecords: number;
  };
  readonly ingest: {
    /** a device clock may run this far ahead before its events are refused */
    readonly maxFutureMs: number;
    /** older events are refused (offline records collected days later are fine) */
    readonly maxAgeMs: number;
    /** batches written at once; past it the node answers 503 with Retry-After instead of queueing without bound */
    readonly maxInFlight: number;
    readonly bodyLimitBytes: number;
    readonly maxItemsPerRequest: number;
    readonly eventRetentionMs: number;
    readonly rollupRetentionMs: number;
    /** a device that reported health and has been silent this long is offline */
    readonly deviceSilenceMs: number;
  };
  /** The live stream (GET /api/v1/stream). Counts are per node: each node holds its own open connections. */
  readonly stream: {
    /** open streams one user may hold at once (all their tabs and tokens together); one more is answered 429 */
    readonly maxPerUser: number;
    /** open streams from one client IP at once */
    readonly maxPerIp: number;
    /** how often an open stream re-checks its session or token, and the reader's permissions and sites */
    readonly recheckMs: number;
  };
  /** Durable domain events (server/events/README.md). */
  readonly events: {
    /** delivered events older than this are deleted (never one a durable consumer has not passed) */
    readonly retentionMs: number;
    /** the safety net under in-process wakes and LISTEN/NOTIFY: every node reads the outbox at least this often */
    readonly pollMs: number;
  };
  /** The worker (server/worker/README.md). Limits are per worker node. */
  readonly worker: {
    /** jobs run at once in each lane: urgent (escalations, SLA checks), default, bulk (reconciliation, reports) */
    readonly lanes: { readonly urgent: number; readonly default: number; readonly bulk: number };
  };
  /** Alerting (server/modules/alerting). */
  readonly alerting: {
    /** resolved alerts (with their timelines) older than this are deleted */
    readonly resolvedRetentionMs: number;
  };
  /** Paging (server/modules/notify, oncall). */
  readonly notify: {
    /** the console's address as people reach it: links in notifications (acknowledge, open the alert) start with it */
    readonly publicUrl: string;
    /** false when OPSDESK_PUBLIC_URL was not given and publicUrl is the localhost default */
    readonly publicUrlGiven: boolean;
    /** 32 random bytes that seal channel secrets and sign acknowledgement links; made on first start, 0600 */
    readonly secretKeyPath: string;
    /** one hand-over to a channel may take this long before it counts as failed (and is retried) */
    readonly sendTimeoutMs: number;
    /** a notification that cannot be handed over is retried with back-off for this long, then marked failed */
    readonly retryForMs: number;
    /** acknowledgement links in notifications work this long */
    readonly ackLinkTtlMs: number;
  };
  readonly mqtt: { readonly url: string | null; readonly clientId: string };
  readonly syslog: { readonly udpPort: number | null; readonly tcpPort: number | null; readonly host: string };
  /** Incidents by e-mail (server/modules/incidents/intake/mail): an SMTP listener at the request addresses. */
  readonly mailIntake: {
    /** null: no listener */
    readonly port: number | null;
    /** keep it where only the mail relay reaches it: the listener takes mail without login */
    readonly host: string;
    /** the request addresses (RCPT TO), lower case; required when the port is set */
    readonly addresses: readonly string[];
    /** raw message size, advertised as SIZE; larger messages are refused with 552 */
    readonly maxMessageBytes: number;
    /** client addresses and CIDR prefixes allowed to connect (the relay); empty: any */
    readonly allowClients: readonly string[];
    /** the code of the site new incidents by mail open at; null: new requests are refused (451) until it is set */
    readonly site: string | null;
  };
  /** Incidents (server/modules/incidents). */
  readonly incidents: {
    /** one attachment's largest size (uploads and mail); larger ones are refused with 413 (mail: left out and listed) */
    readonly attachmentMaxBytes: number;
  };
  /** Back-fill of a manual fallback's records (server/modules/backfill). */
  readonly backfill: {
    /** records this much before the outage began or after it was resolved are still taken (clocks and paper differ) */
    readonly windowMarginMinutes: number;
  };
  /** The console's built assets; served on the same port. */
  readonly webDistDir: string;
}

export interface ConfigFlags {
  port?: string;
  host?: string;
  data?: string;
  databaseUrl?: string;
  demo?: boolean;
  role?: string;
  logLevel?: string;
  mqttUrl?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`opsdesk cannot start, the configuration has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
const ROLES = ['all', 'api', 'worker'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const pick = (flag: string | undefined, name: string): string | undefined => {
    const value = flag ?? env[name];
    return value === undefined || value === '' ? undefined : value;
  };

  const int = (raw: string | undefined, name: string, fallback: number, min: number, max: number): number => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw.trim())) {
      problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
    return value;
  };
  const bool = (raw: string | undefined, name: string, fallback: boolean): boolean => {
    if (raw === undefined) return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  const oneOf = <T extends string>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T): T => {
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  };

  const port = int(pick(flags.port, 'OPSDESK_PORT'), 'OPSDESK_PORT / --port', 8080, 0, 65535);
  const host = pick(flags.host, 'OPSDESK_HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(cwd, pick(flags.data, 'OPSDESK_DATA_DIR') ?? 'data');

  const databaseUrl = pick(flags.databaseUrl, 'OPSDESK_DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`OPSDESK_DATABASE_URL / --database-url must start with postgres:// (leave it unset for the embedded SQLite), got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }

  const databaseSchema = pick(undefined, 'OPSDESK_DATABASE_SCHEMA') ?? null;
  if (databaseSchema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    problems.push(`OPSDESK_DATABASE_SCHEMA must be a lower-case identifier (letters, digits, _), got "${databaseSchema}"`);
  }

  const adminPassword = env.OPSDESK_ADMIN_PASSWORD === undefined || env.OPSDESK_ADMIN_PASSWORD === '' ? null : env.OPSDESK_ADMIN_PASSWORD;
  if (adminPassword !== null && adminPassword.length < 8) problems.push('OPSDESK_ADMIN_PASSWORD must be at least 8 characters');

  const mqttUrl = pick(flags.mqttUrl, 'OPSDESK_MQTT_URL') ?? null;
  if (mqttUrl !== null && !/^(mqtts?|wss?|tcp):\/\//.test(mqttUrl)) problems.push(`OPSDESK_MQTT_URL must start with mqtt://, mqtts://, ws:// or wss://, got "${mqttUrl}"`);
  /** A port for an optional listener: unset means off. */
  const optionalPort = (raw: string | undefined, name: string): number | null => (raw === undefined || raw === '' ? null : int(raw, name, 0, 0, 65535));

  const mailIntakePort = optionalPort(env.OPSDESK_MAIL_INTAKE_PORT, 'OPSDESK_MAIL_INTAKE_PORT');
  const mailIntakeAddresses = list(env.OPSDESK_MAIL_INTAKE_ADDRESSES).map((a) => a.toLowerCase());
  for (const address of mailIntakeAddresses) {
    if (!/^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/.test(address)) problems.push(`OPSDESK_MAIL_INTAKE_ADDRESSES must be e-mail addresses separated by commas, got "${address}"`);
  }
  if (mailIntakePort !== null && mailIntakeAddresses.length === 0) problems.push('OPSDESK_MAIL_INTAKE_ADDRESSES is required when OPSDESK_MAIL_INTAKE_PORT is set (the request addresses to take mail for)');
  const mailIntakeAllow = list(env.OPSDESK_MAIL_INTAKE_ALLOW);
  for (const entry of mailIntakeAllow) {
    if (!isAddressOrCidr(entry)) problems.push(`OPSDESK_MAIL_INTAKE_ALLOW must be IP addresses or CIDR prefixes (10.0.0.0/24) separated by commas, got "${entry}"`);
  }

  const mailIntakeSite = env.OPSDESK_MAIL_INTAKE_SITE?.trim() || null;
  // The pattern of site codes (sites.schemas.ts SITE_CODE_PATTERN); whether the site exists is known only once the database is open.
  if (mailIntakeSite !== null && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(mailIntakeSite)) problems.push(`OPSDESK_MAIL_INTAKE_SITE must be a site code (letters, digits, . _ -), got "${mailIntakeSite}"`);

  const publicUrl = (env.OPSDESK_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl)) problems.push(`OPSDESK_PUBLIC_URL must be the console's http:// or https:// address, got "${publicUrl}"`);

  const demo = flags.demo === false ? false : bool(env.OPSDESK_DEMO, 'OPSDESK_DEMO', true);
  const role = oneOf(pick(flags.role, 'OPSDESK_ROLE'), 'OPSDESK_ROLE / --role', ROLES, 'all');
  const logLevel = oneOf(pick(flags.logLevel, 'OPSDESK_LOG_LEVEL'), 'OPSDESK_LOG_LEVEL', LOG_LEVELS, 'info');
  const logFormat = oneOf(pick(undefined, 'OPSDESK_LOG_FORMAT'), 'OPSDESK_LOG_FORMAT', LOG_FORMATS, 'auto');

  const idleMinutes = int(env.OPSDESK_SESSION_IDLE_MINUTES, 'OPSDESK_SESSION_IDLE_MINUTES', 15, 1, 24 * 60);
  const absoluteHours = int(env.OPSDESK_SESSION_ABSOLUTE_HOURS, 'OPSDESK_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30);
  if (idleMinutes > absoluteHours * 60) problems.push('OPSDESK_SESSION_IDLE_MINUTES cannot be longer than OPSDESK_SESSION_ABSOLUTE_HOURS');

  const config: Config = {
    port,
    host,
    dataDir,
    databaseUrl,
    databaseSchema,
    sqlitePath: path.join(dataDir, 'opsdesk.sqlite'),
    adminPassword,
    demo,
    role,
    logLevel,
    logFormat,
    session: {
      idleTimeoutMs: idleMinutes * 60_000,
      absoluteTimeoutMs: absoluteHours * 3_600_000,
      cookieSecure: bool(env.OPSDESK_COOKIE_SECURE, 'OPSDESK_COOKIE_SECURE', false),
    },
    http: {
      bodyLimitBytes: int(env.OPSDESK_BODY_LIMIT_BYTES, 'OPSDESK_BODY_LIMIT_BYTES', 1_048_576, 1024, 512 * 1_048_576),
      rateLimitPerMinute: int(env.OPSDESK_RATE_LIMIT_PER_MINUTE, 'OPSDESK_RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000),
      trustProxy: bool(env.OPSDESK_TRUST_PROXY, 'OPSDESK_TRUST_PROXY', false),
    },
    audit: {
      signingKeyPath: path.resolve(cwd, env.OPSDESK_AUDIT_SIGNING_KEY || path.join(dataDir, 'audit-signing-key.pem')),
      checkpointEveryRecords: int(env.OPSDESK_AUDIT_CHECKPOINT_RECORDS, 'OPSDESK_AUDIT_CHECKPOINT_RECORDS', 1000, 1, 1000),
    },
    ingest: {
      maxFutureMs: int(env.OPSDESK_INGEST_MAX_FUTURE_SECONDS, 'OPSDESK_INGEST_MAX_FUTURE_SECONDS', 600, 0, 86_400) * 1000,
      maxAgeMs: int(env.OPSDESK_INGEST_MAX_AGE_DAYS, 'OPSDESK_INGEST_MAX_AGE_DAYS', 30, 1, 3650) * 86_400_000,
      maxInFlight: int(env.OPSDESK_INGEST_MAX_IN_FLIGHT, 'OPSDESK_INGEST_MAX_IN_FLIGHT', 8, 1, 1000),
      bodyLimitBytes: int(env.OPSDESK_INGEST_BODY_LIMIT_BYTES, 'OPSDESK_INGEST_BODY_LIMIT_BYTES', 32 * 1_048_576, 1024, 1024 * 1_048_576),
      maxItemsPerRequest: int(env.OPSDESK_INGEST_MAX_ITEMS, 'OPSDESK_INGEST_MAX_ITEMS', 10_000, 1, 1_000_000),
      eventRetentionMs: int(env.OPSDESK_EVENT_RETENTION_DAYS, 'OPSDESK_EVENT_RETENTION_DAYS', 30, 1, 3650) * 86_400_000,
      rollupRetentionMs: int(env.OPSDESK_ROLLUP_RETENTION_DAYS, 'OPSDESK_ROLLUP_RETENTION_DAYS', 400, 1, 3650) * 86_400_000,
      deviceSilenceMs: int(env.OPSDESK_DEVICE_SILENCE_SECONDS, 'OPSDESK_DEVICE_SILENCE_SECONDS', 180, 10, 86_400) * 1000,
    },
    stream: {
      maxPerUser: int(env.OPSDESK_STREAM_MAX_PER_USER, 'OPSDESK_STREAM_MAX_PER_USER', 5, 1, 1000),
      maxPerIp: int(env.OPSDESK_STREAM_MAX_PER_IP, 'OPSDESK_STREAM_MAX_PER_IP', 20, 1, 100_000),
      recheckMs: int(env.OPSDESK_STREAM_RECHECK_MS, 'OPSDESK_STREAM_RECHECK_MS', 5000, 100, 5000),
    },
    events: {
      retentionMs: int(env.OPSDESK_DOMAIN_EVENT_RETENTION_DAYS, 'OPSDESK_DOMAIN_EVENT_RETENTION_DAYS', 7, 1, 3650) * 86_400_000,
      pollMs: int(env.OPSDESK_EVENTS_POLL_MS, 'OPSDESK_EVENTS_POLL_MS', 1000, 50, 60_000),
    },
    worker: {
      lanes: {
        urgent: int(env.OPSDESK_WORKER_URGENT_CONCURRENCY, 'OPSDESK_WORKER_URGENT_CONCURRENCY', 4, 1, 64),
        default: int(env.OPSDESK_WORKER_DEFAULT_CONCURRENCY, 'OPSDESK_WORKER_DEFAULT_CONCURRENCY', 2, 1, 64),
        bulk: int(env.OPSDESK_WORKER_BULK_CONCURRENCY, 'OPSDESK_WORKER_BULK_CONCURRENCY', 1, 1, 64),
      },
    },
    alerting: {
      resolvedRetentionMs: int(env.OPSDESK_ALERT_RETENTION_DAYS, 'OPSDESK_ALERT_RETENTION_DAYS', 400, 30, 3650) * 86_400_000,
    },
    notify: {
      publicUrl,
      publicUrlGiven: Boolean(env.OPSDESK_PUBLIC_URL),
      secretKeyPath: path.resolve(cwd, env.OPSDESK_SECRET_KEY_FILE || path.join(dataDir, 'secret.key')),
      sendTimeoutMs: int(env.OPSDESK_NOTIFY_TIMEOUT_SECONDS, 'OPSDESK_NOTIFY_TIMEOUT_SECONDS', 10, 1, 300) * 1000,
      retryForMs: int(env.OPSDESK_NOTIFY_RETRY_HOURS, 'OPSDESK_NOTIFY_RETRY_HOURS', 24, 1, 24 * 14) * 3_600_000,
      ackLinkTtlMs: int(env.OPSDESK_ACK_LINK_HOURS, 'OPSDESK_ACK_LINK_HOURS', 24, 1, 24 * 30) * 3_600_000,
    },
    mqtt: {
      url: mqttUrl,
      clientId: env.OPSDESK_MQTT_CLIENT_ID || 'opsdesk-ingest',
    },
    syslog: {
      udpPort: optionalPort(env.OPSDESK_SYSLOG_UDP_PORT, 'OPSDESK_SYSLOG_UDP_PORT'),
      tcpPort: optionalPort(env.OPSDESK_SYSLOG_TCP_PORT, 'OPSDESK_SYSLOG_TCP_PORT'),
      host: env.OPSDESK_SYSLOG_HOST || '0.0.0.0',
    },
    mailIntake: {
      port: mailIntakePort,
      host: env.OPSDESK_MAIL_INTAKE_HOST || '127.0.0.1',
      addresses: mailIntakeAddresses,
      maxMessageBytes: int(env.OPSDESK_MAIL_INTAKE_MAX_BYTES, 'OPSDESK_MAIL_INTAKE_MAX_BYTES', 25 * 1_048_576, 1024, 256 * 1_048_576),
      allowClients: mailIntakeAllow,
      site: mailIntakeSite,
    },
    incidents: {
      attachmentMaxBytes: int(env.OPSDESK_ATTACHMENT_MAX_BYTES, 'OPSDESK_ATTACHMENT_MAX_BYTES', 20 * 1_048_576, 1024, 1024 * 1_048_576),
    },
    backfill: {
      windowMarginMinutes: int(env.OPSDESK_BACKFILL_WINDOW_MARGIN_MINUTES, 'OPSDESK_BACKFILL_WINDOW_MARGIN_MINUTES', 30, 0, 24 * 60),
    },
    webDistDir: path.resolve(import.meta.dirname, '..', 'web', 'dist'),
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** A comma-separated list: entries trimmed, empty ones dropped. */
const list = (raw: string | undefined): string[] => (raw ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');

/** `10.0.0.25`, `10.0.0.0/24`, `fd00::/8`. */
function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child);
  return Object.freeze(value);
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

/**
 * Links in mails, SMS and survey invitations start with the public address: when opsdesk listens beyond this machine
 * but nobody said how people reach it, they would point at localhost, which only this machine can open.
 */
export function publicUrlWarning(config: Config): string | null {
  if (config.notify.publicUrlGiven || isLoopback(config.host)) return null;
  return `OPSDESK_PUBLIC_URL is not set: links in notifications and survey invitations point at ${config.notify.publicUrl}, which only this machine can open. Set it to the console's address as people reach it`;
}
