// /{ws}/{repo}/tags
import { useParams } from 'react-router';
import { TagsPage } from '@/features/refs/components/ref-list';

export function TagsRoute() {
  const { workspace = '', repo = '' } = useParams();
  return <TagsPage key={`${workspace}/${repo}`} workspace={workspace} repo={repo} />;
}
