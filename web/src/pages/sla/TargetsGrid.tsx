import { Flex, Form, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TARGET_UNITS, type TargetUnit } from './policyForm';
import { SLA_CLOCKS, SLA_LEVELS } from './slaApi';

/** As the server allows (MAX_TARGET_MINUTES, MAX_TARGET_BUSINESS_DAYS). */
const MAX_AMOUNT: Record<TargetUnit, number> = { minutes: 366 * 24 * 60, hours: 366 * 24, businessDays: 366 };

/**
 * The policy's nine targets as a table of level × clock: each cell an amount, its unit and the calendar it counts on.
 * A cell's problem (the server's or the form's) shows under it.
 */
export function TargetsGrid({ calendars }: { calendars: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <div style={{ overflowX: 'auto' }} data-testid="policy-targets">
      <div style={{ display: 'grid', gridTemplateColumns: '64px repeat(3, minmax(200px, 1fr))', gap: 8, minWidth: 680, alignItems: 'start' }}>
        <span />
        {SLA_CLOCKS.map((clock) => (
          <Typography.Text key={clock} strong>
            {t(`incident.clock.${clock}`)}
          </Typography.Text>
        ))}
        {SLA_LEVELS.map((level) => (
          <Cells key={level} level={level} calendars={calendars} />
        ))}
      </div>
    </div>
  );
}

function Cells({ level, calendars }: { level: string; calendars: { value: string; label: string }[] }) {
const { t } = useTranslation();
return (
    <>
      <Typography.Text strong style={{ lineHeight: '32px' }}>
        {t(`incident.level.${level}`)}
      </Typography.Text>
      {SLA_CLOCKS.map((clock) => (
        <Flex key={clock} vertical gap={4} data-testid={`target-${level}-${clock}`}>
          <Flex gap={4}>
            <Form.Item noStyle shouldUpdate={(a, b) => a.targets?.[level]?.[clock]?.unit !== b.targets?.[level]?.[clock]?.unit}>
              {(form) => {
                const unit = (form.getFieldValue(['targets', level, clock, 'unit']) as TargetUnit | undefined) ?? 'minutes';
                return (
                  <Form.Item
                    name={['targets', level, clock, 'amount']}
                    style={{ marginBottom: 0, flex: 1 }}
                    rules={[{ required: true, message: t('validation.required') }, { type: 'number', min: 0, max: MAX_AMOUNT[unit], message: t('slaPolicy.amountRange', { max: MAX_AMOUNT[unit] }) }]}
                  >
                    <InputNumber min={0} precision={unit === 'hours' ? 2 : 0} style={{ width: '100%' }} data-testid={`target-${level}-${clock}-amount`} />
                  </Form.Item>
                );
              }}
            </Form.Item>
            <Form.Item name={['targets', level, clock, 'unit']} style={{ marginBottom: 0 }}>
              <Select style={{ width: 104 }} options={TARGET_UNITS.map((u) => ({ value: u, label: t(`slaPolicy.unit.${u}`) }))} data-testid={`target-${level}-${clock}-unit`} />
            </Form.Item>
          </Flex>
          <Form.Item name={['targets', level, clock, 'calendarId']} style={{ marginBottom: 0 }} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={calendars} placeholder={t('slaPolicy.calendar')} data-testid={`target-${level}-${clock}-calendar`} />
          </Form.Item>
        </Flex>
      ))}
    </>
  );
}
