// Look-ups over the seed world and the access rules: who belongs where and who may see which repository.
import type {
  SeedConsumer,
  SeedProject,
  SeedRepository,
  SeedUser,
  SeedWorkspace,
  World,
} from '../seed/model';

/** Who a request acts as: a person, or the `app_user` of a consumer (client_credentials). */
export type Principal =
  { kind: 'user'; user: SeedUser } | { kind: 'app_user'; consumer: SeedConsumer };

export type RepoPermission = 'read' | 'write' | 'admin';
export type RepoRole = 'member' | 'contributor' | 'admin' | 'owner';

const RANK: Record<RepoPermission, number> = { read: 1, write: 2, admin: 3 };

/** `{uuid}` ids compare case-insensitively, slugs too (Bitbucket lower-cases them). */
const norm = (id: string): string => id.toLowerCase();

export class Directory {
  readonly users: readonly SeedUser[];
  readonly consumers: readonly SeedConsumer[];
  readonly workspaces: readonly SeedWorkspace[];
  readonly projects: readonly SeedProject[];
  readonly repositories: readonly SeedRepository[];

  constructor(world: World) {
    this.users = world.users;
    this.consumers = world.consumers;
    this.workspaces = world.workspaces;
    this.projects = world.projects;
    this.repositories = world.repositories;
  }

  userByNickname(nickname: string): SeedUser | undefined {
    return this.users.find((u) => u.nickname === nickname);
  }

  consumerByKey(key: string): SeedConsumer | undefined {
    return this.consumers.find((c) => c.key === key);
  }

  /** A workspace by slug or `{uuid}`. */
  workspace(id: string): SeedWorkspace | undefined {
    const key = norm(id);
    return this.workspaces.find((w) => w.slug === key || norm(w.uuid) === key);
  }

  project(workspace: string, key: string): SeedProject | undefined {
    return this.projects.find((p) => p.workspace === workspace && p.key === key);
  }

  projectsOf(workspace: string): SeedProject[] {
    return this.projects.filter((p) => p.workspace === workspace);
  }

  repositoriesOf(workspace: string): SeedRepository[] {
    return this.repositories.filter((r) => r.workspace === workspace);
  }

  /**
   * A repository by workspace and slug or `{uuid}`. As on Bitbucket, a `{uuid}` repository id also
   * resolves under the empty workspace `{}`.
   */
  repository(workspaceId: string, repoId: string): SeedRepository | undefined {
    const repoKey = norm(repoId);
    if (repoKey.startsWith('{') && workspaceId === '{}') {
      return this.repositories.find((r) => norm(r.uuid) === repoKey);
    }
    const workspace = this.workspace(workspaceId);
    if (!workspace) return undefined;
    return this.repositories.find(
      (r) => r.workspace === workspace.slug && (r.slug === repoKey || norm(r.uuid) === repoKey),
    );
  }

  /** The membership of `principal` in `workspace`, if any. */
  membership(
    principal: Principal,
    workspace: SeedWorkspace,
  ): { administrator: boolean } | undefined {
    if (principal.kind === 'app_user') {
      return principal.consumer.workspace === workspace.slug ? { administrator: false } : undefined;
    }
    const member = workspace.members.find((m) => m.nickname === principal.user.nickname);
    return member ? { administrator: member.administrator } : undefined;
  }

  workspacesOf(principal: Principal): { workspace: SeedWorkspace; administrator: boolean }[] {
    return this.workspaces.flatMap((workspace) => {
      const m = this.membership(principal, workspace);
      return m ? [{ workspace, administrator: m.administrator }] : [];
    });
  }

  /** Non-members see a public workspace (its profile and public repositories) but not a private one. */
  canSeeWorkspace(principal: Principal, workspace: SeedWorkspace): boolean {
    return !workspace.isPrivate || this.membership(principal, workspace) !== undefined;
  }

  /** The explicit permission `principal` holds on `repo` (public read access is not explicit). */
  permission(principal: Principal, repo: SeedRepository): RepoPermission | undefined {
    const workspace = this.workspace(repo.workspace);
    if (!workspace) return undefined;
    const m = this.membership(principal, workspace);
    if (!m) return undefined;
    if (m.administrator) return 'admin';
    const project = repo.project ? this.project(repo.workspace, repo.project) : undefined;
    if (project?.adminsOnly) return undefined;
    if (principal.kind === 'app_user') return 'read';
    return repo.readOnlyForMembers ? 'read' : 'write';
  }

  canSeeRepository(principal: Principal, repo: SeedRepository): boolean {
    const workspace = this.workspace(repo.workspace);
    if (!workspace || !this.canSeeWorkspace(principal, workspace)) return false;
    return !repo.isPrivate || this.permission(principal, repo) !== undefined;
  }

  /** Bitbucket's `role=` filter: member ⊇ contributor ⊇ admin; owner is the personal workspace's owner. */
  hasRole(principal: Principal, repo: SeedRepository, role: RepoRole): boolean {
    if (role === 'owner') {
      const workspace = this.workspace(repo.workspace);
      return (
        principal.kind === 'user' &&
        workspace?.kind === 'personal' &&
        workspace.slug === principal.user.nickname
      );
    }
    const permission = this.permission(principal, repo);
    if (!permission) return false;
    const needed: RepoPermission =
      role === 'member' ? 'read' : role === 'contributor' ? 'write' : 'admin';
    return RANK[permission] >= RANK[needed];
  }

  /** Non-members see public projects of a public workspace; admins-only projects only admins see. */
  canSeeProject(principal: Principal, project: SeedProject): boolean {
    const workspace = this.workspace(project.workspace);
    if (!workspace || !this.canSeeWorkspace(principal, workspace)) return false;
    const m = this.membership(principal, workspace);
    if (!m) return !project.isPrivate;
    return !project.adminsOnly || m.administrator;
  }
}
