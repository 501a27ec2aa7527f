/**
 * The personal-data module's public surface: masking (SPEC §6) — the masks, the schema markers that say which
 * response fields and telemetry payloads hold personal data, and the masker the HTTP layer applies.
 */
export { MASKS, type PersonalKind } from './mask.ts';
export { compileMasker, NullablePersonalString, PERSONAL_KEYWORD, PersonalLabelMap, PersonalString, TelemetryEventObject } from './personal.schemas.ts';
export { maskTelemetryEvent } from './telemetry-mask.ts';
