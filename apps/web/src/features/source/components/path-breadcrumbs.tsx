// The path of the shown folder or file, each folder a link: widgets / src / lib / format-date.ts.
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import type { ResolvedSource } from '../api/resolve-ref';

export function PathBreadcrumbs({
  workspace,
  repo,
  source,
}: {
  workspace: string;
  repo: string;
  source: ResolvedSource;
}) {
  const segments = source.path === '' ? [] : source.path.split('/');
  return (
    <nav className="path-breadcrumbs" aria-label="File path">
      <ol>
        <li>
          <Link
            to={paths.source(workspace, repo, source.name)}
            aria-current={segments.length === 0 ? 'page' : undefined}
          >
            {repo}
          </Link>
        </li>
        {segments.map((segment, index) => {
          const isLast = index === segments.length - 1;
          const path = segments.slice(0, index + 1).join('/');
          return (
            <li key={path}>
              {isLast ? (
                <span aria-current="page">{segment}</span>
              ) : (
                <Link to={paths.source(workspace, repo, source.name, path)}>{segment}</Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
