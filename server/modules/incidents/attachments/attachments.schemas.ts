import { Type, type Static } from '@sinclair/typebox';
import { DocumentedBody } from '../../../http/documented-body.ts';
import { TextBody } from '../../../http/schemas.ts';
import { AttachmentView as AttachmentViewSchema } from '../incidents.schemas.ts';

export const AttachmentView = AttachmentViewSchema;
export type AttachmentView = Static<typeof AttachmentView>;

export const UploadQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255, description: 'the file’s name as the uploader sees it (UTF-8); path parts and control characters are removed' }),
});

export const AttachmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), attachmentId: Type.String({ minLength: 1, maxLength: 64 }) });

/** The raw file: any media type; the declared one is kept when it is a plain type/subtype. */
export const UploadBody = DocumentedBody('The file itself, as the raw body (not a form). Its Content-Type is kept when it is a plain type/subtype, else application/octet-stream.', {
  'application/octet-stream': Type.String({ format: 'binary' }),
  '*/*': Type.String({ format: 'binary' }),
});

export const AttachmentBytes = TextBody('application/octet-stream', 'The file, as an attachment (Content-Disposition with its UTF-8 name); never served inline');
