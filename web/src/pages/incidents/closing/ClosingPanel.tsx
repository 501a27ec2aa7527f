import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';
import { useCan } from '../../../hooks/usePermission';
import type { Incident } from '../incidentsApi';
import { closingApi } from './closingApi';
import { partsOpen, showsClosing } from './closingRules';
import { PartsUsed } from './PartsUsed';
import { ProblemLinks } from './ProblemLinks';
import { RootCauseForm } from './RootCauseForm';

/**
 * Closing the incident, once work has started: the root-cause analysis (5 whys, fishbone), the spare parts used, the
 * problems it belongs to, and the printable fault record (故障处理记录). It reads the record's JSON again whenever the
 * incident's version moves (every save here adds a timeline line, which moves it). Editing needs incidents:write;
 * problems are the dispatchers' (incidents:assign).
 */
export function ClosingPanel({ incident, onChanged }: { incident: Incident; onChanged: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const record = useAsync(() => closingApi.record(incident.id), `${incident.id}:${incident.version}`, showsClosing(incident.state));
  if (!showsClosing(incident.state)) return null;
  const data = record.data;
  const canWrite = can('incidents:write');

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={t('closing.title')}
      data-testid="incident-closing"
      extra={
        <Button icon={<PrinterOutlined />} href={closingApi.recordPageUrl(incident.id)} target="_blank" rel="noopener" data-testid="closing-print">
          {t('closing.print')}
        </Button>
      }
    >
      <ErrorAlert error={record.error} onRetry={record.reload} />
      {!data ? (
        record.error ? null : <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : (
        <Tabs
          items={[
            {
              key: 'root-cause',
              label: <span data-testid="closing-tab-root-cause">{t('closing.rootCause.title')}</span>,
              children: (
                <RootCauseForm
                  key={JSON.stringify(data.rootCause)}
                  incidentId={incident.id}
                  version={incident.version}
                  rootCause={data.rootCause}
                  canEdit={canWrite}
                  onSaved={onChanged}
                />
              ),
            },
            {
              key: 'parts',
              label: <span data-testid="closing-tab-parts">{t('closing.parts.title', { count: data.parts.length })}</span>,
              children: <PartsUsed incidentId={incident.id} parts={data.parts} canAdd={canWrite && partsOpen(incident.state)} onBooked={onChanged} />,
            },
            {
              key: 'problems',
              label: <span data-testid="closing-tab-problems">{t('closing.problems.title', { count: data.problems.length })}</span>,
              children: <ProblemLinks incident={incident} problems={data.problems} rootCause={data.rootCause} canAssign={can('incidents:assign')} onChanged={onChanged} />,
            },
          ]}
        />
      )}
    </Card>
  );
}
