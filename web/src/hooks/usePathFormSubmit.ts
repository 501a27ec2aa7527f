import { App, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../app/errors';
import { pathKey, pathProblems, placeProblems, type NamePath } from '../app/fieldPaths';

/** Every field name the form has registered now (inputs, lists and list items), as pathKey. */
function registeredFields<V>(form: FormInstance<V>): Set<string> {
  const names = new Set<string>();
  form.getFieldsValue(true, (meta) => {
    if (meta) names.add(pathKey(meta.name as NamePath));
    return false;
  });
  return names;
}

/**
 * useFormSubmit for nested forms: `saving` while the request is out; a refusal's field problems put under the fields
 * they name however deep (fieldPaths.ts), and whatever no field holds shown as a message.
 */
export function usePathFormSubmit<V>(form: FormInstance<V>, rename?: (path: NamePath) => NamePath | null) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const run = useCallback(
    async (work: () => Promise<void>): Promise<boolean> => {
      setSaving(true);
      try {
        await work();
        return true;
      } catch (error) {
        const { placed, left } = placeProblems(pathProblems(t, error), registeredFields(form), rename);
        if (placed.length > 0) form.setFields(placed as Parameters<FormInstance<V>['setFields']>[0]);
        if (placed.length === 0) void message.error(describeError(t, error));
        else if (left.length > 0) void message.error(left.map((p) => `${p.path.join('.')}: ${p.text}`).join('; '));
        return false;
      } finally {
        setSaving(false);
      }
    },
    [form, t, message, rename],
  );
  return { saving, run };
}
