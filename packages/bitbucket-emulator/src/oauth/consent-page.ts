// The HTML of the emulator's consent and OAuth error pages (inline CSS under a nonce, no script).
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { SeedConsumer, SeedUser } from '../seed/model';
import { describeScope } from './scope-descriptions';

/** Trusted, constant CSS: inserted raw because <style> is raw text, where entities would not be decoded. */
const STYLE = `
  :root { color-scheme: light; --blue: #0c66e4; --blue-dark: #0055cc; --text: #172b4d; --muted: #44546f;
    --line: #dcdfe4; --bg: #f7f8f9; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto,
    "Helvetica Neue", Arial, sans-serif; }
  * { box-sizing: border-box; }
  body { margin: 0; background: var(--bg); color: var(--text); font-size: 14px; line-height: 20px; }
  header { display: flex; align-items: center; gap: 8px; padding: 16px 24px; font-weight: 600; color: var(--blue); }
  header svg { width: 24px; height: 24px; }
  main { max-width: 480px; margin: 24px auto; background: #fff; border-radius: 8px; padding: 32px;
    box-shadow: 0 1px 1px rgba(9,30,66,.25), 0 0 1px rgba(9,30,66,.31); }
  h1 { font-size: 20px; line-height: 24px; margin: 0 0 8px; }
  p { margin: 0 0 16px; color: var(--muted); }
  h2 { font-size: 14px; margin: 24px 0 8px; }
  ul.scopes { margin: 0; padding: 0; list-style: none; }
  ul.scopes li { padding: 8px 0 8px 28px; border-bottom: 1px solid var(--line); position: relative; }
  ul.scopes li::before { content: ""; position: absolute; left: 8px; top: 11px; width: 5px; height: 10px;
    border: solid #216e4e; border-width: 0 2px 2px 0; transform: rotate(45deg); }
  fieldset { border: 0; padding: 0; margin: 24px 0 0; }
  legend { font-weight: 600; margin: 0 0 8px; padding: 0; }
  .account { display: flex; align-items: center; gap: 12px; padding: 8px 12px; border: 1px solid var(--line);
    border-radius: 6px; margin-bottom: 8px; }
  .account:has(input:checked) { border-color: var(--blue); background: #e9f2ff; }
  .account img { width: 32px; height: 32px; border-radius: 50%; }
  .account label { font-weight: 600; flex: 1; cursor: pointer; }
  .account .nick { color: var(--muted); }
  .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 24px; }
  button { font: inherit; font-weight: 500; border-radius: 4px; padding: 6px 14px; border: 0; cursor: pointer; }
  button.primary { background: var(--blue); color: #fff; }
  button.primary:hover { background: var(--blue-dark); }
  button.subtle { background: #091e420f; color: var(--text); }
  button:focus-visible, input:focus-visible { outline: 2px solid #388bff; outline-offset: 2px; }
  .fine { font-size: 12px; color: var(--muted); margin-top: 24px; overflow-wrap: anywhere; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
  .error-code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; color: #ae2e24; }
`;

/** Bitbucket's bucket mark, also served as the emulator's favicon. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#0c66e4" d="M3.2 3a.7.7 0 0 0-.7.8l2.8 17.1c.1.5.5.8.9.8h12.2c.3 0 .6-.2.7-.6L22 3.8a.7.7 0 0 0-.7-.8H3.2Zm10.9 12.4H10l-1.1-5.8h6.3l-1.1 5.8Z"/></svg>`;

const LOGO = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    fill="currentColor"
    d="M3.2 3a.7.7 0 0 0-.7.8l2.8 17.1c.1.5.5.8.9.8h12.2c.3 0 .6-.2.7-.6L22 3.8a.7.7 0 0 0-.7-.8H3.2Zm10.9 12.4H10l-1.1-5.8h6.3l-1.1 5.8Z"
  />
</svg>`;

function layout(
  nonce: string,
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style nonce="${nonce}">
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header>${LOGO}<span>Bitbucket</span></header>
        <main>${body}</main>
      </body>
    </html>`;
}

export interface ConsentPageInput {
  nonce: string;
  consumer: SeedConsumer;
  users: readonly SeedUser[];
  avatarUrl: (user: SeedUser) => string;
  redirectUri: string;
  /** The original authorize parameters, carried through the form as hidden inputs. */
  hidden: Record<string, string>;
}

export function renderConsentPage(input: ConsentPageInput) {
  const { consumer, users, hidden } = input;
  const body = html`
    <h1>Authorize ${consumer.name}</h1>
    <p>
      <strong>${consumer.name}</strong> is requesting access to your Bitbucket account.
      ${consumer.description}
    </p>
    <form method="post" action="/site/oauth2/authorize">
      ${Object.entries(hidden).map(
        ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
      )}
      <h2>This will allow ${consumer.name} to:</h2>
      <ul class="scopes">
        ${consumer.scopes.map((scope) => html`<li>${describeScope(scope)}</li>`)}
      </ul>
      <fieldset>
        <legend>Continue as</legend>
        ${users.map(
          (user, i) =>
            html`<div class="account">
              <input
                type="radio"
                name="account"
                id="account-${user.nickname}"
                value="${user.nickname}"
                aria-describedby="account-${user.nickname}-nick"
                ${i === 0 ? html`checked` : ''}
              />
              <img src="${input.avatarUrl(user)}" alt="" width="32" height="32" />
              <label for="account-${user.nickname}">${user.displayName}</label>
              <span class="nick" id="account-${user.nickname}-nick">@${user.nickname}</span>
            </div>`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" name="decision" value="deny" class="subtle">Deny</button>
        <button type="submit" name="decision" value="grant" class="primary">Grant access</button>
      </div>
    </form>
    <p class="fine">
      Granting access sends you back to <code>${input.redirectUri}</code>. This is the Pail
      development emulator of Bitbucket Cloud, not bitbucket.org.
    </p>
  `;
  return layout(input.nonce, `Authorize ${consumer.name} | Bitbucket`, body);
}

export function renderErrorPage(nonce: string, title: string, error: string, description: string) {
  const body = html`
    <h1>${title}</h1>
    <p>${description}</p>
    <p class="error-code">${error}</p>
    <p class="fine">This integration is misconfigured. Contact the vendor for assistance.</p>
  `;
  return layout(nonce, `${title} | Bitbucket`, body);
}
