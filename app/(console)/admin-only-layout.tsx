import type { ReactNode } from "react";
import { requirePageActor } from "@/lib/auth/guard";

/**
 * The layout of every admin section. The role is checked here, above the section's
 * loading boundary: a check inside a streamed page would answer 200 before it could say 404.
 */
export default async function AdminOnlyLayout({ children }: { children: ReactNode }) {
  await requirePageActor({ role: "ADMIN" });
  return children;
}
