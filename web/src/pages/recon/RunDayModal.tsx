import { App, Checkbox, DatePicker, Form, Modal, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { formatFen, formatMoneyField } from '../../app/money';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { reconApi, type Channel, type DifferenceDraft, type DryRunResult } from './reconApi';
import { KindTag } from './ReconTags';
import { deltaOf, yesterdayInShanghai } from './reconValues';
import { SummaryCards } from './SummaryCards';

interface Values {
  channel: string;
  day: Dayjs;
  dryRun: boolean;
}

const FIRST_SHOWN = 50;

/** Reference of a draft difference's records: the ids a reader recognises, per side. */
const refs = (records: DifferenceDraft['left']) => records.map((r) => r.txnId ?? r.merchantOrderId ?? r.channelOrderId ?? `${r.file}:${r.line}`).join(', ');

/**
 * Reconcile a channel's business day: queued for the worker (the list follows its progress), or a dry run whose
 * summary and first differences stay in the dialog and are stored nowhere.
 */
export function RunDayModal({
  channels,
  initialChannel,
  initialDay,
  onClose,
  onQueued,
}: {
  channels: Channel[];
  /** the list's filters, when set: the run most likely wanted */
  initialChannel?: string;
  initialDay?: string;
  onClose: () => void;
  onQueued: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const [dry, setDry] = useState<DryRunResult | null>(null);
  const [startDay] = useState(() => dayjs(initialDay ?? yesterdayInShanghai(Date.now())));
  const startChannel = channels.some((c) => c.id === initialChannel) ? initialChannel : (channels.find((c) => c.enabled) ?? channels[0])?.id;
  const dryRun = Form.useWatch('dryRun', form) ?? false;

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const result = await reconApi.createJob({ channel: values.channel, day: values.day.format('YYYY-MM-DD'), dryRun: values.dryRun });
      if (result.dryRun) {
        setDry(result.dryRunResult);
        return;
      }
      onQueued();
      onClose();
      if (result.job) void message.success(t('recon.run.queued', { day: result.job.day }));
    });
  };

  return (
    <Modal
      open
      width={dry ? 1000 : 520}
      title={t('recon.run.title')}
      okText={dryRun ? t('recon.run.dryRunSubmit') : t('recon.run.submit')}
      cancelText={t('common.close')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'recon-run-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: startChannel, day: startDay, dryRun: false }}
        onValuesChange={() => setDry(null)}
        data-testid="recon-run-form"
      >
        <Form.Item name="channel" label={t('recon.job.channel')} rules={[{ required: true, message: t('recon.run.channelRequired') }]}>
          <Select options={channels.map((c) => ({ value: c.id, label: <span data-testid={`recon-channel-option-${c.id}`}>{c.name}</span> }))} data-testid="recon-run-channel" />
        </Form.Item>
        <Form.Item name="day" label={t('recon.job.day')} rules={[{ required: true, message: t('recon.run.dayRequired') }]}>
          <DatePicker allowClear={false} style={{ width: '100%' }} data-testid="recon-run-day" />
        </Form.Item>
        <Form.Item name="dryRun" valuePropName="checked" extra={t('recon.run.dryRunHint')}>
          <Checkbox data-testid="recon-run-dry">{t('recon.run.dryRun')}</Checkbox>
        </Form.Item>
      </Form>
      {dry ? (
        <div data-testid="recon-dry-result" data-count={dry.differenceCount}>
          <Typography.Title level={5}>{t('recon.run.dryResult', { count: dry.differenceCount })}</Typography.Title>
          <SummaryCards summary={dry.summary} testId="recon-dry-summary" />
          {dry.differences.length > 0 ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                {t('recon.run.firstDifferences', { shown: Math.min(FIRST_SHOWN, dry.differences.length), count: dry.differenceCount })}
              </Typography.Paragraph>
              <Table<DifferenceDraft>
                size="small"
                rowKey={(d) => dry.differences.indexOf(d)}
                pagination={false}
                dataSource={dry.differences.slice(0, FIRST_SHOWN)}
                scroll={{ x: 800 }}
                columns={[
                  { title: t('recon.difference.kind'), key: 'kind', render: (_: unknown, d) => <KindTag kind={d.kind} /> },
                  { title: t('recon.difference.amount'), key: 'amount', align: 'right', render: (_: unknown, d) => formatFen(d.amountFen) },
                  { title: t('recon.difference.delta'), key: 'delta', align: 'right', render: (_: unknown, d) => formatMoneyField(deltaOf(d)) ?? '' },
                  { title: t('recon.difference.txnTime'), key: 'time', render: (_: unknown, d) => formatDateTime(d.txnTime) },
                  { title: t('recon.side.left'), key: 'left', render: (_: unknown, d) => refs(d.left) },
                  { title: t('recon.side.right'), key: 'right', render: (_: unknown, d) => refs(d.right) },
                  { title: t('recon.difference.fields'), key: 'fields', render: (_: unknown, d) => d.fields.map((f) => t(`recon.field.${f}`, { defaultValue: f })).join(t('common.listSeparator')) },
                ]}
              />
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
