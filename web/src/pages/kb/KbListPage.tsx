import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { CursorFrame } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCatalogLabels, useCatalogOptions } from '../../hooks/useEstate';
import { useCan } from '../../hooks/usePermission';
import { ARTICLE_STATES, kbApi, kbPath, type ArticleHit } from './kbApi';
import { KbStateTag } from './KbStateTag';
import { Highlighted } from './markdown';

const PAGE_SIZE = 20;

/**
 * The knowledge base: search (any words, Chinese without spaces; every word must occur) with the hits' title and a
 * piece of the body highlighted, or without words the articles last changed first; filtered by tag, device type and
 * (for writers) state. The filters live in the URL (`?q=闸机&tag=…`).
 */
export default function KbListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const labels = useCatalogLabels();
  const catalog = useCatalogOptions();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const deviceType = params.get('deviceType') ?? '';
  const state = params.get('state') ?? '';
  const writer = can('plans:write');
  const fetchPage = useCallback(
    (cursor: string | undefined) => {
      const filters = { tag: tag || undefined, deviceType: deviceType || undefined, state: state || undefined, cursor, limit: PAGE_SIZE };
      return q.trim() ? kbApi.search({ q: q.trim(), ...filters }) : kbApi.list(filters);
    },
    [q, tag, deviceType, state],
  );
  const list = useCursorList(fetchPage, `${q}|${tag}|${deviceType}|${state}`);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('nav.kb')}
        extra={
          writer ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/kb/new')} data-testid="kb-new">
              {t('kb.create')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          key={q}
          allowClear
          enterButton
          defaultValue={q}
          maxLength={200}
          placeholder={t('kb.searchPlaceholder')}
          onSearch={(text) => setFilter('q', text.trim())}
          style={{ maxWidth: 420 }}
          data-testid="kb-search"
        />
        <Input
          key={`tag-${tag}`}
          allowClear
          defaultValue={tag}
          maxLength={40}
          placeholder={t('kb.filter.tag')}
          onPressEnter={(e) => setFilter('tag', e.currentTarget.value.trim())}
          onBlur={(e) => setFilter('tag', e.currentTarget.value.trim())}
          style={{ width: 160 }}
          data-testid="kb-filter-tag"
        />
        <Select
          allowClear
          placeholder={t('kb.filter.deviceType')}
          value={deviceType || undefined}
          onChange={(v?: string) => setFilter('deviceType', v ?? '')}
          options={catalog.types}
          optionFilterProp="label"
          showSearch
          style={{ width: 180 }}
          data-testid="kb-filter-device-type"
        />
        {writer ? (
          <Select
            allowClear
            placeholder={t('kb.filter.state')}
            value={state || undefined}
            onChange={(v?: string) => setFilter('state', v ?? '')}
            options={ARTICLE_STATES.map((s) => ({ value: s, label: t(`kb.state.${s}`) }))}
            style={{ width: 140 }}
            data-testid="kb-filter-state"
          />
        ) : null}
      </Flex>
      <CursorFrame list={list} testId="kb-results" loadMoreTestId="kb-load-more" empty={<Typography.Text type="secondary">{q ? t('kb.noHits', { q }) : t('kb.empty')}</Typography.Text>}>
        <Flex vertical gap={12}>
          {list.items.map((hit: ArticleHit) => (
            <Card key={hit.id} size="small" data-testid={`kb-hit-${hit.id}`}>
              <Flex justify="space-between" align="start" gap={8} wrap>
                <Link to={kbPath(hit.id)} style={{ fontSize: 16, fontWeight: 500 }} data-testid={`kb-hit-title-${hit.id}`}>
                  <Highlighted html={hit.titleHtml} />
                </Link>
                <Space size={4}>
                  <KbStateTag state={hit.state} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(hit.updatedAt)}
                  </Typography.Text>
                </Space>
              </Flex>
              {hit.snippet ? (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 4px' }} data-testid={`kb-hit-snippet-${hit.id}`}>
                  <Highlighted html={hit.snippet} />
                </Typography.Paragraph>
              ) : null}
              <Space size={[4, 4]} wrap>
                {hit.deviceTypes.map((d) => (
                  <Tag key={`d-${d}`} color="blue" onClick={() => setFilter('deviceType', d)} style={{ cursor: 'pointer' }}>
                    {labels.type(d)}
                  </Tag>
                ))}
                {hit.tags.map((g) => (
                  <Tag key={`t-${g}`} onClick={() => setFilter('tag', g)} style={{ cursor: 'pointer' }}>
                    {g}
                  </Tag>
                ))}
              </Space>
            </Card>
          ))}
        </Flex>
      </CursorFrame>
    </>
  );
}
