import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { makeWorkspace } from "@/test/factories";
import { verifyCredentials } from "./credentials";

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the case of the email", async () => {
    const workspace = await makeWorkspace("login");
    const user = await verifyCredentials({ email: workspace.admin.email.toUpperCase(), password: workspace.password });
    expect(user).toMatchObject({ id: workspace.admin.userId, role: "ADMIN", workspaceId: workspace.workspaceId });
  });

  it("refuses a wrong password, an unknown email and malformed input alike", async () => {
    const workspace = await makeWorkspace("login");
    expect(await verifyCredentials({ email: workspace.admin.email, password: "wrong-password" })).toBeNull();
    expect(await verifyCredentials({ email: "nobody@nowhere.example", password: workspace.password })).toBeNull();
    expect(await verifyCredentials({ email: 42 })).toBeNull();
  });

  it("refuses a disabled account", async () => {
    const workspace = await makeWorkspace("login");
    const prisma = await getPrisma();
    await prisma.user.update({ where: { id: workspace.admin.userId }, data: { disabledAt: new Date() } });
    expect(await verifyCredentials({ email: workspace.admin.email, password: workspace.password })).toBeNull();
  });
});
