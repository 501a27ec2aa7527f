import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleState } from './kbApi';

const COLORS: Record<ArticleState, string> = { draft: 'default', in_review: 'gold', published: 'green', archived: 'default' };

export function KbStateTag({ state, testId }: { state: ArticleState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state]} data-testid={testId} data-state={state}>
      {t(`kb.state.${state}`)}
    </Tag>
  );
}
