import { Alert, App, Badge, Button, Flex, Form, Tabs, Tooltip } from 'antd';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { describeError } from '../../../app/errors';
import { pathKey, pathProblems, placeProblems, type NamePath } from '../../../app/fieldPaths';
import { planApi, type PlanDetail } from '../planApi';
import { documentToForm, formPathOf, formToDocument, locate, newPlanForm, SECTIONS, type PlanFormValues, type Section } from '../planForm';
import { BasicsFields } from './BasicsFields';
import { CommunicationsFields } from './CommunicationsFields';
import { FallbacksFields } from './FallbacksFields';
import { PreventionFields } from './PreventionFields';
import { ProblemList, type EditorProblem } from './ProblemList';
import { RolesFields } from './RolesFields';
import { StepsFields } from './StepsFields';
import { TriggerFields } from './TriggerFields';

const FIELDS: Record<Section, (keyFixed: boolean) => ReactNode> = {
  basics: (keyFixed) => <BasicsFields keyFixed={keyFixed} />,
  trigger: () => <TriggerFields />,
  roles: () => <RolesFields />,
  steps: () => <StepsFields />,
  fallbacks: () => <FallbacksFields />,
  communications: () => <CommunicationsFields />,
  prevention: () => <PreventionFields />,
};

/** Every field name the form has registered now (inputs, lists and list items), as pathKey. */
function registeredFields(form: ReturnType<typeof Form.useForm<PlanFormValues>>[0]): Set<string> {
  const names = new Set<string>();
  form.getFieldsValue(true, (meta) => {
    if (meta) names.add(pathKey(meta.name as NamePath));
    return false;
  });
  return names;
}

export interface PlanEditorProps {
  /** the plan whose draft is edited; none for a new plan */
  plan?: PlanDetail;
  section: Section;
  onSection: (section: Section) => void;
  onSaved: (plan: PlanDetail) => void;
  /** load the plan again (after someone else changed it) */
  onReload?: () => void;
}

/**
 * The step editor: the whole draft in tabs (scenario, trigger, roles, steps, fallbacks, messages, prevention), saved as
 * one document so the server checks it together — its reader is the judge of every rule (keys, roles the steps name,
 * back-fill steps, placeholders, alert rules), and its problems are put on the fields they name and listed above.
 * A draft saved by someone else meanwhile is said so (409 PLAN_CHANGED) with a reload; publishing freezes the saved
 * draft as the next version, so it waits until the edits are saved. Mount it again (key) when the plan changes.
 */
export function PlanEditor({ plan, section, onSection, onSaved, onReload }: PlanEditorProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanFormValues>();
  const initialValues = useMemo(() => (plan ? documentToForm(plan.draft) : newPlanForm()), [plan]);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const marked = useRef<NamePath[]>([]);

  const showProblems = (error: unknown) => {
    // Last save's marks off first: a field fixed since must not keep its old message.
    form.setFields(marked.current.map((name) => ({ name, errors: [] })) as unknown as Parameters<typeof form.setFields>[0]);
    marked.current = [];
    if (error instanceof ApiError && error.code === 'PLAN_CHANGED') {
      setConflict(true);
      setProblems([]);
      return;
    }
    // Field problems, and a domain error naming its field (PLAN_KEY_TAKEN: details.field 'document.key').
    const found = pathProblems(t, error);
    const { placed } = placeProblems(found, registeredFields(form), formPathOf);
    form.setFields(placed as Parameters<typeof form.setFields>[0]);
    marked.current = placed.map((p) => p.name);
    const listed = found.map((p) => ({ path: formPathOf(p.path), text: p.text }));
    setProblems(listed);
    if (listed.length === 0) void message.error(describeError(t, error));
    const first = listed.find((p) => p.path)?.path;
    if (first) onSection(locate(first).section);
  };

  const run = async (what: 'save' | 'publish', work: () => Promise<PlanDetail>, done: string) => {
    setBusy(what);
    setConflict(false);
    try {
      const next = await work();
      setProblems([]);
      void message.success(done);
      onSaved(next);
    } catch (error) {
      showProblems(error);
    } finally {
      setBusy(null);
    }
  };

  const save = () => {
    const document = formToDocument(form.getFieldsValue(true) as PlanFormValues);
    return run('save', () => (plan ? planApi.update(plan.id, plan.version, document) : planApi.create(document)), t(plan ? 'planLibrary.saved' : 'planLibrary.created'));
  };
  const publish = () => plan && run('publish', () => planApi.publish(plan.id, plan.version), t('planLibrary.published'));

  const counts = new Map<Section, number>();
  for (const p of problems) if (p.path) counts.set(locate(p.path).section, (counts.get(locate(p.path).section) ?? 0) + 1);
  const unchanged = plan ? !plan.draftChanged && plan.publishedVersion !== null : true;
  const publishBlock = dirty ? t('planLibrary.saveFirst') : unchanged ? t('planLibrary.nothingToPublish') : null;

  return (
    <Form form={form} layout="vertical" initialValues={initialValues} onValuesChange={() => setDirty(true)} data-testid="plan-editor">
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('planLibrary.conflict')}
          data-testid="plan-conflict"
          action={
            onReload ? (
              <Button size="small" onClick={onReload} data-testid="plan-conflict-reload">
                {t('planLibrary.reloadDraft')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      <ProblemList problems={problems} onGo={onSection} />
      <Tabs
        activeKey={section}
        onChange={(key) => onSection(key as Section)}
        items={SECTIONS.map((s) => ({
          key: s,
          forceRender: true,
          label: (
            <Badge count={counts.get(s) ?? 0} size="small" offset={[8, -2]}>
              <span data-testid={`plan-tab-${s}`}>{t(`planLibrary.section.${s}`)}</span>
            </Badge>
          ),
          children: FIELDS[s](Boolean(plan)),
        }))}
      />
      <Flex gap={8} wrap style={{ marginTop: 16 }}>
        <Button type="primary" loading={busy === 'save'} disabled={busy !== null} onClick={() => void save()} data-testid="plan-save">
          {t('planLibrary.saveDraft')}
        </Button>
        {plan ? (
          <Tooltip title={publishBlock}>
            <Button loading={busy === 'publish'} disabled={busy !== null || publishBlock !== null} onClick={() => void publish()} data-testid="plan-publish">
              {t('planLibrary.publish', { version: (plan.publishedVersion ?? 0) + 1 })}
            </Button>
          </Tooltip>
        ) : null}
      </Flex>
    </Form>
  );
}
