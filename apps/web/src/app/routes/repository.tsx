// /{workspace}/{repo}: the overview, with the README from the main branch.
import { useParams } from 'react-router';
import { useRepository } from '@/features/repositories/api/get-repository';
import { RepositorySummaryPage } from '@/features/repositories/components/repository-summary-page';
import { RepositoryReadme } from '@/features/source/components/repository-readme';

export function RepositoryRoute() {
  const { workspace = '', repo = '' } = useParams();
  const { data: repository } = useRepository(workspace, repo);
  return (
    <RepositorySummaryPage
      key={`${workspace}/${repo}`}
      workspace={workspace}
      repo={repo}
      readme={
        <RepositoryReadme
          workspace={workspace}
          repo={repo}
          mainBranch={repository?.mainbranch?.name}
        />
      }
    />
  );
}
