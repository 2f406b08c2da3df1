// Icons for the source browser: folder, file, image, binary (16 px, currentColor, decorative).
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="currentColor"
      className="icon"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function FolderIcon() {
  return (
    <Icon>
      <path d="M1.75 2.5h4.19c.46 0 .9.18 1.23.51l.82.82c.05.05.11.07.18.07h6.08c.97 0 1.75.78 1.75 1.75v7.6c0 .97-.78 1.75-1.75 1.75H1.75C.78 15 0 14.22 0 13.25V4.25C0 3.28.78 2.5 1.75 2.5Z" />
    </Icon>
  );
}

export function FileIcon() {
  return (
    <Icon>
      <path d="M3.75 1h5.69c.46 0 .9.18 1.23.51l2.82 2.82c.33.33.51.77.51 1.23v7.69c0 .97-.78 1.75-1.75 1.75h-8.5C2.78 15 2 14.22 2 13.25V2.75C2 1.78 2.78 1 3.75 1Zm0 1.5a.25.25 0 0 0-.25.25v10.5c0 .14.11.25.25.25h8.5a.25.25 0 0 0 .25-.25V6H9.75C8.78 6 8 5.22 8 4.25V2.5H3.75Zm5.75.56v1.19c0 .14.11.25.25.25h1.19L9.5 3.06Z" />
    </Icon>
  );
}

export function ImageFileIcon() {
  return (
    <Icon>
      <path d="M2.75 1.5h10.5c.97 0 1.75.78 1.75 1.75v9.5c0 .97-.78 1.75-1.75 1.75H2.75C1.78 14.5 1 13.72 1 12.75v-9.5C1 2.28 1.78 1.5 2.75 1.5Zm0 1.5a.25.25 0 0 0-.25.25v7.19l2.72-2.72a.75.75 0 0 1 1.06 0l1.72 1.72 3.22-3.22a.75.75 0 0 1 1.06 0l1.22 1.22V3.25a.25.25 0 0 0-.25-.25H2.75ZM5 6.25a1.25 1.25 0 1 1 0-2.5 1.25 1.25 0 0 1 0 2.5Z" />
    </Icon>
  );
}

export function BinaryFileIcon() {
  return (
    <Icon>
      <path d="M3.75 1h8.5c.97 0 1.75.78 1.75 1.75v10.5c0 .97-.78 1.75-1.75 1.75h-8.5C2.78 15 2 14.22 2 13.25V2.75C2 1.78 2.78 1 3.75 1Zm0 1.5a.25.25 0 0 0-.25.25v10.5c0 .14.11.25.25.25h8.5a.25.25 0 0 0 .25-.25V2.75a.25.25 0 0 0-.25-.25h-8.5ZM5 4h1.5v3.5H5V4Zm3.5 0H11v3.5H8.5V4Zm1 1v1.5H10V5h-.5ZM5 9h2.5v3.5H5V9Zm1 1v1.5h.5V10H6Zm2.5-1H10v3.5H8.5V9Z" />
    </Icon>
  );
}
