// What shows while the app itself starts (first route code and session check).
import { PailMark } from './pail-mark';

export function FullPageLoader({ label = 'Loading Pail…' }: { label?: string }) {
  return (
    <div className="full-page-loader" role="status">
      <PailMark size={40} />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
