import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PayloadTooLargeError } from '../../errors.ts';
import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  AssignBody,
  AssigneeList,
  ChannelList,
  ChannelPatchBody,
  Channel,
  CommentBody,
  CreateJobBody,
  CreateJobResult,
  CsvFile,
  DifferenceDetail,
  DifferenceListQuery,
  DifferencePage,
  DifferenceView,
  ImportDetail,
  importErrors,
  ImportListQuery,
  ImportPage,
  ImportQuery,
  ReconAlerts,
  JobDetail,
  JobListQuery,
  JobPage,
  NoteBody,
  RecordPage,
  RecordsQuery,
  ResolveBody,
  Trend,
  TrendQuery,
  UploadBody,
  VersionBody,
  XlsxFile,
} from './recon.schemas.ts';
import type { ReconServices } from './recon.service.ts';

const tags = ['recon'];
/** A POST without a body: an empty file, which every importer reports as such. */
const NO_BYTES: AsyncIterable<Buffer> = { async *[Symbol.asyncIterator]() {} };
const file = (reply: FastifyReply, f: { bytes: Buffer; filename: string; contentType: string }) =>
  reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`).send(f.bytes as never);

/**
 * Reconciliation under /api/v1/recon (recon:read to look, recon:write to import, run and work on differences,
 * recon:approve to approve adjustments and write-offs). Thin: schema → one service call.
 */
export function reconRoutes(app: App, recon: ReconServices): void {
  // ————— imports: the upload streams its body (own plugin, so its catch-all parser applies to it alone) —————
  void app.register(async (scope: App) => {
    const limit = recon.imports.maxBytes;
    // Every declared type is a file here: the parser hands the stream over unread, after authentication (preParsing).
    // Fastify applies body limits only to bodies it reads itself: a declared length is checked here, the rest as it streams.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', async (request: FastifyRequest, payload: Readable) => {
      if (Number(request.headers['content-length']) > limit) throw new PayloadTooLargeError(`The file is larger than ${limit} bytes, the most an import takes`, 'FILE_TOO_LARGE');
      return payload;
    });
    scope.post('/api/v1/recon/imports', {
      bodyLimit: limit,
      config: { access: 'recon:write' },
      schema: {
        tags,
        summary: 'Import a bill, statement or ledger: streamed, hashed, parsed; the same file again is a 409 naming the first import',
        description: `One file up to ${limit} bytes as the raw body. All or nothing per file: a file-level finding (UNKNOWN_LAYOUT, TRUNCATED, XML_DOCTYPE, ZIP_REFUSED …) answers 422 IMPORT_FAILED with the findings and keeps no records; rejected rows are reported by file and line and the good rows kept. source=live takes no body: it snapshots opsdesk’s own transactions (terminals’ reports and back-filled records) of from..to into a record file like a file’s (the same span with nothing new again is a 409 naming the first snapshot).`,
        querystring: ImportQuery,
        body: UploadBody,
        response: { 200: ImportDetail, ...errorResponses, ...importErrors },
      },
      handler: async (request) => recon.imports.importFile(request.ctx, (request.body as Readable | undefined) ?? NO_BYTES, request.query),
    });
  });

  app.get('/api/v1/recon/imports', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'Imports, newest first', querystring: ImportListQuery, response: { 200: ImportPage, ...errorResponses } },
    handler: async (request) => recon.imports.list(request.ctx, { source: request.query.source, status: request.query.status }, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });
  app.get('/api/v1/recon/imports/:id', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'One import with its findings (file, line, field, code)', params: IdParams, response: { 200: ImportDetail, ...errorResponses } },
    handler: async (request) => recon.imports.get(request.ctx, request.params.id),
  });
  app.get('/api/v1/recon/imports/:id/records', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "A page of an import's normalized records in file order (card and account numbers masked)", params: IdParams, querystring: RecordsQuery, response: { 200: RecordPage, ...errorResponses } },
    handler: async (request) => recon.imports.records(request.ctx, request.params.id, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }, request.unmasked),
  });

  // ————— channels —————
  app.get('/api/v1/recon/channels', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "The channels' settings: sides, cut-offs, carry window, tolerances, schedule, alert thresholds", response: { 200: ChannelList, ...errorResponses } },
    handler: async (request) => recon.channels.list(request.ctx),
  });
  app.patch('/api/v1/recon/channels/:id', {
    config: { access: 'recon:write' },
    schema: { tags, summary: "Change a channel's settings (with its version); later jobs use them", params: IdParams, body: ChannelPatchBody, response: { 200: Channel, ...errorResponses } },
    handler: async (request) => recon.channels.update(request.ctx, request.params.id, request.body),
  });

  // ————— jobs —————
  app.post('/api/v1/recon/jobs', {
    config: { access: 'recon:write' },
    schema: {
      tags,
      summary: "Reconcile a channel's business day: queued for the worker (progress in the job), or a dry run answered at once and stored nowhere",
      description: 'The inputs are the imports whose records reach into the day, unless named; the previous day’s carried-out records are released first. Running a day again keeps the earlier run for comparison.',
      body: CreateJobBody,
      response: { 200: CreateJobResult, ...errorResponses },
    },
    handler: async (request) => recon.jobs.create(request.ctx, request.body, request.unmasked),
  });
  app.get('/api/v1/recon/jobs', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'Jobs, newest first', querystring: JobListQuery, response: { 200: JobPage, ...errorResponses } },
    handler: async (request) => recon.jobs.list(request.ctx, { channel: request.query.channel, day: request.query.day, status: request.query.status }, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });
  app.get('/api/v1/recon/jobs/:id', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'One job: summary, progress, inputs, and the previous run of the day for comparison', params: IdParams, response: { 200: JobDetail, ...errorResponses } },
    handler: async (request) => recon.jobs.get(request.ctx, request.params.id),
  });
  app.get('/api/v1/recon/jobs/:id/differences', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "A job's differences in the order found", params: IdParams, querystring: DifferenceListQuery, response: { 200: DifferencePage, ...errorResponses } },
    handler: async (request) =>
      recon.differences.list(request.ctx, request.params.id, { kind: request.query.kind, state: request.query.state, assigneeId: request.query.assigneeId }, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }, request.unmasked),
  });
  app.get('/api/v1/recon/jobs/:id/differences.csv', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "The job's discrepancy list as CSV (formula cells neutralised)", params: IdParams, response: { 200: CsvFile, ...errorResponses } },
    handler: async (request, reply) => file(reply, await recon.exports.differencesCsv(request.ctx, request.params.id)),
  });
  app.get('/api/v1/recon/jobs/:id/differences.xlsx', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "The job's discrepancy list as XLSX (formula cells neutralised)", params: IdParams, response: { 200: XlsxFile, ...errorResponses } },
    handler: async (request, reply) => file(reply, await recon.exports.differencesXlsx(request.ctx, request.params.id)),
  });
  app.get('/api/v1/recon/jobs/:id/adjustments.csv', {
    config: { access: 'recon:approve' },
    schema: { tags, summary: "The job's approved adjustments as the CSV file the card system books", params: IdParams, response: { 200: CsvFile, ...errorResponses } },
    handler: async (request, reply) => file(reply, await recon.exports.adjustmentsCsv(request.ctx, request.params.id)),
  });
  app.get('/api/v1/recon/trend', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "Per day: a channel's counts, amounts and match rate (the current run of each day)", querystring: TrendQuery, response: { 200: Trend, ...errorResponses } },
    handler: async (request) => recon.jobs.trend(request.ctx, request.query),
  });

  app.get('/api/v1/recon/alerts', {
    config: { access: 'recon:read' },
    schema: { tags, summary: "What reconciliation alerts on now: days over their channel's open-differences threshold, bills not imported by their due time", response: { 200: ReconAlerts, ...errorResponses } },
    handler: async (request) => recon.alerts.current(request.ctx),
  });

  // ————— differences —————
  // recon:read, not recon:write: the page the assign dialog is on already needs recon:read, the assignee filter of the
  // differences list is a reader's tool, and the answer names only people who work differences (names the list shows
  // its readers anyway), never their contacts. See differences.service.ts assignees().
  app.get('/api/v1/recon/assignees', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'The people a difference can be assigned to: active holders of recon:write, id and name only, by name (at most 500)', response: { 200: AssigneeList, ...errorResponses } },
    handler: async (request) => recon.differences.assignees(request.ctx),
  });
  app.get('/api/v1/recon/differences/:id', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'One difference: both sides side by side, the fields that differ, its timeline', params: IdParams, response: { 200: DifferenceDetail, ...errorResponses } },
    handler: async (request) => recon.differences.get(request.ctx, request.params.id, request.unmasked),
  });
  app.post('/api/v1/recon/differences/:id/investigate', {
    config: { access: 'recon:write' },
    schema: { tags, summary: 'open → investigating (assigned to you unless assigned)', params: IdParams, body: VersionBody, response: { 200: DifferenceView, ...errorResponses } },
    handler: async (request) => recon.differences.investigate(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/differences/:id/resolve', {
    config: { access: 'recon:write' },
    schema: { tags, summary: 'Resolve: force-match or refund at once; adjust or write-off proposed for a second approver', params: IdParams, body: ResolveBody, response: { 200: DifferenceView, ...errorResponses } },
    handler: async (request) => recon.differences.resolve(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/differences/:id/approve', {
    config: { access: 'recon:approve' },
    schema: { tags, summary: 'Approve a proposed adjust or write-off (not your own: 403 SELF_APPROVAL)', params: IdParams, body: VersionBody, response: { 200: DifferenceView, ...errorResponses } },
    handler: async (request) => recon.differences.approve(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/differences/:id/refuse', {
    config: { access: 'recon:approve' },
    schema: { tags, summary: 'Refuse a proposed adjust or write-off: back to investigating', params: IdParams, body: NoteBody, response: { 200: DifferenceView, ...errorResponses } },
    handler: async (request) => recon.differences.refuse(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/differences/:id/reject', {
    config: { access: 'recon:write' },
    schema: { tags, summary: 'investigating → rejected: not a real difference', params: IdParams, body: NoteBody, response: { 200: DifferenceView, ...errorResponses } },
    handler: async (request) => recon.differences.reject(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/differences/:id/assign', {
    config: { access: 'recon:write' },
    schema: { tags, summary: 'Assign (or unassign with null)', params: IdParams, body: AssignBody, response: { 200: DifferenceView, ...errorResponses } },
    handler: async (request) => recon.differences.assign(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/differences/:id/comments', {
    config: { access: 'recon:write' },
    schema: { tags, summary: "Comment on a difference's timeline", params: IdParams, body: CommentBody, response: { 200: DifferenceDetail, ...errorResponses } },
    handler: async (request) => recon.differences.comment(request.ctx, request.params.id, request.body.text),
  });
}
