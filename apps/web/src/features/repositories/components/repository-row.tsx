// One repository in a workspace's list: avatar, name, privacy, description, language, project, last update.
import type { Repository } from '@pail/shared/bitbucket';
import { Link } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { GlobeIcon, LockIcon, ProjectIcon } from '@/components/ui/icons';
import { RelativeTime } from '@/components/ui/relative-time';
import { paths } from '@/config/paths';
import { usePrefetchIntent } from '@/hooks/use-prefetch-intent';
import { LanguageLabel } from './language-label';

/** Real payloads carry `slug`; older ones only `full_name` ("workspace/slug"). */
export function repositorySlug(repository: Repository): string {
  return repository.slug ?? repository.full_name?.split('/')[1] ?? repository.name ?? '';
}

export function RepositoryRow({
  workspace,
  repository,
  onPrefetch,
}: {
  workspace: string;
  repository: Repository;
  onPrefetch?: (repository: Repository) => void;
}) {
  const slug = repositorySlug(repository);
  const name = repository.name ?? slug;
  const prefetch = usePrefetchIntent(() => onPrefetch?.(repository));
  return (
    <li className="repository-row">
      <Avatar src={repository.links?.avatar?.href} name={name} size="md" shape="square" />
      <div className="repository-row__main">
        <div className="repository-row__heading">
          <Link
            className="repository-row__name"
            to={paths.repository(workspace, slug)}
            {...prefetch}
          >
            {name}
          </Link>
          <PrivacyBadge isPrivate={repository.is_private} />
        </div>
        {repository.description ? (
          <p className="repository-row__description">{repository.description}</p>
        ) : null}
        <p className="repository-row__meta">
          {repository.language ? <LanguageLabel language={repository.language} /> : null}
          {repository.project?.name ? (
            <span className="repository-row__project" title="Project">
              <ProjectIcon />
              <span className="visually-hidden">Project: </span>
              {repository.project.name}
            </span>
          ) : null}
          {repository.updated_on ? (
            <RelativeTime value={repository.updated_on} prefix="Updated" />
          ) : null}
        </p>
      </div>
    </li>
  );
}

export function PrivacyBadge({ isPrivate }: { isPrivate: boolean | undefined }) {
  if (isPrivate === undefined) return null;
  return isPrivate ? (
    <Badge>
      <LockIcon /> Private
    </Badge>
  ) : (
    <Badge tone="success">
      <GlobeIcon /> Public
    </Badge>
  );
}
