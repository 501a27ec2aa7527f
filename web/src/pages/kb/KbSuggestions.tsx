import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { describeError } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { kbApi, kbPath } from './kbApi';

/**
 * On the incident page: published knowledge-base articles for the incident's alerts and device type (plans:read),
 * and, once it is closed, "write an article from it" (plans:write), which drafts one from its symptom, cause, fix and
 * parts and opens it.
 */
export function KbSuggestions({ incidentId, closed }: { incidentId: string; closed: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const readable = can('plans:read');
  const loaded = useAsync(() => kbApi.suggestions(incidentId), incidentId, readable);
  const [drafting, setDrafting] = useState(false);
  if (!readable) return null;

  const draft = async () => {
    setDrafting(true);
    try {
      const article = await kbApi.fromIncident(incidentId);
      void message.success(t('kb.drafted'));
      void navigate(kbPath(article.id));
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setDrafting(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('kb.suggestions.title')}
      style={{ marginTop: 16 }}
      data-testid="kb-suggestions"
      extra={
        closed && can('plans:write') ? (
          <Button size="small" icon={<FileAddOutlined />} loading={drafting} onClick={() => void draft()} data-testid="kb-draft-from-incident">
            {t('kb.suggestions.draft')}
          </Button>
        ) : null
      }
    >
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <List
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('kb.suggestions.none')}</Typography.Text> }}
        renderItem={(item) => (
          <List.Item key={item.id} data-testid={`kb-suggestion-${item.id}`}>
            <Space size={[6, 4]} wrap>
              <Link to={kbPath(item.id)}>{item.title}</Link>
              {item.why.map((w) => (
                <Tag key={w} color={w === 'alert' ? 'volcano' : 'blue'}>
                  {t(`kb.suggestions.why.${w}`)}
                </Tag>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
