import { Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { cellLabel, cellProblems, IMPACTS, URGENCIES, type CellKey } from './gradingMatrix';
import type { GradingMatrix } from './settingsApi';

const LEVELS = [1, 2, 3];
const LEVEL_COLOR: Record<number, string> = { 1: '#fff1f0', 2: '#fff7e6', 3: '#f6ffed' };
const ALL_CELLS = IMPACTS.flatMap((i) => URGENCIES.map((u) => ['grading', i, u]));

/** A cell's name in the reader's words ("影响大 × 紧急度高"), for the order problem's message. */
export function useCellLabel() {
  const { t } = useTranslation();
  return (cell: string) => cellLabel(cell, (axis, value) => t(`incidentSettings.${axis}Short.${value}`));
}

/** One cell: a level select tinted by its level (一级 red, 二级 orange, 三级 green). */
function LevelSelect({ value, onChange, disabled, testId }: { value?: number; onChange?: (level: number) => void; disabled: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <div style={{ background: value ? LEVEL_COLOR[value] : undefined, borderRadius: 6 }} data-testid={testId} data-level={value}>
      <Select<number>
        value={value}
        onChange={onChange}
        disabled={disabled}
        variant="borderless"
        style={{ width: '100%' }}
        options={LEVELS.map((l) => ({ value: l, label: t(`incident.level.${l}`) }))}
        data-testid={`${testId}-select`}
      />
    </div>
  );
}

/**
 * The grading matrix as a 3×3 grid of level selects, impact down and urgency across. Each cell is checked against its
 * neighbours as it changes (a worse fault never gets a milder level), and the server's problems land on the cells
 * they name.
 */
export function GradingGrid({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const label = useCellLabel();
  return (
    <div style={{ overflowX: 'auto' }} data-testid="grading-grid">
      <div style={{ display: 'grid', gridTemplateColumns: '180px repeat(3, minmax(120px, 1fr))', gap: 8, minWidth: 560, alignItems: 'start' }}>
        <Typography.Text type="secondary">
          {t('incident.impact.title')} \ {t('incident.urgency.title')}
        </Typography.Text>
        {URGENCIES.map((u) => (
          <Typography.Text key={u} strong>
            {t(`incident.urgency.${u}`)}
          </Typography.Text>
        ))}
        {IMPACTS.map((impact) => [
          <Typography.Text key={impact} strong style={{ lineHeight: '32px' }}>
            {t(`incident.impact.${impact}`)}
          </Typography.Text>,
          ...URGENCIES.map((urgency) => (
            <Form.Item
              key={`${impact}.${urgency}`}
              name={['grading', impact, urgency]}
              dependencies={ALL_CELLS}
              style={{ marginBottom: 0 }}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async () => {
                    const problems = cellProblems(getFieldValue('grading') as GradingMatrix, `${impact}.${urgency}` as CellKey);
                    if (problems.length > 0) {
                      throw new Error(problems.map((p) => t('problem.gradingOrder', { level: p.level, milder: label(p.milder), milderLevel: p.milderLevel })).join('；'));
                    }
                  },
                }),
              ]}
            >
              <LevelSelect disabled={disabled} testId={`grading-${impact}-${urgency}`} />
            </Form.Item>
          )),
        ])}
      </div>
    </div>
  );
}
