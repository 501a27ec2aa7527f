import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../app/errors';

/** Inline error for a failed load, with a retry button. Renders nothing when there is no error. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={describeError(t, error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
