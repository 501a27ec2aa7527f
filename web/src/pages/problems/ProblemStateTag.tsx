import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProblemState } from './problemsApi';
import { PROBLEM_STATE_COLOR } from './problemStates';

/** A problem's state in words, coloured by how settled it is; `data-state` is the code (the browser tests read it). */
export function ProblemStateTag({ state, testId }: { state: ProblemState | string; testId?: string }) {
  const { t } = useTranslation();
  const known = state in PROBLEM_STATE_COLOR;
  return (
    <Tag color={known ? PROBLEM_STATE_COLOR[state as ProblemState] : 'default'} style={{ marginInlineEnd: 0 }} data-testid={testId} data-state={state}>
      {t(`problemRecord.state.${state}`, { defaultValue: state })}
    </Tag>
  );
}
