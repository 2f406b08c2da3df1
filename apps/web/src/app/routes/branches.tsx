// /{ws}/{repo}/branches
import { useParams } from 'react-router';
import { useRepository } from '@/features/repositories/api/get-repository';
import { BranchesPage } from '@/features/refs/components/ref-list';

export function BranchesRoute() {
  const { workspace = '', repo = '' } = useParams();
  // The main branch is marked once the repository answers; the list does not wait for it.
  const repository = useRepository(workspace, repo);
  return (
    <BranchesPage
      key={`${workspace}/${repo}`}
      workspace={workspace}
      repo={repo}
      mainBranch={repository.data?.mainbranch?.name}
    />
  );
}
