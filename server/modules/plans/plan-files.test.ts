import YAML from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext, type RequestContext } from '../auth/index.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { DEFAULT_PLANS } from './defaults/default-plans.ts';
import { decodePlanFile, MAX_PLAN_FILE_BYTES, MAX_PLAN_FILE_PLANS, parsePlanFile, type PlanFile } from './plan-files.ts';

/**
 * Plan files through the service the CLI uses, on both databases: the export of the whole library, applying it back
 * unchanged, a file that creates, updates, publishes and rejects at once (dry run first), plans the file cannot
 * touch, and files that cannot be read at all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents as a person edits them
type Json = Record<string, any>;

const bytes = (text: string) => new TextEncoder().encode(text);

describeEachDatabase('plan files on %s', (dialect) => {
  let t: TestApp;
  const cli = systemContext('cli:test', 'cli');

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const files = () => t.services.planFiles;
  const exported = async (): Promise<PlanFile> => YAML.parse(await files().exportText(cli, 'yaml')) as PlanFile;
  const versions = async () => (await t.db.kysely.selectFrom('plans').select(['key', 'version', 'published_version']).orderBy('key').execute()).map((r) => `${r.key}@${r.version}/${r.published_version}`);
  const plan = (key: string) => t.db.kysely.selectFrom('plans').selectAll().where('key', '=', key).executeTakeFirst();
  const copyOf = (file: PlanFile | Json, from: string, key: string): Json => {
    const entry = structuredClone((file.plans as Json[]).find((p) => p.key === from)!);
    entry.key = key;
    entry.document.key = key;
    return entry;
  };

  it('exports every plan with its state and draft, as YAML or JSON, and applying the export back changes nothing', async () => {
    const yaml = await files().exportText(cli, 'yaml');
    expect(yaml.startsWith('# opsdesk emergency plans')).toBe(true);
    const file = YAML.parse(yaml) as PlanFile;
    expect(file).toMatchObject({ apiVersion: 'opsdesk/v1', kind: 'Plans' });
    expect(file.plans.map((p) => p.key).sort()).toEqual(DEFAULT_PLANS.map((p) => p.key).sort());
    const selfpay = file.plans.find((p) => p.key === 'selfpay-system-failure')!;
    expect(selfpay).toMatchObject({ state: 'active', publishedVersion: 1, draftChanged: false });
    expect(selfpay.document).toEqual(DEFAULT_PLANS.find((p) => p.key === 'selfpay-system-failure'));
    const json = JSON.parse(await files().exportText(cli, 'json')) as PlanFile;
    expect(json).toEqual(file);

    const before = await versions();
    const audits = await t.auditCount();
    for (const text of [yaml, JSON.stringify(json)]) {
      const result = await files().applyBytes(cli, bytes(text), { dryRun: false, publish: true });
      expect(result).toMatchObject({ created: [], updated: [], published: [], rejected: [] });
      expect(result.unchanged).toHaveLength(DEFAULT_PLANS.length);
    }
    expect(await versions()).toEqual(before);
    expect(await t.auditCount()).toBe(audits);
  });

  it('creates, updates and publishes the good plans of a file and rejects a bad one with its fields; a dry run writes nothing', async () => {
    const file = (await exported()) as Json;
    const gate = file.plans.find((p: Json) => p.key === 'gate-failure');
    gate.document.steps[0].expectedMinutes = 7;
    gate.document.prevention = [...gate.document.prevention].reverse();
    file.plans.push(copyOf(file, 'power-outage', 'file-new-plan'));
    const bad = copyOf(file, 'ticket-pc-failure', 'file-bad-plan');
    bad.document.steps[1].role = 'nobody';
    bad.document.trigger.alertRules = ['no-such-rule'];
    bad.document.steps[2].expectedMinutes = 0;
    file.plans.push(bad);
    file.plans.push(copyOf(file, 'power-outage', 'file-new-plan')); // the same key again
    const mismatch = copyOf(file, 'power-outage', 'file-other-plan');
    mismatch.key = 'file-renamed';
    file.plans.push(mismatch);
    file.plans.push('not a plan');
    const text = YAML.stringify(file);

    const before = await versions();
    const audits = await t.auditCount();
    const dry = await files().applyBytes(cli, bytes(text), { dryRun: true, publish: true });
    expect(dry).toMatchObject({ dryRun: true, created: ['file-new-plan'], updated: ['gate-failure'], published: ['gate-failure', 'file-new-plan'] });
    expect(await versions()).toEqual(before);
    expect(await t.auditCount()).toBe(audits);

    const n = DEFAULT_PLANS.length;
    const rejected = dry.rejected.map((r) => ({ index: r.index, key: r.key, fields: r.problems.map((p) => `${p.field} ${p.code}`) }));
    expect(rejected).toEqual([
      // The schema first: a plan whose shape is wrong is not checked for references yet.
      { index: n + 1, key: 'file-bad-plan', fields: [`plans.${n + 1}.document.steps.2.expectedMinutes minimum`] },
      { index: n + 2, key: 'file-new-plan', fields: [`plans.${n + 2}.document.key duplicateValue`] },
      { index: n + 3, key: 'file-renamed', fields: [`plans.${n + 3}.key enum`] },
      { index: n + 4, key: null, fields: [`plans.${n + 4} type`] },
    ]);

    // Without --publish: a new plan is a draft, an updated one keeps its published version until published.
    const applied = await files().applyBytes(cli, bytes(text), { dryRun: false, publish: false });
    expect(applied).toMatchObject({ dryRun: false, created: ['file-new-plan'], updated: ['gate-failure'], published: [] });
    expect(applied.rejected).toHaveLength(4);
    expect(await plan('file-new-plan')).toMatchObject({ published_version: null, draft_changed: 1, created_by: null });
    expect(await plan('gate-failure')).toMatchObject({ published_version: 1, draft_changed: 1 });
    expect(JSON.parse((await plan('gate-failure'))!.draft).steps[0].expectedMinutes).toBe(7);
    expect(await plan('file-bad-plan')).toBeUndefined();

    // The same file with --publish: nothing left to write, both drafts published.
    const published = await files().applyBytes(cli, bytes(text), { dryRun: false, publish: true });
    expect(published).toMatchObject({ created: [], updated: [], published: ['gate-failure', 'file-new-plan'] });
    expect(await plan('file-new-plan')).toMatchObject({ published_version: 1, draft_changed: 0 });
    expect(await plan('gate-failure')).toMatchObject({ published_version: 2, draft_changed: 0 });
    const again = await files().applyBytes(cli, bytes(text), { dryRun: false, publish: true });
    expect(again).toMatchObject({ created: [], updated: [], published: [] });

    // A reference problem once the shape is right, named where it is in the file.
    bad.document.steps[2].expectedMinutes = 5;
    const refs = await files().apply(cli, { apiVersion: 'opsdesk/v1', kind: 'Plans', plans: [bad] }, { dryRun: false, publish: true });
    expect(refs.rejected[0]!.problems.map((p) => `${p.field} ${p.code}`)).toEqual(['plans.0.document.steps.1.role unknownRole', 'plans.0.document.trigger.alertRules.0 unknownRule']);
  });

  it('refuses to edit an archived plan but leaves it alone when the file says what it holds', async () => {
    const file = await exported();
    const entry = copyOf(file, 'peak-visitor-flow', 'file-archived');
    await files().apply(cli, { apiVersion: 'opsdesk/v1', kind: 'Plans', plans: [entry] }, { dryRun: false, publish: true });
    await t.services.plans.archive(cli, (await plan('file-archived'))!.id);
    const same = await files().apply(cli, { apiVersion: 'opsdesk/v1', kind: 'Plans', plans: [entry] }, { dryRun: false, publish: true });
    expect(same).toMatchObject({ unchanged: ['file-archived'], published: [], rejected: [] });
    entry.document.title.zh = '改过的标题';
    for (const dryRun of [true, false]) {
      const edited = await files().apply(cli, { apiVersion: 'opsdesk/v1', kind: 'Plans', plans: [entry] }, { dryRun, publish: true });
      expect(edited.rejected).toEqual([{ index: 0, key: 'file-archived', problems: [], error: { code: 'PLAN_ARCHIVED', message: expect.stringContaining('archived') } }]);
    }
  });

  it('needs plans:read to export and plans:write to apply', async () => {
    const reader: RequestContext = { ...cli, actor: { ...cli.actor, permissions: new Set(['plans:read']) } };
    await expect(files().exportText(reader, 'json')).resolves.toContain('"kind": "Plans"');
    await expect(files().apply(reader, { apiVersion: 'opsdesk/v1', kind: 'Plans', plans: [] }, { dryRun: true, publish: false })).rejects.toMatchObject({ status: 403 });
    const nobody: RequestContext = { ...cli, actor: { ...cli.actor, permissions: new Set() } };
    await expect(files().exportText(nobody, 'yaml')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a file it cannot read, and a wrong envelope, before touching any plan', async () => {
    const refusal = async (input: Uint8Array | unknown) => {
      try {
        if (input instanceof Uint8Array) await files().applyBytes(cli, input, { dryRun: false, publish: true });
        else await files().apply(cli, input, { dryRun: false, publish: true });
      } catch (error) {
        return error as { status: number; code: string; message: string; details: { field: string; code: string }[] };
      }
      throw new Error('accepted');
    };
    const audits = await t.auditCount();
    expect(await refusal(new Uint8Array(MAX_PLAN_FILE_BYTES + 1))).toMatchObject({ status: 413, code: 'DOCUMENT_TOO_LARGE' });
    // GBK: 预案 as an old Windows editor saves it
    expect(await refusal(Uint8Array.from([0x6b, 0x3a, 0x20, 0xd4, 0xa4, 0xb0, 0xb8, 0x0a]))).toMatchObject({ status: 400, code: 'DOCUMENT_UNREADABLE', message: expect.stringContaining('UTF-8') });
    expect(await refusal(bytes('apiVersion: opsdesk/v1\nkind: Plans\nplans:\n  - key: "a\u0000b"\n'))).toMatchObject({ code: 'DOCUMENT_UNREADABLE', message: expect.stringContaining('line 4'), details: [{ field: 'file', code: 'nulCharacter' }] });
    expect(await refusal(bytes('apiVersion: opsdesk/v1\nkind: Plans\nplans: [unclosed\n'))).toMatchObject({ code: 'DOCUMENT_UNREADABLE', message: expect.stringMatching(/not valid YAML or JSON: .*line \d+/) });
    expect(await refusal(bytes('kind: Plans\nkind: Plans\n'))).toMatchObject({ code: 'DOCUMENT_UNREADABLE' });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(await refusal(bytes(bomb))).toMatchObject({ code: 'DOCUMENT_UNREADABLE' });
    expect(await refusal(bytes('- just\n- a list\n'))).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file', code: 'type' }] });
    const envelope = await refusal({ apiVersion: 'opsdesk/v2', kind: 'AlertRules' });
    expect(envelope.details.map((p) => `${p.field} ${p.code}`)).toEqual(['apiVersion enum', 'kind enum', 'plans required']);
    const tooMany = await refusal({ apiVersion: 'opsdesk/v1', kind: 'Plans', plans: Array(MAX_PLAN_FILE_PLANS + 1).fill({}) });
    expect(tooMany.details).toMatchObject([{ field: 'plans', code: 'maxItems' }]);
    expect(await t.auditCount()).toBe(audits);
    // The text alone, for the record: a byte-order mark is not part of the document.
    expect(parsePlanFile(decodePlanFile(bytes('\uFEFFkind: Plans\n')))).toEqual({ kind: 'Plans' });
  });
});
