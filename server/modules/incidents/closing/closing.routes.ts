import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { FaultRecord, RecordQuery, RootCauseBody, RootCauseResult, UsedParts, UsePartsBody } from './closing.schemas.ts';
import type { ClosingService } from './closing.service.ts';

/** Closing an incident: its root-cause analysis, the spare parts it used, and its fault record. */
export function closingRoutes(app: App, closing: ClosingService): void {
  const tags = ['incidents'];
  app.put('/api/v1/incidents/:id/root-cause', {
    config: { access: 'incidents:write' },
    schema: {
      tags,
      summary: "Record the root-cause analysis: the 5 whys, the fishbone (人机料法环测) and the root cause, against the incident's version",
      params: IdParams,
      body: RootCauseBody,
      response: { 200: RootCauseResult, ...errorResponses },
    },
    handler: async (request) => closing.setRootCause(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/incidents/:id/parts', {
    config: { access: 'incidents:write' },
    schema: {
      tags,
      summary: 'Book spare parts used on the incident out of stock, all or none (409 INSUFFICIENT_STOCK names the part)',
      params: IdParams,
      body: UsePartsBody,
      response: { 200: UsedParts, ...errorResponses },
    },
    handler: async (request) => closing.useParts(request.ctx, request.params.id, request.body),
  });
  app.get('/api/v1/incidents/:id/record', {
    config: { access: 'incidents:read' },
    schema: {
      tags,
      summary: 'The fault record (故障处理记录) in the contract’s format: JSON, or ?format=html for a printable page; personal fields masked',
      params: IdParams,
      querystring: RecordQuery,
      response: { 200: FaultRecord, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { record, html } = await closing.faultRecord(request.ctx, request.params.id, { unmasked: request.unmasked });
      if (request.query.format !== 'html') return record;
      // A string is sent as it is: no schema serialises or masks it (the service masked the page itself). The
      // declared 200 is the JSON record, which the masking hook needs; the page is the other media type.
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html as never);
    },
  });
}
