import type { Metadata } from "next";
import Link from "next/link";
import { findInvitation, INVALID_INVITATION } from "@/lib/users/invitations";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Join your team" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation({ token });
  if (!invitation) {
    return (
      <>
        <h1 className="mb-3 text-lg font-semibold">Invitation not valid</h1>
        <p role="alert" className="text-sm text-slate-700">
          {INVALID_INVITATION}
        </p>
        <p className="mt-4 text-sm">
          <Link href="/login" className="text-brand-700 underline">
            Go to sign-in
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-lg font-semibold">Join {invitation.workspaceName}</h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">
        You are invited as {invitation.role === "ADMIN" ? "an admin" : "an agent"}. Your sign-in will be <strong>{invitation.email}</strong>
        .
      </p>
      <AcceptInvitationForm token={token} email={invitation.email} />
    </>
  );
}
