import fs from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Clock } from '../../../../clock.ts';
import { isEmptyReturnPath } from './automatic-mail.ts';
import { createClientAllowList } from './client-allow-list.ts';
import type { InboundMail } from './inbound-mail.ts';
import { parseIncidentNumber } from './incident-number.ts';
import { readMessage, removeDir, type ReadLimits } from './message-reader.ts';

/** The few logger methods used; pino and Fastify's logger fit. */
export interface MailListenerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MailListenerOptions {
  /** interface to listen on; keep it where only the mail relay reaches it */
  host: string;
  /** 0 = any free port (tests) */
  port: number;
  /** the request addresses (RCPT TO), compared case-insensitively; anything else is refused with 550 */
  addresses: readonly string[];
  /** temporary attachment files live in `<dataDir>/tmp/mail-intake/` (0700, files 0600) */
  dataDir: string;
  clock: Clock;
  log: MailListenerLogger;
  /**
   * Hands one message to the incident service. Resolving answers the relay 250 (it forgets the message); throwing
   * answers 451 (it keeps the message and tries again later), so nothing is lost — which also means the same message
   * may come twice: `messageId` is the key to recognise it. The attachment files are deleted when it settles.
   */
  onMessage(mail: InboundMail): Promise<void>;
  /** clients allowed to connect: addresses and CIDR prefixes; null or empty = any (client-allow-list.ts) */
  allowClients?: readonly string[] | null;
  /** raw message size, advertised as SIZE and enforced while the message streams in (default 25 MiB) → 552 */
  maxMessageBytes?: number;
  /** UTF-8 bytes of body text passed on (default 64 KiB); longer text is cut with a marker */
  maxTextBytes?: number;
  /** one attachment's decoded size (default 10 MiB, never above maxMessageBytes); larger ones are dropped and listed */
  maxAttachmentBytes?: number;
  /** all attachments of one message kept (default maxMessageBytes) */
  maxAttachmentsBytes?: number;
  /** attachments kept from one message (default 50) */
  maxAttachments?: number;
  /** recipients per message (default 10) → 452 */
  maxRecipients?: number;
  /** open connections at once (default 20); one more is answered 421 */
  maxConnections?: number;
  /** a connection silent this long is closed (default 60 s) */
  idleTimeoutMs?: number;
  /** a connection open this long is closed — after the hand-over of its message, if onMessage is running (default 10 min) */
  connectionTimeoutMs?: number;
  /** the name in the greeting (default the machine's host name) */
  serverName?: string;
  /** offers STARTTLS with this key and certificate (PEM); off when absent — there is no default certificate */
  tls?: { key: string | Buffer; cert: string | Buffer } | null;
}

/** What the listener counts; /metrics and the logs read these. */
export interface MailListenerCounters {
  /** handed to onMessage and accepted by it */
  accepted: number;
  /** auto-replies, bounces, list mail: answered 250 and dropped */
  automatic: number;
  /** refused 552 */
  tooLarge: number;
  /** onMessage threw, or the disk failed: answered 451 */
  deferred: number;
  /** the parser could not read it: answered 554 */
  unreadable: number;
  /** the client left in the middle of the message */
  aborted: number;
  /** RCPT TO refused (not a request address, or too many) */
  recipientsRefused: number;
  /** connections refused by the allow-list */
  clientsRefused: number;
}

export interface MailListener {
  /** Starts listening; answers the address actually bound (port 0 → the port picked). */
  listen(): Promise<{ host: string; port: number }>;
  /** Stops accepting connections, waits for the messages in progress, then closes the connections left. */
  close(): Promise<void>;
  readonly counters: Readonly<MailListenerCounters>;
}

const MiB = 1024 * 1024;
/** after the messages in progress are done, how long connections get to say goodbye before they are cut */
const CLOSE_GRACE_MS = 5000;

/** An SMTP reply to send instead of the default. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The SMTP listener at the request address (issue 11, intake by e-mail). It takes mail only for the configured
 * addresses, within bounds (size, recipients, connections, time), without login — it is a mailbox, the relay delivers
 * to it — so it must be reachable only from the mail relay (network, and `allowClients` as a second fence). Each
 * message is parsed as it streams in (message-reader.ts) and handed to `onMessage`; the SMTP answer waits for it.
 */
export function createMailListener(options: MailListenerOptions): MailListener {
  const { clock, log, onMessage } = options;
  const maxMessageBytes = options.maxMessageBytes ?? 25 * MiB;
  const limits: ReadLimits = {
    maxMessageBytes,
    maxTextBytes: options.maxTextBytes ?? 64 * 1024,
    maxAttachmentBytes: Math.min(options.maxAttachmentBytes ?? 10 * MiB, maxMessageBytes),
    maxAttachmentsBytes: options.maxAttachmentsBytes ?? maxMessageBytes,
    maxAttachments: options.maxAttachments ?? 50,
    maxHtmlChars: 4 * MiB,
  };
  const maxRecipients = options.maxRecipients ?? 10;
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 10 * 60_000;
  const addresses = new Set(options.addresses.map((a) => a.trim().toLowerCase()).filter((a) => a !== ''));
  if (addresses.size === 0) throw new Error('mail intake: no request address to accept mail for');
  const allowList = createClientAllowList(options.allowClients);
  const tempRoot = path.join(options.dataDir, 'tmp', 'mail-intake');

  const counters: MailListenerCounters = { accepted: 0, automatic: 0, tooLarge: 0, deferred: 0, unreadable: 0, aborted: 0, recipientsRefused: 0, clientsRefused: 0 };
  /** messages being received or handed over, by session id */
  const inFlight = new Map<string, Promise<unknown>>();
  /** of those, the ones received in full and with onMessage now: the relay must hear how that ends */
  const handingOver = new Set<string>();
  const lifetimes = new Map<string, NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let closing: Promise<void> | null = null;

  const server = new SMTPServer({
    name: options.serverName ?? os.hostname(),
    banner: 'opsdesk mail intake',
    logger: false,
    size: maxMessageBytes,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    maxClients: options.maxConnections ?? 20,
    socketTimeout: options.idleTimeoutMs ?? 60_000,
    // close() ends the connections itself once the messages in progress are done
    closeTimeout: 24 * 3_600_000,
    disableReverseLookup: true,

    onConnect(session, callback) {
      if (closing) return callback(smtpError(421, 'opsdesk mail intake is shutting down, try again later'));
      if (!allowList.allows(session.remoteAddress)) {
        counters.clientsRefused++;
        log.warn({ remoteAddress: session.remoteAddress }, 'mail intake: connection from a client not on the allow-list refused');
        return callback(smtpError(554, 'Access denied'));
      }
      lifetimes.set(session.id, setTimeout(() => void expire(session.id), connectionTimeoutMs).unref());
      callback();
    },

    onMailFrom(_address, _session, callback) {
      if (closing) return callback(smtpError(421, 'opsdesk mail intake is shutting down, try again later'));
      callback();
    },

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      if (session.envelope.rcptTo.length >= maxRecipients) {
        counters.recipientsRefused++;
        return callback(smtpError(452, 'Too many recipients'));
      }
      if (!addresses.has(address.address.toLowerCase())) {
        counters.recipientsRefused++;
        return callback(smtpError(550, 'No such recipient here'));
      }
      callback();
    },

    onData(stream, session, callback) {
      const work = receive(stream, session);
      inFlight.set(session.id, work);
      void work.then(
        (reply) => {
          inFlight.delete(session.id);
          if (reply instanceof Error) callback(reply);
          else callback(null, reply);
        },
        // receive() answers every failure itself; this is only the last fence around a bug
        (error: unknown) => {
          inFlight.delete(session.id);
          log.error({ err: error }, 'mail intake: message handling failed');
          callback(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },

    onClose(session) {
      clearTimeout(lifetimes.get(session.id));
      lifetimes.delete(session.id);
    },
  });
  // a client that resets the connection or fails TLS is reported here; it must never take the listener down
  server.on('error', (error: Error) => log.warn({ err: error }, 'mail intake: connection error'));
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /** One message: read it, then hand it over; answers the SMTP reply (a string for 250, an Error for the rest). */
  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string | Error> {
    const context = { remoteAddress: session.remoteAddress, returnPath: session.envelope.mailFrom ? session.envelope.mailFrom.address : '' };
    if (isEmptyReturnPath(session.envelope.mailFrom)) {
      // a bounce or another notification: smtp-server reads the rest (and still refuses it if it is too large)
      counters.automatic++;
      log.info({ ...context, reason: 'emptyReturnPath' }, 'mail intake: automatic mail dropped');
      return 'OK: automatic mail dropped';
    }
    const outcome = await readMessage(stream, tempRoot, limits);
    switch (outcome.kind) {
      case 'tooLarge':
        counters.tooLarge++;
        log.info({ ...context, limit: maxMessageBytes }, 'mail intake: message over the size limit refused');
        return smtpError(552, `Message exceeds fixed maximum message size ${maxMessageBytes}`);
      case 'automatic':
        counters.automatic++;
        log.info({ ...context, reason: outcome.reason }, 'mail intake: automatic mail dropped');
        return 'OK: automatic mail dropped';
      case 'aborted':
        counters.aborted++;
        log.info(context, 'mail intake: the client left in the middle of a message');
        return smtpError(451, 'Message incomplete');
      case 'failed':
        if (outcome.temporary) {
          counters.deferred++;
          log.error({ ...context, err: outcome.error }, 'mail intake: could not store a message, the relay will retry');
          return smtpError(451, 'Temporary failure, try again later');
        }
        counters.unreadable++;
        log.warn({ ...context, err: outcome.error }, 'mail intake: unreadable message refused');
        return smtpError(554, 'Message could not be parsed');
      case 'mail':
        break;
    }
    const { mail: read, dir } = outcome;
    const mail: InboundMail = {
      ...read,
      from: read.from ?? { address: context.returnPath.toLowerCase(), name: '' },
      returnPath: context.returnPath,
      recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      receivedAt: clock.now(),
      incidentNumber: parseIncidentNumber(read.subject),
      remoteAddress: session.remoteAddress,
    };
    handingOver.add(session.id);
    try {
      await onMessage(mail);
      counters.accepted++;
      return `OK: received ${mail.messageId}`;
    } catch (error) {
      counters.deferred++;
      log.error({ ...context, messageId: mail.messageId, err: error }, 'mail intake: the incident service failed on a message, the relay will retry');
      return smtpError(451, 'Temporary failure, try again later');
    } finally {
      handingOver.delete(session.id);
      await removeDir(dir).catch((error: unknown) => log.warn({ err: error, dir }, 'mail intake: could not remove temporary files'));
    }
  }

  /**
   * A connection past its lifetime is closed. A message still trickling in is cut (the relay has no answer yet, so it
   * keeps the message and retries); one being handed over is waited for, so that the relay hears the answer and does
   * not send it again.
   */
  async function expire(sessionId: string): Promise<void> {
    if (handingOver.has(sessionId)) await inFlight.get(sessionId)?.catch(() => undefined);
    for (const connection of server.connections) {
      if (connection.id !== sessionId) continue;
      connection.send(421, 'Connection time limit reached, try again');
      connection.close();
    }
  }

  return {
    counters,
    async listen() {
      prepareTempRoot(tempRoot);
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.server.off('error', reject);
          resolve();
        });
      });
      const bound = server.server.address() as AddressInfo;
      log.info({ host: bound.address, port: bound.port, addresses: [...addresses] }, 'mail intake: listening');
      return { host: bound.address, port: bound.port };
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => {
          if (!server.server.listening) return resolve();
          server.server.close(() => resolve());
        });
        await Promise.allSettled([...inFlight.values()]);
        for (const connection of [...server.connections]) {
          connection.send(421, 'opsdesk mail intake is shutting down');
          connection.close();
        }
        for (const timer of lifetimes.values()) clearTimeout(timer);
        lifetimes.clear();
        // a client that never closes its side does not hold the shutdown
        const grace = setTimeout(() => sockets.forEach((socket) => socket.destroy()), CLOSE_GRACE_MS);
        await stopped;
        clearTimeout(grace);
      })();
      return closing;
    },
  };
}

/**
 * The private directory for attachments in transit: 0700 (and made so if it existed wider). Message directories a
 * crash left behind are removed — they are older than any message in progress, since nothing listens yet.
 */
function prepareTempRoot(tempRoot: string): void {
  fs.mkdirSync(tempRoot, { recursive: true, mode: 0o700 });
  fs.chmodSync(tempRoot, 0o700);
  for (const entry of fs.readdirSync(tempRoot)) {
    if (entry.startsWith('msg-')) fs.rmSync(path.join(tempRoot, entry), { recursive: true, force: true });
  }
}
