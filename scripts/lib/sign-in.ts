// Benchmarks sign in as a person does: next-auth's credentials callback with its CSRF token,
// the way the login form posts it. Returns the Cookie header to send with signed-in requests.

export async function signIn(base: string, credentials: { email: string; password: string }): Promise<string> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = pair!.split("=");
      cookies.set(name!, value.join("="));
    }
  };
  const header = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ ...credentials, csrfToken, json: "true" }),
  });
  keep(response);
  if (![...cookies.keys()].some((name) => name.includes("session-token")))
    throw new Error(`sign-in as ${credentials.email} failed (${response.status})`);
  return header();
}
