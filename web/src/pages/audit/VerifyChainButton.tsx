import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, List, Modal, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/audit';
import type { AuditVerifyResult } from '../../api/types';
import { describeError } from '../../app/errors';

function VerifyOutcome({ result }: { result: AuditVerifyResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <Result
        status="success"
        title={t('audit.verify.intact')}
        subTitle={t('audit.verify.summary', {
          records: result.recordsChecked,
          checkpoints: result.checkpointsChecked,
          ms: result.durationMs,
          first: result.firstSeq ?? '-',
          last: result.lastSeq ?? '-',
        })}
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('audit.verify.broken', { count: result.problems.length })}
      subTitle={t('audit.verify.summary', {
        records: result.recordsChecked,
        checkpoints: result.checkpointsChecked,
        ms: result.durationMs,
        first: result.firstSeq ?? '-',
        last: result.lastSeq ?? '-',
      })}
    >
      <List
        size="small"
        bordered
        dataSource={result.problems}
        renderItem={(problem) => (
          <List.Item>
            <List.Item.Meta
              title={`${t('audit.column.seq')} ${problem.seq ?? '-'} · ${t(`audit.problem.${problem.kind}`, { defaultValue: problem.kind })}`}
              description={problem.message}
            />
          </List.Item>
        )}
      />
    </Result>
  );
}

/** Runs the server-side hash chain and checkpoint verification and shows the outcome. */
export function VerifyChainButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);

  const run = async () => {
    setRunning(true);
    try {
      setResult(await auditApi.verify());
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()} data-testid="audit-verify">
        {t('audit.verify.button')}
      </Button>
      <Modal
        open={result !== null}
        title={t('audit.verify.title')}
        onCancel={() => setResult(null)}
        footer={
          <Button type="primary" onClick={() => setResult(null)}>
            {t('common.close')}
          </Button>
        }
        width={640}
      >
        <div data-testid="audit-verify-result">{result ? <VerifyOutcome result={result} /> : null}</div>
      </Modal>
    </>
  );
}
