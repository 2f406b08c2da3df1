// Sets the tab title for a page: "acme · Pail".
import { useEffect } from 'react';

export const APP_NAME = 'Pail';

export function usePageTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}
