import { App, DatePicker, Form, Input, InputNumber, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Matcher } from '../../api/alerts';
import type { Silence } from '../../api/alerts';
import { silencesApi } from '../../api/silences';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { DEFAULT_SILENCE_HOURS } from './alertValues';
import { MatchersEditor, LABEL_NAME_PATTERN } from './MatchersEditor';

interface Values {
  matchers: Matcher[];
  startsAt: Dayjs;
  hours: number;
  comment: string;
}

const PREVIEW_DELAY_MS = 400;
const MAX_HOURS = 24 * 30;

/** The rows that are complete enough to ask the server about. */
export const completeMatchers = (matchers: readonly (Partial<Matcher> | undefined)[] | undefined): Matcher[] =>
  (matchers ?? []).filter((m): m is Matcher => !!m && typeof m.name === 'string' && LABEL_NAME_PATTERN.test(m.name) && !!m.op && typeof m.value === 'string');

/** How many open alerts the matchers being edited would silence now, asked again as they change. */
function usePreviewCount(matchers: Matcher[]): number | null {
  const [count, setCount] = useState<{ key: string; count: number | null } | null>(null);
  const key = JSON.stringify(matchers);
  useEffect(() => {
    if (matchers.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      silencesApi.preview(JSON.parse(key) as Matcher[]).then(
        (answer) => live && setCount({ key, count: answer.matched }),
        () => live && setCount({ key, count: null }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, matchers.length]);
  return matchers.length > 0 && count?.key === key ? count.count : null;
}

/**
 * A new silence: matchers (prefilled from an alert's labels when made from its row), when it starts, how long it lasts
 * (2 hours unless changed) and why (required: whoever finds alerts quiet must learn who silenced them and why).
 */
export function SilenceModal({ matchers, onClose, onSaved }: { matchers: Matcher[]; onClose: () => void; onSaved: (silence: Silence) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const watched = Form.useWatch('matchers', form) as Partial<Matcher>[] | undefined;
  const previewed = completeMatchers(watched);
  const count = usePreviewCount(previewed);

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const startsAt = values.startsAt ?? dayjs();
      const saved = await silencesApi.create({
        matchers: values.matchers.map((m) => ({ name: m.name.trim(), op: m.op, value: m.value ?? '' })),
        startsAt: startsAt.toISOString(),
        endsAt: startsAt.add(values.hours * 60, 'minute').toISOString(),
        comment: values.comment.trim(),
      });
      void message.success(t('silence.created'));
      onSaved(saved);
    });
  };

  return (
    <Modal
      open
      width={680}
      title={t('silence.createTitle')}
      okText={t('silence.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'silence-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ matchers, startsAt: dayjs(), hours: DEFAULT_SILENCE_HOURS, comment: '' }}>
        <Form.Item label={t('silence.matchers')} extra={t('silence.matchersHint')} required>
          <MatchersEditor name="matchers" testId="silence-matchers" requiredMessage={t('silence.matchersRequired')} />
        </Form.Item>
        <Typography.Paragraph type="secondary" data-testid="silence-preview">
          {count === null ? t('silence.previewUnknown') : t('silence.preview', { count })}
        </Typography.Paragraph>
        <Form.Item name="startsAt" label={t('silence.startsAt')}>
          <DatePicker showTime style={{ width: '100%' }} data-testid="silence-starts" />
        </Form.Item>
        <Form.Item name="hours" label={t('silence.hours')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={0.25} max={MAX_HOURS} step={1} style={{ width: 160 }} data-testid="silence-hours" />
        </Form.Item>
        <Form.Item
          name="comment"
          label={t('silence.comment')}
          rules={[
            { required: true, whitespace: true, message: t('silence.commentRequired') },
            { max: 2000, message: t('validation.maxLength', { max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={2} data-testid="silence-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
