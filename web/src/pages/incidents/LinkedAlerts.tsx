import { App, Button, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { incidentsApi, type LinkedAlert } from './incidentsApi';
import { isLevel, LEVEL_COLOR } from './incidentValues';

/** The alerts linked to the incident, each a link to its page; holders of incidents:write link one more by its id. */
export function LinkedAlerts({ incidentId, alerts, canLink, onLinked }: { incidentId: string; alerts: LinkedAlert[]; canLink: boolean; onLinked: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [alertId, setAlertId] = useState('');
  const [saving, setSaving] = useState(false);

  const link = async () => {
    setSaving(true);
    try {
      await incidentsApi.linkAlert(incidentId, alertId.trim());
      setAlertId('');
      onLinked();
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={8}>
      {alerts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.alerts.empty')} />
      ) : (
        <List
          size="small"
          dataSource={alerts}
          data-testid="incident-alerts"
          renderItem={(a) => (
            <List.Item key={a.alertId} data-testid={`incident-alert-${a.alertId}`}>
              <Flex gap={6} align="center" wrap>
                {isLevel(a.level) ? (
                  <Tag color={LEVEL_COLOR[a.level]} style={{ marginInlineEnd: 0 }}>
                    {t(`alert.level.${a.level}`)}
                  </Tag>
                ) : null}
                <Link to={`/alerts/${encodeURIComponent(a.alertId)}`}>{a.title ?? a.alertId}</Link>
                {a.state ? <Typography.Text type="secondary">{t(`alert.state.${a.state}`, { defaultValue: a.state })}</Typography.Text> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('incident.alerts.linkedAt', { at: formatDateTime(a.linkedAt) })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canLink ? (
        <Flex gap={8}>
          <Input value={alertId} onChange={(e) => setAlertId(e.target.value)} placeholder={t('incident.alerts.idPlaceholder')} data-testid="incident-link-alert-id" />
          <Button disabled={!alertId.trim()} loading={saving} onClick={() => void link()} data-testid="incident-link-alert">
            {t('incident.alerts.link')}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}
