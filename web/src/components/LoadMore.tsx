import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';

export function LoadMore({
  hasMore,
  loading,
  onLoadMore,
  count,
  testId,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  count: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
      <span>{t('common.loadedCount', { count })}</span>
      {hasMore ? (
        <Button onClick={onLoadMore} loading={loading} data-testid={testId}>
          {t('common.loadMore')}
        </Button>
      ) : (
        <span>{t('common.noMore')}</span>
      )}
    </Flex>
  );
}
