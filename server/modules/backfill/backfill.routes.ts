import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../errors.ts';
import { errorResponses, IdParams, TextBody } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { sniffFormat, type FileFormat, type UploadedFile } from '../estate/index.ts';
import { BackfillImportQuery, BackfillImportResult, BackfillPage, BackfillQuery, backfillImportErrors, RecordBody, RecordResult, TemplateQuery } from './backfill.schemas.ts';
import type { BackfillService } from './backfill.service.ts';

const tags = ['backfill', 'incidents'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** 100,000 rows of a back-fill sheet are 6–10 MiB as CSV; the upload route alone accepts this much. */
const BODY_LIMIT = 32 * 1_048_576;

/** The declared type of an upload → how it is read (null: by its bytes), as the estate imports read theirs. */
const DECLARED: Record<string, FileFormat | null> = {
  'text/csv': 'csv',
  'text/plain': 'csv',
  'application/csv': 'csv',
  [XLSX]: 'xlsx',
  'application/vnd.ms-excel': null,
  'application/octet-stream': null,
};

type Done = (error: Error | null, body?: UploadedFile) => void;

/** Back-fill of an incident's manual fallback (SPEC C6.2): thin routes over the service. */
export function backfillRoutes(app: App, backfill: BackfillService) {
  app.get('/api/v1/incidents/:id/backfill', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: "The incident's back-filled records, newest first, with totals by kind and the outage window", params: IdParams, querystring: BackfillQuery, response: { 200: BackfillPage, ...errorResponses } },
    handler: async (request) => backfill.list(request.ctx, request.params.id, request.query),
  });

  app.post('/api/v1/incidents/:id/backfill', {
    config: { access: 'incidents:write' },
    schema: {
      tags,
      summary: 'Back-fill a few records from the form; the same device and record number again is answered as existing',
      params: IdParams,
      body: RecordBody,
      response: { 200: RecordResult, ...errorResponses },
    },
    handler: async (request) => backfill.record(request.ctx, request.params.id, request.body),
  });

  app.get('/api/v1/backfill/template', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'The back-fill import template (Chinese headers, an example row; the XLSX has a sheet of notes)', querystring: TemplateQuery, response: { 200: TextBody('text/csv', 'the template, CSV or XLSX'), ...errorResponses } },
    handler: async (request, reply) => {
      const t = await backfill.template(request.query.format ?? 'csv');
      return reply.header('content-type', t.contentType).header('content-disposition', `attachment; filename="${t.filename}"`).send(t.bytes as never);
    },
  });

  // The upload lives in its own plugin so that its raw-bytes parsers and larger body limit apply to it alone.
  void app.register(async (scope: App) => {
    const upload = (declared: FileFormat | null) => (_request: FastifyRequest, body: Buffer, done: Done) => done(null, { format: declared ?? sniffFormat(body), bytes: body });
    for (const [type, format] of Object.entries(DECLARED)) scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, upload(format));
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (request: FastifyRequest, body: Buffer, done: Done) => {
      if (request.headers['content-type'] !== undefined) {
        done(new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the file as text/csv or ${XLSX}, not ${request.headers['content-type']}`));
        return;
      }
      upload(null)(request, body, done);
    });
    scope.post('/api/v1/incidents/:id/backfill/imports', {
      config: { access: 'incidents:write' },
      schema: {
        tags,
        summary: 'Import back-filled records from CSV (UTF-8 or GBK) or XLSX: all or nothing, every problem by line',
        consumes: ['text/csv', XLSX],
        params: IdParams,
        querystring: BackfillImportQuery,
        body: { description: 'the file itself' },
        response: { 200: BackfillImportResult, ...errorResponses, ...backfillImportErrors },
      },
      handler: async (request) => backfill.importFile(request.ctx, request.params.id, request.body, { dryRun: request.query.dryRun ?? false }),
    });
  });
}
