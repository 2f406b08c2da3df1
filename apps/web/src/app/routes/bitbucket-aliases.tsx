// bitbucket.org URLs that name a page Pail shows under another address: each redirects to Pail's own.
import { redirect } from 'react-router';
import type { LoaderFunctionArgs, RouteObject } from 'react-router';
import { paths } from '@/config/paths';

const notFound = async () => ({
  Component: (await import('./not-found')).NotFoundRoute,
});

/** Relative to `/{workspace}/{repo}`. */
export const repositoryAliasRoutes: RouteObject[] = [
  {
    // `downloads/?tab=tags` and `?tab=branches` are where bitbucket.org lists tags and branches.
    path: 'downloads',
    loader: ({ params, request }: LoaderFunctionArgs) => {
      const { workspace = '', repo = '' } = params;
      const tab = new URL(request.url).searchParams.get('tab');
      if (tab === 'tags') return redirect(paths.tags(workspace, repo));
      if (tab === 'branches') return redirect(paths.branches(workspace, repo));
      return null;
    },
    lazy: notFound,
  },
  {
    // A branch's page on bitbucket.org: here, its source.
    path: 'branch/*',
    loader: ({ params }: LoaderFunctionArgs) => {
      const { workspace = '', repo = '', '*': name = '' } = params;
      return redirect(name ? paths.source(workspace, repo, name) : paths.branches(workspace, repo));
    },
  },
  {
    // A file's history on bitbucket.org: `history-node/{commit}/{path}`.
    path: 'history-node/*',
    loader: ({ params }: LoaderFunctionArgs) => {
      const { workspace = '', repo = '', '*': rest = '' } = params;
      const [commit = '', ...path] = rest.split('/');
      return redirect(
        commit
          ? paths.commits(workspace, repo, { ref: commit, path: path.join('/') || undefined })
          : paths.commits(workspace, repo),
      );
    },
  },
];

/** Relative to `/{workspace}`: bitbucket.org's workspace pages (`workspace/repositories`, `workspace/overview`, …). */
export const workspaceAliasRoutes: RouteObject[] = [
  {
    path: 'workspace/*',
    loader: ({ params }: LoaderFunctionArgs) => redirect(paths.workspace(params.workspace ?? '')),
  },
];
