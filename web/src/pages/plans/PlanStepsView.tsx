import { Flex, List, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks/useLocale';
import type { PlanDocument, StepCheck } from './planApi';
import { inLocale, roleName, stepsByPhase } from './planText';

/** What opsdesk verifies for a step, in words ("every gate at the site online"). */
export function checkText(t: TFunction, check: StepCheck): string {
  switch (check.kind) {
    case 'device-online':
      return t('planLibrary.checkText.device-online', { device: check.device });
    case 'devices-online':
      return t('planLibrary.checkText.devices-online', { deviceType: t(`deviceType.${check.deviceType}`, { defaultValue: check.deviceType }) });
    case 'alert-resolved':
      return check.rule ? t('planLibrary.checkText.alert-resolved-rule', { rule: check.rule }) : t('planLibrary.checkText.alert-resolved');
  }
}

/** The steps grouped by phase (response, fallback, recovery, verification), numbered in the plan's order. */
export function PlanStepsView({ doc }: { doc: PlanDocument }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Flex vertical gap={12} data-testid="plan-view-steps">
      {stepsByPhase(doc).map((group) => (
        <div key={group.phase} data-testid={`plan-view-phase-${group.phase}`}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t(`planLibrary.phase.${group.phase}`)}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={group.steps}
            renderItem={({ number, step, backfill }) => (
              <List.Item key={step.key} data-testid={`plan-view-step-${step.key}`}>
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Flex gap={8} wrap align="baseline">
                    <Typography.Text strong>
                      {number}. {inLocale(step.title, locale)}
                    </Typography.Text>
                    <Tag>{roleName(doc, step.role, locale)}</Tag>
                    <Typography.Text type="secondary">{t('planLibrary.expectedMinutes', { count: step.expectedMinutes })}</Typography.Text>
                    {backfill ? <Tag color="purple">{t('planLibrary.backfillStep')}</Tag> : null}
                  </Flex>
                  {step.detail ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{inLocale(step.detail, locale)}</Typography.Text> : null}
                  {step.check ? (
                    <Typography.Text type="success" data-testid={`plan-view-check-${step.key}`}>
                      ✓ {checkText(t, step.check)}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </List.Item>
            )}
          />
        </div>
      ))}
    </Flex>
  );
}
