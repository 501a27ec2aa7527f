import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { sniffFormat, type FileFormat, type UploadedFile } from './imports.read.ts';
import { ImportFile, ImportQuery, ImportResult, importErrorResponses } from './imports.schemas.ts';
import type { ImportsService } from './imports.service.ts';

const tags = ['imports'];

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An import file may be larger than any JSON request; only these two routes accept it. */
const IMPORT_BODY_LIMIT = 10 * 1_048_576;

/** What the body of an upload is read as, by its declared type; null: decided from the bytes. */
const DECLARED: Record<string, FileFormat | null> = {
  'text/csv': 'csv',
  'text/plain': 'csv',
  'application/csv': 'csv',
  [XLSX_MEDIA_TYPE]: 'xlsx',
  // Windows gives .csv files this type when Excel is installed, and it also names old .xls files.
  'application/vnd.ms-excel': null,
  'application/octet-stream': null,
};

const upload =
  (declared: FileFormat | null) =>
  (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: UploadedFile) => void) =>
    done(null, { format: declared ?? sniffFormat(body), bytes: body });

/**
 * Bulk import of sites and devices (SPEC C1.1). The routes live in their own plugin so that their content-type
 * parsers — raw bytes, up to 10 MiB — apply to them alone; every other route keeps JSON and the global body limit.
 */
export function importsRoutes(app: App, deps: { imports: ImportsService }) {
  const { imports } = deps;

  void app.register(async (scope: App) => {
    for (const [type, format] of Object.entries(DECLARED)) scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, upload(format));
    // No Content-Type at all (curl --data-binary, a bare fetch): the bytes decide. Any other type (a form upload) is refused.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: UploadedFile) => void) => {
      if (request.headers['content-type'] !== undefined) {
        done(new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the file as text/csv or ${XLSX_MEDIA_TYPE}, not ${request.headers['content-type']}`));
        return;
      }
      upload(null)(request, body, done);
    });

    const schema = (summary: string) => ({
      tags,
      summary,
      consumes: ['text/csv', XLSX_MEDIA_TYPE],
      querystring: ImportQuery,
      body: ImportFile,
      response: { 200: ImportResult, ...errorResponses, ...importErrorResponses },
    });

    scope.post('/api/v1/imports/sites', {
      config: { access: 'sites:write' },
      schema: schema('Import sites from CSV or XLSX (code, name, timezone, description; existing codes are updated)'),
      handler: async (request) => imports.importSites(request.ctx, request.body, { dryRun: request.query.dryRun ?? false }),
    });

    scope.post('/api/v1/imports/devices', {
      config: { access: 'estate:write' },
      schema: schema('Import devices from CSV or XLSX (columns by English or Chinese header; existing codes are updated)'),
      handler: async (request) => imports.importDevices(request.ctx, request.body, { dryRun: request.query.dryRun ?? false }),
    });
  });
}
