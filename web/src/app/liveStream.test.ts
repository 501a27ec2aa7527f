import { describe, expect, it, vi } from 'vitest';
import type { DeviceHealthEvent } from '../api/types';
import { createLiveBus, parseHealthEvent, parseRateEvent } from './liveBus';
import { connectLiveStream, type EventSourceLike, type SessionProbe } from './liveStream';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
  /** The browser's view of a refused connection (401, 502…): it gives up. */
  refuse() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
  /** A dropped connection: the browser reconnects by itself. */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
}

function setup(probe: SessionProbe) {
  const bus = createLiveBus();
  const sources: FakeSource[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const probeSession = vi.fn(async () => probe);
  const handle = connectLiveStream({
    bus,
    probeSession,
    createSource: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
    schedule: (run, ms) => {
      timers.push({ run, ms });
      return () => undefined;
    },
  });
  return { bus, sources, timers, probeSession, handle };
}

const health = { deviceId: 'd1', code: 'POS-1', siteId: 's1', subsystem: 'consumption', previous: 'online', health: 'offline', reason: { code: 'silent', values: { minutes: 5 } }, at: 1_700_000_000_000 };

describe('live stream', () => {
  it('passes device.health and ingest.rate on and reports its state', () => {
    const { bus, sources } = setup('ok');
    const seen: DeviceHealthEvent[] = [];
    bus.onHealth((e) => seen.push(e));
    expect(bus.getSnapshot().status).toBe('connecting');
    sources[0]!.open();
    expect(bus.getSnapshot().status).toBe('open');
    sources[0]!.send('device.health', { type: 'device.health', ...health });
    sources[0]!.send('device.health', { nonsense: true });
    sources[0]!.send('ingest.rate', { accepted: 24, duplicates: 0, rejected: 1, perSecond: 12 });
    expect(seen).toEqual([{ type: 'device.health', ...health }]);
    expect(bus.getSnapshot().rate?.perSecond).toBe(12);
  });

  it('asks for a resync when the browser reconnects after a drop', () => {
    const { bus, sources } = setup('ok');
    const resync = vi.fn();
    bus.onResync(resync);
    sources[0]!.open();
    expect(resync).not.toHaveBeenCalled();
    sources[0]!.drop();
    expect(bus.getSnapshot().status).toBe('connecting');
    sources[0]!.open();
    expect(resync).toHaveBeenCalledTimes(1);
    expect(sources).toHaveLength(1);
  });

  it('stops for good when the session is gone', async () => {
    const { sources, timers, probeSession, bus } = setup('gone');
    sources[0]!.refuse();
    await vi.waitFor(() => expect(probeSession).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    expect(timers).toEqual([]);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.closed).toBe(true);
    expect(bus.getSnapshot().status).toBe('closed');
  });

  it('tries again, more slowly each time, while the session is fine', async () => {
    const { sources, timers } = setup('ok');
    sources[0]!.refuse();
    await vi.waitFor(() => expect(timers).toHaveLength(1));
    timers[0]!.run();
    expect(sources).toHaveLength(2);
    sources[1]!.refuse();
    await vi.waitFor(() => expect(timers).toHaveLength(2));
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    timers[1]!.run();
    sources[2]!.open();
    sources[2]!.refuse();
    await vi.waitFor(() => expect(timers).toHaveLength(3));
    expect(timers[2]!.ms).toBe(timers[0]!.ms);
  });

  it('closes the connection on close() and ignores what comes after', () => {
    const { sources, handle, bus } = setup('ok');
    sources[0]!.open();
    handle.close();
    expect(sources[0]!.closed).toBe(true);
    expect(bus.getSnapshot().status).toBe('idle');
  });
});

describe('stream payloads', () => {
  it('refuses malformed data', () => {
    expect(parseHealthEvent('not json')).toBeNull();
    expect(parseHealthEvent(JSON.stringify({ ...health, health: 'sideways' }))).toBeNull();
    // The tree moves a count from the state it left on its subsystem: an event without them is no use to it.
    expect(parseHealthEvent(JSON.stringify({ ...health, previous: undefined }))).toBeNull();
    expect(parseHealthEvent(JSON.stringify({ ...health, subsystem: null }))).toBeNull();
    expect(parseRateEvent(JSON.stringify({ accepted: 1 }))).toBeNull();
    expect(parseRateEvent(JSON.stringify({ perSecond: 3 }))).toEqual({ accepted: 0, duplicates: 0, rejected: 0, perSecond: 3 });
  });
});
