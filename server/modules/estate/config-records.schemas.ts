import { Type } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, Page, StringEnum } from '../../http/schemas.ts';

const Format = StringEnum(['json', 'text'] as const, { description: 'json is stored pretty-printed with sorted keys so that diffs are stable' });

export const ConfigVersion = Type.Object({
  version: Type.Integer(),
  format: Type.String(),
  reason: Type.String(),
  changeRef: Type.Union([Type.String(), Type.Null()], { description: 'the incident or change request this change belongs to' }),
  author: Type.String(),
  createdAt: IsoDateTime,
});

export const ConfigVersionPage = Page(ConfigVersion);

export const ConfigRecord = Type.Composite([ConfigVersion, Type.Object({ content: Type.String() })]);

export const ConfigListQuery = ListQuery();

/** A version number as asked for: the column is a 32-bit integer, so a larger number is a 400, not a database error. */
const VersionNumber = (options: { description?: string } = {}) => Type.Integer({ ...options, minimum: 1, maximum: 2_147_483_647 });

export const ConfigVersionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), version: VersionNumber() });

export const CreateConfigBody = Type.Object(
  {
    format: Format,
    // Characters, not bytes: the service checks the 256 KiB in UTF-8 after normalising.
    content: Type.String({ maxLength: 262_144 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    changeRef: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ConfigDiffQuery = Type.Object({
  from: Type.Optional(VersionNumber({ description: 'default: the version before `to`' })),
  to: Type.Optional(VersionNumber({ description: 'default: the newest version' })),
});

export const ConfigDiff = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  hunks: Type.Array(
    Type.Object({
      oldStart: Type.Integer(),
      oldLines: Type.Integer(),
      newStart: Type.Integer(),
      newLines: Type.Integer(),
      lines: Type.Array(Type.String(), { description: 'each line prefixed with " ", "-" or "+"' }),
    }),
  ),
  patch: Type.String({ description: 'unified diff text' }),
});
