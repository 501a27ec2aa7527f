import { decodeHealthReason } from '../../estate/index.ts';
import { eventAttributes } from '../../ingest/index.ts';
import type { DeviceInfo } from '../engine/directory.ts';
import { MINUTE } from '../engine/windows.ts';
import type { BacktestRepository } from './backtest.repository.ts';
import { inChunks, minuteOf, SliceReader, type Feed, type HealthChange } from './readers.ts';

interface DeviceEvent {
  code: string;
  ts: number;
  type: string;
  severity: string;
  message: string;
  attributes: Record<string, string>;
}

/** Ingest's limit on the message an event carries for matching (ingest/signals.ts). */
const MAX_MESSAGE = 1000;


function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Device events (kind 'event'): type, severity, message and attributes. */
export class EventReader extends SliceReader<DeviceEvent> {
  constructor(
    private readonly repo: BacktestRepository,
    private readonly codes: readonly string[],
    private readonly types: readonly string[] | null,
  ) {
    super();
  }
  protected async read(from: number, to: number): Promise<DeviceEvent[]> {
    const rows = await inChunks(this.codes, (c) => this.repo.deviceEvents(c, from, to, this.types), (r) => r.ts);
    const out: DeviceEvent[] = [];
    for (const r of rows) {
      const d = parseObject(r.data);
      if (!d || typeof d.type !== 'string') continue;
      out.push({
        code: r.device_code,
        ts: r.ts,
        type: d.type,
        severity: typeof d.severity === 'string' ? d.severity : 'info',
        message: typeof d.message === 'string' ? d.message.slice(0, MAX_MESSAGE) : '',
        attributes: eventAttributes(d.attrs, parseObject(r.labels)),
      });
    }
    return out;
  }
  protected minute(row: DeviceEvent): number {
    return minuteOf(row.ts);
  }
  protected put(r: DeviceEvent, into: Feed): void {
    const signals = into.signals;
    signals.events.push([signals.device(r.code), r.ts, r.type, r.severity, r.message, r.attributes]);
  }
}

interface Health extends HealthChange {
  minute: number;
}

/**
 * Health changes (absence rules): the estate's own verdicts, with the offline periods its silence sweep recorded — not
 * silence computed a second time. The first slice starts from each device's state before it. An offline change is
 * timed from when the device last reported: its newest stored event at that moment, else what the sweep wrote in the
 * reason (silent for N minutes), else the change itself.
 */
export class HealthReader extends SliceReader<Health> {
  private started = false;
  private readonly codeOf: Map<string, string>;
  constructor(
    private readonly repo: BacktestRepository,
    devices: readonly DeviceInfo[],
  ) {
    super();
    this.codeOf = new Map(devices.map((d) => [d.id, d.code]));
  }
  protected async read(from: number, to: number): Promise<Health[]> {
    const ids = [...this.codeOf.keys()];
    const rows = await inChunks(ids, (c) => this.repo.healthChanges(c, from, to), (r) => r.at);
    if (!this.started) {
      this.started = true;
      // The state each device was in when the replay starts, handed out with its first minute.
      const before = await inChunks(ids, (c) => this.repo.healthBefore(c, from), (r) => r.at);
      rows.unshift(...before);
    }
    const out: Health[] = [];
    for (const r of rows) {
      const lastSeenAt = r.health === 'offline' ? await this.lastSeen(r.device_id, r.at, r.reason) : null;
      out.push({ deviceId: r.device_id, health: r.health as HealthChange['health'], at: r.at, lastSeenAt, minute: Math.max(from, minuteOf(r.at)) });
    }
    return out;
  }
  private async lastSeen(deviceId: string, at: number, reason: string | null): Promise<number> {
    const stored = await this.repo.lastReportAt(this.codeOf.get(deviceId)!, at);
    if (stored !== null) return stored;
    const decoded = decodeHealthReason(reason);
    const minutes = decoded?.code === 'silent' ? Number(decoded.values.minutes) : Number.NaN;
    return Number.isFinite(minutes) ? at - minutes * MINUTE : at;
  }
  protected minute(row: Health): number {
    return row.minute;
  }
  protected put(r: Health, into: Feed): void {
    into.signals.addHealth({ deviceId: r.deviceId, health: r.health, at: r.at, lastSeenAt: r.lastSeenAt });
  }
}
