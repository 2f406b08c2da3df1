// The emulator's world as plain data: users, consumers, workspaces, projects and repositories.

export interface SeedEmail {
  email: string;
  isPrimary: boolean;
  isConfirmed: boolean;
}

export interface SeedUser {
  nickname: string;
  displayName: string;
  /** With braces, as Bitbucket writes it: `{…}`. */
  uuid: string;
  accountId: string;
  createdOn: string;
  emails: readonly SeedEmail[];
}

/** The account a `client_credentials` token acts as (Bitbucket's `app_user`). */
export interface SeedAppUser {
  uuid: string;
  accountId: string;
  displayName: string;
}

export interface SeedConsumer {
  key: string;
  secret: string;
  name: string;
  description: string;
  /** The one registered callback URL; `null` when the consumer has none. */
  callbackUrl: string | null;
  /** "This is a private consumer": enables `client_credentials`. */
  isPrivate: boolean;
  /** Classic scopes ticked on the consumer; granted to every token it obtains. */
  scopes: readonly string[];
  /** The workspace that owns the consumer, which its `app_user` belongs to. */
  workspace: string;
  appUser: SeedAppUser;
}

export interface SeedMembership {
  nickname: string;
  administrator: boolean;
}

export interface SeedWorkspace {
  slug: string;
  name: string;
  uuid: string;
  kind: 'team' | 'personal';
  isPrivate: boolean;
  createdOn: string;
  updatedOn: string;
  members: readonly SeedMembership[];
}

export interface SeedProject {
  workspace: string;
  key: string;
  name: string;
  uuid: string;
  description: string;
  isPrivate: boolean;
  /** Only workspace administrators may see its repositories (a locked-down project). */
  adminsOnly: boolean;
  createdOn: string;
  updatedOn: string;
}

export interface SeedRepository {
  workspace: string;
  slug: string;
  name: string;
  uuid: string;
  description: string;
  isPrivate: boolean;
  language: string;
  size: number;
  createdOn: string;
  updatedOn: string;
  /** Project key; personal workspaces have none. */
  project: string | undefined;
  mainbranch: string;
  forkPolicy: 'allow_forks' | 'no_public_forks' | 'no_forks';
  hasIssues: boolean;
  hasWiki: boolean;
  website: string | null;
  /** Members (not admins) get read, not write, access. */
  readOnlyForMembers: boolean;
}

export interface World {
  users: readonly SeedUser[];
  consumers: readonly SeedConsumer[];
  workspaces: readonly SeedWorkspace[];
  projects: readonly SeedProject[];
  repositories: readonly SeedRepository[];
}
