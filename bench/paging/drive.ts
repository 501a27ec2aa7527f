/**
 * The alerts the benchmark pages about, one at a time, each at a site of its own so that each is a notification group
 * of its own (the default group_by is alertname and site). Three are the simulator's scenarios (server/simulator/
 * scenarios.ts) as its generator words them, each firing one of the default rules the moment the batch that carries
 * it is evaluated — no window to fill, no `for` to wait:
 *
 * - `ups-on-battery`: the UPS's `ups.on_battery` event (rule ups-on-battery, an event rule);
 * - `brute-force-login`: eleven failed logins for one account from one address (rule account-login-failures: more
 *   than 10 in 10 minutes);
 * - `payment-failure-spike`: 300 failed WeChat Pay and Alipay payments at the site's POS terminals in one batch (rule
 *   payment-failure-rate: over 5 % of at least 20; the background's 0.5 % stays far below);
 *
 * and the fourth an external alert, as Prometheus Alertmanager posts it to /api/v1/integrations/alertmanager.
 *
 * Each alert's t0 is the commit of its event — the last envelope of its batch (the one that tips the rule), or the
 * external alert — found by the benchmark's poll (watch.ts); the answer to the request is recorded too.
 */
import type http from 'node:http';
import { postBatch, request } from '../alerting/http.ts';
import type { BenchDevice, BenchEstate, BenchSite } from '../alerting/estate.ts';
import type { CommitKey } from './watch.ts';

export const DRIVEN_KINDS = ['ups-on-battery', 'brute-force-login', 'payment-failure-spike', 'alertmanager'] as const;
export type DrivenKind = (typeof DRIVEN_KINDS)[number];

/** The default rule each scenario fires (rules/default-rules.ts). */
export const RULE_OF: Record<Exclude<DrivenKind, 'alertmanager'>, string> = {
  'ups-on-battery': 'ups-on-battery',
  'brute-force-login': 'account-login-failures',
  'payment-failure-spike': 'payment-failure-rate',
};

export interface Driven {
  kind: DrivenKind;
  site: BenchSite;
  /** the UPS (ups-on-battery) */
  device: BenchDevice | null;
  /** the alert, when the answer names it (alertmanager); the others are found after the run */
  alertId: string | null;
  /** the row whose commit is t0 */
  commitKey: string;
  /** wall clock (epoch ms) when the request was sent and when its (successful) answer arrived */
  postedAt: number;
  answeredAt: number;
}

const FAILED_LOGINS = 11;
const FAILED_PAYMENTS = 300;

export interface Driver {
  drive(i: number): Promise<Driven>;
}

export function createDriver(o: { estate: BenchEstate; agent: http.Agent; base: string; token: string; runTag: string; expect: (key: CommitKey) => string }): Driver {
  const { estate, agent, token } = o;
  const ingestUrl = new URL(`${o.base}/api/v1/ingest?results=errors`);
  const alertmanagerUrl = new URL(`${o.base}/api/v1/integrations/alertmanager`);
  const onSite = (type: string, site: BenchSite) => (estate.byType.get(type) ?? []).filter((d) => d.site.id === site.id);
  let serial = 0;
  const id = () => `${o.runTag}drv${(serial++).toString(36).padStart(8, '0')}`;
  /** the id of the last envelope written: its row's commit is the batch's */
  let lastEnvelope = '';
  const head = (kind: string, d: BenchDevice, ts: string) => `{"id":"${(lastEnvelope = id())}","kind":"${kind}","ts":"${ts}","device":"${d.code}","site":"${d.site.code}","data":`;

  function envelopes(kind: Exclude<DrivenKind, 'alertmanager'>, site: BenchSite, i: number, ts: string): { body: string; device: BenchDevice | null } {
    switch (kind) {
      case 'ups-on-battery': {
        const ups = onSite('ups', site)[0]!;
        return { body: `[${head('event', ups, ts)}{"type":"ups.on_battery","severity":"critical","message":"Utility power failure: UPS on battery","attrs":{"inputVoltageV":0}}}]`, device: ups };
      }
      case 'brute-force-login': {
        const server = onSite('server', site)[0]!;
        const account = `2099${String(i).padStart(6, '0')}`;
        const ip = `185.220.${i % 250}.${1 + (i % 254)}`;
        const one = () => `${head('login', server, ts)}{"account":"${account}","ip":"${ip}","userAgent":"python-requests/2.31.0","deviceId":"unknown","result":"fail","reason":"bad_password"}}`;
        return { body: `[${Array.from({ length: FAILED_LOGINS }, one).join(',')}]`, device: null };
      }
      case 'payment-failure-spike': {
        const pos = onSite('pos', site);
        const one = (n: number) => {
          const channel = n % 2 === 0 ? 'wechat' : 'alipay';
          const code = channel === 'wechat' ? 'SYSTEMERROR' : 'ACQ.SYSTEM_ERROR';
          return `${head('txn', pos[n % pos.length]!, ts)}{"txnId":"${id()}","type":"consume","amountFen":${500 + (n % 1500)},"account":"2024${String(n).padStart(6, '0')}","channel":"${channel}","status":"failed","errorCode":"${code}"}}`;
        };
        return { body: `[${Array.from({ length: FAILED_PAYMENTS }, (_, n) => one(n)).join(',')}]`, device: null };
      }
    }
  }

  return {
    /** The i-th driven alert: the kinds in turn, each kind's next site. */
    async drive(i) {
      const kind = DRIVEN_KINDS[i % DRIVEN_KINDS.length]!;
      const site = estate.sites[Math.floor(i / DRIVEN_KINDS.length) % estate.sites.length]!;
      const postedAt = Date.now();
      if (kind === 'alertmanager') {
        const alertname = `BenchExternal${o.runTag}${i}`;
        const commitKey = o.expect({ table: 'alerts', name: alertname });
        const payload = {
          version: '4',
          status: 'firing',
          receiver: 'opsdesk',
          alerts: [{ status: 'firing', labels: { alertname, severity: 'critical', site: site.code }, annotations: { summary: `${alertname} at ${site.code}` }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: '' }],
        };
        const res = await request(agent, alertmanagerUrl, token, 'POST', JSON.stringify(payload));
        const answeredAt = Date.now();
        if (res.status !== 200) throw new Error(`alertmanager webhook answered ${res.status}: ${res.body.slice(0, 300)}`);
        const answer = JSON.parse(res.body) as { results: { id: string | null; outcome: string }[] };
        if (answer.results[0]?.outcome !== 'raised') throw new Error(`alertmanager webhook: ${JSON.stringify(answer.results[0])}`);
        return { kind, site, device: null, alertId: answer.results[0].id, commitKey, postedAt, answeredAt };
      }
      const made = envelopes(kind, site, i, new Date().toISOString());
      // The batch's last envelope: the eleventh failed login, the three-hundredth failed payment (one transaction anyway).
      const commitKey = o.expect({ table: 'events', id: lastEnvelope });
      await postBatch(agent, ingestUrl, token, made.body);
      return { kind, site, device: made.device, alertId: null, commitKey, postedAt, answeredAt: Date.now() };
    },
  };
}
