// /{ws}/{repo}/pull-requests/{id}[/overview|/diff|/commits|/activity]: one pull request.
import { useParams } from 'react-router';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { usePageTitle } from '@/hooks/use-page-title';
import { ApiError } from '@/lib/api-client';
import { PullRequestPage } from '@/features/pull-requests/components/pull-request-page';

/** bitbucket.org's sub-pages of a pull request; each shows the whole pull request here. */
const SECTIONS = {
  '': 'overview',
  overview: 'overview',
  activity: 'overview',
  commits: 'overview',
  diff: 'diff',
} as const;

export function PullRequestRoute() {
  const { workspace = '', repo = '', pullRequestId = '', '*': rest = '' } = useParams();
  const id = /^\d{1,9}$/.test(pullRequestId) ? Number(pullRequestId) : undefined;
  const sub = rest.replace(/\/+$/, '');
  const section = Object.hasOwn(SECTIONS, sub) ? SECTIONS[sub as keyof typeof SECTIONS] : undefined;

  if (id === undefined || id === 0 || section === undefined) {
    return <UnknownPullRequestPage workspace={workspace} repo={repo} />;
  }
  return (
    <PullRequestPage
      key={`${workspace}/${repo}#${id}`}
      workspace={workspace}
      repo={repo}
      id={id}
      section={section}
    />
  );
}

function UnknownPullRequestPage({ workspace, repo }: { workspace: string; repo: string }) {
  usePageTitle('Pull request not found');
  return (
    <QueryErrorPanel
      error={
        new ApiError({ status: 404, code: 'not_found', source: 'http', message: 'Not found.' })
      }
      subject="this pull request"
      notFound={{
        title: 'Pull request not found',
        description: `That is not a pull request address in ${workspace}/${repo}.`,
      }}
    />
  );
}
