import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../../http/schemas.ts';

export const ImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'check every row and report, write nothing' })),
});

/** The raw file is the body; the content-type parsers hand it on as bytes, so the schema only documents it. */
export const ImportFile = Type.Unsafe<unknown>({ description: 'the file itself: CSV (UTF-8, with or without BOM, or GBK) or an XLSX workbook (first worksheet)' });

export const ImportProblem = Type.Object({
  line: Type.Integer({ description: 'the line (CSV) or row (XLSX) as a person counts it; the header is line 1' }),
  field: Type.Optional(Type.String()),
  code: Type.String({ description: 'what is wrong, for translation: required, maxLength, enum, unknownSite, upstreamLoop…' }),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'the values the code speaks of' })),
  message: Type.String({ description: 'the same in English' }),
});

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(),
  total: Type.Integer({ description: 'data rows in the file' }),
  imported: Type.Integer({ description: 'rows written (on a dry run: that would be); 0 when the file has problems' }),
  created: Type.Integer(),
  updated: Type.Integer({ description: 'rows whose code existed: updated rather than refused' }),
  errors: Type.Array(ImportProblem, { description: 'the first 1000 problems, by line' }),
  errorCount: Type.Integer(),
});

export const importErrorResponses = {
  413: Type.Ref(ErrorResponse, { description: 'PAYLOAD_TOO_LARGE (over 10 MiB) or IMPORT_TOO_LARGE (over 20,000 rows)' }),
  415: Type.Ref(ErrorResponse, { description: 'UNSUPPORTED_MEDIA_TYPE: send text/csv or an XLSX workbook' }),
  422: Type.Ref(ErrorResponse, { description: 'IMPORT_REJECTED: some rows have problems; nothing was imported; details is the ImportResult' }),
} as const;
