// Switches branch or tag, keeping the current path when it exists there and falling back to the root when not.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { BranchIcon, ChevronDownIcon, CommitIcon, TagIcon } from '@/components/ui/icons';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { getSourceMetaQueryOptions } from '../api/get-source-meta';
import { getRefNamesQueryOptions } from '../api/list-refs';
import { getResolveSourceQueryOptions } from '../api/resolve-ref';
import type { ResolvedSource } from '../api/resolve-ref';
import { RefSwitcherPopover } from './ref-switcher-popover';
import type { RefOption } from './ref-switcher-popover';
import type { SourceLocationState } from './source-page';

const KIND_LABELS: Record<ResolvedSource['kind'], string> = {
  branch: 'Branch',
  tag: 'Tag',
  commit: 'Commit',
};

/**
 * A button naming the current ref (`Branch: main`) that opens a filterable list of branches and tags;
 * choosing one opens the same path on it.
 */
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
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [switching, setSwitching] = useState(false);
  const popoverId = useId();
  const current = `${source.kind}:${source.name}`;
  const location = useLocation();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const fromSwitcher = (location.state as SourceLocationState | null)?.fromRefSwitcher === true;

  // The page is inert while the new ref resolves, then may mount a new switcher: once it shows the new
  // ref, give the keyboard back where the user left it.
  useEffect(() => {
    if (fromSwitcher) buttonRef.current?.focus({ preventScroll: true });
  }, [fromSwitcher, location.key, current]);

  /** Starts loading the unfiltered lists as soon as the user heads for the button. */
  function prefetch() {
    for (const kind of ['branch', 'tag'] as const) {
      void queryClient.prefetchQuery(getRefNamesQueryOptions(workspace, repo, kind, ''));
    }
  }

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus({ preventScroll: true });
  }

  function choose(option: RefOption) {
    close(true);
    if (switching || `${option.kind}:${option.name}` === current) return;
    void switchTo(option.name);
  }

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
      {/* Busy rather than disabled while switching: disabling would throw the keyboard focus away. */}
      <button
        ref={buttonRef}
        type="button"
        className="button button--small ref-switcher__button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        aria-disabled={switching || undefined}
        aria-busy={switching || undefined}
        onPointerEnter={prefetch}
        onFocus={prefetch}
        onMouseDown={(event) => {
          // Keep the focus in the open filter, so that this click closes the list rather than reopening it.
          if (open) event.preventDefault();
        }}
        onClick={() => {
          if (open) close(true);
          else if (!switching) setOpen(true);
        }}
        onKeyDown={(event) => {
          if (!open && !switching && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {source.kind === 'branch' ? (
          <BranchIcon />
        ) : source.kind === 'tag' ? (
          <TagIcon />
        ) : (
          <CommitIcon />
        )}
        <span className="visually-hidden">{KIND_LABELS[source.kind]}:</span>{' '}
        <span className="ref-switcher__name">
          {source.kind === 'commit' ? source.hash.slice(0, 7) : source.name}
        </span>
        <ChevronDownIcon className="icon ref-switcher__chevron" />
      </button>
      {open ? (
        <RefSwitcherPopover
          id={popoverId}
          workspace={workspace}
          repo={repo}
          source={source}
          mainBranch={mainBranch}
          onChoose={choose}
          onClose={close}
        />
      ) : null}
    </div>
  );
}

const SWITCHED: SourceLocationState = { fromRefSwitcher: true };
