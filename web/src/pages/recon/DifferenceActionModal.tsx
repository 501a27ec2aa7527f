import { Descriptions, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../app/money';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { assignChoices, type PersonOption } from './assignees';
import { defaultBookedFen, fenToYuanText, parseYuan, resolveBody, type ResolveValues } from './differenceForm';
import { reconApi, type Difference, type DifferenceDetail } from './reconApi';
import { NEEDS_CHECKER, RESOLUTIONS } from './reconValues';

export type DialogKind = 'assign' | 'resolve' | 'reject' | 'refuse' | 'approve';
const MAX_NOTE = 2000;

interface Values extends ResolveValues {
  assigneeId?: string;
}

/**
 * A move on a difference that needs words or a choice: assign, resolve (force-match and refund at once; adjust and
 * write-off proposed with the amount to book), reject, refuse and approve. Each sends the version read; the server's
 * refusal comes back to the page (`onFailed`), which reloads on a 409 and says why.
 */
export function DifferenceActionModal({
  kind,
  difference,
  people,
  myId,
  onClose,
  onDone,
  onFailed,
}: {
  kind: DialogKind;
  difference: DifferenceDetail;
  /** the people a difference can be assigned to (GET /recon/assignees) and its current assignee */
  people: PersonOption[];
  myId: string;
  onClose: () => void;
  onDone: (next: Difference) => void;
  onFailed: (error: unknown) => boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const resolution = Form.useWatch('resolution', form);
  const booked = defaultBookedFen(difference);
  const { id, version } = difference;

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      try {
        const note = values.note?.trim() ?? '';
        let next: Difference;
        if (kind === 'assign') next = await reconApi.assign(id, version, values.assigneeId ?? null);
        else if (kind === 'resolve') next = await reconApi.resolve(id, resolveBody(values, version));
        else if (kind === 'reject') next = await reconApi.reject(id, version, note);
        else if (kind === 'refuse') next = await reconApi.refuse(id, version, note);
        else next = await reconApi.approve(id, version, note || undefined);
        onDone(next);
      } catch (error) {
        // A stale version or a maker's own approval: the page reloads and explains; anything else stays on the form.
        if (!onFailed(error)) throw error;
      }
    });
  };

  const noteRules = (required: boolean) => [
    { required, whitespace: true, message: t('recon.action.noteRequired') },
    { max: MAX_NOTE, message: t('validation.maxLength', { max: MAX_NOTE }) },
  ];
  const assignOptions = assignChoices(people, myId, t('recon.action.me'));

  return (
    <Modal
      open
      title={t(`recon.action.${kind}`)}
      okText={t(`recon.action.${kind}Submit`)}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'recon-action-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ resolution: 'force-match', amount: fenToYuanText(booked), assigneeId: difference.assignee?.id }}
        data-testid={`recon-action-${kind}`}
      >
        {kind === 'assign' ? (
          <Form.Item name="assigneeId" label={t('recon.difference.assignee')} extra={t('recon.action.assignHint')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('recon.action.unassigned')} options={assignOptions} data-testid="recon-assignee" />
          </Form.Item>
        ) : null}
        {kind === 'resolve' ? (
          <>
            <Form.Item name="resolution" label={t('recon.action.resolution')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={RESOLUTIONS.map((r) => ({ value: r, label: <span data-testid={`recon-resolution-${r}`}>{t(`recon.resolution.${r}`)}</span> }))}
              />
            </Form.Item>
            <Typography.Paragraph type="secondary">{resolution && NEEDS_CHECKER.has(resolution) ? t('recon.action.needsChecker') : t('recon.action.resolvesAtOnce')}</Typography.Paragraph>
            {resolution && NEEDS_CHECKER.has(resolution) ? (
              <Form.Item
                name="amount"
                label={t('recon.action.amount')}
                extra={t('recon.action.amountHint', { amount: formatFen(booked) })}
                rules={[{ validator: async (_, value: string | undefined) => (value && parseYuan(value) === null ? Promise.reject(new Error(t('recon.action.amountInvalid'))) : undefined) }]}
              >
                <Input prefix="¥" style={{ width: 200 }} data-testid="recon-action-amount" />
              </Form.Item>
            ) : null}
          </>
        ) : null}
        {kind === 'approve' ? (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="recon-approve-summary">
            <Descriptions.Item label={t('recon.difference.maker')}>
              <span data-testid="recon-approve-maker">{difference.maker?.name ?? ''}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('recon.action.resolution')}>{difference.resolution ? t(`recon.resolution.${difference.resolution}`) : ''}</Descriptions.Item>
            {difference.resolutionAmountFen !== null ? (
              <Descriptions.Item label={t('recon.action.amount')}>
                <span data-testid="recon-approve-amount">{formatFen(difference.resolutionAmountFen)}</span>
              </Descriptions.Item>
            ) : null}
            {difference.resolutionNote ? <Descriptions.Item label={t('recon.action.note')}>{difference.resolutionNote}</Descriptions.Item> : null}
          </Descriptions>
        ) : null}
        {kind !== 'assign' ? (
          <Form.Item name="note" label={t(kind === 'approve' ? 'recon.action.noteOptional' : 'recon.action.note')} rules={noteRules(kind !== 'approve')}>
            <Input.TextArea rows={3} maxLength={MAX_NOTE} data-testid="recon-action-note" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
