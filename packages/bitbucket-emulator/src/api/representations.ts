// The JSON Bitbucket returns for each seeded object: `type`, `links` and fields as real payloads have them.
import type {
  Account,
  Email,
  Project,
  Repository,
  User,
  Workspace,
  WorkspaceAccess,
  WorkspaceBase,
} from '@pail/shared/bitbucket';
import { avatarUrl } from '../avatars/avatar-routes';
import type {
  SeedConsumer,
  SeedEmail,
  SeedProject,
  SeedRepository,
  SeedUser,
  SeedWorkspace,
} from '../seed/model';
import type { EmulatorContext } from '../emulator-context';

const link = (href: string) => ({ href });

export class Representations {
  constructor(private readonly ctx: EmulatorContext) {}

  private get origin(): string {
    return this.ctx.origin;
  }

  private get directory() {
    return this.ctx.directory;
  }

  private api(path: string): string {
    return `${this.origin}/2.0${path}`;
  }

  private web(path: string): string {
    return `${this.origin}${path}`;
  }

  /** The authenticated user as `GET /2.0/user` returns it. */
  user(user: SeedUser): User & { location: string | null } {
    return {
      type: 'user',
      display_name: user.displayName,
      links: {
        self: link(this.api(`/users/${encodeURIComponent(user.uuid)}`)),
        avatar: link(avatarUrl(this.origin, 'users', user.nickname)),
        repositories: link(this.api(`/repositories/${encodeURIComponent(user.uuid)}`)),
        html: link(this.web(`/${encodeURIComponent(user.uuid)}/`)),
      },
      created_on: user.createdOn,
      uuid: user.uuid,
      account_id: user.accountId,
      nickname: user.nickname,
      account_status: 'active',
      // Bitbucket only reveals 2FA status to the user themselves, and reports null over OAuth.
      has_2fa_enabled: null,
      is_staff: false,
      location: null,
    };
  }

  /** A consumer's app user, as a client_credentials token sees itself. */
  appUser(consumer: SeedConsumer): Account & { account_id: string } {
    return {
      type: 'app_user',
      display_name: consumer.appUser.displayName,
      uuid: consumer.appUser.uuid,
      account_id: consumer.appUser.accountId,
      links: { avatar: link(avatarUrl(this.origin, 'apps', consumer.key)) },
      created_on: '2024-02-01T10:00:00.000000+00:00',
    };
  }

  /** A user embedded in another object (owner, author…). */
  userSummary(user: SeedUser): Account {
    return {
      type: 'user',
      display_name: user.displayName,
      uuid: user.uuid,
      links: {
        self: link(this.api(`/users/${encodeURIComponent(user.uuid)}`)),
        avatar: link(avatarUrl(this.origin, 'users', user.nickname)),
        html: link(this.web(`/${encodeURIComponent(user.uuid)}/`)),
      },
      account_id: user.accountId,
      nickname: user.nickname,
    } as Account;
  }

  /** A team workspace as a repository's or project's `owner`. */
  private teamOwner(workspace: SeedWorkspace): Account {
    return {
      type: 'team',
      display_name: workspace.name,
      uuid: workspace.uuid,
      links: {
        self: link(this.api(`/workspaces/${encodeURIComponent(workspace.uuid)}`)),
        avatar: link(avatarUrl(this.origin, 'workspaces', workspace.slug)),
        html: link(this.web(`/${encodeURIComponent(workspace.uuid)}/`)),
      },
      username: workspace.slug,
    } as Account;
  }

  owner(workspace: SeedWorkspace): Account {
    const user =
      workspace.kind === 'personal' ? this.directory.userByNickname(workspace.slug) : undefined;
    return user ? this.userSummary(user) : this.teamOwner(workspace);
  }

  email(email: SeedEmail): Email {
    return {
      type: 'email',
      email: email.email,
      is_primary: email.isPrimary,
      is_confirmed: email.isConfirmed,
      links: { self: link(this.api(`/user/emails/${encodeURIComponent(email.email)}`)) },
    };
  }

  workspace(workspace: SeedWorkspace): Workspace {
    const ws = encodeURIComponent(workspace.slug);
    return {
      type: 'workspace',
      uuid: workspace.uuid,
      name: workspace.name,
      slug: workspace.slug,
      is_private: workspace.isPrivate,
      is_privacy_enforced: false,
      forking_mode: 'allow_forks',
      created_on: workspace.createdOn,
      updated_on: workspace.updatedOn,
      links: {
        avatar: link(avatarUrl(this.origin, 'workspaces', workspace.slug)),
        html: link(this.web(`/${ws}/`)),
        members: link(this.api(`/workspaces/${ws}/members`)),
        owners: link(this.api(`/workspaces/${ws}/members?q=permission%3D%22owner%22`)),
        projects: link(this.api(`/workspaces/${ws}/projects`)),
        repositories: link(this.api(`/repositories/${ws}`)),
        snippets: link(this.api(`/snippets/${ws}`)),
        self: link(this.api(`/workspaces/${ws}`)),
      },
    };
  }

  private workspaceBase(workspace: SeedWorkspace): WorkspaceBase {
    const ws = encodeURIComponent(workspace.slug);
    return {
      type: 'workspace_base',
      uuid: workspace.uuid,
      slug: workspace.slug,
      name: workspace.name,
      links: {
        avatar: link(avatarUrl(this.origin, 'workspaces', workspace.slug)),
        html: link(this.web(`/${ws}/`)),
        self: link(this.api(`/workspaces/${ws}`)),
      },
    };
  }

  workspaceAccess(workspace: SeedWorkspace, administrator: boolean): WorkspaceAccess {
    return { type: 'workspace_access', administrator, workspace: this.workspaceBase(workspace) };
  }

  private projectLinks(project: SeedProject) {
    const ws = encodeURIComponent(project.workspace);
    const key = encodeURIComponent(project.key);
    return {
      self: link(this.api(`/workspaces/${ws}/projects/${key}`)),
      html: link(this.web(`/${ws}/workspace/projects/${key}`)),
      avatar: link(avatarUrl(this.origin, 'projects', `${project.workspace}/${project.key}`)),
    };
  }

  project(project: SeedProject): Project {
    const workspace = this.directory.workspace(project.workspace);
    const repos = this.directory
      .repositoriesOf(project.workspace)
      .filter((r) => r.project === project.key);
    return {
      type: 'project',
      key: project.key,
      uuid: project.uuid,
      name: project.name,
      description: project.description,
      is_private: project.isPrivate,
      created_on: project.createdOn,
      updated_on: project.updatedOn,
      has_publicly_visible_repos: repos.some((r) => !r.isPrivate),
      links: this.projectLinks(project),
      ...(workspace ? { owner: this.teamOwner(workspace) } : {}),
    };
  }

  repository(repo: SeedRepository): Repository {
    const workspace = this.directory.workspace(repo.workspace);
    if (!workspace)
      throw new Error(`Seed repository ${repo.slug} has no workspace ${repo.workspace}`);
    const base = `/repositories/${encodeURIComponent(workspace.slug)}/${encodeURIComponent(repo.slug)}`;
    const host = new URL(this.origin).host;
    const project = repo.project ? this.directory.project(repo.workspace, repo.project) : undefined;
    const fullName = `${workspace.slug}/${repo.slug}`;
    return {
      type: 'repository',
      full_name: fullName,
      links: {
        self: link(this.api(base)),
        html: link(this.web(`/${fullName}`)),
        avatar: link(avatarUrl(this.origin, 'repositories', fullName)),
        pullrequests: link(this.api(`${base}/pullrequests`)),
        commits: link(this.api(`${base}/commits`)),
        forks: link(this.api(`${base}/forks`)),
        watchers: link(this.api(`${base}/watchers`)),
        branches: link(this.api(`${base}/refs/branches`)),
        tags: link(this.api(`${base}/refs/tags`)),
        downloads: link(this.api(`${base}/downloads`)),
        source: link(this.api(`${base}/src`)),
        clone: [
          { name: 'https', href: `${this.origin}/${fullName}.git` },
          // `ssh://` form (as in Atlassian's own examples) so the link is a valid URI.
          { name: 'ssh', href: `ssh://git@${host}/${fullName}.git` },
        ],
        hooks: link(this.api(`${base}/hooks`)),
      },
      name: repo.name,
      slug: repo.slug,
      description: repo.description,
      scm: 'git',
      website: repo.website,
      owner: this.owner(workspace),
      workspace: {
        type: 'workspace',
        uuid: workspace.uuid,
        name: workspace.name,
        slug: workspace.slug,
        links: {
          avatar: link(avatarUrl(this.origin, 'workspaces', workspace.slug)),
          html: link(this.web(`/${encodeURIComponent(workspace.slug)}/`)),
          self: link(this.api(`/workspaces/${encodeURIComponent(workspace.slug)}`)),
        },
      },
      is_private: repo.isPrivate,
      ...(project
        ? {
            project: {
              type: 'project',
              key: project.key,
              uuid: project.uuid,
              name: project.name,
              links: this.projectLinks(project),
            },
          }
        : {}),
      fork_policy: repo.forkPolicy,
      created_on: repo.createdOn,
      updated_on: repo.updatedOn,
      size: repo.size,
      language: repo.language,
      uuid: repo.uuid,
      mainbranch: { name: repo.mainbranch, type: 'branch' },
      override_settings: { default_merge_strategy: true, branching_model: true },
      has_issues: repo.hasIssues,
      has_wiki: repo.hasWiki,
    } as Repository;
  }
}
