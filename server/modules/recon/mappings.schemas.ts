import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../http/schemas.ts';
import { LEDGER_FIELDS, SIGNATURE_MAX_CELL, SIGNATURE_MAX_CELLS } from './importers/index.ts';
import { MAPPABLE_SOURCES } from './mappings.ts';

/** Request and response schemas of saved column mappings (/api/v1/recon/column-mappings). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const UserRef = Type.Object({ id: Type.String(), name: Type.String() });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read: 409 COLUMN_MAPPING_CHANGED if it moved since' });

export const MappingName = Type.String({ minLength: 1, maxLength: 100, description: 'unique; what an import names with ?mapping=' });
const MappableSource = StringEnum(MAPPABLE_SOURCES, { description: 'the source it applies to: ledger (generic one-card and payment exports)' });
const ColumnRef = Type.Union([Type.Integer({ minimum: 0, maximum: SIGNATURE_MAX_CELLS - 1, description: '0-based column index' }), Type.String({ minLength: 1, maxLength: SIGNATURE_MAX_CELL, description: 'header name' })]);
/**
 * A Record rather than an object of known fields: the validator strips unknown properties of an object silently,
 * and an unknown field here must be refused (400 naming mapping.<field>), which the service does.
 */
const ColumnMappingSchema = Type.Record(Type.String({ minLength: 1, maxLength: 40 }), ColumnRef, {
  maxProperties: LEDGER_FIELDS.length + 1,
  description: `field → header name or 0-based column index; fields: ${LEDGER_FIELDS.join(', ')}; amount and txnTime required; amountUnit: yuan | fen`,
});
const Header = Type.Array(Type.String({ maxLength: SIGNATURE_MAX_CELL }), {
  minItems: 1,
  maxItems: SIGNATURE_MAX_CELLS,
  description: "the header cells of the file it is made for (a NEEDS_MAPPING finding's params.header); stored normalised as its signature",
});

export const ColumnMappingView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  source: MappableSource,
  mapping: ColumnMappingSchema,
  header: Type.Array(Type.String(), { description: 'the header signature: normalised cells (lower case, no spaces, underscores or dashes, ASCII brackets)' }),
  createdBy: Nullable(UserRef),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer(),
});
export const ColumnMappingList = Type.Object({ items: Type.Array(ColumnMappingView) });
export const ColumnMappingListQuery = Type.Object({ source: Type.Optional(MappableSource) });
export const CreateColumnMappingBody = Type.Object({ name: MappingName, source: MappableSource, mapping: ColumnMappingSchema, header: Header });
export const UpdateColumnMappingBody = Type.Object({
  version: Version,
  name: Type.Optional(MappingName),
  mapping: Type.Optional(ColumnMappingSchema),
  header: Type.Optional(Header),
});

export type ColumnMappingView = Static<typeof ColumnMappingView>;
export type ColumnMappingListQuery = Static<typeof ColumnMappingListQuery>;
export type CreateColumnMappingBody = Static<typeof CreateColumnMappingBody>;
export type UpdateColumnMappingBody = Static<typeof UpdateColumnMappingBody>;
