import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

/** For load balancers and start scripts: no session, no data, only whether the database answers. */
export async function GET() {
  try {
    const database = await getDatabase();
    await database.sql.query("SELECT 1");
    return NextResponse.json({ ok: true, database: database.mode });
  } catch {
    return NextResponse.json({ ok: false }, { status: 503 });
  }
}
