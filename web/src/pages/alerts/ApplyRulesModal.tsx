import { InboxOutlined } from '@ant-design/icons';
import { Alert as Notice, App, Button, Descriptions, Flex, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertRulesApi, type RuleDocumentFormat } from '../../api/alertRules';
import type { RuleApplyResult } from '../../api/alerts';
import { describeProblem } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';

/** A rule document's format by its file name: YAML unless it ends in .json. */
export function documentFormat(fileName: string): RuleDocumentFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return null;
}

function ResultView({ result }: { result: RuleApplyResult }) {
  const { t } = useTranslation();
  const keys = (list: string[]) => (list.length === 0 ? t('common.none') : list.join(t('common.listSeparator')));
  return (
    <Flex vertical gap={8} data-testid="rules-apply-result">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('alertRule.applyResult.created', { count: result.created.length })}>{keys(result.created)}</Descriptions.Item>
        <Descriptions.Item label={t('alertRule.applyResult.updated', { count: result.updated.length })}>{keys(result.updated)}</Descriptions.Item>
        <Descriptions.Item label={t('alertRule.applyResult.unchanged', { count: result.unchanged.length })}>{keys(result.unchanged)}</Descriptions.Item>
        <Descriptions.Item label={t('alertRule.applyResult.rejected', { count: result.rejected.length })}>
          {result.rejected.length === 0
            ? t('common.none')
            : result.rejected.map((r) => (
                <div key={`${r.index}:${r.key ?? ''}`}>
                  <Typography.Text code>{r.key ?? `#${r.index + 1}`}</Typography.Text>{' '}
                  {[
                    ...(r.error ? [t(`error.${r.error.code}`, { defaultValue: r.error.message })] : []),
                    ...r.problems.map((p) => `${p.field}: ${describeProblem(t, p)}`),
                  ].join('; ')}
                </div>
              ))}
        </Descriptions.Item>
      </Descriptions>
    </Flex>
  );
}

/**
 * Applying a rule document (YAML or JSON, as exported): checked first (a dry run shows what would be created, updated,
 * left unchanged or rejected), applied only when asked after that.
 */
export function ApplyRulesModal({ onClose, onApplied }: { onClose: () => void; onApplied: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<RuleApplyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const format = file ? documentFormat(file.name) : null;

  const send = async (dryRun: boolean) => {
    if (!file || !format) return;
    setBusy(true);
    setError(null);
    try {
      const result = await alertRulesApi.apply(file, format, dryRun);
      if (dryRun) setChecked(result);
      else {
        void message.success(t('alertRule.applyDone', { created: result.created.length, updated: result.updated.length }));
        onApplied();
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  // Rejected rules are skipped and the others applied, as the server does: the check has shown which and why.
  const canApply = checked !== null && checked.created.length + checked.updated.length > 0;
  return (
    <Modal
      open
      width={720}
      title={t('alertRule.applyTitle')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="check" loading={busy && !checked} disabled={!format} onClick={() => void send(true)} data-testid="rules-apply-check">
          {t('alertRule.applyCheck')}
        </Button>,
        <Button key="apply" type="primary" danger loading={busy && !!checked} disabled={!canApply} onClick={() => void send(false)} data-testid="rules-apply-run">
          {t('alertRule.applyRun')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('alertRule.applyHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".yaml,.yml,.json,application/yaml,application/json"
        multiple={false}
        fileList={file ? [{ uid: 'chosen', name: file.name, status: 'done', size: file.size }] : []}
        beforeUpload={(chosen) => {
          setFile(chosen);
          setChecked(null);
          setError(null);
          return false;
        }}
        onRemove={() => {
          setFile(null);
          setChecked(null);
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('alertRule.applyDrop')}</p>
      </Upload.Dragger>
      {file && !format ? <Typography.Text type="danger">{t('alertRule.applyUnsupported')}</Typography.Text> : null}
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={error} />
        {checked ? (
          <>
            <Notice type={checked.rejected.length > 0 ? 'warning' : 'info'} showIcon style={{ marginBottom: 8 }} title={checked.rejected.length > 0 ? t('alertRule.applyHasRejected', { count: checked.rejected.length }) : t('alertRule.applyChecked')} />
            <ResultView result={checked} />
          </>
        ) : null}
      </div>
    </Modal>
  );
}
