import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { enqueueJob } from '../../worker/worker.ts';
import type { JobContext } from '../../worker/registry.ts';
import { requirePermission, systemContext, type RequestContext } from '../auth/index.ts';
import { addDays, isCalendarDate, localDateOf } from '../calendar/index.ts';
import { userAccounts } from '../users/index.ts';
import { buildSpec, inputSpan, settingsOf, wallInstant, type ChannelSettings } from './channels.ts';
import { balanceInputs } from './balances.service.ts';
import type { ReconEngine } from './engine-port.ts';
import { DIFFERENCE_KINDS, type Difference, type MatchProgress, type MatchSpec, type MatchSummary } from './matching.ts';
import { JOB_ORDER, reconRepository as repo, type JobFilter } from './recon.repository.ts';
import { reconChanges } from './recon.events.ts';
import type { CreateJobBody, CreateJobResult, JobDetail, JobView, Trend } from './recon.schemas.ts';
import type { ReconImportsTable, ReconJobsTable } from './recon.tables.ts';
import { differenceDraft, differenceRow } from './differences.values.ts';
import type { ImportsService } from './imports.service.ts';
import { LIVE_SOURCE } from './sources.ts';
import { storeRunProposals } from './proposals.service.ts';
import { jobView, summaryView } from './views.ts';

/** The worker job that runs one stored reconciliation job, in the bulk lane so it never holds up escalations. */
export const RUN_JOB = { name: 'recon.run', lane: 'bulk' } as const;
/** Every minute: make each channel's scheduled run of the day before, once its time has come. */
export const SCHEDULE_JOB = { name: 'recon.make-scheduled-runs', lane: 'default' } as const;

/** A dry run answers this many differences; the summary counts them all. */
const DRY_RUN_DIFFERENCES = 1000;

export interface JobsOptions {
  engine: ReconEngine;
  dataDir: string;
  /** snapshots of the live source for a side that names `live` (imports.service.ts); without it such a side has no input */
  imports?: Pick<ImportsService, 'snapshotLive'>;
}

type StoredSpec = Omit<MatchSpec, 'onProgress' | 'workDir'> & { workDir: string };

/**
 * Day jobs (SPEC C7.2): which imports feed each side (those reaching into the day, or the ones named), the MatchSpec
 * from the channel's settings with the previous day's carried-out records released first, the run on the worker's
 * bulk lane with its progress in the job row, and the result stored: the summary, the differences in batches (plus a
 * `summary-mismatch` difference for each SUMMARY_MISMATCH finding of the inputs), the pairs and carried-out files.
 * Re-running a day makes a new job and keeps the earlier one (superseded_by) for comparison; a dry run stores nothing.
 */
export function createJobsService(ctx: ModuleContext, options: JobsOptions) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const { engine, dataDir } = options;
  const abs = (relative: string) => path.join(dataDir, relative);
  /** recon.changed on the live stream, appended in each change's own transaction */
  const reconChanged = reconChanges(ctx);

  async function channelOf(id: string, field: string) {
    const row = await repo.findChannel(k, id);
    if (!row) throw invalidFields([fieldProblem(field, 'enum', { allowedValues: (await repo.channels(k)).map((c) => c.id).join(', ') })]);
    return row;
  }

  /**
   * The named imports (each must be imported and of one of the side's sources), or those reaching into the day. A side
   * that names the live source gets a snapshot of opsdesk's transactions over the day's span taken now (earlier
   * snapshots are not inputs: they would count the same transactions twice); an unchanged span reuses the last one.
   */
  async function inputsOf(rc: RequestContext, settings: ChannelSettings, day: string, side: 'left' | 'right', named: string[] | undefined): Promise<ReconImportsTable[]> {
    const sources = settings[side];
    if (named === undefined) {
      const span = inputSpan(day, settings);
      const files = await repo.importsCovering(k, sources.filter((s) => s !== LIVE_SOURCE), span.from, span.to);
      if (!sources.includes(LIVE_SOURCE) || !options.imports) return files;
      return [...files, await options.imports.snapshotLive(rc, span)];
    }
    const found = new Map((await repo.importsByIds(k, named)).map((r) => [r.id, r]));
    const problems: FieldProblem[] = named.flatMap((id, i) => {
      const row = found.get(id);
      return row && row.status === 'imported' && (sources as string[]).includes(row.source) ? [] : [fieldProblem(`${side}ImportIds.${i}`, 'enum', { allowedValues: `the id of an imported ${sources.join(' / ')} file` })];
    });
    if (problems.length > 0) throw invalidFields(problems);
    return named.map((id) => found.get(id)!);
  }

  /** The previous day's current finished run: its carried-out records are released into this day first. */
  async function carriedIn(channel: string, day: string): Promise<{ left: string | null; right: string | null }> {
    const before = await repo.latestDone(k, channel, addDays(day, -1));
    return { left: before?.carried_left_file ?? null, right: before?.carried_right_file ?? null };
  }

  async function prepare(rc: RequestContext, body: CreateJobBody) {
    const problems: FieldProblem[] = [];
    if (!isCalendarDate(body.day)) problems.push(fieldProblem('day', 'calendarDate'));
    if (problems.length > 0) throw invalidFields(problems);
    const channel = await channelOf(body.channel, 'channel');
    const settings = settingsOf(channel);
    const left = await inputsOf(rc, settings, body.day, 'left', body.leftImportIds);
    const right = await inputsOf(rc, settings, body.day, 'right', body.rightImportIds);
    const carried = await carriedIn(channel.id, body.day);
    // the card system's account daily settlements that may hold the day: the balance checks' input (none: skipped)
    const balances = await balanceInputs(k, body.day);
    return { channel, settings, left, right, carried, balances };
  }

  const labels = (s: ChannelSettings) => ({ left: s.left.join('+'), right: s.right.join('+') });

  /** SUMMARY_MISMATCH findings of the inputs as differences: a file whose own totals disagree with its rows. */
  async function summaryDifferences(inputs: { side: 'left' | 'right' | 'balances'; row: ReconImportsTable }[]): Promise<Difference[]> {
    const sideOf = new Map(inputs.map((i) => [i.row.id, i]));
    const findings = await repo.findingsOfCode(k, [...sideOf.keys()], 'SUMMARY_MISMATCH');
    return findings.map((f) => {
      const params = JSON.parse(f.params) as Record<string, string | number>;
      const input = sideOf.get(f.import_id)!;
      return {
        kind: 'summary-mismatch',
        left: [],
        right: [],
        fields: f.field ? [f.field] : [],
        deltaFen: null,
        amountFen: 0,
        txnTime: null,
        account: null,
        params: { ...params, side: input.side, importId: f.import_id, source: input.row.source, file: f.file, line: f.line, message: f.message },
      };
    });
  }

  function withSummaryMismatches(summary: MatchSummary, extra: Difference[]): MatchSummary {
    const differences = { ...summary.differences };
    for (const kind of DIFFERENCE_KINDS) differences[kind] ??= { count: 0, amountFen: 0 };
    differences['summary-mismatch'] = { count: differences['summary-mismatch'].count + extra.length, amountFen: differences['summary-mismatch'].amountFen };
    return { ...summary, differences };
  }

  async function detail(row: ReconJobsTable): Promise<JobDetail> {
    const inputs = await repo.jobInputs(k, row.id);
    const previous = row.previous_job_id ? await repo.findJob(k, row.previous_job_id) : undefined;
    const people = await userAccounts.displayNames(k, [row.created_by]);
    return {
      ...jobView(row, people),
      inputs: inputs.map((i) => ({ side: i.side, importId: i.id, source: i.source, fileName: i.file_name, records: i.records })),
      previous: previous ? { id: previous.id, summary: previous.summary === null ? null : summaryView(JSON.parse(previous.summary) as MatchSummary), finishedAt: previous.finished_at === null ? null : new Date(previous.finished_at).toISOString() } : null,
    };
  }

  /** Stores a job and queues its run, in one transaction. False when the scheduled run of that day exists already. */
  async function createJob(rc: RequestContext, prepared: Awaited<ReturnType<typeof prepare>>, day: string, trigger: 'manual' | 'schedule'): Promise<ReconJobsTable | null> {
    const { channel, settings, left, right, carried, balances } = prepared;
    const id = newId();
    const now = clock.now();
    const workDir = path.join('recon', 'jobs', id);
    const spec: StoredSpec = {
      ...buildSpec(day, settings, { left: left.map((r) => r.record_file!), right: right.map((r) => r.record_file!), carriedIn: carried }, workDir, false, labels(settings)),
      balances: balances.map((r) => r.record_file!),
    };
    const previous = await repo.latestDone(k, channel.id, day);
    const row: ReconJobsTable = {
      id,
      channel: channel.id,
      day,
      status: 'queued',
      trigger,
      schedule_key: trigger === 'schedule' ? 'daily' : null,
      spec: JSON.stringify(spec),
      summary: null,
      progress: 0,
      phase: null,
      error: null,
      worker_job_id: null,
      pairs_file: null,
      carried_left_file: null,
      carried_right_file: null,
      previous_job_id: previous?.id ?? null,
      superseded_by: null,
      differences: 0,
      created_by: rc.actor.userId,
      created_at: now,
      started_at: null,
      finished_at: null,
    };
    return k.transaction().execute(async (trx) => {
      const inputs = [...left.map((r) => ({ importId: r.id, side: 'left' as const })), ...right.map((r) => ({ importId: r.id, side: 'right' as const })), ...balances.map((r) => ({ importId: r.id, side: 'balances' as const }))];
      if (!(await repo.insertJob(trx, row, inputs))) return null;
      row.worker_job_id = await enqueueJob(trx, clock, { ...RUN_JOB, payload: { jobId: id }, dedupeKey: `recon.run:${id}`, maxAttempts: 3 });
      await repo.updateJob(trx, id, { worker_job_id: row.worker_job_id });
      await audit.append(trx, rc, {
        action: 'recon_job.create',
        targetType: 'recon_job',
        targetId: id,
        after: { channel: channel.id, day, trigger, left: left.map((r) => r.id), right: right.map((r) => r.id), previousJobId: row.previous_job_id },
      });
      await reconChanged.job(trx, row, 'queued', 'queued', now);
      return row;
    });
  }

  /** Runs the engine for a stored job; progress goes to the job row (and the worker's job) as the engine reports it. */
  async function run(jobId: string, jctx: Pick<JobContext, 'progress' | 'signal'> | null): Promise<void> {
    const job = await repo.findJob(k, jobId);
    if (!job || job.status === 'done') return;
    const stored = JSON.parse(job.spec) as StoredSpec;
    // The start and its recon.changed commit together.
    await k.transaction().execute(async (trx) => {
      await repo.updateJob(trx, jobId, { status: 'running', started_at: clock.now(), error: null, progress: 0 });
      await reconChanged.job(trx, job, 'started', 'running', clock.now());
    });
    let lastWrite: Promise<unknown> = Promise.resolve();
    let lastFraction = -1;
    let lastPhase = '';
    const onProgress = (p: MatchProgress) => {
      jctx?.progress(Math.min(Math.max(p.fraction, 0), 1), p.phase);
      if (p.phase === lastPhase && p.fraction - lastFraction < 0.05) return;
      [lastFraction, lastPhase] = [p.fraction, p.phase];
      lastWrite = lastWrite.then(() => repo.updateJob(k, jobId, { progress: Math.min(Math.max(p.fraction, 0), 1), phase: p.phase })).catch(() => undefined);
    };
    const spec: MatchSpec = {
      ...stored,
      left: { ...stored.left, files: stored.left.files.map(abs) },
      right: { ...stored.right, files: stored.right.files.map(abs) },
      carriedIn: { left: stored.carriedIn.left && abs(stored.carriedIn.left), right: stored.carriedIn.right && abs(stored.carriedIn.right) },
      balances: stored.balances?.map(abs) ?? null,
      workDir: abs(stored.workDir),
      dryRun: false,
      onProgress,
    };
    try {
      const result = await engine.runMatch(spec);
      await lastWrite;
      const inputs = await repo.jobInputs(k, jobId);
      const extra = await summaryDifferences(await inputRows(inputs));
      const differences = [...result.differences, ...extra];
      const summary = withSummaryMismatches(result.summary, extra);
      const now = clock.now();
      const rel = (file: string | null) => (file === null ? null : path.relative(dataDir, file));
      await k.transaction().execute(async (trx) => {
        // A retry after a partial failure starts afresh: the run's differences are written whole or not at all.
        await trx.deleteFrom('recon_differences').where('job_id', '=', jobId).execute();
        await repo.insertDifferences(trx, differences.map((d, i) => differenceRow(jobId, i + 1, d, now)));
        await repo.updateJob(trx, jobId, {
          status: 'done',
          summary: JSON.stringify(summary),
          differences: differences.length,
          progress: 1,
          phase: null,
          pairs_file: rel(result.pairsFile),
          carried_left_file: rel(result.carriedOut.left),
          carried_right_file: rel(result.carriedOut.right),
          finished_at: now,
        });
        if (job.previous_job_id) await repo.updateJob(trx, job.previous_job_id, { superseded_by: jobId });
        // After the line above, which takes the earlier run's row lock: its decisions cannot move while they are carried.
        await storeRunProposals(trx, { jobId, channel: job.channel, day: job.day, previousJobId: job.previous_job_id }, result.proposals, now);
        await reconChanged.job(trx, job, 'finished', 'done', now);
      });
    } catch (error) {
      await lastWrite;
      // The failure and its recon.changed commit together.
      await k.transaction().execute(async (trx) => {
        await repo.updateJob(trx, jobId, { status: 'failed', error: error instanceof Error ? error.message.slice(0, 2000) : String(error), finished_at: clock.now(), phase: null });
        await reconChanged.job(trx, job, 'failed', 'failed', clock.now());
      });
    }
  }

  async function inputRows(inputs: Awaited<ReturnType<typeof repo.jobInputs>>) {
    const rows = new Map((await repo.importsByIds(k, inputs.map((i) => i.id))).map((r) => [r.id, r]));
    return inputs.map((i) => ({ side: i.side, row: rows.get(i.id)! }));
  }

  return {
    async create(rc: RequestContext, body: CreateJobBody, unmasked = false): Promise<CreateJobResult> {
      requirePermission(rc.actor, 'recon:write');
      const prepared = await prepare(rc, body);
      if (body.dryRun) return { dryRun: true, job: null, dryRunResult: await dryRun(rc, body, prepared, unmasked) };
      const row = await createJob(rc, prepared, body.day, 'manual');
      return { dryRun: false, job: await detail(row!), dryRunResult: null };
    },

    async list(rc: RequestContext, filter: JobFilter, page: ListRequest): Promise<CursorPage<JobView>> {
      requirePermission(rc.actor, 'recon:read');
      return cursorPage(JOB_ORDER, page, (p) => repo.listJobs(k, filter, p), async (rows) => {
        const people = await userAccounts.displayNames(k, rows.map((r) => r.created_by));
        return rows.map((r) => jobView(r, people));
      });
    },

    async get(rc: RequestContext, id: string): Promise<JobDetail> {
      requirePermission(rc.actor, 'recon:read');
      const row = await repo.findJob(k, id);
      if (!row) throw new NotFoundError('Reconciliation job', id);
      return detail(row);
    },

    /** Per day: the current finished run's counts, amounts and match rate (at most 366 days). */
    async trend(rc: RequestContext, q: { channel: string; from: string; to: string }): Promise<Trend> {
      requirePermission(rc.actor, 'recon:read');
      const problems: FieldProblem[] = [];
      if (!isCalendarDate(q.from)) problems.push(fieldProblem('querystring.from', 'calendarDate'));
      if (!isCalendarDate(q.to)) problems.push(fieldProblem('querystring.to', 'calendarDate'));
      if (problems.length === 0 && q.from > q.to) problems.push(fieldProblem('querystring.from', 'rangeOrder'));
      if (problems.length === 0 && Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000) problems.push(fieldProblem('querystring.to', 'rangeTooLong', { days: 366 }));
      if (problems.length > 0) throw invalidFields(problems);
      await channelOf(q.channel, 'querystring.channel');
      const jobs = await repo.trend(k, q.channel, q.from, q.to);
      const states = await repo.stateCounts(k, jobs.map((j) => j.id));
      return {
        items: jobs.map((j) => {
          const s = JSON.parse(j.summary ?? 'null') as MatchSummary | null;
          const byState = states.get(j.id) ?? {};
          const matched = s ? s.matched.byId + s.matched.byKey + s.matched.manyToOne + s.matched.oneToMany : 0;
          const amount = s ? Object.values(s.differences).reduce((a, d) => a + d.amountFen, 0) : 0;
          return { day: j.day, jobId: j.id, leftRecords: s?.left.records ?? 0, rightRecords: s?.right.records ?? 0, matched, differences: j.differences, differenceAmountFen: amount, open: (byState.open ?? 0) + (byState.investigating ?? 0), matchRate: s?.matchRate ?? 0 };
        }),
      };
    },

    /** The worker's handler: runs a stored job (safe to repeat: a done job is left alone, a partial one redone). */
    run,

    /**
     * Makes each enabled channel's scheduled run of the day before, once the channel's schedule time has come today
     * in its zone. The unique (channel, day, 'daily') key makes it one run per channel and day whichever node or retry
     * gets here; a day whose schedule time passed more than a day ago is not made up.
     */
    async makeScheduledRuns(): Promise<string[]> {
      const now = clock.now();
      const made: string[] = [];
      const system = systemContext('recon');
      for (const channel of await repo.channels(k)) {
        if (channel.enabled !== 1 || channel.schedule_time === null) continue;
        const today = localDateOf(now, channel.schedule_zone);
        const at = wallInstant(today, channel.schedule_time, channel.schedule_zone);
        if (now < at) continue;
        const day = addDays(today, -1);
        const exists = await k.selectFrom('recon_jobs').select('id').where('channel', '=', channel.id).where('day', '=', day).where('schedule_key', '=', 'daily').executeTakeFirst();
        if (exists) continue;
        const prepared = await prepare(system, { channel: channel.id, day });
        const row = await createJob(system, prepared, day, 'schedule');
        if (row) made.push(row.id);
      }
      return made;
    },
  };

  async function dryRun(rc: RequestContext, body: CreateJobBody, prepared: Awaited<ReturnType<typeof prepare>>, unmasked: boolean) {
    const { settings, left, right, carried, balances } = prepared;
    const tmpRoot = path.join(dataDir, 'recon', 'tmp');
    fs.mkdirSync(tmpRoot, { recursive: true, mode: 0o700 });
    const workDir = fs.mkdtempSync(path.join(tmpRoot, 'dry-'));
    try {
      const spec = buildSpec(
        body.day,
        settings,
        { left: left.map((r) => abs(r.record_file!)), right: right.map((r) => abs(r.record_file!)), carriedIn: { left: carried.left && abs(carried.left), right: carried.right && abs(carried.right) } },
        workDir,
        true,
        labels(settings),
      );
      const result = await engine.runMatch({ ...spec, balances: balances.map((r) => abs(r.record_file!)) });
      const extra = await summaryDifferences([...left.map((row) => ({ side: 'left' as const, row })), ...right.map((row) => ({ side: 'right' as const, row })), ...balances.map((row) => ({ side: 'balances' as const, row }))]);
      const differences = [...result.differences, ...extra];
      const summary = withSummaryMismatches(result.summary, extra);
      await audit.record(rc, { action: 'recon_job.dry_run', targetType: 'recon_channel', targetId: body.channel, after: { day: body.day, left: left.map((r) => r.id), right: right.map((r) => r.id), differences: differences.length } });
      return { summary: summaryView(summary), differences: differences.slice(0, DRY_RUN_DIFFERENCES).map((d) => differenceDraft(d, unmasked)), differenceCount: differences.length };
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
}

export type JobsService = ReturnType<typeof createJobsService>;
