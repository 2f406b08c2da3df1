// Bitbucket Cloud's payload types, named for use: generated from Atlassian's API description (see generated/).
import type { components } from './generated/types';

type Schemas = components['schemas'];

export type { components as BitbucketComponents } from './generated/types';

export type Link = Schemas['link'];
export type Account = Schemas['account'];
export type User = Schemas['user'];
export type Team = Schemas['team'];
export type Workspace = Schemas['workspace'];
export type WorkspaceBase = Schemas['workspace_base'];
export type WorkspaceAccess = Schemas['workspace_access'];
export type Project = Schemas['project'];
export type Repository = Schemas['repository'];
export type Ref = Schemas['ref'];
export type Branch = Schemas['branch'];
export type Tag = Schemas['tag'];
export type BaseCommit = Schemas['base_commit'];
export type Commit = Schemas['commit'];
export type Author = Schemas['author'];
export type Participant = Schemas['participant'];
export type PullRequest = Schemas['pullrequest'];
export type PullRequestEndpoint = Schemas['pullrequest_endpoint'];
export type CommitFile = Schemas['commit_file'];
export type CommitDirectory = Schemas['commit_directory'];
/** One entry of a `/src/{commit}/{dir}/` listing. */
export type TreeEntry = CommitFile | CommitDirectory;
export type Diffstat = Schemas['diffstat'];
export type Email = Schemas['email'];
export type BitbucketError = Schemas['error'];

/** The body of every Bitbucket error answer: `{ type: 'error', error: { message, detail?, fields?, id?, data? } }`. */
export type BitbucketErrorBody = Omit<BitbucketError, 'type' | 'error'> & {
  type: 'error';
  error: NonNullable<BitbucketError['error']>;
};

/**
 * Bitbucket's paginated envelope. Only `values` is guaranteed; `next` is opaque and absent on the last page;
 * iterator-paged lists (commits) carry only `pagelen`, `next` and `values`.
 */
export interface Paginated<T> {
  size?: number;
  page?: number;
  pagelen?: number;
  next?: string;
  previous?: string;
  values: T[];
}
