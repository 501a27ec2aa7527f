import { Alert, Button, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NamePath } from '../../../app/fieldPaths';
import { locate, type Section } from '../planForm';

export interface EditorProblem {
  /** the form path, or null for what no field holds */
  path: NamePath | null;
  text: string;
}

/**
 * Every problem of the last save in one list, each with where it is ("步骤 4 · 标题 · 中文") and a link to its tab:
 * the fields show theirs too, but a field may be on a tab not in view.
 */
export function ProblemList({ problems, onGo }: { problems: EditorProblem[]; onGo: (section: Section) => void }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  const where = (path: NamePath) => {
    const { section, index, rest } = locate(path);
    const head = `${t(`planLibrary.section.${section}`)}${index === null ? '' : ` ${index + 1}`}`;
    const parts = rest.map((p) => (typeof p === 'number' ? String(p + 1) : t(`planLibrary.pathPart.${p}`, { defaultValue: p })));
    return { section, label: [head, ...parts].join(' · ') };
  };
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('planLibrary.problemsTitle', { count: problems.length })}
      data-testid="plan-problems"
      description={
        <List
          size="small"
          split={false}
          dataSource={problems}
          renderItem={(problem, i) => {
            const place = problem.path ? where(problem.path) : null;
            return (
              <List.Item key={i} style={{ padding: '2px 0' }} data-testid="plan-problem">
                {place ? (
                  <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onGo(place.section)}>
                    {place.label}
                  </Button>
                ) : null}
                {place ? '：' : ''}
                {problem.text}
              </List.Item>
            );
          }}
        />
      }
    />
  );
}
