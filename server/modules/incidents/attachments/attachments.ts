/**
 * The attachments folder's surface for the incidents module (issue 11): the service and its routes. The module's
 * registration (incidents.module.ts) builds the service with the incidents service and registers the routes.
 */
export { attachmentRoutes } from './attachments.routes.ts';
export { createAttachmentsService, type AttachmentsService } from './attachments.service.ts';
