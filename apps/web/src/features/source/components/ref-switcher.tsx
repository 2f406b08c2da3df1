// Switches branch or tag, keeping the current path when it exists there and falling back to the root when not.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { BranchIcon } from '@/components/ui/icons';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { getSourceMetaQueryOptions } from '../api/get-source-meta';
import { useRefNames } from '../api/list-refs';
import { getResolveSourceQueryOptions } from '../api/resolve-ref';
import type { ResolvedSource } from '../api/resolve-ref';
import type { SourceLocationState } from './source-page';

export function RefSwitcher({
  workspace,
  repo,
  source,
  mainBranch,
}: {
  workspace: string;
  repo: string;
  source: ResolvedSource;
  mainBranch: string | undefined;
}) {
  const refs = useRefNames(workspace, repo);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [switching, setSwitching] = useState(false);
  const id = useId();
  const current = `${source.kind}:${source.name}`;
  const location = useLocation();
  const selectRef = useRef<HTMLSelectElement>(null);
  const fromSwitcher = (location.state as SourceLocationState | null)?.fromRefSwitcher === true;

  // The page is inert while the new ref resolves, then may mount a new switcher: once it shows the new
  // ref, give the keyboard back where the user left it.
  useEffect(() => {
    if (fromSwitcher) selectRef.current?.focus({ preventScroll: true });
  }, [fromSwitcher, location.key, current]);

  // The current ref is always offered, even before the lists load or when it is beyond their first page.
  const branches = withCurrent(refs.data?.branches ?? [], source.kind === 'branch', source.name);
  const tags = withCurrent(refs.data?.tags ?? [], source.kind === 'tag', source.name);

  async function switchTo(name: string) {
    setSwitching(true);
    try {
      if (source.path !== '') {
        const target = await queryClient.fetchQuery(
          getResolveSourceQueryOptions(workspace, repo, name, mainBranch),
        );
        try {
          await queryClient.fetchQuery(
            getSourceMetaQueryOptions(workspace, repo, target.hash, source.path),
          );
        } catch (error) {
          if (isApiError(error) && error.status === 404) {
            const state: SourceLocationState = { missingPath: source.path, fromRefSwitcher: true };
            await navigate(paths.source(workspace, repo, name), { state });
            return;
          }
          throw error;
        }
      }
      await navigate(paths.source(workspace, repo, name, source.path), { state: SWITCHED });
    } catch {
      // The page at the new ref explains whatever went wrong.
      await navigate(paths.source(workspace, repo, name, source.path), { state: SWITCHED });
    } finally {
      setSwitching(false);
    }
  }

  return (
    <div className="ref-switcher">
      <label className="visually-hidden" htmlFor={id}>
        Branch or tag
      </label>
      <BranchIcon />
      {/* Busy rather than disabled while switching: disabling would throw the keyboard focus away. */}
      <select
        ref={selectRef}
        id={id}
        className="select ref-switcher__select"
        value={current}
        aria-disabled={switching || undefined}
        aria-busy={switching || undefined}
        onChange={(event) => {
          if (switching) return;
          const [, ...name] = event.target.value.split(':');
          void switchTo(name.join(':'));
        }}
      >
        {source.kind === 'commit' ? (
          <option value={current}>Commit {source.hash.slice(0, 7)}</option>
        ) : null}
        <optgroup label="Branches">
          {branches.map((name) => (
            <option key={name} value={`branch:${name}`}>
              {name}
            </option>
          ))}
        </optgroup>
        {tags.length > 0 ? (
          <optgroup label="Tags">
            {tags.map((name) => (
              <option key={name} value={`tag:${name}`}>
                {name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </div>
  );
}

const SWITCHED: SourceLocationState = { fromRefSwitcher: true };

function withCurrent(names: string[], isCurrentKind: boolean, current: string): string[] {
  return isCurrentKind && !names.includes(current) ? [current, ...names] : names;
}
