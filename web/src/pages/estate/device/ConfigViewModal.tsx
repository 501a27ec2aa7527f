import { Descriptions, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../../api/estate';
import { formatDateTime } from '../../../app/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';

/** One configuration version with its content. */
export function ConfigViewModal({ deviceId, version, onClose }: { deviceId: string; version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useAsync(() => estateApi.configVersion(deviceId, version), `${deviceId}:${version}`);
  const v = detail.data;
  return (
    <Modal open title={t('config.viewTitle', { version })} footer={null} onCancel={onClose} width={800} destroyOnHidden>
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {!v ? (
        <Spin style={{ display: 'block', margin: '40px auto' }} />
      ) : (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'format', label: t('config.field.format'), children: v.format },
              { key: 'author', label: t('config.field.author'), children: v.author },
              { key: 'createdAt', label: t('config.field.createdAt'), children: formatDateTime(v.createdAt) },
              { key: 'changeRef', label: t('config.field.changeRef'), children: v.changeRef ?? t('common.none') },
              { key: 'reason', label: t('config.field.reason'), children: v.reason, span: 2 },
            ]}
          />
          <pre
            data-testid="config-content"
            style={{ maxHeight: '55vh', overflow: 'auto', background: '#f6f8fa', padding: 12, borderRadius: 6, fontSize: 12 }}
          >
            {v.content}
          </pre>
        </>
      )}
    </Modal>
  );
}
