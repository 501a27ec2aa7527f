import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Collapse, Descriptions, Flex, Form, Input, Modal, Row, Space, Spin, Tag, Timeline, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { applyServerErrors } from '../../app/formErrors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useMe } from '../../hooks/useAuth';
import { useCatalogLabels } from '../../hooks/useEstate';
import { useCan } from '../../hooks/usePermission';
import { ArticleFields, inputOf, valuesOf, type ArticleFormValues } from './ArticleForm';
import { ACTIONS_FROM, kbApi, type Article, type ArticleAction } from './kbApi';
import { KbStateTag } from './KbStateTag';
import { Markdown } from './markdown';

/** Versions, newest first (writers). */
function Versions({ article }: { article: Article }) {
  const { t } = useTranslation();
  const loaded = useAsync(() => kbApi.versions(article.id), `${article.id}@${article.version}`);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spin />;
  return (
    <Timeline
      data-testid="kb-versions"
      items={loaded.data.items.map((v) => ({
        key: v.version,
        children: (
          <span data-testid={`kb-version-${v.version}`}>
            <Typography.Text strong>v{v.version}</Typography.Text> {t(`kb.action.${v.action}`, { defaultValue: v.action })} · {v.by?.name ?? t('common.none')} · {formatDateTime(v.at)}
            {v.note ? <Typography.Text type="secondary">（{v.note}）</Typography.Text> : null}
          </span>
        ),
      }))}
    />
  );
}

/**
 * One article: the body rendered from Markdown (never as HTML), its tags and links, and for writers (plans:write) its
 * review — submit, publish (by someone other than its author and last editor: the server refuses them, and the
 * button says why beforehand), reject with a note, revise, archive — editing while it is a draft, and its versions.
 */
export default function KbArticlePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const labels = useCatalogLabels();
  const loaded = useAsync(() => kbApi.get(id), id);
  const [form] = Form.useForm<ArticleFormValues>();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const article = loaded.data?.id === id ? loaded.data : undefined;

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!article) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const writer = can('plans:write');
  const ownWork = me.id === article.createdBy?.id || me.id === article.contentBy?.id;

  const run = async (what: string, work: () => Promise<Article>, done: string) => {
    setBusy(what);
    try {
      const next = await work();
      loaded.setData(() => next);
      void message.success(done);
      return true;
    } catch (error) {
      if (!applyServerErrors(form, t, error)) void message.error(describeError(t, error));
      if (error instanceof ApiError && error.code === 'KB_ARTICLE_CHANGED') loaded.reload();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const act = (action: ArticleAction, withNote?: string) =>
    run(action, () => kbApi.act(article.id, { action, version: article.version, ...(withNote ? { note: withNote } : {}) }), t(`kb.done.${action}`));

  const save = async () => {
    const values = await form.validateFields();
    if (await run('save', () => kbApi.update(article.id, { ...inputOf(values), version: article.version }), t('kb.saved'))) setEditing(false);
  };

  const linkList = (values: string[], to?: (v: string) => string) =>
    values.length ? (
      <Space size={[4, 4]} wrap>
        {values.map((v) => (to ? <Link key={v} to={to(v)}>{v}</Link> : <Tag key={v}>{v}</Tag>))}
      </Space>
    ) : (
      <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
    );

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/kb" aria-label={t('kb.backToList')} data-testid="kb-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="kb-title">{article.title}</span>
            <KbStateTag state={article.state} testId="kb-state" />
          </Flex>
        }
        extra={
          writer ? (
            <Flex gap={8} wrap data-testid="kb-actions">
              {article.state === 'draft' && !editing ? (
                <Button icon={<EditOutlined />} onClick={() => (form.setFieldsValue(valuesOf(article)), setEditing(true))} data-testid="kb-edit">
                  {t('kb.edit')}
                </Button>
              ) : null}
              {ACTIONS_FROM[article.state].map((action) => (
                <Button
                  key={action}
                  type={action === 'publish' || action === 'submit' ? 'primary' : 'default'}
                  danger={action === 'archive'}
                  loading={busy === action}
                  disabled={busy !== null || editing || (action === 'publish' && ownWork)}
                  title={action === 'publish' && ownWork ? t('kb.fourEyes') : undefined}
                  onClick={() => (action === 'reject' ? setRejecting(true) : void act(action))}
                  data-testid={`kb-action-${action}`}
                >
                  {t(`kb.actionButton.${action}`)}
                </Button>
              ))}
            </Flex>
          ) : null
        }
      />
      {writer && article.state === 'in_review' && ownWork ? (
        <Typography.Paragraph type="warning" data-testid="kb-four-eyes">
          {t('kb.fourEyes')}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small">
            {editing ? (
              <Form form={form} layout="vertical" data-testid="kb-form">
                <ArticleFields />
                <Space>
                  <Button type="primary" loading={busy === 'save'} onClick={() => void save().catch(() => undefined)} data-testid="kb-save">
                    {t('common.save')}
                  </Button>
                  <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
                </Space>
              </Form>
            ) : article.body.trim() ? (
              <Markdown source={article.body} testId="kb-body" />
            ) : (
              <Typography.Text type="secondary">{t('kb.noBody')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('kb.details')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('kb.field.tags')}>{linkList(article.tags)}</Descriptions.Item>
              <Descriptions.Item label={t('kb.field.deviceTypes')}>
                {article.deviceTypes.length ? (
                  <Space size={[4, 4]} wrap>
                    {article.deviceTypes.map((d) => (
                      <Tag key={d} color="blue">
                        {labels.type(d)}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  linkList([])
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('kb.field.alertNames')}>{linkList(article.alertNames)}</Descriptions.Item>
              <Descriptions.Item label={t('kb.field.incidents')}>{linkList(article.incidents, (v) => `/incidents/${encodeURIComponent(v)}`)}</Descriptions.Item>
              <Descriptions.Item label={t('kb.field.problems')}>{linkList(article.problems, (v) => `/problems/${encodeURIComponent(v)}`)}</Descriptions.Item>
              <Descriptions.Item label={t('kb.field.plans')}>{linkList(article.plans)}</Descriptions.Item>
              <Descriptions.Item label={t('kb.field.createdBy')}>
                {article.createdBy?.name ?? t('common.none')} · {formatDateTime(article.createdAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('kb.field.updatedBy')}>
                {article.updatedBy?.name ?? t('common.none')} · {formatDateTime(article.updatedAt)}
              </Descriptions.Item>
              {article.publishedAt ? (
                <Descriptions.Item label={t('kb.field.publishedBy')}>
                  <span data-testid="kb-published-by">
                    {article.publishedBy?.name ?? t('common.none')} · {formatDateTime(article.publishedAt)}
                  </span>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          {writer ? (
            <Collapse style={{ marginTop: 16 }} size="small" items={[{ key: 'versions', label: t('kb.versions', { count: article.version }), children: <Versions article={article} /> }]} />
          ) : null}
        </Col>
      </Row>
      <Modal
        open={rejecting}
        title={t('kb.rejectTitle')}
        okText={t('kb.actionButton.reject')}
        okButtonProps={{ disabled: !note.trim(), 'data-testid': 'kb-reject-ok' } as ButtonProps}
        onCancel={() => setRejecting(false)}
        onOk={() => void act('reject', note.trim()).then((ok) => ok && (setRejecting(false), setNote('')))}
      >
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder={t('kb.rejectNote')} data-testid="kb-reject-note" />
      </Modal>
    </>
  );
}
