import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../hooks/useLocale';
import { LIMITS } from '../planApi';
import { newStep, type RoleValues, type StepValues } from '../planForm';
import { StepCard } from './StepCard';

/** The ordered steps: added at the end, moved up and down, removed (one at least stays). */
export function StepsFields() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const form = Form.useFormInstance();
  const roles = (Form.useWatch('roles') ?? []) as RoleValues[];
  const roleOptions = roles
    .filter((r) => r?.key)
    .map((r) => ({ value: r.key, label: `${(locale === 'en' && r.name?.en) || r.name?.zh || r.key} (${r.key})` }));
  return (
    <Form.List name="steps">
      {(rows, { add, remove, move }, { errors }) => (
        <Flex vertical gap={12} data-testid="plan-steps">
          {rows.map((row) => (
            <StepCard key={row.key} name={row.name} total={rows.length} roleOptions={roleOptions} onMove={move} onRemove={remove} />
          ))}
          <Form.ErrorList errors={errors} />
          {rows.length < LIMITS.steps ? (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              style={{ alignSelf: 'flex-start' }}
              data-testid="plan-step-add"
              onClick={() => add(newStep((form.getFieldValue('steps') ?? []) as StepValues[], roles[0]?.key ?? ''))}
            >
              {t('planLibrary.addStep')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
