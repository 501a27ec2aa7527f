import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/errors';
import { applyServerErrors } from '../../../app/formErrors';
import { closingApi, type RootCause } from './closingApi';
import { FishboneDiagram } from './FishboneDiagram';
import { CAUSES_PER_BONE, causeCount, draftFrom, draftProblems, FISHBONE_CATEGORIES, ITEM_LIMIT, normalise, SUMMARY_LIMIT, toRootCauseBody, WHY_LIMIT, type DraftProblem, type RootCauseDraft } from './rootCause';

/** A draft problem as the form shows it: on its field (a why by its place in the list), in the reader's words. */
export function problemField(t: TFunction, problem: DraftProblem): { name: (string | number)[]; errors: string[] } {
  switch (problem.field) {
    case 'whys':
      return 'index' in problem
        ? { name: ['whys', problem.index], errors: [problem.code === 'required' ? t('closing.rootCause.whyRequired') : t('closing.rootCause.tooLong', { limit: ITEM_LIMIT })] }
        : { name: ['whys', 0], errors: [problem.code === 'none' ? t('closing.rootCause.whysNone') : t('closing.rootCause.whysTooMany', { limit: WHY_LIMIT })] };
    case 'fishbone':
      return {
        name: ['fishbone', problem.category],
        errors: [problem.code === 'tooMany' ? t('closing.rootCause.causesTooMany', { limit: CAUSES_PER_BONE }) : t('closing.rootCause.tooLong', { limit: ITEM_LIMIT })],
      };
    case 'summary':
      return { name: ['summary'], errors: [problem.code === 'required' ? t('closing.rootCause.summaryRequired') : t('closing.rootCause.tooLong', { limit: SUMMARY_LIMIT })] };
  }
}

/** What was recorded, read-only: the whys in order, the causes per bone, the summary. */
function RootCauseView({ rootCause }: { rootCause: RootCause }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} data-testid="closing-root-cause-view">
      <Typography.Text strong>{t('closing.rootCause.summary')}</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="closing-root-cause-summary">
        {rootCause.summary}
      </Typography.Paragraph>
      <Typography.Text strong>{t('closing.rootCause.whys')}</Typography.Text>
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {rootCause.whys.map((why, i) => (
          <li key={i}>{why}</li>
        ))}
      </ol>
    </Flex>
  );
}

/**
 * The root-cause analysis: the 5 whys (first to last, at most five), the fishbone's six categories as lists of causes,
 * and the root cause in a sentence or two. Saved against the incident's version, so two people editing at once do not
 * overwrite each other silently (409 INCIDENT_CHANGED). Without incidents:write it is shown, not edited.
 */
export function RootCauseForm({ incidentId, version, rootCause, canEdit, onSaved }: { incidentId: string; version: number; rootCause: RootCause | null; canEdit: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RootCauseDraft>();
  const [saving, setSaving] = useState(false);
  const watched = Form.useWatch([], form) as RootCauseDraft | undefined;
  const live = normalise({ ...draftFrom(rootCause), ...watched });

  if (!canEdit) {
    return rootCause ? (
      <Flex vertical gap={12}>
        <RootCauseView rootCause={rootCause} />
        {causeCount(rootCause.fishbone) > 0 ? <FishboneDiagram fishbone={rootCause.fishbone} head={rootCause.summary} /> : null}
      </Flex>
    ) : (
      <Typography.Text type="secondary" data-testid="closing-root-cause-empty">
        {t('closing.rootCause.empty')}
      </Typography.Text>
    );
  }

  const save = async () => {
    const draft = form.getFieldsValue(true) as RootCauseDraft;
    const problems = draftProblems(draft);
    if (problems.length > 0) {
      form.setFields(problems.map((p) => problemField(t, p)) as Parameters<typeof form.setFields>[0]);
      return;
    }
    setSaving(true);
    try {
      await closingApi.setRootCause(incidentId, toRootCauseBody(draft, version));
      void message.success(t('closing.rootCause.saved'));
      onSaved();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<RootCauseDraft> form={form} layout="vertical" initialValues={draftFrom(rootCause)} data-testid="closing-root-cause-form" onFinish={() => void save()}>
      <Typography.Text strong>{t('closing.rootCause.whys')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('closing.rootCause.whysHint')}
      </Typography.Paragraph>
      <Form.List name="whys">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={8} align="start">
                <Form.Item name={field.name} label={t('closing.rootCause.whyLabel', { n: index + 1 })} style={{ flex: 1, marginBottom: 8 }}>
                  <Input maxLength={ITEM_LIMIT} placeholder={t('closing.rootCause.whyPlaceholder')} data-testid={`closing-why-${index}`} />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('closing.rootCause.removeWhy', { n: index + 1 })}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                    data-testid={`closing-why-remove-${index}`}
                  />
                ) : null}
              </Flex>
            ))}
            {fields.length < WHY_LIMIT ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginBottom: 16 }} data-testid="closing-why-add">
                {t('closing.rootCause.addWhy')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
      <Typography.Text strong style={{ display: 'block' }}>
        {t('closing.fishbone.title')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('closing.fishbone.hint')}
      </Typography.Paragraph>
      <Row gutter={12}>
        {FISHBONE_CATEGORIES.map((category) => (
          <Col key={category} xs={24} md={12}>
            <Form.Item name={['fishbone', category]} label={`${t(`closing.fishbone.category.${category}`)} · ${t(`closing.fishbone.categoryHint.${category}`)}`} style={{ marginBottom: 12 }}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['\n']} placeholder={t('closing.fishbone.causePlaceholder')} data-testid={`closing-bone-input-${category}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {causeCount(live.fishbone) > 0 ? <FishboneDiagram fishbone={live.fishbone} head={live.summary} /> : null}
      <Form.Item name="summary" label={t('closing.rootCause.summary')} style={{ marginTop: 12 }}>
        <Input.TextArea rows={3} maxLength={SUMMARY_LIMIT} placeholder={t('closing.rootCause.summaryPlaceholder')} data-testid="closing-root-cause-summary-input" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="closing-root-cause-save">
        {t('closing.rootCause.save')}
      </Button>
    </Form>
  );
}
