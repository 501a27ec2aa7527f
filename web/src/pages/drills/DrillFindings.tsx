import { App, Button, DatePicker, Flex, Form, Input, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';
import { useAsync } from '../../hooks/useAsync';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { localText, SEVERITY_COLORS } from './drillCalendar';
import { PeopleSelect } from './drillForms';
import { drillsApi, isStale, SEVERITIES, type Finding, type RunDetail, type Severity } from './drillsApi';

interface Values {
  text: string;
  severity: Severity;
  stepKey?: string;
  action?: string;
  ownerId?: string;
  dueDate?: Dayjs;
}

/** The drill's findings and their follow-up actions: added while it runs or after, actions marked done by anyone working on it. */
export function DrillFindings({ run, writable, onChanged }: { run: RunDetail; writable: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const findings = useAsync(() => drillsApi.findings({ runId: run.id, limit: 200 }), `findings|${run.id}|${run.findingCount}`);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const { saving, run: submitRun } = useFormSubmit(form);
  const known = Object.fromEntries(run.participants.map((p) => [p.id, p.name]));

  const submit = (v: Values) =>
    submitRun(async () => {
      await drillsApi.createFinding(run.id, {
        text: v.text.trim(),
        severity: v.severity,
        stepKey: v.stepKey ?? null,
        action: v.action?.trim() || null,
        ownerId: v.ownerId ?? null,
        dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null,
      });
      setAdding(false);
      form.resetFields();
      findings.reload();
      onChanged();
    });

  const mark = async (f: Finding, status: 'open' | 'done') => {
    try {
      await drillsApi.updateFinding(f.id, { version: f.version, status });
    } catch (error) {
      void (isStale(error) ? message.warning(describeError(t, error)) : message.error(describeError(t, error)));
    }
    findings.reload();
  };
  const remove = async (f: Finding) => {
    try {
      await drillsApi.deleteFinding(f.id, f.version);
    } catch (error) {
      void message.error(describeError(t, error));
    }
    findings.reload();
    onChanged();
  };

  return (
    <Flex vertical gap={8} data-testid="drill-findings">
      {writable && run.state !== 'cancelled' ? (
        <Button onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }} data-testid="drill-finding-add">
          {t('drills.finding.add')}
        </Button>
      ) : null}
      <List
        loading={findings.loading}
        dataSource={findings.data?.items ?? []}
        locale={{ emptyText: t('drills.finding.empty') }}
        renderItem={(f) => (
          <List.Item
            key={f.id}
            data-testid={`drill-finding-${f.id}`}
            actions={
              writable
                ? [
                    <Button key="mark" size="small" onClick={() => void mark(f, f.status === 'open' ? 'done' : 'open')} data-testid={`drill-finding-toggle-${f.id}`}>
                      {t(f.status === 'open' ? 'drills.finding.markDone' : 'drills.finding.reopen')}
                    </Button>,
                    <Popconfirm key="delete" title={t('drills.finding.deleteConfirm')} onConfirm={() => void remove(f)}>
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={SEVERITY_COLORS[f.severity]}>{t(`drills.severity.${f.severity}`)}</Tag>
                  {f.text}
                </Space>
              }
              description={
                <Space direction="vertical" size={0}>
                  {f.stepKey ? <span>{t('drills.finding.step')}: {localText(run.steps.find((s) => s.key === f.stepKey)?.title, i18n.language) || f.stepKey}</span> : null}
                  {f.action ? (
                    <span>
                      {t('drills.finding.action')}: {f.action} · {t('drills.field.owner')}: {f.owner?.name ?? '—'} · {t('drills.finding.due')}: {f.dueDate ?? '—'}{' '}
                      <Tag color={f.status === 'done' ? 'green' : f.overdue ? 'red' : 'blue'}>{t(f.status === 'done' ? 'drills.finding.done' : f.overdue ? 'drills.finding.overdue' : 'drills.finding.open')}</Tag>
                    </span>
                  ) : null}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {adding ? (
        <Modal
          open
          title={t('drills.finding.add')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          confirmLoading={saving}
          onCancel={() => setAdding(false)}
          onOk={() => void form.validateFields().then(submit, () => undefined)}
          okButtonProps={{ 'data-testid': 'drill-finding-save' }}
          destroyOnHidden
        >
          <Form<Values> form={form} layout="vertical" initialValues={{ severity: 'medium' }} data-testid="drill-finding-form">
            <Form.Item name="text" label={t('drills.finding.text')} rules={[{ required: true, whitespace: true, message: t('drills.required') }, { max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="drill-finding-text" />
            </Form.Item>
            <Form.Item name="severity" label={t('drills.finding.severity')}>
              <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`drills.severity.${s}`) }))} />
            </Form.Item>
            <Form.Item name="stepKey" label={t('drills.finding.step')}>
              <Select allowClear options={run.steps.map((s) => ({ value: s.key, label: `${s.position}. ${localText(s.title, i18n.language)}` }))} />
            </Form.Item>
            <Form.Item name="action" label={t('drills.finding.action')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="drill-finding-action" />
            </Form.Item>
            <Form.Item name="ownerId" label={t('drills.field.owner')}>
              <PeopleSelect single known={known} testId="drill-finding-owner" />
            </Form.Item>
            <Form.Item name="dueDate" label={t('drills.finding.due')}>
              <DatePicker />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
      <Typography.Text type="secondary">{t('drills.finding.hint')}</Typography.Text>
    </Flex>
  );
}
