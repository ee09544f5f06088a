import { afterEach, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { getPrisma } from "@/lib/db";
import { demoStaff } from "./data";
import { DEFAULT_DEMO_PASSWORD, getDemoLoginHint } from "./hint";
import { seedDemoWorkspace } from "./seed";

// The demo's staff have fixed addresses, so there is one demo per database: the embedded
// run (a database per test file) changes its passwords; the shared server database is
// only read, and there the hint is never shown anyway.
const embedded = process.env.TEST_DB_MODE !== "postgres";

function useDemoPassword(value: string | undefined) {
  if (value === undefined) delete process.env.DEMO_PASSWORD;
  else process.env.DEMO_PASSWORD = value;
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
}

async function setPassword(email: string, password: string) {
  const prisma = await getPrisma();
  await prisma.user.update({ where: { email }, data: { passwordHash: await hashPassword(password) } });
}

const [admin, agent] = demoStaff;

describe("the demo login hint", () => {
  const original = process.env.DEMO_PASSWORD;
  afterEach(() => useDemoPassword(original));

  it.runIf(embedded)("is shown while the demo logins use the default password", async () => {
    useDemoPassword(undefined);
    await seedDemoWorkspace(await getPrisma(), { password: DEFAULT_DEMO_PASSWORD });
    expect(await getDemoLoginHint()).toEqual({
      emails: [admin.email, agent.email],
      password: DEFAULT_DEMO_PASSWORD,
    });
    useDemoPassword(DEFAULT_DEMO_PASSWORD);
    expect(await getDemoLoginHint()).not.toBeNull();
  });

  it.runIf(embedded)("is hidden when DEMO_PASSWORD was changed", async () => {
    await seedDemoWorkspace(await getPrisma(), { password: DEFAULT_DEMO_PASSWORD });
    useDemoPassword("a-private-password");
    expect(await getDemoLoginHint()).toBeNull();
  });

  it.runIf(embedded)("hides a demo account whose password was changed after seeding", async () => {
    useDemoPassword(undefined);
    await seedDemoWorkspace(await getPrisma(), { password: DEFAULT_DEMO_PASSWORD });
    expect((await getDemoLoginHint())?.emails).toContain(admin.email);

    await setPassword(admin.email, "the-admin-changed-it");
    const hint = await getDemoLoginHint();
    expect(hint?.emails).toEqual([agent.email]);
    expect(hint?.emails).not.toContain(admin.email);

    await setPassword(agent.email, "the-agent-changed-it-too");
    expect(await getDemoLoginHint()).toBeNull();
  });

  it.runIf(!embedded)("is never shown by a server deployment, even a seeded one", async () => {
    useDemoPassword(undefined);
    await seedDemoWorkspace(await getPrisma(), { password: DEFAULT_DEMO_PASSWORD });
    expect(await getDemoLoginHint()).toBeNull();
  });
});
