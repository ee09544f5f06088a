import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { sameOrigin, slugSchema } from "@/lib/http/boundary";
import { clientAddressFrom } from "@/lib/http/client-address";
import { exportForSession, PRIVACY_COOKIE } from "@/lib/privacy/self-service";

// "Download my data": a form POST from the privacy page, answered with the JSON as an
// attachment. The session cookie is same-site strict, and a cross-site Origin is refused.
// A refusal (expired session, too many downloads) goes back to the page, which says why.

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const parsedSlug = slugSchema.safeParse((await params).slug);
  if (!parsedSlug.success) return NextResponse.json({ error: "Not found." }, { status: 404 });
  const slug = parsedSlug.data;
  if (!sameOrigin(request.headers)) return NextResponse.json({ error: "Cross-site requests are not accepted." }, { status: 403 });
  const clientKey = clientAddressFrom(request.headers);
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
      page.searchParams.set("notice", error.status === 401 ? "expired" : error.status === 429 ? "limited" : "refused");
      return NextResponse.redirect(page, 303);
    }
    console.error("[privacy] export failed", error);
    page.searchParams.set("notice", "failed");
    return NextResponse.redirect(page, 303);
  }
}
