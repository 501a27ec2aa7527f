import { localPartsOf } from '../../calendar/index.ts';
import { FISHBONE_CATEGORIES, type FaultRecord, type FishboneCategory } from './closing.schemas.ts';

/**
 * The fault record as a printable page (故障处理记录, seed 003's 故障处理记录格式规范): one self-contained HTML
 * document — no scripts, no external styles, fonts or images — that prints on A4 as it shows. Every value is escaped:
 * titles, fixes and whys are typed by people, some of them by mail from outside.
 *
 * The sections follow what the seed says a record holds: 基本情况 (时间、地点、现象), 等级与影响范围, 处理过程 with
 * 责任人, 原因分析 (5Why, 鱼骨图), 处理措施, 备品备件, 处理结果, 客户确认. Instants are shown in the site's time zone.
 */
export function renderFaultRecordHtml(record: FaultRecord, timeZone: string): string {
  const when = (iso: string | null) => (iso ? localTime(Date.parse(iso), timeZone) : '—');
  const text = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : esc(value));
  const row = (label: string, value: string) => `<tr><th>${label}</th><td>${value}</td></tr>`;
  const table = (rows: string[]) => `<table class="fields">${rows.join('')}</table>`;
  const section = (title: string, body: string) => `<section><h2>${title}</h2>${body}</section>`;

  const basics = table([
    row('工单编号', esc(record.ref)),
    row('故障标题', esc(record.title)),
    row('发生时间', when(record.occurredAt)),
    row('发生地点', `${esc(record.site.name)}（${esc(record.site.code)}）`),
    row('故障设备', record.device ? `${esc(record.device.name)}（${esc(record.device.code)}，${esc(record.device.type)}）` : '—'),
    row('所属子系统', text(record.subsystem)),
    row('受理渠道', esc(SOURCE[record.source] ?? record.source)),
    row('报告人', text(record.reporterName)),
    row('联系电话', text(record.reporterPhone)),
    row('电子邮箱', text(record.reporterEmail)),
  ]);
  const symptom = `<p class="prose">${text(record.symptom)}</p>`;
  const grade = table([
    row('故障等级', esc(LEVEL[record.level] ?? String(record.level))),
    row('影响范围', esc(SCALE[record.impact] ?? record.impact)),
    row('紧急程度', esc(SCALE[record.urgency] ?? record.urgency)),
    row('重大事件', record.major ? '是' : '否'),
  ]);
  const handling = table([
    row('责任人', text(record.assignee?.name)),
    row('响应时间', when(record.respondedAt)),
    row('到场时间', when(record.arrivedAt)),
    row('解决时间', when(record.resolvedAt)),
    row('解决人', text(record.resolvedBy?.name)),
  ]);
  const cause = record.rootCause;
  const analysis = [
    table([
      row('原因分类', record.causeCategory ? `${esc(record.causeCategory.nameZh)}（${esc(record.causeCategory.code)}）` : '—'),
      row('根本原因', cause ? esc(cause.summary) : '—'),
    ]),
    cause ? `<h3>5Why 分析</h3><ol class="whys">${cause.whys.map((w) => `<li>${esc(w)}</li>`).join('')}</ol>` : '',
    cause
      ? `<h3>鱼骨图分析</h3><table class="fields">${FISHBONE_CATEGORIES.map((c) => row(BONE[c], cause.fishbone[c].length ? `<ul>${cause.fishbone[c].map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : '—')).join('')}</table>`
      : '',
  ].join('');
  const measures = `<p class="prose">${text(record.fix)}</p>`;
  const parts = record.parts.length
    ? `<table class="list"><thead><tr><th>备件编码</th><th>名称</th><th>仓库</th><th>数量</th><th>领用时间</th><th>领用人</th></tr></thead><tbody>${record.parts
        .map((p) => `<tr><td>${esc(p.sku)}</td><td>${esc(p.name)}</td><td>${esc(p.warehouse)}</td><td>${p.quantity} ${esc(p.unit)}</td><td>${when(p.at)}</td><td>${text(p.by)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>未使用备品备件</p>';
  const result = table([
    row('当前状态', esc(STATE[record.state] ?? record.state)),
    row('一次性解决', record.firstTimeFix === null ? '—' : record.firstTimeFix ? '是' : `否（重开 ${record.reopenCount} 次）`),
    ...record.sla.map((s) => row(`${CLOCK[s.clock] ?? esc(s.clock)}时效`, `${s.met === null ? '进行中' : s.met ? '达标' : '超时'}（时限 ${when(s.dueAt)}${s.stoppedAt ? `，完成 ${when(s.stoppedAt)}` : ''}）`)),
    row('事后复盘', text(record.review)),
  ]);
  const confirmation = table([
    row('客户确认时间', when(record.confirmedAt)),
    row('满意度评分', record.satisfaction === null ? '—' : `${record.satisfaction} / 5`),
    row('关闭时间', when(record.closedAt)),
  ]);
  const problems = record.problems.length
    ? `<ul>${record.problems.map((p) => `<li>${esc(p.ref)} ${esc(p.title)}（${esc(PROBLEM_STATE[p.state] ?? p.state)}）</li>`).join('')}</ul>`
    : '<p>无</p>';

  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>故障处理记录 ${esc(record.ref)}</title>
<style>${CSS}</style></head>
<body><main>
<header><h1>故障处理记录</h1><p class="meta">工单编号 ${esc(record.ref)} · 生成时间 ${when(record.generatedAt)}（${esc(timeZone)}）</p></header>
${section('一、基本情况', basics)}
${section('二、故障现象', symptom)}
${section('三、故障等级与影响范围', grade)}
${section('四、处理过程', handling)}
${section('五、原因分析', analysis)}
${section('六、处理措施', measures)}
${section('七、备品备件使用', parts)}
${section('八、处理结果', result)}
${section('九、客户确认', confirmation)}
${section('十、关联问题记录', problems)}
<footer class="signatures"><div>处理人签字：</div><div>客户确认签字：</div><div>日期：</div></footer>
</main></body></html>
`;
}

/** Text as HTML text or attribute value: the five characters that can open markup or end a quoted attribute. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const pad = (n: number) => String(n).padStart(2, '0');
function localTime(ms: number, zone: string): string {
  const p = localPartsOf(ms, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

const LEVEL: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级' };
const SCALE: Record<string, string> = { high: '高', medium: '中', low: '低' };
const SOURCE: Record<string, string> = { alert: '监控告警', form: '在线报修', phone: '服务热线', email: '电子邮件', api: '系统接口' };
const STATE: Record<string, string> = { new: '新建', assigned: '已派单', acknowledged: '已响应', in_progress: '处理中', waiting: '等待中', resolved: '已解决', confirmed: '客户已确认', closed: '已关闭' };
const CLOCK: Record<string, string> = { respond: '响应', on_site: '到场', resolve: '解决' };
const PROBLEM_STATE: Record<string, string> = { open: '调查中', known_error: '已知错误', resolved: '已解决', closed: '已关闭' };
const BONE: Record<FishboneCategory, string> = { man: '人员', machine: '设备', material: '材料', method: '方法', environment: '环境', measurement: '测量' };

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#111;background:#fff}
main{max-width:190mm;margin:0 auto;padding:12mm 0}
h1{font-size:22px;text-align:center;margin:0 0 4px;letter-spacing:4px}
h2{font-size:15px;margin:14px 0 6px;padding-bottom:2px;border-bottom:1px solid #333}
h3{font-size:14px;margin:8px 0 4px}
.meta{text-align:center;color:#444;margin:0 0 8px}
table{width:100%;border-collapse:collapse}
th,td{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}
.fields th{width:28%;background:#f3f3f3;font-weight:600}
.list th{background:#f3f3f3}
ul,ol{margin:0;padding-left:20px}
.prose{white-space:pre-wrap;margin:0;border:1px solid #999;padding:6px 8px;min-height:3em}
.signatures{display:flex;justify-content:space-between;margin-top:28px}
.signatures div{width:32%;border-bottom:1px solid #333;padding-bottom:20px}
@page{size:A4;margin:15mm}
@media print{main{max-width:none;padding:0}section,tr{break-inside:avoid}h2{break-after:avoid}}
`;
