// Icons for the ref switcher: tag, commit, the open-menu chevron and the current-ref check (16 px, decorative).
import type { ReactNode } from 'react';

function Icon({ children, className = 'icon' }: { children: ReactNode; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="currentColor"
      className={className}
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function TagIcon() {
  return (
    <Icon>
      <path d="M1 7.78V2.75C1 1.78 1.78 1 2.75 1h5.03c.46 0 .9.18 1.23.51l6.25 6.25a1.75 1.75 0 0 1 0 2.48l-5.02 5.02a1.75 1.75 0 0 1-2.48 0l-6.25-6.25A1.75 1.75 0 0 1 1 7.78Zm1.5 0c0 .06.03.13.07.17l6.25 6.25a.25.25 0 0 0 .36 0l5.02-5.02a.25.25 0 0 0 0-.36L7.95 2.57a.25.25 0 0 0-.17-.07H2.75a.25.25 0 0 0-.25.25v5.03ZM6 5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" />
    </Icon>
  );
}

export function CommitIcon() {
  return (
    <Icon>
      <path d="M11.93 8.5a4 4 0 0 1-7.86 0H.75a.75.75 0 0 1 0-1.5h3.32a4 4 0 0 1 7.86 0h3.32a.75.75 0 0 1 0 1.5h-3.32ZM10.5 7.75a2.5 2.5 0 1 0-5 0 2.5 2.5 0 0 0 5 0Z" />
    </Icon>
  );
}

export function ChevronDownIcon({ className }: { className?: string }) {
  return (
    <Icon className={className}>
      <path d="M12.78 5.22a.75.75 0 0 1 0 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L3.22 6.28a.75.75 0 0 1 1.06-1.06L8 8.94l3.72-3.72a.75.75 0 0 1 1.06 0Z" />
    </Icon>
  );
}

export function CheckIcon({ className }: { className?: string }) {
  return (
    <Icon className={className}>
      <path d="M13.78 4.22a.75.75 0 0 1 0 1.06l-7.25 7.25a.75.75 0 0 1-1.06 0L2.22 9.28a.75.75 0 0 1 1.06-1.06L6 10.94l6.72-6.72a.75.75 0 0 1 1.06 0Z" />
    </Icon>
  );
}
