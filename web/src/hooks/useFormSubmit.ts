import { App, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../app/errors';
import { applyServerErrors } from '../app/formErrors';

/**
 * The save step every form shares: `saving` while the request is out, the server's refusal put on the matching
 * fields, or shown as a message when it names none.
 */
export function useFormSubmit<V>(form: FormInstance<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setSaving(true);
      try {
        await work();
      } catch (error) {
        if (!applyServerErrors(form, t, error)) void message.error(describeError(t, error));
      } finally {
        setSaving(false);
      }
    },
    [form, t, message],
  );
  return { saving, run };
}
