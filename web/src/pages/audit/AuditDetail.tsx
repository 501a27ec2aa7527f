import { Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditRecord } from '../../api/types';
import { prettyJson } from '../../app/format';

const preStyle = {
  background: '#fafafa',
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  padding: 12,
  margin: 0,
  maxHeight: 360,
  overflow: 'auto',
  fontSize: 12,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
} as const;

function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={preStyle} data-testid={testId}>
        {value === null || value === undefined ? t('audit.detail.empty') : prettyJson(value)}
      </pre>
    </>
  );
}

/** Expanded audit row: before → after side by side, then the reason, request id and the hash chain links. */
export function AuditDetail({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`audit-detail-${record.seq}`}>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <JsonBlock title={t('audit.detail.before')} value={record.before} testId="audit-before" />
        </Col>
        <Col xs={24} md={12}>
          <JsonBlock title={t('audit.detail.after')} value={record.after} testId="audit-after" />
        </Col>
      </Row>
      <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('audit.detail.reason')}>{record.reason ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.requestId')}>
          {record.requestId ? <Typography.Text code>{record.requestId}</Typography.Text> : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.hash')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {record.hash}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.prevHash')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {record.prevHash}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
