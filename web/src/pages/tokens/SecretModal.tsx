import { Alert, Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreateTokenResponse } from '../../api/types';

/** Shows a new token's secret exactly once. */
export function SecretModal({ created, onClose }: { created: CreateTokenResponse; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('token.secretTitle', { name: created.token.name })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="token-secret-done">
          {t('token.secretDone')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('token.secretWarning')} />
        <Typography.Paragraph
          code
          copyable={{ text: created.secret, tooltips: [t('common.copy'), t('common.copied')] }}
          style={{ wordBreak: 'break-all', fontSize: 14 }}
          data-testid="token-secret"
        >
          {created.secret}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('token.secretUsage')}</Typography.Text>
      </Space>
    </Modal>
  );
}
