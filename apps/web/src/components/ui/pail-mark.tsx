// Pail's logo mark (the same SVG is the favicon).
import markUrl from '@/assets/pail-mark.svg';

export function PailMark({ size = 28, label }: { size?: number; label?: string }) {
  return (
    <img
      className="pail-mark"
      src={markUrl}
      width={size}
      height={size}
      alt={label ?? ''}
      draggable={false}
    />
  );
}
