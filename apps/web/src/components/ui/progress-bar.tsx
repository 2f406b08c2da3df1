// A slim indeterminate bar at the top of a region while a page or its data loads; shown after a short delay.
import { useEffect, useState } from 'react';
import './progress-bar.css';

/** Milliseconds a load must last before the bar appears, so quick loads do not flash it. */
const SHOW_DELAY = 150;

export function ProgressBar({ active, label = 'Loading' }: { active: boolean; label?: string }) {
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (!active) return;
    const timer = window.setTimeout(() => setVisible(true), SHOW_DELAY);
    return () => {
      window.clearTimeout(timer);
      setVisible(false);
    };
  }, [active]);
  const shown = active && visible;

  return (
    <div className="progress-bar" data-visible={shown || undefined}>
      {shown ? (
        <div className="progress-bar__track" role="progressbar" aria-label={label}>
          <div className="progress-bar__indicator" />
        </div>
      ) : null}
    </div>
  );
}
