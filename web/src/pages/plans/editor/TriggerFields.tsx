import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { alertRulesApi } from '../../../api/alertRules';
import { useAsync } from '../../../hooks/useAsync';
import { useCan } from '../../../hooks/usePermission';
import { PLAN_DEVICE_TYPES, PLAN_LEVELS, PLAN_SUBSYSTEMS } from '../planApi';

const MAX_TRIGGER_ITEMS = 20;

/**
 * Which alerts suggest the plan: opsdesk's alert rules by key (offered from the rules when the user can read them,
 * else typed), other alert names (site-down, switch-down, external alertnames), subsystems, device types, and the
 * levels it is suggested at (none: every level).
 */
export function TriggerFields() {
  const { t } = useTranslation();
  const can = useCan();
  const rules = useAsync(async () => (await alertRulesApi.list(undefined, 200)).items, 'plan-trigger-rules', can('alerts:read'));
  const ruleOptions = (rules.data ?? []).map((r) => ({ value: r.key, label: `${r.key} · ${r.name}` }));
  const tags = { mode: 'tags' as const, tokenSeparators: [',', '，'], maxCount: MAX_TRIGGER_ITEMS };
  return (
    <>
      <Form.Item name={['trigger', 'alertRules']} label={t('planLibrary.field.alertRules')} extra={t('planLibrary.alertRulesHint')}>
        <Select {...tags} options={ruleOptions} loading={rules.loading} optionFilterProp="label" data-testid="plan-field-alert-rules" />
      </Form.Item>
      <Form.Item name={['trigger', 'alertTypes']} label={t('planLibrary.field.alertTypes')} extra={t('planLibrary.alertTypesHint')}>
        <Select {...tags} open={false} data-testid="plan-field-alert-types" />
      </Form.Item>
      <Form.Item name={['trigger', 'subsystems']} label={t('planLibrary.field.subsystems')}>
        <Select mode="multiple" allowClear options={PLAN_SUBSYSTEMS.map((s) => ({ value: s, label: t(`subsystem.${s}`) }))} optionFilterProp="label" data-testid="plan-field-subsystems" />
      </Form.Item>
      <Form.Item name={['trigger', 'deviceTypes']} label={t('planLibrary.field.deviceTypes')}>
        <Select mode="multiple" allowClear options={PLAN_DEVICE_TYPES.map((d) => ({ value: d, label: t(`deviceType.${d}`) }))} optionFilterProp="label" data-testid="plan-field-device-types" />
      </Form.Item>
      <Form.Item name={['trigger', 'levels']} label={t('planLibrary.field.levels')} extra={t('planLibrary.levelsHint')}>
        <Select mode="multiple" allowClear options={PLAN_LEVELS.map((l) => ({ value: l, label: t('planLibrary.level', { level: l }) }))} data-testid="plan-field-levels" />
      </Form.Item>
    </>
  );
}
