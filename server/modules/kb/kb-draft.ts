import type { IncidentKnowledge } from '../incidents/index.ts';
import { emptyLinks, type ArticleLinks } from './kb-model.ts';
import { BODY_LIMIT, TITLE_LIMIT } from './kb.schemas.ts';

/** Markdown-special characters at the start of a line would turn an engineer's text into headings or lists. */
const plain = (text: string) => text.replace(/\r\n?/g, '\n').trim();
const clip = (text: string, limit: number) => ([...text].length <= limit ? text : `${[...text].slice(0, limit - 1).join('')}…`);

/**
 * The draft an article starts as when it is written from a closed incident (SPEC C5.7: 现象、原因、处理、备件): the
 * symptom as reported, the cause category and root-cause analysis, the fix, and the spare parts used, in the
 * deployment's language (Chinese), with links to the incident, its problems, its device type and its alerts. The
 * author then edits it into an article; nothing is published without review.
 */
export function draftFromIncident(incident: IncidentKnowledge): { title: string; body: string; links: ArticleLinks } {
  const sections: string[] = [];
  sections.push(`> 由事件 ${incident.ref} 起草。`);
  sections.push(`## 现象\n\n${plain(incident.symptom) || '（事件未描述现象）'}`);
  const cause: string[] = [];
  if (incident.causeCategory) cause.push(`原因类别：${incident.causeCategory.nameZh}`);
  if (incident.rootCause) {
    cause.push(plain(incident.rootCause.summary));
    if (incident.rootCause.whys.length) cause.push(['五问（5 Whys）：', ...incident.rootCause.whys.map((w, i) => `${i + 1}. ${plain(w)}`)].join('\n'));
  }
  sections.push(`## 原因\n\n${cause.join('\n\n') || '（待补充）'}`);
  sections.push(`## 处理\n\n${plain(incident.fix ?? '') || '（待补充）'}`);
  if (incident.parts.length) {
    sections.push(`## 备件\n\n${incident.parts.map((p) => `- ${p.name}（${p.sku}）× ${p.quantity}${p.unit ? ` ${p.unit}` : ''}`).join('\n')}`);
  }
  const links = emptyLinks();
  links.incidents = [incident.id];
  links.problems = [...incident.problemIds];
  if (incident.deviceType) links.deviceTypes = [incident.deviceType];
  links.alertNames = incident.alertNames.slice(0, 30);
  if (incident.causeCategory) links.tags = [incident.causeCategory.nameZh.slice(0, 40)];
  return { title: clip(incident.title.trim(), TITLE_LIMIT), body: clip(sections.join('\n\n'), BODY_LIMIT), links };
}
