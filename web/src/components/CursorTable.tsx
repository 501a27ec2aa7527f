import { Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import type { CursorList } from '../hooks/useCursorList';
import { ErrorAlert } from './ErrorAlert';
import { LoadMore } from './LoadMore';

interface FrameProps<T> {
  /** the list from useCursorList: its items, loading, error, retry and next page */
  list: CursorList<T>;
  /** data-testid of the block that holds the items (the browser tests find rows inside it) */
  testId?: string;
  /** data-testid of the load-more button */
  loadMoreTestId?: string;
  /** shown instead of the items and the load-more line once the list has loaded empty */
  empty?: ReactNode;
  /** 'whenMore': the load-more line only while there is a next page (a list that is mostly short, inside a card) */
  footer?: 'always' | 'whenMore';
}

/**
 * Any cursor-paged list: its load error with a retry, the items as the page lays them out (children), and the
 * "N loaded · load more" line. CursorTable is this around a table; timelines, cards and tags use it directly.
 */
export function CursorFrame<T>({ list, testId, loadMoreTestId, empty, footer = 'always', children }: FrameProps<T> & { children: ReactNode }) {
  const isEmpty = empty !== undefined && !list.loading && list.items.length === 0;
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {isEmpty ? (
        empty
      ) : (
        <>
          <div data-testid={testId}>{children}</div>
          {footer === 'always' || list.hasMore ? (
            <LoadMore hasMore={list.hasMore} loading={list.loading} onLoadMore={list.loadMore} count={list.items.length} testId={loadMoreTestId} />
          ) : null}
        </>
      )}
    </>
  );
}

type CursorTableProps<T> = FrameProps<T> & Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'>;

/**
 * The table of a cursor-paged list page: every list (users, sites, audit, devices, spare parts…) shows its rows, its
 * load error and its "load more" the same way. Table props (columns, rowKey, onRow, expandable, scroll…) pass through.
 */
export function CursorTable<T extends object>({ list, testId, loadMoreTestId, empty, footer, ...table }: CursorTableProps<T>) {
  return (
    <CursorFrame list={list} testId={testId} loadMoreTestId={loadMoreTestId} empty={empty} footer={footer}>
      <Table<T> {...table} dataSource={list.items} loading={list.loading} pagination={false} />
    </CursorFrame>
  );
}
