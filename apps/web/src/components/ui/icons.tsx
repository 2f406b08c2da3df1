// Small inline icons (16 px, currentColor); decorative unless given a label.
import type { ReactNode, SVGProps } from 'react';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { label?: string };

function Icon({ label, children, ...props }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="currentColor"
      className="icon"
      aria-hidden={label ? undefined : true}
      role={label ? 'img' : undefined}
      aria-label={label}
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export function LockIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z" />
    </Icon>
  );
}

export function GlobeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0ZM5.78 8.75a9.64 9.64 0 0 0 1.36 4.72c.27.04.56.06.86.06.3 0 .59-.02.86-.06a9.64 9.64 0 0 0 1.36-4.72H5.78Zm4.44-1.5a9.64 9.64 0 0 0-1.36-4.72 6.1 6.1 0 0 0-1.72 0 9.64 9.64 0 0 0-1.36 4.72h4.44Zm1.5 1.5a11.1 11.1 0 0 1-.96 4.13 6.52 6.52 0 0 0 3.71-4.13h-2.75Zm2.75-1.5a6.52 6.52 0 0 0-3.71-4.13c.55 1.22.88 2.6.96 4.13h2.75Zm-9.75 0c.08-1.53.41-2.91.96-4.13A6.52 6.52 0 0 0 1.52 7.25h2.76Zm-2.76 1.5a6.52 6.52 0 0 0 3.72 4.13 11.1 11.1 0 0 1-.96-4.13H1.52Z" />
    </Icon>
  );
}

export function SearchIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M10.68 11.74a6 6 0 1 1 1.06-1.06l3.04 3.04a.75.75 0 1 1-1.06 1.06l-3.04-3.04ZM11.5 7a4.5 4.5 0 1 0-9 0 4.5 4.5 0 0 0 9 0Z" />
    </Icon>
  );
}

export function BranchIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M9.5 3.25a2.25 2.25 0 1 1 3 2.12V6A2.5 2.5 0 0 1 10 8.5H6a1 1 0 0 0-1 1v1.13a2.25 2.25 0 1 1-1.5 0V5.37a2.25 2.25 0 1 1 1.5 0v1.84A2.5 2.5 0 0 1 6 7h4a1 1 0 0 0 1-1v-.63a2.25 2.25 0 0 1-1.5-2.12ZM4.25 12a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5ZM3.5 3.25a.75.75 0 1 0 1.5 0 .75.75 0 0 0-1.5 0Zm8.25-.75a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Z" />
    </Icon>
  );
}

export function CopyIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M0 6.75C0 5.78.78 5 1.75 5h1.5a.75.75 0 0 1 0 1.5h-1.5a.25.25 0 0 0-.25.25v7.5c0 .14.11.25.25.25h7.5a.25.25 0 0 0 .25-.25v-1.5a.75.75 0 0 1 1.5 0v1.5A1.75 1.75 0 0 1 9.25 16h-7.5A1.75 1.75 0 0 1 0 14.25v-7.5Z" />
      <path d="M5 1.75C5 .78 5.78 0 6.75 0h7.5C15.22 0 16 .78 16 1.75v7.5A1.75 1.75 0 0 1 14.25 11h-7.5A1.75 1.75 0 0 1 5 9.25v-7.5Zm1.75-.25a.25.25 0 0 0-.25.25v7.5c0 .14.11.25.25.25h7.5a.25.25 0 0 0 .25-.25v-7.5a.25.25 0 0 0-.25-.25h-7.5Z" />
    </Icon>
  );
}

export function ExternalLinkIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.75 2h3.5a.75.75 0 0 1 0 1.5h-3.5a.25.25 0 0 0-.25.25v8.5c0 .14.11.25.25.25h8.5a.25.25 0 0 0 .25-.25v-3.5a.75.75 0 0 1 1.5 0v3.5A1.75 1.75 0 0 1 12.25 14h-8.5A1.75 1.75 0 0 1 2 12.25v-8.5C2 2.78 2.78 2 3.75 2Zm6.85-.5h3.65a.25.25 0 0 1 .25.25V5.4a.25.25 0 0 1-.43.17L12.7 4.2 8.53 8.35a.75.75 0 0 1-1.06-1.06l4.16-4.16-1.37-1.37a.25.25 0 0 1 .17-.42Z" />
    </Icon>
  );
}

export function AlertIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M6.46 1.47a1.75 1.75 0 0 1 3.08 0l6.25 11.35A1.75 1.75 0 0 1 14.25 15.5H1.75a1.75 1.75 0 0 1-1.54-2.68L6.46 1.47ZM8 5a.75.75 0 0 0-.75.75v3.5a.75.75 0 0 0 1.5 0v-3.5A.75.75 0 0 0 8 5Zm0 7.5a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
    </Icon>
  );
}

export function RepoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2 2.5A2.5 2.5 0 0 1 4.5 0h8.75a.75.75 0 0 1 .75.75v12.5a.75.75 0 0 1-.75.75h-2.5a.75.75 0 0 1 0-1.5h1.75v-2h-8a1 1 0 0 0-.71 1.7.75.75 0 0 1-1.07 1.06A2.49 2.49 0 0 1 2 11.5v-9Zm10.5-1h-8a1 1 0 0 0-1 1v6.71c.3-.14.64-.21 1-.21h8V1.5ZM5 12.25a.25.25 0 0 1 .25-.25h3.5a.25.25 0 0 1 .25.25v3.25a.25.25 0 0 1-.4.2l-1.45-1.09a.25.25 0 0 0-.3 0L5.4 15.7a.25.25 0 0 1-.4-.2v-3.25Z" />
    </Icon>
  );
}

export function ProjectIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1.75 1A1.75 1.75 0 0 0 0 2.75v10.5C0 14.22.78 15 1.75 15h12.5A1.75 1.75 0 0 0 16 13.25v-8.5A1.75 1.75 0 0 0 14.25 3H7.5a.25.25 0 0 1-.2-.1l-.9-1.2C6.07 1.26 5.55 1 5 1H1.75ZM1.5 2.75a.25.25 0 0 1 .25-.25H5c.08 0 .15.04.2.1l.9 1.2c.33.44.85.7 1.4.7h6.75a.25.25 0 0 1 .25.25v8.5a.25.25 0 0 1-.25.25H1.75a.25.25 0 0 1-.25-.25V2.75Z" />
    </Icon>
  );
}

export function FolderIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1.75 2.5h4.19c.46 0 .9.18 1.23.51l.82.82c.05.05.11.07.18.07h6.08c.97 0 1.75.78 1.75 1.75v7.6c0 .97-.78 1.75-1.75 1.75H1.75C.78 15 0 14.22 0 13.25V4.25C0 3.28.78 2.5 1.75 2.5Z" />
    </Icon>
  );
}

export function FileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.75 1h5.69c.46 0 .9.18 1.23.51l2.82 2.82c.33.33.51.77.51 1.23v7.69c0 .97-.78 1.75-1.75 1.75h-8.5C2.78 15 2 14.22 2 13.25V2.75C2 1.78 2.78 1 3.75 1Zm0 1.5a.25.25 0 0 0-.25.25v10.5c0 .14.11.25.25.25h8.5a.25.25 0 0 0 .25-.25V6H9.75C8.78 6 8 5.22 8 4.25V2.5H3.75Zm5.75.56v1.19c0 .14.11.25.25.25h1.19L9.5 3.06Z" />
    </Icon>
  );
}

export function ImageFileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2.75 1.5h10.5c.97 0 1.75.78 1.75 1.75v9.5c0 .97-.78 1.75-1.75 1.75H2.75C1.78 14.5 1 13.72 1 12.75v-9.5C1 2.28 1.78 1.5 2.75 1.5Zm0 1.5a.25.25 0 0 0-.25.25v7.19l2.72-2.72a.75.75 0 0 1 1.06 0l1.72 1.72 3.22-3.22a.75.75 0 0 1 1.06 0l1.22 1.22V3.25a.25.25 0 0 0-.25-.25H2.75ZM5 6.25a1.25 1.25 0 1 1 0-2.5 1.25 1.25 0 0 1 0 2.5Z" />
    </Icon>
  );
}

export function BinaryFileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.75 1h8.5c.97 0 1.75.78 1.75 1.75v10.5c0 .97-.78 1.75-1.75 1.75h-8.5C2.78 15 2 14.22 2 13.25V2.75C2 1.78 2.78 1 3.75 1Zm0 1.5a.25.25 0 0 0-.25.25v10.5c0 .14.11.25.25.25h8.5a.25.25 0 0 0 .25-.25V2.75a.25.25 0 0 0-.25-.25h-8.5ZM5 4h1.5v3.5H5V4Zm3.5 0H11v3.5H8.5V4Zm1 1v1.5H10V5h-.5ZM5 9h2.5v3.5H5V9Zm1 1v1.5h.5V10H6Zm2.5-1H10v3.5H8.5V9Z" />
    </Icon>
  );
}

export function TagIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1 7.78V2.75C1 1.78 1.78 1 2.75 1h5.03c.46 0 .9.18 1.23.51l6.25 6.25a1.75 1.75 0 0 1 0 2.48l-5.02 5.02a1.75 1.75 0 0 1-2.48 0l-6.25-6.25A1.75 1.75 0 0 1 1 7.78Zm1.5 0c0 .06.03.13.07.17l6.25 6.25a.25.25 0 0 0 .36 0l5.02-5.02a.25.25 0 0 0 0-.36L7.95 2.57a.25.25 0 0 0-.17-.07H2.75a.25.25 0 0 0-.25.25v5.03ZM6 5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" />
    </Icon>
  );
}

export function CommitIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M11.93 8.5a4 4 0 0 1-7.86 0H.75a.75.75 0 0 1 0-1.5h3.32a4 4 0 0 1 7.86 0h3.32a.75.75 0 0 1 0 1.5h-3.32ZM10.5 7.75a2.5 2.5 0 1 0-5 0 2.5 2.5 0 0 0 5 0Z" />
    </Icon>
  );
}

export function ChevronDownIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M12.78 5.22a.75.75 0 0 1 0 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L3.22 6.28a.75.75 0 0 1 1.06-1.06L8 8.94l3.72-3.72a.75.75 0 0 1 1.06 0Z" />
    </Icon>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M13.78 4.22a.75.75 0 0 1 0 1.06l-7.25 7.25a.75.75 0 0 1-1.06 0L2.22 9.28a.75.75 0 0 1 1.06-1.06L6 10.94l6.72-6.72a.75.75 0 0 1 1.06 0Z" />
    </Icon>
  );
}

export function CloseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.72 3.72a.75.75 0 0 1 1.06 0L8 6.94l3.22-3.22a.75.75 0 1 1 1.06 1.06L9.06 8l3.22 3.22a.75.75 0 1 1-1.06 1.06L8 9.06l-3.22 3.22a.75.75 0 0 1-1.06-1.06L6.94 8 3.72 4.78a.75.75 0 0 1 0-1.06Z" />
    </Icon>
  );
}

export function ClockIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0ZM1.5 8a6.5 6.5 0 1 0 13 0 6.5 6.5 0 0 0-13 0Zm7-3.25v2.94l2.03 2.03a.75.75 0 1 1-1.06 1.06l-2.25-2.25A.75.75 0 0 1 7 8V4.75a.75.75 0 0 1 1.5 0Z" />
    </Icon>
  );
}
