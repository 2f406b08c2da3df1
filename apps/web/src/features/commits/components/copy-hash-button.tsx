// Copies a full commit hash to the clipboard and says so.
import { useEffect, useState } from 'react';
import { CopyIcon } from '@/components/ui/icons';

export function CopyHashButton({ hash }: { hash: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  return (
    <>
      <button
        type="button"
        className="button button--subtle button--small copy-hash"
        aria-label={`Copy the full hash ${hash}`}
        title="Copy the full hash"
        onClick={() => {
          // Absent outside a secure context.
          const clipboard = navigator.clipboard as Clipboard | undefined;
          if (!clipboard) {
            setState('failed');
            return;
          }
          clipboard.writeText(hash).then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        <CopyIcon />
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Hash copied' : state === 'failed' ? 'Could not copy the hash' : ''}
      </span>
    </>
  );
}
