import type { CommunicationTemplate, LocalText, PlanRole } from '../plan-document.ts';

/**
 * What the shipped plans share: the text helper, the roles the seeds name (each plan lists the ones it uses) and the
 * three standard messages (client, public notice, staff), worded per plan.
 */

/** A text in both languages: every shipped text has its English. */
export type Bilingual = { zh: string; en: string };
export const t = (zh: string, en: string): Bilingual => ({ zh, en });

/** The seed documents the plans are drawn from (/work/shared/seeds). */
export const SEEDS = {
  ticketing: '000_6b848005923d8cb8.txt 应急服务响应措施（景区票务）',
  selfpay: '002_4c1ca978bd07972c.txt 自助缴费应急方案制定',
  onecard: '003_cba570767dec6b00.txt 一卡通维保服务投标方案 第一章第一节 应急系统处理方案',
} as const;

type RoleKey = 'commander' | 'onsite-engineer' | 'finance' | 'communications' | 'leader-on-duty' | 'ticket-staff' | 'security-staff' | 'customer-service' | 'tech-expert' | 'security-officer';

const ROLE_NAMES: Record<RoleKey, LocalText> = {
  // 000 1.3: problems are reported to the responsible person at each level (各级负责人), who coordinates resources.
  commander: t('应急负责人', 'Incident commander'),
  // 000: 系统维护人员 / 上门服务人员; 003: 驻场运维工程师; 002: 运维人员.
  'onsite-engineer': t('现场运维工程师', 'On-site engineer'),
  // back-filled takings and counter payments are checked against the books (SPEC C6.2, C7).
  finance: t('财务对账人员', 'Finance'),
  // 003: 沟通协调人员 informs the purchaser and users and coordinates departments.
  communications: t('沟通协调人员', 'Communications'),
  // 000 1.14: 领导带班 on holidays and big events.
  'leader-on-duty': t('带班领导', 'Leader on duty'),
  // 000: 售检票工作人员.
  'ticket-staff': t('售检票人员', 'Ticket office staff'),
  // 000 1.14: 公安、保安、执勤人员.
  'security-staff': t('安保执勤人员', 'Security and traffic staff'),
  // 002: 客服人员 and the people at the temporary manual service point.
  'customer-service': t('客服与现场服务人员', 'Customer service'),
  // 003: 技术专家 joins complex faults (会诊).
  'tech-expert': t('技术专家', 'Technical expert'),
  // SPEC §1: reviews login and transaction anomalies, freezes and unfreezes accounts.
  'security-officer': t('安全管理员', 'Security officer'),
};

/** The plan's roles, with what each does in it. */
export const roles = (duties: Partial<Record<RoleKey, LocalText>>): PlanRole[] =>
  (Object.entries(duties) as [RoleKey, LocalText][]).map(([key, text]) => ({ key, name: ROLE_NAMES[key], duties: text }));

/** "Ticket PC failure" → "ticket PC failure", inside a sentence. */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** How a plan names its fault in the messages: the fault, and what the public should do meanwhile. */
export interface MessageWords {
  fault: Bilingual;
  publicAdvice: Bilingual;
}

/**
 * The three messages every plan sends (000 1.3: report to the responsible people; 002 三(三): tell users the system's
 * state and the alternatives; 003: tell the purchaser and users the time, symptoms and scope, then the progress and
 * the expected recovery time). Both languages use the same placeholders.
 */
export function messages({ fault, publicAdvice }: MessageWords): CommunicationTemplate[] {
  return [
    {
      key: 'client-notice',
      audience: 'client',
      subject: t(`【{{level}}级】${fault.zh}：{{incidentTitle}}（{{incidentNumber}}）`, `[Level {{level}}] ${fault.en}: {{incidentTitle}} ({{incidentNumber}})`),
      body: t(
        `{{site}}于{{startedAt}}发生${fault.zh}（{{device}}）。影响：{{impact}}。已启动《{{planTitle}}》，临时措施：{{workaround}}。预计恢复时间：{{expectedRecovery}}。应急负责人：{{commander}}，应急电话：{{hotline}}。我们将持续通报处理进展。（{{updatedAt}}）`,
        `${fault.en} at {{site}} since {{startedAt}} ({{device}}). Impact: {{impact}}. We have started the plan "{{planTitle}}"; meanwhile: {{workaround}}. Expected recovery: {{expectedRecovery}}. Incident commander: {{commander}}, emergency line {{hotline}}. We will keep you informed of progress. ({{updatedAt}})`,
      ),
    },
    {
      key: 'public-notice',
      audience: 'public',
      subject: t(`{{site}}${fault.zh}公告`, `Notice: ${fault.en} at {{site}}`),
      body: t(
        `因${fault.zh}，{{impact}}。${publicAdvice.zh}替代方式：{{workaround}}。预计恢复时间：{{expectedRecovery}}。给您带来不便，敬请谅解。咨询电话：{{hotline}}。（{{updatedAt}}）`,
        `Because of the ${lowerFirst(fault.en)}, {{impact}}. ${publicAdvice.en} Instead: {{workaround}}. Expected recovery: {{expectedRecovery}}. We apologise for the inconvenience. Enquiries: {{hotline}}. ({{updatedAt}})`,
      ),
    },
    {
      key: 'staff-briefing',
      audience: 'staff',
      subject: t(`【应急】《{{planTitle}}》已启动 {{incidentNumber}}`, `[Emergency] "{{planTitle}}" started, {{incidentNumber}}`),
      body: t(
        `{{site}} {{device}} ${fault.zh}，{{startedAt}}开始，{{level}}级。请按预案分工立即到岗，听从应急负责人{{commander}}指挥。临时措施：{{workaround}}。`,
        `${fault.en} at {{site}}, {{device}}, since {{startedAt}}, level {{level}}. Take up your role in the plan now; the incident commander is {{commander}}. Meanwhile: {{workaround}}.`,
      ),
    },
  ];
}
