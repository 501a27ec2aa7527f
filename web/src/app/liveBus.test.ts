import { describe, expect, it, vi } from 'vitest';
import { createLiveBus, parseAlertEvent } from './liveBus';
import { connectLiveStream, type EventSourceLike } from './liveStream';

const alertChanged = {
  type: 'alert.changed',
  alertId: '01JALERT',
  fingerprint: 'f1',
  name: 'pos-silent',
  source: 'rule',
  ruleId: 'r1',
  previous: 'firing',
  state: 'acknowledged',
  level: 2,
  siteId: 's1',
  deviceId: 'd1',
  subsystem: 'consumption',
  parentId: null,
  groupKey: '{alertname="pos-silent"}',
  suppressed: false,
  flapping: false,
  at: 1_700_000_000_000,
};

describe('alert.changed on the live stream', () => {
  it('is read into an event, and a new alert has no previous state', () => {
    expect(parseAlertEvent(JSON.stringify(alertChanged))).toEqual(alertChanged);
    expect(parseAlertEvent(JSON.stringify({ ...alertChanged, previous: null }))?.previous).toBeNull();
  });

  it('is refused when it is not one', () => {
    expect(parseAlertEvent('not json')).toBeNull();
    expect(parseAlertEvent(JSON.stringify({ ...alertChanged, state: 'exploded' }))).toBeNull();
    expect(parseAlertEvent(JSON.stringify({ ...alertChanged, alertId: 7 }))).toBeNull();
    expect(parseAlertEvent('[1,2]')).toBeNull();
  });

  it('reaches the pages listening on the bus', () => {
    const bus = createLiveBus();
    const listener = vi.fn();
    bus.onAlert(listener);
    const listeners = new Map<string, (event: MessageEvent<string>) => void>();
    const source: EventSourceLike = {
      readyState: 1,
      onopen: null,
      onerror: null,
      addEventListener: (type, l) => listeners.set(type, l),
      close: () => undefined,
    };
    const handle = connectLiveStream({ bus, probeSession: async () => 'ok', createSource: () => source });
    listeners.get('alert.changed')!({ data: JSON.stringify(alertChanged) } as MessageEvent<string>);
    listeners.get('alert.changed')!({ data: '{}' } as MessageEvent<string>);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]![0]).toMatchObject({ alertId: '01JALERT', state: 'acknowledged' });
    handle.close();
  });
});
