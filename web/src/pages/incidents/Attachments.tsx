import { PaperClipOutlined } from '@ant-design/icons';
import { Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { Attachment } from './incidentsApi';

/** "12.3 KB": sizes people read at a glance. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The files that came with the incident (mail intake's attachments): name, type, size, where from and when. */
export function Attachments({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  if (attachments.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.attachments.empty')} />;
  return (
    <List
      size="small"
      dataSource={attachments}
      data-testid="incident-attachments"
      renderItem={(a) => (
        <List.Item key={a.id}>
          <Flex vertical gap={2}>
            <span>
              <PaperClipOutlined /> {a.filename}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.contentType} · {formatSize(a.size)} · {formatDateTime(a.createdAt)}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}
