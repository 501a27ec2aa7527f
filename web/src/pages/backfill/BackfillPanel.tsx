import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Input, List, Modal, Row, Select, Space, Statistic, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importMediaType } from '../../api/imports';
import { describeError, fieldProblems } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { backfillApi, BACKFILL_KINDS, CHANNELS, rejectedImport, templateUrl, type BackfillImportResult, type BackfillPage, type BackfillProblem, type BackfillRecord, type BackfillKind, type Channel } from './backfillApi';
import { fenToYuan, localToIso, yuanToFen } from './backfillValues';

/**
 * On the incident page: the manual fallback's records (补录) — totals by kind, the list newest first, a small form for
 * a few records and the CSV/XLSX import with its per-row error report and the template. One column on a phone.
 */
export function BackfillPanel({ incidentId, closed }: { incidentId: string; closed: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const readable = can('incidents:read');
  const writable = can('incidents:write') && !closed;
  const loaded = useAsync(() => backfillApi.list(incidentId), incidentId, readable);
  const [more, setMore] = useState<BackfillRecord[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  if (!readable) return null;

  const page: BackfillPage | undefined = loaded.data;
  const nextCursor = cursor === undefined ? page?.nextCursor : cursor;
  const reload = () => {
    setMore([]);
    setCursor(undefined);
    loaded.reload();
  };
  const loadMore = async () => {
    if (!nextCursor) return;
    const next = await backfillApi.list(incidentId, nextCursor);
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  };
  const kindLabel = (kind: BackfillKind) => t(`backfill.kind.${kind}`);

  return (
    <Card
      size="small"
      title={t('backfill.title')}
      style={{ marginTop: 16 }}
      data-testid="backfill-panel"
      extra={
        writable ? (
          <Space wrap>
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="backfill-add">
              {t('backfill.add')}
            </Button>
            <Button size="small" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="backfill-import">
              {t('backfill.import')}
            </Button>
          </Space>
        ) : null
      }
    >
      {loaded.error ? <ErrorAlert error={loaded.error} /> : null}
      {page ? (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="backfill-totals">
            <Col xs={12} sm={6}>
              <Statistic title={t('backfill.total')} value={page.totals.count} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('backfill.amount')} value={fenToYuan(page.totals.amountFen)} prefix="¥" />
            </Col>
            {page.totals.byKind.map((k) => (
              <Col xs={8} sm={4} key={k.kind}>
                <Statistic title={kindLabel(k.kind)} value={k.count} />
              </Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('backfill.window', { from: formatDateTime(page.window.from), to: formatDateTime(page.window.to) })}
          </Typography.Paragraph>
          <List<BackfillRecord>
            size="small"
            dataSource={[...page.items, ...more]}
            locale={{ emptyText: t('backfill.empty') }}
            data-testid="backfill-records"
            renderItem={(r) => (
              <List.Item key={r.id}>
                <Flex wrap gap={8} align="center" style={{ width: '100%' }}>
                  <Tag>{kindLabel(r.kind)}</Tag>
                  <Typography.Text strong>{r.recordNo}</Typography.Text>
                  <Typography.Text type="secondary">{r.deviceCode}</Typography.Text>
                  <span>{formatDateTime(r.occurredAt)}</span>
                  {r.kind !== 'ticket_check' ? <span>¥{fenToYuan(r.amountFen)}</span> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`backfill.via.${r.enteredVia}`)} · {r.enteredBy.name}
                  </Typography.Text>
                  {r.note ? <Typography.Text type="secondary">{r.note}</Typography.Text> : null}
                </Flex>
              </List.Item>
            )}
          />
          {nextCursor ? (
            <Button block onClick={() => void loadMore()} data-testid="backfill-more">
              {t('backfill.more')}
            </Button>
          ) : null}
        </>
      ) : null}
      {adding ? <RecordModal incidentId={incidentId} onClose={() => setAdding(false)} onSaved={reload} /> : null}
      {importing ? <ImportModal incidentId={incidentId} onClose={() => setImporting(false)} onImported={reload} /> : null}
    </Card>
  );
}

interface RecordForm {
  kind: BackfillKind;
  deviceCode: string;
  recordNo: string;
  occurredAt: string;
  amount?: string;
  channel?: Channel;
  note?: string;
}

/** A few records, one at a time: the form stays open after each save for the next one. */
function RecordModal({ incidentId, onClose, onSaved }: { incidentId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordForm>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);

  const save = async (values: RecordForm) => {
    const occurredAt = localToIso(values.occurredAt);
    if (!occurredAt) {
      form.setFields([{ name: 'occurredAt', errors: [t('backfill.form.timeInvalid')] }]);
      return;
    }
    let amountFen: number | undefined;
    if (values.kind !== 'ticket_check') {
      const fen = yuanToFen(values.amount ?? '');
      if (fen === null || fen <= 0) {
        form.setFields([{ name: 'amount', errors: [t('backfill.form.amountInvalid')] }]);
        return;
      }
      amountFen = fen;
    }
    setSaving(true);
    try {
      const result = await backfillApi.record(incidentId, [
        { kind: values.kind, deviceCode: values.deviceCode.trim(), recordNo: values.recordNo.trim(), occurredAt, ...(amountFen !== undefined && { amountFen }), ...(values.channel && { channel: values.channel }), ...(values.note?.trim() && { note: values.note.trim() }) },
      ]);
      const item = result.items[0]!;
      if (item.status === 'existing') void message.warning(t('backfill.form.existing', { recordNo: item.record.recordNo }));
      else void message.success(t('backfill.form.saved', { recordNo: item.record.recordNo }));
      form.setFieldsValue({ recordNo: '', amount: '', note: '' });
      onSaved();
    } catch (error) {
      const problems = fieldProblems(error);
      const named = problems.map((p) => ({ name: p.field.replace(/^records\.\d+\./, '').replace('amountFen', 'amount') as keyof RecordForm, errors: [t(`backfill.problem.${p.code ?? ''}`, { ...p.params, defaultValue: t(`problem.${p.code ?? ''}`, { ...p.params, defaultValue: p.message }) })] }));
      if (named.length > 0) form.setFields(named);
      else void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('backfill.form.title')} onCancel={onClose} footer={null} destroyOnHidden width={520} data-testid="backfill-form">
      <Form<RecordForm> form={form} layout="vertical" initialValues={{ kind: 'ticket_sale', channel: 'cash' }} onFinish={(v) => void save(v)}>
        <Form.Item name="kind" label={t('backfill.field.kind')} rules={[{ required: true }]}>
          <Select options={BACKFILL_KINDS.map((k) => ({ value: k, label: t(`backfill.kind.${k}`) }))} data-testid="backfill-form-kind" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="deviceCode" label={t('backfill.field.device')} rules={[{ required: true, whitespace: true, max: 64 }]}>
              <Input placeholder="HH-01" autoComplete="off" data-testid="backfill-form-device" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="recordNo" label={t('backfill.field.recordNo')} rules={[{ required: true, whitespace: true, max: 64 }]}>
              <Input autoComplete="off" data-testid="backfill-form-record" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="occurredAt" label={t('backfill.field.occurredAt')} rules={[{ required: true }]}>
          <Input type="datetime-local" step={1} data-testid="backfill-form-time" />
        </Form.Item>
        {kind !== 'ticket_check' ? (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="amount" label={t('backfill.field.amount')} rules={[{ required: true }]}>
                <Input inputMode="decimal" prefix="¥" data-testid="backfill-form-amount" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="channel" label={t('backfill.field.channel')}>
                <Select options={CHANNELS.map((c) => ({ value: c, label: t(`backfill.channel.${c}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Form.Item name="note" label={t('backfill.field.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('backfill.form.done')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="backfill-form-save">
            {t('backfill.form.save')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}

/** The import: pick a file, check it (dry run), then import it; a refused file shows every problem by line. */
function ImportModal({ incidentId, onClose, onImported }: { incidentId: string; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<BackfillImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    const type = importMediaType(file.name);
    if (!type) {
      setError(null);
      void message.error(t('backfill.importer.wrongType'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await backfillApi.upload(incidentId, file, type, dryRun);
      setResult(answer);
      if (!dryRun) {
        void message.success(t('backfill.importer.done', { count: answer.imported }));
        onImported();
      }
    } catch (e) {
      const rejected = rejectedImport(e);
      if (rejected) setResult(rejected);
      else {
        setResult(null);
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  /** A problem in the reader's language: the back-fill's own codes, then the shared ones, then the server's English. */
  const describe = (p: BackfillProblem) => t(`backfill.problem.${p.code}`, { ...p.params, defaultValue: t(`problem.${p.code}`, { ...p.params, defaultValue: p.message }) });
  const clean = result !== null && result.errorCount === 0;

  return (
    <Modal open title={t('backfill.importer.title')} onCancel={onClose} footer={null} destroyOnHidden width={760} data-testid="backfill-importer">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('backfill.importer.hint')}
        </Typography.Paragraph>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={templateUrl('xlsx')} data-testid="backfill-template-xlsx">
            {t('backfill.importer.templateXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} href={templateUrl('csv')} data-testid="backfill-template-csv">
            {t('backfill.importer.templateCsv')}
          </Button>
        </Space>
        <Upload
          accept=".csv,.txt,.xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            setError(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setResult(null);
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="backfill-file">
            {t('backfill.importer.choose')}
          </Button>
        </Upload>
        <Space wrap>
          <Button disabled={!file} loading={busy} onClick={() => void send(true)} data-testid="backfill-check">
            {t('backfill.importer.check')}
          </Button>
          <Button type="primary" disabled={!file || (result !== null && !clean) || (result !== null && !result.dryRun)} loading={busy} onClick={() => void send(false)} data-testid="backfill-commit">
            {t('backfill.importer.commit')}
          </Button>
        </Space>
        {error ? <ErrorAlert error={error} /> : null}
        {result ? (
          <div data-testid="backfill-import-result" data-clean={clean ? 'yes' : 'no'}>
            <Alert
              showIcon
              type={clean ? 'success' : 'error'}
              title={clean ? (result.dryRun ? t('backfill.importer.checked', { count: result.total }) : t('backfill.importer.done', { count: result.imported })) : t('backfill.importer.refused', { count: result.errorCount })}
              style={{ marginBottom: 12 }}
            />
            {result.errors.length > 0 ? (
              <>
                {result.errorCount > result.errors.length ? (
                  <Typography.Paragraph type="secondary">{t('backfill.importer.firstProblems', { shown: result.errors.length, count: result.errorCount })}</Typography.Paragraph>
                ) : null}
                <List<BackfillProblem>
                  size="small"
                  bordered
                  dataSource={result.errors}
                  pagination={result.errors.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
                  data-testid="backfill-import-errors"
                  renderItem={(p) => (
                    <List.Item key={`${p.line}:${p.field ?? ''}:${p.code}`}>
                      <Flex vertical gap={2}>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('backfill.importer.where', { line: p.line, field: p.field ? t(`backfill.column.${p.field}`, { defaultValue: p.field }) : '' })}
                        </Typography.Text>
                        <span>{describe(p)}</span>
                      </Flex>
                    </List.Item>
                  )}
                />
              </>
            ) : null}
          </div>
        ) : null}
      </Flex>
    </Modal>
  );
}
