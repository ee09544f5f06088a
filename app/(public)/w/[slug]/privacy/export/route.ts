import { cookies, headers } from "next/headers";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { exportForSession, PRIVACY_COOKIE } from "@/lib/privacy/self-service";

// "Download my data": a form POST from the privacy page, answered with the JSON as an
// attachment. The session cookie is same-site strict, and a cross-site Origin is refused.
// A refusal (expired session, too many downloads) goes back to the page, which says why.

function sameSite(origin: string | null, host: string | null): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const slug = (await params).slug.slice(0, 60);
  const list = await headers();
  if (!sameSite(request.headers.get("origin"), list.get("x-forwarded-host") ?? list.get("host"))) {
    return NextResponse.json({ error: "Cross-site requests are not accepted." }, { status: 403 });
  }
  const clientKey = list.get("x-forwarded-for")?.split(",")[0]?.trim() || list.get("x-real-ip") || "local";
  try {
    const data = await exportForSession({ slug, token: (await cookies()).get(PRIVACY_COOKIE)?.value, clientKey });
    return new NextResponse(JSON.stringify(data, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="my-data-${data.workspace.slug}-${data.generatedAt.slice(0, 10)}.json"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    const page = new URL(`/w/${encodeURIComponent(slug)}/privacy`, request.url);
    if (error instanceof AppError) {
      page.searchParams.set("notice", error.status === 401 ? "expired" : "refused");
      return NextResponse.redirect(page, 303);
    }
    console.error("[privacy] export failed", error);
    page.searchParams.set("notice", "failed");
    return NextResponse.redirect(page, 303);
  }
}
