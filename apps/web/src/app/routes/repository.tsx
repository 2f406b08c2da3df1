// /{workspace}/{repo}
import { useParams } from 'react-router';
import { RepositorySummaryPage } from '@/features/repositories/components/repository-summary-page';

export function RepositoryRoute() {
  const { workspace = '', repo = '' } = useParams();
  return <RepositorySummaryPage key={`${workspace}/${repo}`} workspace={workspace} repo={repo} />;
}
