import dgram from 'node:dgram';
import net from 'node:net';
import type { Clock } from '../../../clock.ts';
import { DEFAULT_ZONE, isValidTimeZone } from '../../calendar/index.ts';
import type { Envelope, IngestSink } from '../envelope.ts';
import { syslogToEnvelope, type ResolveDevice } from './syslog.mapping.ts';
import { parseSyslog, SyslogFramer } from './syslog.parser.ts';

/** The few logger methods used; pino and Fastify's logger fit. */
export interface SyslogLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SyslogServerOptions {
  /** UDP port to listen on (0 = any free port); undefined or null = no UDP */
  udpPort?: number | null;
  /** TCP port to listen on (0 = any free port); undefined or null = no TCP */
  tcpPort?: number | null;
  host: string;
  sink: IngestSink;
  resolveDevice: ResolveDevice;
  clock: Clock;
  log: SyslogLogger;
  /** longest message (datagram or TCP frame) accepted; longer ones are dropped and counted */
  maxMessageBytes: number;
  /** zone for RFC 3164 times, which carry none; default Asia/Shanghai */
  timeZone?: string;
  /** open TCP connections at most; more are refused (default 200) */
  maxConnections?: number;
  /** messages waiting for the sink at most; past it UDP messages are dropped and TCP reading pauses (default 20,000) */
  maxPending?: number;
  /** how long to gather messages into one sink call (default 5 ms) */
  batchDelayMs?: number;
  /** messages per sink call at most (default 1,000) */
  maxBatch?: number;
  /** a TCP connection silent this long is closed (default 10 minutes) */
  idleTimeoutMs?: number;
}

/** What the server counts; /metrics and the logs read these. */
export interface SyslogCounters {
  received: number;
  parseErrors: number;
  oversized: number;
  /** dropped because the pending batch was full */
  queueFull: number;
  /** TCP connections refused for being over maxConnections */
  connectionsRefused: number;
  /** items the sink rejected (validation) */
  rejected: number;
  /** items lost because the sink failed as a whole (database down, node saturated) */
  sinkFailed: number;
  accepted: number;
  duplicates: number;
}

export interface SyslogServer {
  start(): Promise<{ udpPort: number | null; tcpPort: number | null }>;
  /** Stops listening, closes connections and delivers what is still pending. */
  stop(): Promise<void>;
  readonly udpPort: number | null;
  readonly tcpPort: number | null;
  readonly counters: Readonly<SyslogCounters>;
  /** open TCP connections */
  readonly connections: number;
}

interface Pending {
  frame: Buffer;
  address: string;
  receivedAt: number;
}

/** How often drop counts are written to the log at most: a flood of garbage must not become a flood of log lines. */
const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * Syslog over UDP and TCP (RFC 3164 / 5424; TCP with octet counting or newline framing). Messages arriving within a
 * few milliseconds go to the sink as one batch. Memory is bounded everywhere: connections, frame length and the
 * pending batch are capped, and what does not fit is dropped with a counter and a (rate-limited) log line. Syslog is
 * fire-and-forget for the sender, so a batch the sink refuses as a whole is counted and logged, not retried.
 */
export function createSyslogServer(options: SyslogServerOptions): SyslogServer {
  const { sink, resolveDevice, clock, log, host } = options;
  const timeZone = options.timeZone ?? DEFAULT_ZONE;
  if (!isValidTimeZone(timeZone)) throw new Error(`syslog: unknown time zone "${timeZone}"`);
  const maxMessageBytes = options.maxMessageBytes;
  const maxConnections = options.maxConnections ?? 200;
  const maxPending = options.maxPending ?? 20_000;
  const batchDelayMs = options.batchDelayMs ?? 5;
  const maxBatch = options.maxBatch ?? 1000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60_000;

  const counters: SyslogCounters = { received: 0, parseErrors: 0, oversized: 0, queueFull: 0, connectionsRefused: 0, rejected: 0, sinkFailed: 0, accepted: 0, duplicates: 0 };
  let udp: dgram.Socket | null = null;
  let tcp: net.Server | null = null;
  let udpPort: number | null = null;
  let tcpPort: number | null = null;
  const sockets = new Set<net.Socket>();
  const paused = new Set<net.Socket>();

  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let stopping = false;

  // ---- rate-limited reporting of drops
  const reported: Partial<SyslogCounters> = {};
  let lastReport = 0;
  let reportTimer: NodeJS.Timeout | null = null;
  let lastProblem: string | null = null;
  function reportDrops(force = false): void {
    const now = clock.now();
    if (!force && now - lastReport < DROP_LOG_INTERVAL_MS) {
      reportTimer ??= setTimeout(() => {
        reportTimer = null;
        reportDrops(true);
      }, DROP_LOG_INTERVAL_MS).unref();
      return;
    }
    lastReport = now;
    const delta: Record<string, number> = {};
    for (const key of ['parseErrors', 'oversized', 'queueFull', 'connectionsRefused', 'rejected', 'sinkFailed'] as const) {
      const d = counters[key] - (reported[key] ?? 0);
      if (d > 0) delta[key] = d;
      reported[key] = counters[key];
    }
    if (Object.keys(delta).length > 0) log.warn({ syslogDropped: delta, example: lastProblem }, 'syslog: messages dropped');
  }
  const drop = (key: 'parseErrors' | 'oversized' | 'queueFull' | 'connectionsRefused' | 'rejected' | 'sinkFailed', n: number, problem: string) => {
    counters[key] += n;
    lastProblem = problem;
    reportDrops();
  };

  // ---- batching
  function enqueue(frame: Buffer, address: string): void {
    if (stopping) return;
    counters.received++;
    if (frame.length > maxMessageBytes) {
      drop('oversized', 1, `a ${frame.length}-byte message from ${address} (limit ${maxMessageBytes})`);
      return;
    }
    if (pending.length >= maxPending) {
      drop('queueFull', 1, `pending batch full (${maxPending}); message from ${address} dropped`);
      return;
    }
    pending.push({ frame, address, receivedAt: clock.now() });
    if (pending.length >= maxPending) for (const s of sockets) pauseSocket(s);
    schedule();
  }

  function schedule(): void {
    if (flushing || pending.length === 0 || stopping) return;
    if (pending.length >= maxBatch) {
      if (timer) clearTimeout(timer);
      timer = null;
      startFlush();
    } else {
      timer ??= setTimeout(() => {
        timer = null;
        startFlush();
      }, batchDelayMs);
    }
  }

  /** One sink call at a time: while it runs, new messages gather for the next one (bounded by maxPending). */
  function startFlush(): void {
    if (flushing || pending.length === 0) return;
    const batch = pending.slice(0, maxBatch);
    pending = pending.slice(batch.length);
    flushing = deliver(batch).finally(() => {
      flushing = null;
      if (pending.length < maxPending / 2) for (const s of [...paused]) resumeSocket(s);
      schedule();
    });
  }

  async function deliver(batch: Pending[]): Promise<void> {
    const envelopes: Envelope[] = [];
    // one lookup per sender and hostname in a batch: a chatty switch costs one query, not one per line
    const lookups = new Map<string, ReturnType<ResolveDevice>>();
    const cachedResolve: ResolveDevice = (q) => {
      const key = `${q.address}|${q.hostname ?? ''}`;
      let hit = lookups.get(key);
      if (!hit) {
        hit = resolveDevice(q);
        lookups.set(key, hit);
      }
      return hit;
    };
    for (const item of batch) {
      const parsed = parseSyslog(item.frame, { now: item.receivedAt, timeZone, maxBytes: maxMessageBytes });
      if (!parsed.ok) {
        drop('parseErrors', 1, `${parsed.error.code} from ${item.address}: ${parsed.error.message}`);
        continue;
      }
      envelopes.push(await syslogToEnvelope(parsed.message, { address: item.address, receivedAt: item.receivedAt, resolveDevice: cachedResolve }));
    }
    if (envelopes.length === 0) return;
    try {
      const results = await sink.ingest(envelopes, 'syslog');
      for (const r of results) {
        if (r.status === 'accepted') counters.accepted++;
        else if (r.status === 'duplicate') counters.duplicates++;
        else drop('rejected', 1, `rejected ${r.error?.code ?? ''}: ${r.error?.message ?? ''}`);
      }
    } catch (error) {
      drop('sinkFailed', envelopes.length, `the ingest pipeline refused a batch of ${envelopes.length}: ${(error as Error).message}`);
    }
  }

  // ---- TCP back-pressure and connections
  function pauseSocket(s: net.Socket): void {
    if (!paused.has(s)) {
      paused.add(s);
      s.pause();
    }
  }
  function resumeSocket(s: net.Socket): void {
    if (paused.delete(s) && !s.destroyed) s.resume();
  }

  function onConnection(socket: net.Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    sockets.add(socket);
    const framer = new SyslogFramer({
      maxFrameBytes: maxMessageBytes,
      onFrame: (frame) => enqueue(frame, address),
      onOversize: (bytes) => {
        counters.received++;
        drop('oversized', 1, `a ${bytes}-byte TCP frame from ${address} (limit ${maxMessageBytes})`);
      },
    });
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('end', () => framer.end());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      paused.delete(socket);
    });
    if (pending.length >= maxPending) pauseSocket(socket);
  }

  return {
    get udpPort() {
      return udpPort;
    },
    get tcpPort() {
      return tcpPort;
    },
    get counters() {
      return counters;
    },
    get connections() {
      return sockets.size;
    },

    async start() {
      stopping = false;
      if (options.udpPort !== undefined && options.udpPort !== null) {
        const socket = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
        socket.on('message', (msg, rinfo) => enqueue(msg, rinfo.address));
        socket.on('error', (error) => log.error({ err: error }, 'syslog: UDP socket error'));
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(options.udpPort!, host, () => {
            socket.off('error', reject);
            resolve();
          });
        });
        udp = socket;
        udpPort = socket.address().port;
      }
      if (options.tcpPort !== undefined && options.tcpPort !== null) {
        const server = net.createServer(onConnection);
        server.maxConnections = maxConnections;
        server.on('drop', (data) => drop('connectionsRefused', 1, `TCP connection from ${data?.remoteAddress ?? 'unknown'} refused: ${maxConnections} already open`));
        server.on('error', (error) => log.error({ err: error }, 'syslog: TCP server error'));
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(options.tcpPort!, host, () => {
            server.off('error', reject);
            resolve();
          });
        });
        tcp = server;
        tcpPort = (server.address() as net.AddressInfo).port;
      }
      log.info({ udpPort, tcpPort, host }, 'syslog: listening');
      return { udpPort, tcpPort };
    },

    async stop() {
      stopping = true;
      const closing: Promise<void>[] = [];
      if (udp) {
        const socket = udp;
        closing.push(new Promise<void>((resolve) => socket.close(() => resolve())));
        udp = null;
      }
      if (tcp) {
        const server = tcp;
        closing.push(new Promise<void>((resolve) => server.close(() => resolve())));
        for (const s of sockets) s.destroy();
        tcp = null;
      }
      await Promise.all(closing);
      if (timer) clearTimeout(timer);
      timer = null;
      // deliver what already arrived
      while (flushing || pending.length > 0) {
        if (flushing) await flushing;
        else startFlush();
      }
      if (reportTimer) clearTimeout(reportTimer);
      reportTimer = null;
      reportDrops(true);
    },
  };
}
