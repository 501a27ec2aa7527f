import { uid, type SampleFactory } from '../../testing/sample.ts';

/** Samples for the estate's routes: devices, discovered devices, configuration records, spare parts, imports. */
export const estateRouteSamples: SampleFactory = (t, admin) => {
  const call = async (method: 'POST' | 'PATCH', url: string, payload: unknown) => {
    const res = await t.call(await admin(), { method, url, payload });
    if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; code: string };
  };
  const newSite = () => call('POST', '/api/v1/sites', { code: `es-${uid()}`, name: '二食堂' });
  const newDevice = async () => call('POST', '/api/v1/devices', { code: `POS-${uid()}`, name: '消费机', type: 'pos', subsystem: 'consumption', siteId: (await newSite()).id });
  const newPart = () => call('POST', '/api/v1/spare-parts', { sku: `PRN-${uid()}`, name: '58mm 打印头' });
  /** What the telemetry pipeline leaves behind when an unregistered device reports. */
  const discovered = async () => {
    const code = `NEW-${uid()}`;
    const site = await newSite();
    await t.db.kysely
      .insertInto('discovered_devices')
      .values({ code, site_code: site.code, address: '10.1.2.3', source: 'http', last_kind: 'heartbeat', events: 3, first_seen_at: t.clock.now(), last_seen_at: t.clock.now() })
      .execute();
    return code;
  };
  return {
    'POST /api/v1/devices': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/devices',
      payload: { code: `GATE-${uid()}`, name: '东门闸机', type: 'gate', subsystem: 'ticketing', siteId: (await newSite()).id },
    }),
    'PATCH /api/v1/devices/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/devices/${(await newDevice()).id}`, payload: { firmware: '2.4.1' } }),
    'POST /api/v1/devices/:id/maintenance': async () => ({
      caller: await admin(),
      method: 'POST',
      url: `/api/v1/devices/${(await newDevice()).id}/maintenance`,
      payload: { on: true, reason: '更换读卡器' },
    }),
    'POST /api/v1/devices/:id/config': async () => ({
      caller: await admin(),
      method: 'POST',
      url: `/api/v1/devices/${(await newDevice()).id}/config`,
      payload: { format: 'json', content: '{"port": 8080}', reason: 'initial' },
    }),
    'POST /api/v1/discovered-devices/:code/adopt': async () => ({
      caller: await admin(),
      method: 'POST',
      url: `/api/v1/discovered-devices/${await discovered()}/adopt`,
      payload: { name: '新消费机', type: 'pos', subsystem: 'consumption' },
    }),
    'DELETE /api/v1/discovered-devices/:code': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/discovered-devices/${await discovered()}` }),
    'POST /api/v1/spare-parts': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/spare-parts', payload: { sku: `RDR-${uid()}`, name: '读卡模块', reorderThreshold: 2 } }),
    'PATCH /api/v1/spare-parts/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/spare-parts/${(await newPart()).id}`, payload: { reorderThreshold: 5 } }),
    'POST /api/v1/spare-parts/:id/movements': async () => ({
      caller: await admin(),
      method: 'POST',
      url: `/api/v1/spare-parts/${(await newPart()).id}/movements`,
      payload: { warehouse: '主仓库', delta: 10, reason: '采购入库' },
    }),
    // The samples carry no Content-Type, so these bodies are read the way a bare upload is: by their bytes (CSV).
    'POST /api/v1/imports/sites': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/imports/sites', payload: `code,name\nimp-${uid()},三食堂\n` }),
    'POST /api/v1/imports/devices': async () => {
      const site = await newSite();
      return { caller: await admin(), method: 'POST', url: '/api/v1/imports/devices', payload: `编号,名称,站点,类型,子系统\nPOS-${uid()},消费机,${site.code},pos,consumption\n` };
    },
  };
};
