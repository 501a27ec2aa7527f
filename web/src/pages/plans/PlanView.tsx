import { Card, Descriptions, Flex, List, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks/useLocale';
import type { PlanDocument } from './planApi';
import { inLocale } from './planText';
import { PlanStepsView } from './PlanStepsView';
import { CategoryTag } from './PlanTags';

function Tags({ values, label }: { values: readonly (string | number)[]; label?: (v: string) => string }) {
  const { t } = useTranslation();
  if (values.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {values.map((v) => (
        <Tag key={String(v)}>{label ? label(String(v)) : v}</Tag>
      ))}
    </Space>
  );
}

const Section = ({ title, children, testId }: { title: string; children: ReactNode; testId: string }) => (
  <Card size="small" title={title} data-testid={testId}>
    {children}
  </Card>
);

/**
 * One version of a plan as the people working an incident read it, in their language (English where the plan has
 * it): scenario, scope and impact, what suggests it, roles, the steps by phase, fallbacks with what they record and
 * which step brings the records back, the messages, prevention and where it was drawn from.
 */
export function PlanView({ doc }: { doc: PlanDocument }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const text = (v: Parameters<typeof inLocale>[0]) => inLocale(v, locale);
  const stepTitle = (key: string) => {
    const step = doc.steps.find((s) => s.key === key);
    return step ? text(step.title) : key;
  };
  const { trigger } = doc;
  return (
    <Flex vertical gap={16} data-testid="plan-view">
      <Section title={t('planLibrary.section.basics')} testId="plan-view-basics">
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('planLibrary.field.title')}>
            <span data-testid="plan-view-title">{text(doc.title)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.category')}>
            <CategoryTag category={doc.category} />
          </Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.scope')}>{text(doc.scope)}</Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.impact')}>{text(doc.impact)}</Descriptions.Item>
        </Descriptions>
      </Section>
      <Section title={t('planLibrary.section.trigger')} testId="plan-view-trigger">
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('planLibrary.field.alertRules')}>
            <Tags values={trigger.alertRules} />
          </Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.alertTypes')}>
            <Tags values={trigger.alertTypes} />
          </Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.subsystems')}>
            <Tags values={trigger.subsystems} label={(v) => t(`subsystem.${v}`, { defaultValue: v })} />
          </Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.deviceTypes')}>
            <Tags values={trigger.deviceTypes} label={(v) => t(`deviceType.${v}`, { defaultValue: v })} />
          </Descriptions.Item>
          <Descriptions.Item label={t('planLibrary.field.levels')}>
            {trigger.levels.length ? <Tags values={trigger.levels} label={(v) => t('planLibrary.level', { level: v })} /> : t('planLibrary.allLevels')}
          </Descriptions.Item>
        </Descriptions>
      </Section>
      <Section title={t('planLibrary.section.roles')} testId="plan-view-roles">
        <List
          size="small"
          dataSource={doc.roles}
          renderItem={(role) => (
            <List.Item key={role.key}>
              <span>
                <Typography.Text strong>{text(role.name)}</Typography.Text>
                {role.duties ? <Typography.Text type="secondary">：{text(role.duties)}</Typography.Text> : null}
              </span>
            </List.Item>
          )}
        />
      </Section>
      <Section title={t('planLibrary.section.steps')} testId="plan-view-steps-card">
        <PlanStepsView doc={doc} />
      </Section>
      {doc.fallbacks.length ? (
        <Section title={t('planLibrary.section.fallbacks')} testId="plan-view-fallbacks">
          <List
            size="small"
            dataSource={doc.fallbacks}
            renderItem={(f) => (
              <List.Item key={f.key}>
                <Flex vertical gap={4}>
                  <Typography.Text strong>{text(f.title)}</Typography.Text>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text(f.procedure)}</Typography.Text>
                  {f.records.length ? (
                    <Space size={[4, 4]} wrap>
                      <Typography.Text type="secondary">{t('planLibrary.field.records')}:</Typography.Text>
                      <Tags values={f.records} label={(v) => t(`planLibrary.record.${v}`, { defaultValue: v })} />
                      {f.backfillStep ? (
                        <Typography.Text type="secondary">
                          {t('planLibrary.backfillBy', { step: stepTitle(f.backfillStep) })}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  ) : null}
                </Flex>
              </List.Item>
            )}
          />
        </Section>
      ) : null}
      {doc.communications.length ? (
        <Section title={t('planLibrary.section.communications')} testId="plan-view-communications">
          <List
            size="small"
            dataSource={doc.communications}
            renderItem={(c) => (
              <List.Item key={c.key}>
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Flex gap={8} wrap>
                    <Tag color="geekblue">{t(`planLibrary.audience.${c.audience}`, { defaultValue: c.audience })}</Tag>
                    <Typography.Text strong>{text(c.subject)}</Typography.Text>
                  </Flex>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text(c.body)}</Typography.Paragraph>
                </Flex>
              </List.Item>
            )}
          />
        </Section>
      ) : null}
      {doc.prevention.length ? (
        <Section title={t('planLibrary.section.prevention')} testId="plan-view-prevention">
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {doc.prevention.map((p, i) => (
              <li key={i}>{text(p)}</li>
            ))}
          </ul>
        </Section>
      ) : null}
      {doc.source ? (
        <Typography.Text type="secondary" data-testid="plan-view-source">
          {t('planLibrary.sourceLine', { document: doc.source.document, section: doc.source.section })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
