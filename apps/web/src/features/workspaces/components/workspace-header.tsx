// The top of a workspace's page: avatar, name and slug (the slug stands in while the name loads).
import type { Workspace } from '@pail/shared/bitbucket';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { GlobeIcon, LockIcon } from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';

export function WorkspaceHeader({
  slug,
  workspace,
  isLoading,
}: {
  slug: string;
  workspace: Workspace | undefined;
  isLoading: boolean;
}) {
  const name = workspace?.name ?? slug;
  return (
    <header className="page-header page-header--with-avatar">
      {isLoading ? (
        <Skeleton width="64px" height="64px" />
      ) : (
        <Avatar src={workspace?.links?.avatar?.href} name={name} size="xl" shape="square" />
      )}
      <div>
        <h1 className="page-header__title">{name}</h1>
        <p className="page-header__subtitle page-header__meta">
          <span>{slug}</span>
          {workspace?.is_private === true ? (
            <Badge>
              <LockIcon /> Private workspace
            </Badge>
          ) : workspace?.is_private === false ? (
            <Badge>
              <GlobeIcon /> Public workspace
            </Badge>
          ) : null}
        </p>
      </div>
    </header>
  );
}
