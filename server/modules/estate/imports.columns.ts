import { fieldProblem, type FieldProblem, type ProblemCode, type ProblemParamsArg } from '../../field-problems.ts';
import type { DeviceType, Subsystem } from './catalog.ts';
import type { SheetRow } from './imports.read.ts';

/**
 * Which column holds which field, found by header name. Sheets come from people and from other systems, in English
 * or Chinese, with "Install Date", "install_date" or "安装日期"; headers are compared without case, spaces, _ - ( ) or
 * a trailing * (the "required" mark some templates carry). Columns nobody asked for are ignored.
 */
export interface ColumnSpec<F extends string> {
  field: F;
  aliases: readonly string[];
  required?: boolean;
}

export type DeviceColumn = 'code' | 'name' | 'site' | 'type' | 'subsystem' | 'model' | 'serial' | 'ip' | 'firmware' | 'upstream' | 'installDate' | 'warrantyEnd';
export type SiteColumn = 'code' | 'name' | 'timezone' | 'description';

export const DEVICE_COLUMNS: readonly ColumnSpec<DeviceColumn>[] = [
  { field: 'code', aliases: ['code', 'devicecode', '编号', '设备编号', '设备编码', '设备代码'], required: true },
  { field: 'name', aliases: ['name', 'devicename', '名称', '设备名称'], required: true },
  { field: 'site', aliases: ['site', 'sitecode', '站点', '站点编号', '站点代码', '所属站点'], required: true },
  { field: 'type', aliases: ['type', 'devicetype', '类型', '设备类型'], required: true },
  { field: 'subsystem', aliases: ['subsystem', '子系统', '所属子系统'], required: true },
  { field: 'model', aliases: ['model', '型号', '设备型号'] },
  { field: 'serial', aliases: ['serial', 'serialnumber', 'sn', '序列号', '设备序列号'] },
  { field: 'ip', aliases: ['ip', 'ipaddress', 'ip地址', '地址'] },
  { field: 'firmware', aliases: ['firmware', 'firmwareversion', '固件', '固件版本'] },
  { field: 'upstream', aliases: ['upstream', 'upstreamcode', '上级设备', '上联设备', '上级设备编号', '上联设备编号'] },
  { field: 'installDate', aliases: ['installdate', 'installed', '安装日期', '安装时间'] },
  { field: 'warrantyEnd', aliases: ['warrantyend', 'warranty', '保修截止', '保修截止日期', '保修到期', '保修到期日'] },
];

export const SITE_COLUMNS: readonly ColumnSpec<SiteColumn>[] = [
  { field: 'code', aliases: ['code', 'sitecode', '编号', '站点编号', '站点代码', '代码'], required: true },
  { field: 'name', aliases: ['name', 'sitename', '名称', '站点名称'], required: true },
  { field: 'timezone', aliases: ['timezone', 'tz', '时区'] },
  { field: 'description', aliases: ['description', 'desc', '说明', '描述', '备注'] },
];

export const normalizeHeader = (text: string): string => text.toLowerCase().replace(/[\s_\-()（）*＊]/g, '');

/** A problem on one line of an import file: a field problem (field-problems.ts) with its line. */
export interface ImportProblem extends FieldProblem {
  line: number;
}

export interface ColumnMap<F extends string> {
  /** field → column index; a field without a column is absent from the file */
  index: Map<F, number>;
  problems: ImportProblem[];
}

export function mapColumns<F extends string>(header: SheetRow, specs: readonly ColumnSpec<F>[]): ColumnMap<F> {
  const byAlias = new Map<string, F>();
  for (const spec of specs) for (const alias of spec.aliases) byAlias.set(normalizeHeader(alias), spec.field);
  const index = new Map<F, number>();
  const problems: ImportProblem[] = [];
  header.cells.forEach((cell, i) => {
    const field = byAlias.get(normalizeHeader(cell));
    if (field === undefined) return;
    if (index.has(field)) problems.push(problem(header, field, 'columnRepeated', { field, first: header.cells[index.get(field)!]!, second: cell }));
    else index.set(field, i);
  });
  for (const spec of specs) {
    if (spec.required && !index.has(spec.field)) {
      const chinese = spec.aliases.find((a) => /\p{Script=Han}/u.test(a));
      problems.push(problem(header, spec.field, 'columnMissing', { field: spec.field, label: chinese ?? '' }));
    }
  }
  return { index, problems };
}

/** A row's value for a field: undefined when the file has no such column, '' when the cell is empty. */
export function cellOf<F extends string>(row: SheetRow, columns: ColumnMap<F>, field: F): string | undefined {
  const i = columns.index.get(field);
  return i === undefined ? undefined : (row.cells[i] ?? '');
}

/**
 * Cells that can never be stored: text holding U+0000 (PostgreSQL refuses it outright). They are refused before any
 * row is looked up, since even the look-up by code would fail.
 */
export function unstorableCells<F extends string>(rows: readonly SheetRow[], columns: ColumnMap<F>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    for (const [field, i] of columns.index) if (row.cells[i]?.includes('\u0000')) problems.push(problem(row, field, 'nulCharacter'));
  }
  return problems;
}

/** Words people write in a type or subsystem column, mapped to catalogue codes. */
const TYPE_WORDS: Record<string, DeviceType> = {
  pos机: 'pos', 消费机: 'pos', 消费终端: 'pos', 收费机: 'pos',
  自助机: 'kiosk', 自助终端: 'kiosk', 自助缴费机: 'kiosk', 自助服务机: 'kiosk',
  圈存机: 'recharge_kiosk', 充值机: 'recharge_kiosk', 圈存终端: 'recharge_kiosk',
  闸机: 'gate', 检票闸机: 'gate', 手持机: 'handheld', 手持检票机: 'handheld',
  门禁: 'door', 门禁控制器: 'door', 门禁机: 'door', 水控: 'water', 水控器: 'water', 水控机: 'water',
  售票机: 'ticket_pc', 售票电脑: 'ticket_pc', 票务电脑: 'ticket_pc', 售票pc: 'ticket_pc',
  ups: 'ups', 不间断电源: 'ups', 交换机: 'switch', 路由器: 'router', '4g路由器': 'router_4g', '4g备份路由器': 'router_4g',
  服务器: 'server', 数据库: 'database', 数据库服务器: 'database', 其他: 'other', 其它: 'other',
};

const SUBSYSTEM_WORDS: Record<string, Subsystem> = {
  消费: 'consumption', 充值: 'recharge', 圈存: 'recharge', '充值/圈存': 'recharge', 门禁: 'access', 水控: 'water', 票务: 'ticketing',
  自助缴费: 'selfpay', 自助: 'selfpay', 核心: 'core', 核心服务器: 'core', 核心服务: 'core', 网络: 'network',
};

/** A type cell as a catalogue code when it names one (in any case, or in Chinese); otherwise as written, for the error. */
export const typeCode = (text: string): string => TYPE_WORDS[normalizeHeader(text)] ?? text.toLowerCase();
export const subsystemCode = (text: string): string => SUBSYSTEM_WORDS[text.replace(/\s/g, '')] ?? text.toLowerCase();

/** Dates as people type them (2024/3/5, 2024.03.05) written as YYYY-MM-DD; anything else is left for the check to refuse. */
export function dateCell(text: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
}

export const problem = <C extends ProblemCode>(row: SheetRow, field: string, code: C, ...params: ProblemParamsArg<C>): ImportProblem => ({
  line: row.line,
  ...fieldProblem(field, code, ...params),
});

/** Flags every repeat of a code in the file, naming the line it first appeared on. */
export function duplicateProblems(rows: readonly { row: SheetRow; code: string }[]): ImportProblem[] {
  const first = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const { row, code } of rows) {
    if (code === '') continue;
    const seen = first.get(code);
    if (seen !== undefined) problems.push(problem(row, 'code', 'codeRepeated', { code, line: seen }));
    else first.set(code, row.line);
  }
  return problems;
}
