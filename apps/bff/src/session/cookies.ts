// The two cookies the BFF sets, with their attributes in one place (DESIGN.md "Cookies").
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import { LOGIN_TRANSACTION_SECONDS } from './login-transactions';

/** `__Host-` demands Secure, Path=/ and no Domain; Secure also works on http://localhost in browsers. */
const SESSION_ATTRIBUTES = { secure: true, httpOnly: true, sameSite: 'Strict', path: '/' } as const;
/** Lax, because it must come back on the top-level redirect from bitbucket.org. */
const LOGIN_ATTRIBUTES = { secure: true, httpOnly: true, sameSite: 'Lax', path: '/' } as const;

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, id: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, id, { ...SESSION_ATTRIBUTES, maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context): void {
  setCookie(c, SESSION_COOKIE, '', { ...SESSION_ATTRIBUTES, maxAge: 0, expires: new Date(0) });
}

export function readLoginCookie(c: Context): string | undefined {
  return getCookie(c, LOGIN_COOKIE);
}

export function setLoginCookie(c: Context, id: string): void {
  setCookie(c, LOGIN_COOKIE, id, { ...LOGIN_ATTRIBUTES, maxAge: LOGIN_TRANSACTION_SECONDS });
}

export function clearLoginCookie(c: Context): void {
  setCookie(c, LOGIN_COOKIE, '', { ...LOGIN_ATTRIBUTES, maxAge: 0, expires: new Date(0) });
}
