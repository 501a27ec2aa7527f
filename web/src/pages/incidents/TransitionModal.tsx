import { AutoComplete, Button, Flex, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAsync } from '../../hooks/useAsync';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { incidentsApi, type ActionKind, type Incident, type WaitingReason } from './incidentsApi';
import { escalationLevels, onDutyPeople, transitionBody, type OnDutyPerson, type TransitionValues } from './transitionForm';
import type { useIncidentNames } from './useIncidentNames';

const WAIT_REASONS: readonly WaitingReason[] = ['customer', 'parts', 'third_party'];
const MAX_TEXT = 2000;

/**
 * One workflow move that needs words or a choice: the fields that kind asks for, and the server's refusal (a 409 on a
 * changed incident, a field problem) on the form or as a message, the way the alert pages show them.
 */
export function TransitionModal({
  kind,
  incident,
  choices,
  onClose,
  onDone,
}: {
  kind: ActionKind;
  incident: Incident;
  choices: ReturnType<typeof useIncidentNames>;
  onClose: () => void;
  onDone: (incident: Incident) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransitionValues>();
  const { saving, run } = useFormSubmit(form);
  const levels = escalationLevels(incident.level);
  const dispatching = kind === 'assign' || kind === 'reassign';
  // The rosters' people on duty now come first (C5.4: the on-duty engineer suggested from the roster).
  const onDuty = useAsync(() => incidentsApi.onDuty(incident.id), `incident-on-duty:${incident.id}`, dispatching);
  const onDutyNow = onDutyPeople(onDuty.data ?? []);
  const onDutyLabel = (p: OnDutyPerson) => `${p.leader ? t('roster.leaderOnDuty', { name: p.name }) : p.name} · ${p.rosterName}`;

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => onDone(await incidentsApi.transition(incident.id, transitionBody(kind, values))));
  };

  const required = (messageKey: string) => [
    { required: true, whitespace: true, message: t(messageKey) },
    { max: MAX_TEXT, message: t('validation.maxLength', { max: MAX_TEXT }) },
  ];
  const text = (name: keyof TransitionValues, label: string, rules: object[], testId: string) => (
    <Form.Item name={name} label={label} rules={rules}>
      <Input.TextArea rows={3} data-testid={testId} />
    </Form.Item>
  );

  const onDutyIds = new Set(onDutyNow.map((p) => p.userId));
  const assigneeOptions = [
    { label: t('roster.onDutyNow'), options: onDutyNow.map((p) => ({ value: `user:${p.userId}`, label: onDutyLabel(p) })) },
    { label: t('incident.form.people'), options: choices.people.filter((p) => !onDutyIds.has(p.value)).map((p) => ({ value: `user:${p.value}`, label: p.label })) },
    { label: t('incident.form.teams'), options: choices.teams.map((team) => ({ value: `team:${team.id}`, label: team.name })) },
  ].filter((group) => group.options.length > 0);

  return (
    <Modal
      open
      title={`${t(`incident.transition.${kind}`)} · ${incident.ref}`}
      okText={t(`incident.transition.${kind}`)}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'incident-transition-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ waitReason: 'customer', level: levels.at(-1) }} data-testid={`incident-transition-${kind}`}>
        {kind === 'close' ? <Typography.Paragraph>{t('incident.form.closeHint')}</Typography.Paragraph> : null}
        {dispatching && onDutyNow.length > 0 ? (
          <Form.Item label={t('roster.onDutyNow')}>
            <Flex wrap gap={8} data-testid="incident-on-duty">
              {onDutyNow.map((p) => (
                <Button key={p.userId} size="small" onClick={() => form.setFieldsValue({ assignee: `user:${p.userId}` })} data-testid={`incident-on-duty-${p.userId}`}>
                  {onDutyLabel(p)}
                </Button>
              ))}
            </Flex>
          </Form.Item>
        ) : null}
        {dispatching ? (
          <Form.Item name="assignee" label={t('incident.field.assignee')} rules={[{ required: true, message: t('incident.form.assigneeRequired') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={assigneeOptions} data-testid="incident-assignee-select" />
          </Form.Item>
        ) : null}
        {kind === 'reassign' ? text('reason', t('incident.field.reason'), [{ max: MAX_TEXT, message: t('validation.maxLength', { max: MAX_TEXT }) }], 'incident-reason') : null}
        {kind === 'wait' ? (
          <>
            <Form.Item name="waitReason" label={t('incident.field.waitReason')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={WAIT_REASONS.map((reason) => ({ value: reason, label: t(`incident.waitingReason.${reason}`) }))}
                data-testid="incident-wait-reason"
              />
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('incident.form.waitHint')}</Typography.Paragraph>
            {text('note', t('incident.field.waitNote'), [{ max: MAX_TEXT, message: t('validation.maxLength', { max: MAX_TEXT }) }], 'incident-wait-note')}
          </>
        ) : null}
        {kind === 'resolve' ? (
          <>
            {text('fix', t('incident.field.fix'), required('incident.form.fixRequired'), 'incident-fix')}
            <Form.Item name="causeCategory" label={t('incident.field.cause')} rules={[{ required: true, whitespace: true, message: t('incident.form.causeRequired') }]}>
              {choices.causesLoaded ? (
                <Select showSearch={{ optionFilterProp: 'label' }} options={choices.causes} data-testid="incident-cause" />
              ) : (
                // The taxonomy could not be read: the code is typed (the server checks it against its list).
                <AutoComplete options={choices.causes} data-testid="incident-cause" />
              )}
            </Form.Item>
          </>
        ) : null}
        {kind === 'confirm' ? text('comment', t('incident.field.confirmComment'), [{ max: MAX_TEXT, message: t('validation.maxLength', { max: MAX_TEXT }) }], 'incident-confirm-comment') : null}
        {kind === 'reopen' ? text('reason', t('incident.field.reopenReason'), required('incident.form.reasonRequired'), 'incident-reason') : null}
        {kind === 'escalate' ? (
          <>
            <Form.Item name="level" label={t('incident.field.level')} rules={[{ required: true, message: t('incident.form.levelRequired') }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={levels.map((level) => ({ value: level, label: t(`incident.level.${level}`) }))}
                data-testid="incident-escalate-level"
              />
            </Form.Item>
            {text('reason', t('incident.field.reason'), required('incident.form.reasonRequired'), 'incident-reason')}
          </>
        ) : null}
        {kind === 'declare_major' ? (
          <>
            <Typography.Paragraph type="secondary">{t('incident.form.majorHint')}</Typography.Paragraph>
            {text('reason', t('incident.field.reason'), required('incident.form.reasonRequired'), 'incident-reason')}
          </>
        ) : null}
        {kind === 'communicate' ? text('message', t('incident.field.message'), required('incident.form.messageRequired'), 'incident-message') : null}
        {kind === 'record_review' ? text('summary', t('incident.field.review'), required('incident.form.summaryRequired'), 'incident-review') : null}
      </Form>
    </Modal>
  );
}
