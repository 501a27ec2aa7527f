import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import type { CursorList } from '../hooks/useCursorList';
import { CursorFrame, CursorTable } from './CursorTable';

interface Row {
  id: string;
  name: string;
}

const list = (over: Partial<CursorList<Row>> = {}): CursorList<Row> => ({
  items: [
    { id: 'a', name: '一食堂' },
    { id: 'b', name: '二食堂' },
  ],
  loading: false,
  error: null,
  hasMore: true,
  loadMore: () => undefined,
  reload: () => undefined,
  replace: () => undefined,
  ...over,
});

const columns = [{ title: 'Name', dataIndex: 'name', key: 'name' }];

beforeAll(async () => {
  await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } }, showSupportNotice: false });
});

const render = (node: React.ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

/** The block every list page shares: rows inside the test id, the count and "load more", the error with a retry. */
describe('CursorTable', () => {
  it('shows the rows inside its test id, the count loaded and a load-more button with its test id', () => {
    const html = render(<CursorTable<Row> list={list()} testId="sites-table" loadMoreTestId="sites-load-more" rowKey="id" columns={columns} />);
    expect(html).toMatch(/data-testid="sites-table"[\s\S]*一食堂[\s\S]*二食堂/);
    expect(html).toContain('2 loaded');
    expect(html).toMatch(/<button[^>]*data-testid="sites-load-more"[\s\S]*Load more/);
    expect(html).not.toContain('No more records');
  });

  it('says there is no more once the last page is in', () => {
    const html = render(<CursorTable<Row> list={list({ hasMore: false })} rowKey="id" columns={columns} />);
    expect(html).toContain('No more records');
    expect(html).not.toContain('Load more');
  });

  it('shows a load error with a retry above the rows it has', () => {
    const html = render(<CursorTable<Row> list={list({ error: new Error('boom') })} rowKey="id" columns={columns} />);
    expect(html).toContain('ant-alert-error');
    expect(html).toContain('Retry');
    expect(html).toContain('一食堂');
  });

  it('shows the empty state instead of the table once loaded empty, and not while loading', () => {
    const empty = <p data-testid="nothing">nothing yet</p>;
    const loaded = render(<CursorTable<Row> list={list({ items: [], hasMore: false })} empty={empty} rowKey="id" columns={columns} />);
    expect(loaded).toContain('nothing yet');
    expect(loaded).not.toContain('ant-table');
    expect(loaded).not.toContain('loaded');
    const loading = render(<CursorTable<Row> list={list({ items: [], loading: true, hasMore: false })} empty={empty} rowKey="id" columns={columns} />);
    expect(loading).not.toContain('nothing yet');
    expect(loading).toContain('ant-table');
  });
});

describe('CursorFrame', () => {
  it('frames any layout of the items; footer="whenMore" drops the load-more line on the last page', () => {
    const items = <span data-testid="tags">a b</span>;
    expect(render(<CursorFrame list={list()} footer="whenMore">{items}</CursorFrame>)).toContain('Load more');
    const last = render(<CursorFrame list={list({ hasMore: false })} footer="whenMore">{items}</CursorFrame>);
    expect(last).toContain('data-testid="tags"');
    expect(last).not.toContain('loaded');
  });
});
