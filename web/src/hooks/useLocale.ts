import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types';
import { DEFAULT_LOCALE, isLocale, storeLocale } from '../app/i18n';

export function useLocale(): { locale: Locale; setLocale(locale: Locale): void } {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
  const setLocale = useCallback(
    (next: Locale) => {
      storeLocale(next);
      void i18n.changeLanguage(next);
    },
    [i18n],
  );
  return { locale, setLocale };
}
