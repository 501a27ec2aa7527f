/** Client-side hints mirroring the server's password policy; the server remains the judge (WEAK_PASSWORD). */
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
/** The server only applies the "contains the username" rule to usernames this long or longer. */
const USERNAME_RULE_MIN = 3;

export function passwordRules(t: TFunction, username?: () => string | undefined): FormRule[] {
  return [
    { required: true, message: t('password.required') },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || value === '') return;
        if ([...value].length < PASSWORD_MIN_LENGTH) throw new Error(t('password.tooShort', { min: PASSWORD_MIN_LENGTH }));
        if (value.length > PASSWORD_MAX_LENGTH) throw new Error(t('password.tooLong', { max: PASSWORD_MAX_LENGTH }));
        const name = username?.()?.trim().toLowerCase();
        if (name && name.length >= USERNAME_RULE_MIN && value.toLowerCase().includes(name)) {
          throw new Error(t('password.reason.contains_username'));
        }
      },
    },
  ];
}

export function confirmPasswordRules(t: TFunction, field: string): FormRule[] {
  return [
    { required: true, message: t('password.confirmRequired') },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (value !== getFieldValue(field)) throw new Error(t('password.mismatch'));
      },
    }),
  ];
}
