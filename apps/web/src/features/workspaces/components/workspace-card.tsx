// One workspace on the home page: avatar, name (fetched when the list lacks it), slug, Admin badge.
import type { WorkspaceAccess } from '@pail/shared/bitbucket';
import { Link } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { paths } from '@/config/paths';
import { usePrefetchIntent } from '@/hooks/use-prefetch-intent';
import { useWorkspace } from '../api/get-workspace';

export function WorkspaceCard({
  access,
  onPrefetch,
}: {
  access: WorkspaceAccess;
  /** Fetches the workspace's page (data and code) while the card is hovered or focused. */
  onPrefetch?: (slug: string) => void;
}) {
  const slug = access.workspace?.slug ?? '';
  const listedName = access.workspace?.name;
  // `/user/workspaces` may carry only slug and uuid: fill the name in from the workspace itself.
  const details = useWorkspace(slug, { enabled: !listedName && slug !== '' });
  const name = listedName ?? details.data?.name ?? slug;
  const avatar = access.workspace?.links?.avatar?.href ?? details.data?.links?.avatar?.href;
  const prefetch = usePrefetchIntent(() => onPrefetch?.(slug));

  if (!slug) return null;
  return (
    <Link
      className="card card--interactive workspace-card"
      to={paths.workspace(slug)}
      {...prefetch}
    >
      <Avatar src={avatar} name={name} size="lg" shape="square" />
      <span className="workspace-card__text">
        <span className="workspace-card__name">{name}</span>
        <span className="workspace-card__slug">{slug}</span>
      </span>
      {access.administrator ? <Badge tone="brand">Admin</Badge> : null}
    </Link>
  );
}
