import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

// A real OpenID Connect provider (oidc-provider) on a loopback port, for the SSO tests. Its
// login and consent screens are replaced by an answer chosen by the test: `signInAs` names
// the account the next authorization logs in, as if that person had typed their password.

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
}

export interface TestOidcServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  signInAs(sub: string): void;
  close(): Promise<void>;
}

export async function startOidcServer(options: { redirectUris: string[] }): Promise<TestOidcServer> {
  const accounts = new Map<string, TestAccount>();
  let nextAccount: string | null = null;
  const clientId = "recall-desk-test";
  const clientSecret = "test-client-secret-that-is-long-enough-0123456789";

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // next-auth reads the profile from the ID token alone.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["test-only-cookie-key"] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
  });
  // oidc-provider warns about its development keys; they are what a test wants.
  provider.on("server_error", (_ctx, error) => console.error("[oidc-provider]", error));

  const callback = provider.callback();
  const interact = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        if (!nextAccount) throw new Error("the test did not say who signs in");
        await provider.interactionFinished(req, res, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false });
        return;
      }
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error("consent without a login");
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error("grant vanished");
      grant.addOIDCScope("openid email profile");
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  };
  // Koa answers its own errors and interact turns the rest into a 500: nothing is left to catch.
  server.on("request", (req, res) => void interact(req, res));

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signInAs(sub) {
      nextAccount = sub;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
