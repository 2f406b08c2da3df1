// /{workspace}/{repo}/src/{ref}/{path}, /{workspace}/{repo}/src and bitbucket.org's `?at=` form.
import { useParams, useSearchParams } from 'react-router';
import { useRepository } from '@/features/repositories/api/get-repository';
import { SourcePage } from '@/features/source/components/source-page';

export function SourceRoute() {
  const { workspace = '', repo = '', '*': spec = '' } = useParams();
  const [searchParams] = useSearchParams();
  const { data: repository } = useRepository(workspace, repo);
  return (
    <SourcePage
      key={`${workspace}/${repo}`}
      workspace={workspace}
      repo={repo}
      spec={spec}
      at={searchParams.get('at')}
      mainBranch={repository?.mainbranch?.name}
    />
  );
}
