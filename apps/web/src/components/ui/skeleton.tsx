// Placeholder shapes shown while data loads, so the layout does not jump when it arrives.
import './skeleton.css';

export function Skeleton({
  width,
  height = '1em',
  className = '',
}: {
  width?: string;
  height?: string;
  className?: string;
}) {
  return (
    <span
      className={`skeleton ${className}`}
      aria-hidden="true"
      // Sizes are layout hints only; CSSOM styles are allowed under a strict style-src CSP.
      style={{ width, height }}
    />
  );
}

/** Announces the loading state once for assistive technology while skeletons show. */
export function LoadingAnnouncement({ children }: { children: string }) {
  return (
    <span className="visually-hidden" role="status">
      {children}
    </span>
  );
}
