import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Radio, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importMediaType, importsApi } from '../../api/imports';
import type { ImportKind, ImportResult } from '../../api/types';
import { saveBlob } from '../../app/download';
import { describeProblem } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/usePermission';
import { outcomeOf, rejectedResult, unreadableProblems, type ImportOutcome } from './importResult';
import { ImportResultView } from './ImportResultView';
import { templateCsv } from './templates';

interface Shown {
  result: ImportResult;
  outcome: ImportOutcome;
  fileName: string;
}

const KINDS: readonly ImportKind[] = ['devices', 'sites'];
const PERMISSION: Record<ImportKind, string> = { devices: 'estate:write', sites: 'sites:write' };

/** Bulk import of sites or devices from CSV or XLSX: check first (dry run), then import; problems by line and field. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const allowed = KINDS.filter((k) => can(PERMISSION[k]));
  const [kind, setKind] = useState<ImportKind>(allowed[0] ?? 'devices');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [typeProblem, setTypeProblem] = useState(false);
  const unreadable = unreadableProblems(error);

  const run = async (asDryRun: boolean) => {
    if (!file) return;
    const contentType = importMediaType(file.name);
    if (!contentType) {
      setTypeProblem(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await importsApi.upload(kind, file, contentType, asDryRun);
      setShown({ result, outcome: outcomeOf(result, false), fileName: file.name });
    } catch (caught) {
      const rejected = rejectedResult(caught);
      if (rejected) setShown({ result: rejected, outcome: 'rejected', fileName: file.name });
      else {
        setShown(null);
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  const downloadTemplate = (which: ImportKind) =>
    saveBlob(new Blob([templateCsv(which)], { type: 'text/csv;charset=utf-8' }), t(`imports.templateFile.${which}`));

  return (
    <>
      <PageHeader
        title={t('nav.imports')}
        extra={allowed.map((k) => (
          <Button key={k} icon={<DownloadOutlined />} onClick={() => downloadTemplate(k)} data-testid={`import-template-${k}`}>
            {t(`imports.template.${k}`)}
          </Button>
        ))}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex vertical gap={12}>
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ImportKind);
              setShown(null);
            }}
            optionType="button"
            buttonStyle="solid"
            options={KINDS.map((k) => ({ value: k, label: t(`imports.kind.${k}`), disabled: !allowed.includes(k) }))}
            data-testid="import-kind"
          />
          <Typography.Text type="secondary">{t(`imports.columnsHint.${kind}`)}</Typography.Text>
          <div data-testid="import-upload">
            <Upload.Dragger
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              fileList={file ? [{ uid: 'chosen', name: file.name, status: 'done', size: file.size }] : []}
              beforeUpload={(chosen) => {
                setFile(chosen);
                setShown(null);
                setError(null);
                setTypeProblem(false);
                return false;
              }}
              onRemove={() => {
                setFile(null);
                setShown(null);
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('imports.drop')}</p>
              <p className="ant-upload-hint">{t('imports.dropHint')}</p>
            </Upload.Dragger>
          </div>
          {typeProblem ? <Typography.Text type="danger">{t('imports.unsupportedFile')}</Typography.Text> : null}
          <Flex gap={12} align="center" wrap>
            <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">
              {t('imports.dryRun')}
            </Checkbox>
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!file || allowed.length === 0}
              loading={busy}
              onClick={() => void run(dryRun)}
              data-testid="import-submit"
            >
              {dryRun ? t('imports.check') : t('imports.run')}
            </Button>
          </Flex>
        </Flex>
      </Card>
      {unreadable ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('error.IMPORT_UNREADABLE')}
          description={
            <>
              {unreadable.map((problem) => (
                <div key={`${problem.code ?? ''}:${problem.message}`}>{describeProblem(t, problem)}</div>
              ))}
              <Typography.Text type="secondary">{t('imports.unreadableHint')}</Typography.Text>
            </>
          }
          data-testid="import-unreadable"
        />
      ) : (
        <ErrorAlert error={error} />
      )}
      {shown ? (
        <ImportResultView
          result={shown.result}
          outcome={shown.outcome}
          fileName={shown.fileName}
          committing={busy}
          onCommit={() => void run(false)}
        />
      ) : null}
    </>
  );
}
