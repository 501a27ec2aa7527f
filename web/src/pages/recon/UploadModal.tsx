import { InboxOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Form, Input, Modal, Progress, Select, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { applyServerErrors } from '../../app/formErrors';
import { formatFen } from '../../app/money';
import { timezoneOptions } from '../../app/timezones';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { isMappableSource, listColumnMappings, mappingNeed } from './columnMappings';
import { FindingGroups } from './FindingGroups';
import { MappingEditor } from './MappingEditor';
import { ENCODINGS, UPLOAD_SOURCES } from './reconValues';
import { uploadImport, uploadOutcome, uploadQuery, type UploadOutcome, type UploadValues } from './upload';

const ZONES = timezoneOptions().map((z) => ({ value: z }));
const loadMappings = () => listColumnMappings('ledger');

/**
 * Upload one file: its source, optionally its encoding and time zone, the file itself sent as the raw body with a
 * progress bar. The answer stays in the dialog: the import with its findings, the first import of the same bytes
 * (409 DUPLICATE_IMPORT), or the file-level findings that failed it (422 IMPORT_FAILED). A generic ledger may name
 * a saved column mapping; one that fails with NEEDS_MAPPING opens the mapping editor below its findings, and saving
 * (or choosing a saved mapping) sends the same file again with it.
 */
export function UploadModal({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UploadValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  const abort = useRef<AbortController | null>(null);
  const busy = percent !== null;
  const source = Form.useWatch('source', form);
  const mappable = isMappableSource(source);
  const mappings = useAsync(loadMappings, 'recon-column-mappings', mappable);
  const need = outcome?.kind === 'failed' ? mappingNeed(outcome.detail) : null;

  const submit = async () => {
    const values = await form.validateFields();
    if (!file) {
      setFileMissing(true);
      return;
    }
    setOutcome(null);
    setPercent(0);
    abort.current = new AbortController();
    let result: UploadOutcome;
    try {
      const detail = await uploadImport({ file, query: uploadQuery(values, file.name), onProgress: setPercent, signal: abort.current.signal });
      result = uploadOutcome({ detail });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        setPercent(null);
        return;
      }
      result = uploadOutcome({ error });
    }
    setPercent(null);
    if (result.kind === 'error' && applyServerErrors(form, t, result.error)) return;
    setOutcome(result);
    if (result.kind === 'imported' || result.kind === 'failed') onImported();
  };

  /** The same file again with the mapping just saved or chosen in the editor. */
  const retryWith = (mappingName: string) => {
    form.setFieldValue('mapping', mappingName);
    mappings.reload();
    void submit().catch(() => undefined);
  };

  const cancel = () => {
    abort.current?.abort();
    onClose();
  };

  return (
    <Modal
      open
      width={760}
      title={t('recon.upload.title')}
      okText={t('recon.upload.submit')}
      cancelText={outcome ? t('common.close') : t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={cancel}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'recon-upload-submit', disabled: !file }}
      cancelButtonProps={{ 'data-testid': 'recon-upload-close' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ source: 'wechat' }} data-testid="recon-upload-form" disabled={busy}>
        <Form.Item name="source" label={t('recon.upload.source')} rules={[{ required: true, message: t('recon.upload.sourceRequired') }]}>
          <Select options={UPLOAD_SOURCES.map((s) => ({ value: s, label: <span data-testid={`recon-source-option-${s}`}>{t(`recon.source.${s}`)}</span> }))} data-testid="recon-upload-source" />
        </Form.Item>
        {mappable ? (
          <Form.Item name="mapping" label={t('recon.upload.mapping')} extra={t('recon.upload.mappingHint')}>
            <Select
              allowClear
              showSearch
              placeholder={t('recon.upload.mappingAuto')}
              loading={mappings.loading}
              options={(mappings.data?.items ?? []).map((m) => ({ value: m.name, label: m.name }))}
              data-testid="recon-upload-mapping"
            />
          </Form.Item>
        ) : null}
        {mappable ? (
          <Form.Item name="sheet" label={t('recon.upload.sheet')} extra={t('recon.upload.sheetHint')}>
            <Input allowClear maxLength={200} data-testid="recon-upload-sheet" />
          </Form.Item>
        ) : null}
        <Form.Item name="encoding" label={t('recon.upload.encoding')} extra={t('recon.upload.encodingHint')}>
          <Select allowClear placeholder={t('recon.upload.encodingAuto')} options={ENCODINGS.map((e) => ({ value: e, label: t(`recon.encoding.${e}`) }))} data-testid="recon-upload-encoding" />
        </Form.Item>
        <Form.Item name="timeZone" label={t('recon.upload.timeZone')} extra={t('recon.upload.timeZoneHint')}>
          <AutoComplete allowClear placeholder="Asia/Shanghai" options={ZONES} showSearch={{ filterOption: (input, option) => (option?.value ?? '').toLowerCase().includes(input.toLowerCase()) }} data-testid="recon-upload-timezone" />
        </Form.Item>
        <div data-testid="recon-upload-file">
          <Upload.Dragger
            multiple={false}
            fileList={file ? [{ uid: 'chosen', name: file.name, status: 'done', size: file.size }] : []}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setFileMissing(false);
              setOutcome(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setOutcome(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('recon.upload.drop')}</p>
            <p className="ant-upload-hint">{t('recon.upload.dropHint')}</p>
          </Upload.Dragger>
        </div>
        {fileMissing ? <Typography.Text type="danger">{t('recon.upload.fileRequired')}</Typography.Text> : null}
      </Form>
      {percent !== null ? <Progress percent={percent} status="active" data-testid="recon-upload-progress" style={{ marginTop: 12 }} /> : null}
      {outcome ? <OutcomeView outcome={outcome} onOpen={onClose} /> : null}
      {need && file ? <MappingEditor key={outcome?.kind === 'failed' ? outcome.detail.id : ''} need={need} disabled={busy} onRetry={retryWith} /> : null}
    </Modal>
  );
}

function OutcomeView({ outcome, onOpen }: { outcome: UploadOutcome; onOpen: () => void }) {
  const { t } = useTranslation();
  const open = (id: string, label: string, testId: string) => (
    <Link to={`/recon/imports/${encodeURIComponent(id)}`} onClick={onOpen} data-testid={testId}>
      {label}
    </Link>
  );
  switch (outcome.kind) {
    case 'imported': {
      const d = outcome.detail;
      return (
        <div style={{ marginTop: 16 }} data-testid="recon-upload-result" data-outcome="imported" data-import-id={d.id}>
          <Alert
            type={d.findings > 0 ? 'warning' : 'success'}
            showIcon
            title={t('recon.upload.imported', { file: d.fileName, records: d.records, rejected: d.rejected, amount: formatFen(d.amountFen) })}
            description={open(d.id, t('recon.upload.openImport'), 'recon-upload-open-import')}
            style={{ marginBottom: 12 }}
          />
          {d.findings > 0 ? <FindingGroups detail={d} testId="recon-upload-findings" /> : null}
        </div>
      );
    }
    case 'duplicate':
      return (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          title={t('recon.upload.duplicate')}
          description={outcome.importId ? open(outcome.importId, t('recon.upload.openFirst'), 'recon-upload-duplicate-link') : null}
          data-testid="recon-upload-result"
          data-outcome="duplicate"
        />
      );
    case 'failed':
      return (
        <div style={{ marginTop: 16 }} data-testid="recon-upload-result" data-outcome="failed" data-import-id={outcome.detail.id}>
          <Alert type="error" showIcon title={t('recon.upload.failed', { file: outcome.detail.fileName })} description={t('recon.upload.failedHint')} style={{ marginBottom: 12 }} />
          <FindingGroups detail={outcome.detail} testId="recon-upload-findings" />
        </div>
      );
    default:
      return (
        <div style={{ marginTop: 16 }} data-testid="recon-upload-result" data-outcome="error">
          <ErrorAlert error={outcome.error} />
        </div>
      );
  }
}
