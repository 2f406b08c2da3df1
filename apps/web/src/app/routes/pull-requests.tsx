// /{ws}/{repo}/pull-requests[?state=]
import { useParams } from 'react-router';
import { PullRequestList } from '@/features/pull-requests/components/pull-request-list';

const prefetchPullRequestPage = () => void import('./pull-request').catch(() => {});

export function PullRequestsRoute() {
  const { workspace = '', repo = '' } = useParams();
  return (
    <PullRequestList
      key={`${workspace}/${repo}`}
      workspace={workspace}
      repo={repo}
      onPrefetchPage={prefetchPullRequestPage}
    />
  );
}
