import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { UnparsableItem, type IngestSink } from './envelope.ts';

export const MQTT_TOPIC_FILTER = 'opsdesk/v1/#';

/**
 * The items of one MQTT message: an envelope or an array of them (SPEC §5.4). Site, device and kind missing from an
 * envelope are taken from the topic opsdesk/v1/{site}/{device}/{kind}; a payload that is not JSON is one rejected item.
 */
export function itemsFromMessage(topic: string, payload: Buffer): unknown[] | null {
  const [, , site, device, kind] = topic.split('/');
  if (kind === 'cmd') return null; // commands travel the other way; not telemetry
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return [new UnparsableItem(`the payload on ${topic} is not valid JSON`)];
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
    const e = item as Record<string, unknown>;
    return { ...e, site: e.site ?? site, device: e.device ?? device, kind: e.kind ?? kind };
  });
}

export interface MqttIngest {
  /** resolves once subscribed */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly client: MqttClient | null;
}

/**
 * Subscribes to opsdesk/v1/# with QoS 1 on a persistent session and acknowledges each message (PUBACK) only after
 * its items are committed: MQTT.js sends the PUBACK when handleMessage calls back. When the write fails the connection
 * is dropped without the PUBACK, and the broker delivers the message again when the session resumes.
 * Messages are handled one at a time, in order; publishers get throughput by sending arrays of envelopes.
 */
export function createMqttIngest(options: { url: string; clientId: string; sink: IngestSink; log: Logger; reconnectMs?: number }): MqttIngest {
  const { url, clientId, sink, log } = options;
  let client: MqttClient | null = null;

  return {
    get client() {
      return client;
    },

    start() {
      return new Promise<void>((resolve, reject) => {
        const c = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: options.reconnectMs ?? 2000, connectTimeout: 10_000 });
        client = c;
        let subscribed = false;
        c.handleMessage = (packet, callback) => {
          const publish = packet as IPublishPacket;
          const items = itemsFromMessage(publish.topic, Buffer.isBuffer(publish.payload) ? publish.payload : Buffer.from(publish.payload));
          if (items === null) return callback();
          sink.ingest(items, 'mqtt').then(
            (results) => {
              const rejected = results.filter((r) => r.status === 'rejected');
              if (rejected.length > 0) log.warn({ topic: publish.topic, rejected: rejected.slice(0, 5) }, `mqtt: ${rejected.length} item(s) rejected`);
              callback();
            },
            (error: unknown) => {
              // No PUBACK: drop the connection instead, as a network failure would. MQTT.js reconnects, and the
              // broker, resuming the persistent session, delivers the unacknowledged message again.
              log.error({ err: error, topic: publish.topic }, 'mqtt: could not store a message; reconnecting so that it is delivered again');
              c.stream.destroy();
            },
          );
        };
        c.on('connect', () => {
          c.subscribe(MQTT_TOPIC_FILTER, { qos: 1 }, (error) => {
            if (error) {
              log.error({ err: error }, 'mqtt: subscribe failed');
              if (!subscribed) reject(error);
              return;
            }
            if (!subscribed) {
              subscribed = true;
              log.info({ url: url.replace(/:[^:@/]*@/, ':***@'), topic: MQTT_TOPIC_FILTER }, 'mqtt: subscribed');
              resolve();
            }
          });
        });
        c.on('error', (error) => log.warn({ err: error }, 'mqtt: connection error'));
        c.on('offline', () => log.warn('mqtt: broker unreachable; retrying'));
      });
    },

    async stop() {
      if (!client) return;
      const c = client;
      client = null;
      await c.endAsync();
    },
  };
}
