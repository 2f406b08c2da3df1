// GET /avatars/{kind}/{id}.svg: public avatar images referenced by every object's `links.avatar.href`.
import { Hono, type Context } from 'hono';
import type { EmulatorContext } from '../emulator-context';
import type { Directory } from '../world/directory';
import { FAVICON_SVG } from '../oauth/consent-page';
import { renderAvatarSvg } from './avatar-svg';

export type AvatarKind = 'users' | 'workspaces' | 'projects' | 'repositories' | 'apps';

/** `id` is a nickname, a workspace slug, `ws/KEY`, `ws/repo` or a consumer key. */
export function avatarUrl(origin: string, kind: AvatarKind, id: string): string {
  return `${origin}/avatars/${kind}/${id.split('/').map(encodeURIComponent).join('/')}.svg`;
}

function nameFor(
  directory: Directory,
  kind: string,
  id: string,
): { name: string; round: boolean } | undefined {
  const [first = '', second = ''] = id.split('/');
  switch (kind) {
    case 'users': {
      const user = directory.userByNickname(id);
      return user && { name: user.displayName, round: true };
    }
    case 'workspaces': {
      const workspace = directory.workspace(id);
      return workspace && { name: workspace.name, round: workspace.kind === 'personal' };
    }
    case 'projects': {
      const project = directory.project(first, second);
      return project && { name: project.name, round: false };
    }
    case 'repositories': {
      const repo = directory.repository(first, second);
      return repo && { name: repo.name, round: false };
    }
    case 'apps': {
      const consumer = directory.consumerByKey(id);
      return consumer && { name: consumer.name, round: false };
    }
    default:
      return undefined;
  }
}

/** Served like a static asset: never scriptable, cacheable for a day. */
function svgAsset(c: Context, svg: string): Response {
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'public, max-age=86400');
  c.header('Content-Type', 'image/svg+xml; charset=utf-8');
  return c.body(svg);
}

export function avatarRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.get('/avatars/:kind/:id{.+\\.svg}', (c) => {
    const id = c.req.param('id').replace(/\.svg$/, '');
    const subject = nameFor(ctx.directory, c.req.param('kind'), id);
    if (!subject) return c.text('Not found', 404);
    return svgAsset(c, renderAvatarSvg(subject.name, subject.round ? 'circle' : 'square'));
  });
  // Browsers ask for an icon on every page the emulator renders; answer rather than log a 404 each time.
  app.get('/favicon.svg', (c) => svgAsset(c, FAVICON_SVG));
  app.get('/favicon.ico', (c) => svgAsset(c, FAVICON_SVG));
  return app;
}
