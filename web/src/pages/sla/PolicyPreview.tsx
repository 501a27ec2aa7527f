import { CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Select, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { targetText } from './calendarText';
import { instantOfWallTime, wallTimeOf } from './previewTime';
import { previewBeyondHolidays, previewSentence } from './previewText';
import { SLA_LEVELS, slaPoliciesApi, type SlaLevel, type SlaPolicy } from './slaApi';

const WALL = 'YYYY-MM-DD HH:mm';

/**
 * "Opened at … → respond by …, on site by …, resolved by …": the due instants of one level of a policy for a chosen
 * moment (Beijing time), so a dispatcher can tell a caller when to expect someone.
 */
export function PolicyPreview({ policies }: { policies: SlaPolicy[] }) {
  const { t } = useTranslation();
  const [policyId, setPolicyId] = useState<string | undefined>(undefined);
  const [wall, setWall] = useState(() => wallTimeOf(Date.now()));
  const [level, setLevel] = useState<SlaLevel>('2');
  const chosen = policies.find((p) => p.id === policyId) ?? policies[0];
  const openedAt = instantOfWallTime(wall);
  const preview = useAsync(() => slaPoliciesApi.preview(chosen!.id, openedAt, level), `${chosen?.id}:${chosen?.version}:${openedAt}:${level}`, Boolean(chosen));
  const sentence = preview.data ? previewSentence(t, preview.data, level) : null;
  const row = preview.data?.levels.find((l) => l.level === level);

  const copy = () => {
    if (sentence) void navigator.clipboard?.writeText(sentence);
  };

  return (
    <Card title={t('slaPolicy.preview.title')} size="small" data-testid="sla-preview">
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select style={{ minWidth: 180 }} value={chosen?.id} onChange={setPolicyId} options={policies.map((p) => ({ value: p.id, label: p.name }))} aria-label={t('slaPolicy.preview.policy')} data-testid="sla-preview-policy" />
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format={WALL}
          value={dayjs(wall)}
          allowClear={false}
          needConfirm={false}
          onChange={(value: Dayjs | null) => value && setWall(value.format(WALL))}
          aria-label={t('slaPolicy.preview.openedAt')}
          data-testid="sla-preview-at"
        />
        <Select<SlaLevel> style={{ width: 100 }} value={level} onChange={setLevel} options={SLA_LEVELS.map((l) => ({ value: l, label: t(`incident.level.${l}`) }))} aria-label={t('slaPolicy.preview.level')} data-testid="sla-preview-level" />
        {preview.loading ? <Spin size="small" /> : null}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('slaPolicy.preview.hint')}
      </Typography.Paragraph>
      <ErrorAlert error={preview.error} onRetry={preview.reload} />
      {sentence && row ? (
        <>
          <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong data-testid="sla-preview-sentence">
              {sentence}
            </Typography.Text>
            <Button size="small" type="text" icon={<CopyOutlined />} onClick={copy} aria-label={t('common.copy')} />
          </Flex>
          <Descriptions size="small" column={1} bordered>
            {row.targets.map((target) => (
              <Descriptions.Item key={target.clock} label={t(`incident.clock.${target.clock}`)}>
                <span data-testid={`sla-preview-due-${target.clock}`} data-due={target.dueAt}>
                  {formatDateTime(target.dueAt)}
                </span>
                <Typography.Text type="secondary">
                  {' · '}
                  {targetText(t, target.target)}
                  {' · '}
                  {t('incident.sla.calendar', { name: target.calendarName })}
                  {' · '}
                  {t('slaPolicy.preview.warnAt', { at: formatDateTime(target.warnAt) })}
                </Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>
          {preview.data && previewBeyondHolidays(preview.data, level) ? (
            <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('slaPolicy.preview.beyondHolidays', { year: preview.data.holidaysKnownUntil })} />
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
