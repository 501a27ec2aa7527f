import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RosterWarning } from '../../api/oncall';
import { formatDateTime } from '../../app/format';

/** A roster warning in the reader's language (`rosterWarning.<code>`), the server's English when the code is new. */
export function warningText(t: TFunction, warning: RosterWarning): string {
  return t(`rosterWarning.${warning.code}`, {
    from: formatDateTime(warning.from),
    to: formatDateTime(warning.to),
    date: warning.date ?? '',
    holiday: warning.holiday ?? t('roster.campusHoliday'),
    lastYear: warning.lastYear ?? '',
    defaultValue: warning.message,
  });
}

/** What was saved but is worth a look: gaps, holidays without a leader, dates past the holiday data. */
export function RosterWarnings({ warnings }: { warnings: readonly RosterWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('roster.warningsTitle', { count: warnings.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="roster-warnings">
          {warnings.map((w, i) => (
            <li key={i} data-code={w.code}>
              {warningText(t, w)}
            </li>
          ))}
        </ul>
      }
    />
  );
}
