import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shortId } from './auditValues';

/** A long id (a ULID) shortened to fit a cell, whole in its tooltip and its copy button. */
export function ShortId({ id, testId }: { id: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={id}>
      <Typography.Text
        code
        copyable={{ text: id, tooltips: [t('common.copy'), t('common.copied')] }}
        style={{ whiteSpace: 'nowrap' }}
        data-testid={testId}
        data-id={id}
      >
        {shortId(id)}
      </Typography.Text>
    </Tooltip>
  );
}
