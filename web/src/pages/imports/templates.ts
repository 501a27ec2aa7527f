/**
 * CSV templates for the import page, made in the browser: Chinese headers the server recognises (see
 * server/modules/estate/imports.columns.ts), one example row, UTF-8 with a BOM so that Excel opens them correctly.
 */
import type { ImportKind } from '../../api/types';

export const TEMPLATE_HEADERS: Record<ImportKind, readonly string[]> = {
  sites: ['站点编号', '站点名称', '时区', '说明'],
  devices: ['设备编号', '设备名称', '站点编号', '设备类型', '子系统', '型号', '序列号', 'IP地址', '固件版本', '上级设备编号', '安装日期', '保修截止'],
};

export const TEMPLATE_EXAMPLES: Record<ImportKind, readonly (readonly string[])[]> = {
  sites: [['canteen-1', '第一食堂', 'Asia/Shanghai', '东区一号食堂，早 6:30 开门']],
  devices: [
    ['SW-C1-01', '第一食堂接入交换机', 'canteen-1', '交换机', '网络', 'S5735-L24T4S', 'SN20240301001', '10.1.1.2', 'V200R021', '', '2024-03-01', '2027-02-28'],
    ['POS-C1-001', '第一食堂1号消费机', 'canteen-1', '消费机', '消费', 'XF-3000', 'SN20240301017', '10.1.1.21', '2.4.1', 'SW-C1-01', '2024-03-01', '2027-02-28'],
  ],
};

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The template's text, starting with a byte-order mark. */
export function templateCsv(kind: ImportKind): string {
  return `\uFEFF${toCsv([TEMPLATE_HEADERS[kind], ...TEMPLATE_EXAMPLES[kind]])}`;
}
