import os from 'node:os';
import { buildApp } from './app.ts';
import { systemClock, type Clock } from './clock.ts';
import { publicUrlWarning, type Config } from './config.ts';
import { openDatabase, optimizeSqlite, targetFromConfig } from './db/database.ts';
import { secureDataDir } from './db/file-modes.ts';
import { damagedDatabase } from './db/integrity.ts';
import { LOCK_KEYS, withClusterLock } from './db/locks.ts';
import { migrateToLatest } from './db/migrator.ts';
import { demoToken, loadDemoEstate, loadDemoKnowledge, loadDemoPaging, runDemoSimulation } from './demo.ts';
import { randomSecret } from './ids.ts';
import { createLogger } from './logger.ts';
import { registerJobs } from './jobs.ts';
import { loadOrCreateSigningKey, type AuditSigner } from './modules/audit/index.ts';
import { systemContext } from './modules/auth/index.ts';
import { ensureModuleDefaults } from './modules.ts';
import { createMqttIngest, createSyslogServer, DEFAULT_MAX_MESSAGE_BYTES } from './modules/ingest/index.ts';
import { findDeviceByAddress } from './modules/estate/index.ts';
import { createJobRegistry } from './worker/registry.ts';
import { createWorker, type Worker } from './worker/worker.ts';
import { createIntegrityMonitor, damagedAuditLog, type IntegrityMonitor } from './modules/system/index.ts';
import { createMailIntakeServer } from './modules/incidents/index.ts';

export interface RunningServer {
  url: string;
  port: number;
  /** null when this process runs only the API */
  worker: Worker | null;
  stop(): Promise<void>;
}

/**
 * Starts opsdesk: open the database, migrate, make sure the built-in roles and the first administrator exist, then
 * the HTTP API and/or the worker, as config.role says.
 */
export interface StartOptions {
  clock?: Clock;
  /** where the start-up messages for the person at the terminal go (default: standard output) */
  print?: (line: string) => void;
  /** where log lines go (default: standard output, readable on a terminal: config.logFormat) */
  logDestination?: NodeJS.WritableStream;
  /** how long after start-up to repeat where to sign in, once the start-up messages have scrolled by */
  signInReminderAfterMs?: number;
}

/** The demo's first seconds print a burst (history arriving, devices coming online); the reminder comes after it. */
const SIGN_IN_REMINDER_AFTER_MS = 8000;

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = createLogger(config, options.logDestination ? { destination: options.logDestination } : {});

  // Before anything is written into it: the data directory holds password hashes, contacts and the signing key.
  for (const change of secureDataDir(config.dataDir)) {
    log.warn({ path: change.path, from: change.from, to: change.to }, `data file was readable by others: permissions tightened from ${change.from} to ${change.to}`);
  }

  const linkWarning = publicUrlWarning(config);
  if (linkWarning) log.warn({ publicUrl: config.notify.publicUrl }, linkWarning);

  // Refuses an empty, foreign or unopenable SQLite file here, instead of taking it for a first start.
  const target = targetFromConfig(config);
  const db = openDatabase(target);
  let integrity: IntegrityMonitor;
  let signer: AuditSigner;
  try {
    signer = loadOrCreateSigningKey(config.audit.signingKeyPath);
    integrity = createIntegrityMonitor({ db, sqliteFile: target.kind === 'sqlite' ? target.file : null, signer, clock, log });
    // Before migrating: a migration must not be the first thing to write into a damaged file.
    const fileProblems = await integrity.checkFile();
    if (target.kind === 'sqlite' && fileProblems.length > 0) throw damagedDatabase(target.file, fileProblems);
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    const auditProblems = await integrity.checkAudit();
    if (auditProblems.length > 0) throw target.kind === 'sqlite' ? damagedDatabase(target.file, auditProblems) : damagedAuditLog(target.schema, auditProblems);
    integrity.record([]);
    // Statistics for the planner, once the file is known to be ours and sound: without them it takes `parent_id is
    // null` on 100,000 alerts for a selective filter and reads most of the table through the wrong index
    // (bench/README.md, alerting).
    await optimizeSqlite(db, 0x10002);
  } catch (error) {
    await db.close();
    throw error;
  }
  const { app, services, metrics } = await buildApp({ config, db, clock, signer, logger: log, serveWeb: config.role !== 'worker', integrity });

  const system = systemContext('opsdesk');
  const admin = await withClusterLock(db, LOCK_KEYS.bootstrap, async () => {
    await services.roles.ensureBuiltIns(system);
    await services.alertRules.ensureDefaults(system);
    await services.channels.ensureBuiltin();
    await ensureModuleDefaults(services, system);
    const created = await services.users.bootstrapAdmin(system, config.adminPassword);
    // A new database gets the demo campus unless --no-demo; an existing one keeps whatever it is.
    if (created && config.demo) {
      await loadDemoEstate(services, systemContext('opsdesk-demo'));
      await loadDemoPaging(services, systemContext('opsdesk-demo'), created.userId, clock.now());
      await loadDemoKnowledge(services, systemContext('opsdesk-demo'));
    }
    return created;
  });
  if (admin?.generated) {
    print('');
    print('  First start: created the administrator account');
    print(`    username: admin`);
    print(`    password: ${admin.password}`);
    print('  It is shown only this once. Sign in and change it (or set OPSDESK_ADMIN_PASSWORD before the first start).');
    print('');
  } else if (admin) {
    print('  First start: created the administrator "admin" with the password from OPSDESK_ADMIN_PASSWORD.');
  }

  // Every node reads the domain events, whatever its role: its live streams tail them (what every node committed), and
  // durable consumers run on whichever node is free to take them.
  await services.events.start({ log: log.child({ component: 'events' }) });

  let worker: Worker | null = null;
  if (config.role !== 'api') {
    const registry = createJobRegistry();
    const schedules = registerJobs(registry, services, db);
    worker = createWorker({
      db,
      clock,
      nodeId: `${os.hostname()}-${process.pid}-${randomSecret(4)}`,
      registry,
      schedules,
      log: log.child({ component: 'worker' }),
      lanes: config.worker.lanes,
      onJobFinished: (name, ok) => metrics.jobs.inc({ name, outcome: ok ? 'ok' : 'failed' }),
    });
    worker.start();
    // Notifications are sent by the nodes that run the worker; any node may store them.
    services.notifyCore.deliverer.start();
  }

  // The ingest writer thread is started before any transport accepts batches, so the first one does not wait for it.
  // A worker-only node takes no telemetry (no HTTP, MQTT or syslog) and starts none.
  if (config.role !== 'worker') await services.ingest.ready();

  // MQTT does not hold up start-up: the broker may come later, and the client keeps retrying.
  const mqttIngest =
    config.mqtt.url && config.role !== 'worker'
      ? createMqttIngest({ url: config.mqtt.url, clientId: config.mqtt.clientId, sink: services.ingest, log: log.child({ component: 'mqtt' }) })
      : null;
  mqttIngest?.start().catch((error: unknown) => log.error({ err: error }, 'mqtt: could not subscribe'));

  const syslog =
    (config.syslog.udpPort !== null || config.syslog.tcpPort !== null) && config.role !== 'worker'
      ? createSyslogServer({
          udpPort: config.syslog.udpPort,
          tcpPort: config.syslog.tcpPort,
          host: config.syslog.host,
          sink: services.ingest,
          resolveDevice: ({ address, hostname }) => findDeviceByAddress(db.kysely, address, hostname),
          clock,
          log: log.child({ component: 'syslog' }),
          maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
        })
      : null;
  if (syslog) {
    const ports = await syslog.start();
    print(`syslog listening on ${config.syslog.host} (udp ${ports.udpPort ?? 'off'}, tcp ${ports.tcpPort ?? 'off'})`);
  }

  // Incidents by e-mail: an intake like syslog, so not on a worker-only node; it listens once the API does.
  const mailIntake =
    config.role !== 'worker'
      ? createMailIntakeServer({ db, clock, config, audit: services.audit, signer, events: services.events, metrics }, { incidents: services.incidents, attachments: services.attachments, log: log.child({ component: 'mail-intake' }) })
      : null;

  let url = '';
  let port = 0;
  if (config.role !== 'worker') {
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    url = `http://${shownHost}:${port}`;
    print(`opsdesk listening on ${url} (database: ${db.dialect}, data: ${config.dataDir})`);
    if (mailIntake) {
      const bound = await mailIntake.listen();
      print(`mail intake listening on ${bound.host}:${bound.port} for ${config.mailIntake.addresses.join(', ')}`);
    }
  } else {
    print(`opsdesk worker running (database: ${db.dialect})`);
  }

  // The demo's simulator feeds this node through its own HTTP API, like any collector would.
  const demo = new AbortController();
  const token = config.demo && url ? await demoToken(services, systemContext('opsdesk-demo')) : null;
  const simulation = token ? runDemoSimulation({ url: `http://127.0.0.1:${port}`, token, log: log.child({ component: 'demo' }), signal: demo.signal }) : null;
  if (token) print('demo: the simulated campus is sending telemetry (start with --no-demo to turn it off)');

  // On a first start or with the demo, the lines above scroll away in the start-up burst: say again where to go.
  const reminder =
    url && (admin || simulation)
      ? setTimeout(() => {
          print('');
          print(`  opsdesk is ready: open ${url}`);
          if (admin?.generated) print(`  sign in as admin with the password generated on this first start: ${admin.password}`);
          else if (admin) print('  sign in as admin with the password from OPSDESK_ADMIN_PASSWORD');
          else print('  sign in as admin or your own user (a forgotten password: npx opsdesk user reset-password NAME)');
          print('');
        }, options.signInReminderAfterMs ?? SIGN_IN_REMINDER_AFTER_MS)
      : null;
  reminder?.unref();

  integrity.start();
  // The planner's statistics follow the tables as they grow from empty.
  const optimizer =
    db.dialect === 'sqlite'
      ? setInterval(() => void optimizeSqlite(db).catch((error: unknown) => log.warn({ err: error }, 'database: gathering the planner statistics failed; trying again in an hour')), 3_600_000)
      : null;
  optimizer?.unref();

  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    worker,
    stop: () =>
      (stopping ??= (async () => {
        if (reminder) clearTimeout(reminder);
        if (optimizer) clearInterval(optimizer);
        demo.abort();
        await simulation;
        await integrity.stop();
        await worker?.stop();
        await mqttIngest?.stop();
        await syslog?.stop();
        // waits for the messages being handed over, so none is cut between its incident and the relay's answer
        await mailIntake?.close();
        await app.close();
        await db.close();
      })()),
  };
}
