/** The device drawer's form values and the API bodies made of them (kept apart from the TSX so they can be tested). */
import dayjs, { type Dayjs } from 'dayjs';
import type { CreateDeviceRequest, Device, DeviceType, Subsystem, UpdateDeviceRequest } from '../../api/types';

export interface LabelRow {
  key: string;
  value: string;
}

export interface DeviceFormValues {
  code: string;
  name: string;
  type?: DeviceType;
  subsystem?: Subsystem;
  siteId?: string;
  model?: string;
  serial?: string;
  ip?: string;
  firmware?: string;
  installDate?: Dayjs | null;
  warrantyEnd?: Dayjs | null;
  upstreamId?: string | null;
  labels?: LabelRow[];
}

export const DEVICE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$/;
export const LABEL_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/;
export const DATE_FORMAT = 'YYYY-MM-DD';

const text = (value: string | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};
const date = (value: Dayjs | null | undefined): string | null => (value ? value.format(DATE_FORMAT) : null);

export function labelsToRows(labels: Record<string, string> | undefined): LabelRow[] {
  return Object.entries(labels ?? {}).map(([key, value]) => ({ key, value }));
}

export function rowsToLabels(rows: LabelRow[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows ?? []) {
    const key = row?.key?.trim();
    if (key) out[key] = row.value?.trim() ?? '';
  }
  return out;
}

export function toFormValues(device: Device | null): DeviceFormValues {
  if (!device) return { code: '', name: '', labels: [] };
  return {
    code: device.code,
    name: device.name,
    type: device.type as DeviceType,
    subsystem: device.subsystem as Subsystem,
    siteId: device.siteId,
    model: device.model ?? '',
    serial: device.serial ?? '',
    ip: device.ip ?? '',
    firmware: device.firmware ?? '',
    installDate: device.installDate ? dayjs(device.installDate) : null,
    warrantyEnd: device.warrantyEnd ? dayjs(device.warrantyEnd) : null,
    upstreamId: device.upstreamId,
    labels: labelsToRows(device.labels),
  };
}

/** Everything but the code: what both registration and a change send (empty text clears a field). */
export function toUpdateRequest(values: DeviceFormValues): UpdateDeviceRequest {
  return {
    name: values.name.trim(),
    type: values.type,
    subsystem: values.subsystem,
    siteId: values.siteId,
    model: text(values.model),
    serial: text(values.serial),
    ip: text(values.ip),
    firmware: text(values.firmware),
    installDate: date(values.installDate),
    warrantyEnd: date(values.warrantyEnd),
    upstreamId: values.upstreamId ?? null,
    labels: rowsToLabels(values.labels),
  };
}

export function toCreateRequest(values: DeviceFormValues): CreateDeviceRequest {
  const update = toUpdateRequest(values);
  if (!update.type || !update.subsystem || !update.siteId) throw new Error('type, subsystem and site are required');
  return { ...update, code: values.code.trim(), name: values.name.trim(), type: update.type, subsystem: update.subsystem, siteId: update.siteId };
}
