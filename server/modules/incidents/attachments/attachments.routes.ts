import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { PayloadTooLargeError } from '../../../errors.ts';
import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { downloadHeaders } from './attachment-store.ts';
import { AttachmentBytes, AttachmentParams, AttachmentView, UploadBody, UploadQuery } from './attachments.schemas.ts';
import type { AttachmentsService } from './attachments.service.ts';

/**
 * An incident's attachments: the upload takes the raw file as the body (any Content-Type, nothing buffered: the
 * service streams it within the limit), the download streams it back one chunk at a time. The routes live in their
 * own plugin so that its catch-all content-type parser applies to them alone.
 */
export function attachmentRoutes(app: App, service: AttachmentsService): void {
  const tags = ['incidents'];
  const limit = service.maxBytes;

  void app.register(async (scope: App) => {
    // Every declared type (JSON and text too) is a file here: the parser hands the stream over unread. Fastify applies
    // the body limit only to the bodies it reads itself, so a declared length is checked here and the rest as it streams.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', async (request: FastifyRequest, payload: Readable) => {
      const declared = Number(request.headers['content-length']);
      if (declared > limit) throw new PayloadTooLargeError(`The file is larger than ${limit} bytes, the limit for one attachment`, 'ATTACHMENT_TOO_LARGE');
      return payload;
    });

    scope.post('/api/v1/incidents/:id/attachments', {
      bodyLimit: limit,
      config: { access: 'incidents:read' },
      schema: {
        tags,
        summary: 'Attach a file to the incident (engineers, dispatchers, and the client on their own sites): the raw file as the body, its name in ?filename=',
        description: `One file up to ${limit} bytes (OPSDESK_ATTACHMENT_MAX_BYTES; 413 ATTACHMENT_TOO_LARGE past it, nothing kept). It appears on the timeline and in the incident's attachments.`,
        params: IdParams,
        querystring: UploadQuery,
        body: UploadBody,
        response: { 200: AttachmentView, ...errorResponses },
      },
      handler: async (request) => {
        const contentType = request.headers['content-type'] ?? null;
        return service.upload(request.ctx, request.params.id, { filename: request.query.filename, contentType }, request.body as Readable);
      },
    });

    scope.get('/api/v1/incidents/:id/attachments/:attachmentId', {
      config: { access: 'incidents:read' },
      schema: {
        tags,
        summary: 'Download an attachment: as a file (Content-Disposition: attachment with its UTF-8 name), never shown inline',
        params: AttachmentParams,
        response: { 200: AttachmentBytes, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { meta, stream } = await service.download(request.ctx, request.params.id, request.params.attachmentId);
        // a stream is sent as it is read, not serialised: the response schema only documents the body
        return reply.headers(downloadHeaders(meta)).send(stream as never);
      },
    });
  });
}
