// Labels shared by the pull-request list and page: the state badge and the `source → destination` branches.
import type { PullRequest } from '@pail/shared/bitbucket';
import { Badge } from '@/components/ui/badge';
import { BranchIcon } from '@/components/ui/icons';

const STATE_LABELS: Record<
  string,
  { label: string; tone: 'brand' | 'success' | 'warning' | 'neutral' }
> = {
  OPEN: { label: 'Open', tone: 'brand' },
  MERGED: { label: 'Merged', tone: 'success' },
  DECLINED: { label: 'Declined', tone: 'warning' },
  SUPERSEDED: { label: 'Superseded', tone: 'neutral' },
};

export function PullRequestStateBadge({ state }: { state: string | undefined }) {
  const known = STATE_LABELS[state ?? ''];
  return <Badge tone={known?.tone ?? 'neutral'}>{known?.label ?? state ?? 'Unknown'}</Badge>;
}

export function BranchFlow({ pullRequest }: { pullRequest: PullRequest }) {
  const source = pullRequest.source?.branch?.name ?? 'unknown';
  const destination = pullRequest.destination?.branch?.name ?? 'unknown';
  return (
    <span className="branch-flow">
      <span className="branch-flow__branch">
        <BranchIcon />
        <span className="visually-hidden">From </span>
        {source}
      </span>
      <span aria-hidden="true">→</span>
      <span className="branch-flow__branch">
        <span className="visually-hidden">into </span>
        {destination}
      </span>
    </span>
  );
}
