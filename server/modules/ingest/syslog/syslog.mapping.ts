import { isIP } from 'node:net';
import { newId } from '../../../ids.ts';
import type { Envelope } from '../envelope.ts';
import { FACILITY_NAMES, SEVERITY_NAMES, type SyslogMessage } from './syslog.parser.ts';

/**
 * A parsed syslog message and the address it came from → one envelope of kind `event` (SPEC §5.3).
 */

/** Finds the estate's device for a sender; null when it is not (yet) in the estate. */
export type ResolveDevice = (query: { address: string; hostname: string | null }) => Promise<{ code: string; siteCode?: string } | null>;

export type EventSeverity = 'info' | 'warning' | 'critical';

/** Syslog severities 0–2 (emerg, alert, crit) are critical, 3–4 (err, warning) warning, 5–7 (notice, info, debug) info. */
export function eventSeverity(syslogSeverity: number): EventSeverity {
  if (syslogSeverity <= 2) return 'critical';
  if (syslogSeverity <= 4) return 'warning';
  return 'info';
}

/** What the envelope validator accepts as a device or site code. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$/;
/** the envelope validator's limit on data.message */
export const MAX_EVENT_MESSAGE = 4000;

/** `::ffff:10.0.0.1` → `10.0.0.1`; `fe80::1%eth0` → `fe80::1`. */
export function normalizeAddress(address: string): string {
  const plain = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  return mapped ? mapped[1]! : plain;
}

/** A hostname as a device code: kept when it already is one, otherwise reduced to the allowed characters. */
export function hostnameToCode(hostname: string): string | null {
  const trimmed = hostname.trim();
  if (trimmed === '' || trimmed === '-') return null;
  if (isIP(normalizeAddress(trimmed)) !== 0) return `ip-${normalizeAddress(trimmed)}`;
  if (CODE.test(trimmed)) return trimmed;
  const reduced = trimmed
    .replace(/[^A-Za-z0-9_.:@/-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return CODE.test(reduced) ? reduced : null;
}

export interface SyslogMappingContext {
  /** the sender's IP address (UDP source or TCP peer) */
  address: string;
  /** epoch ms when opsdesk received it */
  receivedAt: number;
  resolveDevice: ResolveDevice;
  /**
   * Device times further ahead of the receive time than this, or further behind than maxPastMs, are not believed:
   * the receive time is used and the device's own kept as attrs.deviceTime. Network gear with an unset clock (or
   * logging UTC while we assume Asia/Shanghai) would otherwise have every message refused as too old or in the future.
   */
  maxFutureMs?: number;
  maxPastMs?: number;
}

const DEFAULT_MAX_FUTURE_MS = 5 * 60_000;
const DEFAULT_MAX_PAST_MS = 7 * 86_400_000;

/**
 * The device is the one the estate knows for this address or hostname; otherwise the hostname, otherwise
 * `ip-<address>`, so that unknown senders show up in the list of discovered devices rather than being lost.
 */
export async function resolveSyslogDevice(resolveDevice: ResolveDevice, address: string, hostname: string | null): Promise<{ device: string; site?: string }> {
  let found: Awaited<ReturnType<ResolveDevice>> = null;
  try {
    found = await resolveDevice({ address, hostname });
  } catch {
    found = null; // a failing lookup must not lose the message: fall back as for an unknown sender
  }
  if (found && CODE.test(found.code)) return found.siteCode && CODE.test(found.siteCode) ? { device: found.code, site: found.siteCode } : { device: found.code };
  const fromHost = hostname === null ? null : hostnameToCode(hostname);
  return { device: fromHost ?? `ip-${address}` };
}

export async function syslogToEnvelope(message: SyslogMessage, context: SyslogMappingContext): Promise<Envelope> {
  const address = normalizeAddress(context.address);
  const { device, site } = await resolveSyslogDevice(context.resolveDevice, address, message.hostname);
  const maxFuture = context.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS;
  const maxPast = context.maxPastMs ?? DEFAULT_MAX_PAST_MS;
  const deviceTime = message.timestamp;
  const believable = deviceTime !== null && deviceTime <= context.receivedAt + maxFuture && deviceTime >= context.receivedAt - maxPast;
  const ts = believable ? deviceTime : context.receivedAt;

  const attrs: Record<string, unknown> = {
    facility: FACILITY_NAMES[message.facility] ?? String(message.facility),
    syslogSeverity: SEVERITY_NAMES[message.severity] ?? String(message.severity),
    app: message.appName,
    procid: message.procId,
    msgid: message.msgId,
    hostname: message.hostname,
    structuredData: message.structuredData,
    address,
    format: message.format,
  };
  if (message.sequence !== null) attrs.sequence = message.sequence;
  if (message.clockUnsynced) attrs.clockUnsynced = true;
  if (deviceTime !== null && !believable) attrs.deviceTime = new Date(deviceTime).toISOString();

  return {
    id: newId(),
    kind: 'event',
    ts: new Date(ts).toISOString(),
    device,
    ...(site ? { site } : {}),
    data: {
      type: 'syslog',
      severity: eventSeverity(message.severity),
      message: message.message.length > MAX_EVENT_MESSAGE ? `${message.message.slice(0, MAX_EVENT_MESSAGE - 1)}…` : message.message,
      attrs,
    },
  };
}
