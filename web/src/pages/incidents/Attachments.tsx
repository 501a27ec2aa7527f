import { PaperClipOutlined } from '@ant-design/icons';
import { Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { API_BASE } from '../../api/client';
import { formatDateTime } from '../../app/format';
import type { Attachment } from './incidentsApi';

/** "12.3 KB": sizes people read at a glance. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The files that came with the incident (uploads, mail intake): each a download, with its type, size and when. */
export function Attachments({ incidentId, attachments }: { incidentId: string; attachments: Attachment[] }) {
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
              <PaperClipOutlined />{' '}
              {/* GET …/attachments/:id answers with the file as a download (never shown inline): the session cookie is enough. */}
              <a href={`${API_BASE}/incidents/${encodeURIComponent(incidentId)}/attachments/${encodeURIComponent(a.id)}`} download={a.filename} data-testid={`incident-attachment-${a.id}`}>
                {a.filename}
              </a>
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
