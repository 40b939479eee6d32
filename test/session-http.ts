/**
 * A browser's session over plain HTTP, for tests against real server processes (several instances
 * on one database): sign in through next-auth's credentials route, open a page, Log out. Cookies
 * travel as one `Cookie` header value.
 */

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
}

const join = (...cookies: string[]) => cookies.filter(Boolean).join("; ");

/** A next-auth CSRF token and the cookies that go with it (added to `cookie`), as the sign-in form gets them. */
export async function csrf(origin: string, cookie = ""): Promise<{ csrfToken: string; cookie: string }> {
  const res = await fetch(`${origin}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie: join(cookie, ...cookiesOf(res)) };
}

async function postForm(origin: string, path: string, cookie: string, form: Record<string, string>) {
  return fetch(`${origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(form),
  });
}

/** Signs in as the sign-in form does; resolves to the session cookie (`name=value`). */
export async function signInOverHttp(origin: string, login: string, password: string): Promise<string> {
  const { csrfToken, cookie } = await csrf(origin);
  const res = await postForm(origin, "/api/auth/callback/credentials", cookie, { csrfToken, login, password });
  const session = cookiesOf(res).find((c) => /^(__Secure-)?next-auth\.session-token=./.test(c));
  if (!session) throw new Error(`sign-in as ${login} answered ${res.status} without a session cookie`);
  return session;
}

/** Whether the cookie opens My Account (200), rather than being sent to /login. */
export async function opensAccountPage(origin: string, sessionCookie: string): Promise<boolean> {
  const res = await fetch(`${origin}/account/security`, { redirect: "manual", headers: { cookie: sessionCookie } });
  await res.body?.cancel();
  if (res.status === 200) return true;
  const location = res.headers.get("location") ?? "";
  if (res.status >= 300 && res.status < 400 && new URL(location, origin).pathname === "/login") return false;
  throw new Error(`/account/security answered ${res.status} ${location}`);
}

/** Log out as the top bar's button does (next-auth's sign-out route), which ends the session. */
export async function logOutOverHttp(origin: string, sessionCookie: string): Promise<void> {
  const { csrfToken, cookie } = await csrf(origin, sessionCookie);
  const res = await postForm(origin, "/api/auth/signout", cookie, { csrfToken });
  await res.body?.cancel();
  if (res.status >= 400) throw new Error(`sign-out answered ${res.status}`);
}

/** What next-auth's `/api/auth/session` answers for the cookie: `{}` when it names no live session. */
export async function sessionEndpointAnswer(origin: string, sessionCookie: string): Promise<unknown> {
  const res = await fetch(`${origin}/api/auth/session`, { headers: { cookie: sessionCookie } });
  if (res.status !== 200) throw new Error(`/api/auth/session answered ${res.status}`);
  return res.json();
}
