import pg from "pg";
import type { TestProject } from "vitest/node";

// One fresh database per run on the PostgreSQL server, dropped afterwards. Test files share
// it; each test makes its own workspace, so no test sees another's rows.

export const defaultTestServer = "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL || defaultTestServer;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL server answered at ${adminUrl} (${(error as Error).message}). ` +
        `Start one, or set TEST_DATABASE_URL to a server where this user may create databases.`,
    );
  }
  const name = `recall_test_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide("databaseUrl", url.toString());
  project.provide("adminDatabaseUrl", adminUrl);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}
