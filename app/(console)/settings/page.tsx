import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { listApiKeys } from "@/lib/api/api-keys";
import { requirePageActor } from "@/lib/auth/guard";
import { listActiveLockouts } from "@/lib/auth/lockouts";
import { listInvitations } from "@/lib/users/invitations";
import { listUsers } from "@/lib/users/manage";
import { CreateKeyForm } from "./create-key-form";
import { InvitationControls } from "./invitation-controls";
import { InviteForm } from "./invite-form";
import { LiftLockoutButton } from "./lift-lockout-button";
import { MailSection } from "./mail-section";
import { RevokeKeyButton } from "./revoke-key-button";
import { SsoSection } from "./sso-section";
import { TwoFactorSection } from "./two-factor-section";
import { UserControls } from "./user-controls";

export const metadata: Metadata = { title: "Settings" };

function When({ date, empty = "Never" }: { date: Date | null; empty?: string }) {
  if (!date) return <span className="text-slate-500">{empty}</span>;
  return (
    <time dateTime={date.toISOString()} title={date.toUTCString()}>
      {formatRelative(date)}
    </time>
  );
}

export default async function SettingsPage() {
  const actor = await requirePageActor({ role: "ADMIN" });
  const [users, keys, lockouts, invitations] = await Promise.all([
    listUsers({ actor }),
    listApiKeys({ actor }),
    listActiveLockouts({ actor }),
    listInvitations({ actor }),
  ]);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-xl font-semibold">Settings</h1>
        <Link href="/settings/retention" className="text-sm text-brand-700 underline">
          Retention policy
        </Link>
      </div>

      <section aria-labelledby="users-heading" className="space-y-3">
        <div>
          <h2 id="users-heading" className="text-lg font-semibold">
            Users
          </h2>
          <p className="text-sm text-slate-500">
            Admins manage users, keys, knowledge and the audit log; agents work tickets. A disabled user is signed out at once.
          </p>
        </div>
        {users.length === 0 ? (
          <EmptyState size="sm">No users yet.</EmptyState>
        ) : (
          <Table>
            <TableCaption>Users of this workspace</TableCaption>
            <THead>
              <TH>Name</TH>
              <TH>Email</TH>
              <TH>Status</TH>
              <TH>Added</TH>
              <TH>Role and access</TH>
            </THead>
            <TBody>
              {users.map((user) => (
                <tr key={user.id} className={user.disabledAt ? "bg-slate-50 text-slate-500" : undefined}>
                  <TH scope="row" className="font-medium">
                    {user.name}
                    {user.id === actor.userId && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
                  </TH>
                  <TD>{user.email}</TD>
                  <TD>{user.disabledAt ? <Badge tone="slate">Disabled</Badge> : <Badge tone="green">Active</Badge>}</TD>
                  <TD>
                    <When date={user.createdAt} />
                  </TD>
                  <TD>
                    <UserControls
                      userId={user.id}
                      name={user.name}
                      role={user.role}
                      disabled={Boolean(user.disabledAt)}
                      isMe={user.id === actor.userId}
                    />
                  </TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
        <InviteForm />
        {invitations.length > 0 && (
          <Table>
            <TableCaption visible>Pending invitations</TableCaption>
            <THead>
              <TH>Email</TH>
              <TH>Role</TH>
              <TH>Invited by</TH>
              <TH>Link valid until</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </THead>
            <TBody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <TH scope="row" className="font-medium">
                    {invitation.email}
                  </TH>
                  <TD>{invitation.role === "ADMIN" ? "Admin" : "Agent"}</TD>
                  <TD>{invitation.invitedByName}</TD>
                  <TD>
                    {invitation.expired ? (
                      <Badge tone="slate">Expired</Badge>
                    ) : (
                      <time dateTime={invitation.expiresAt.toISOString()}>{invitation.expiresAt.toUTCString()}</time>
                    )}
                  </TD>
                  <TD>
                    <InvitationControls invitationId={invitation.id} email={invitation.email} />
                  </TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="lockouts-heading" className="space-y-3">
        <div>
          <h2 id="lockouts-heading" className="text-lg font-semibold">
            Locked accounts
          </h2>
          <p className="text-sm text-slate-500">
            An account is locked for 15 minutes after 10 failed sign-ins, from any address. Unlock it once you know the failures were the
            user&apos;s own.
          </p>
        </div>
        {lockouts.length === 0 ? (
          <EmptyState size="sm">No account is locked.</EmptyState>
        ) : (
          <Table>
            <TableCaption>Accounts locked after failed sign-ins</TableCaption>
            <THead>
              <TH>User</TH>
              <TH>Failed sign-ins</TH>
              <TH>Locked</TH>
              <TH>Until</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </THead>
            <TBody>
              {lockouts.map((lockout) => (
                <tr key={lockout.id}>
                  <TH scope="row" className="font-medium">
                    {lockout.userName} <span className="font-normal text-slate-500">{lockout.userEmail}</span>
                  </TH>
                  <TD>{lockout.failures}</TD>
                  <TD>
                    <When date={lockout.lockedAt} />
                  </TD>
                  <TD>
                    <time dateTime={lockout.lockedUntil.toISOString()}>{lockout.lockedUntil.toUTCString()}</time>
                  </TD>
                  <TD>
                    <LiftLockoutButton lockoutId={lockout.id} name={lockout.userName} />
                  </TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <TwoFactorSection actor={actor} />

      <SsoSection actor={actor} />

      <MailSection actor={actor} />

      <section aria-labelledby="keys-heading" className="space-y-3">
        <div>
          <h2 id="keys-heading" className="text-lg font-semibold">
            API keys
          </h2>
          <p className="text-sm text-slate-500">
            For the REST API (<code>Authorization: Bearer &lt;key&gt;</code>, described at{" "}
            <a href="/developers" className="underline">
              /developers
            </a>
            ). A key is shown once and stored only as a hash.
          </p>
        </div>
        <CreateKeyForm />
        {keys.length === 0 ? (
          <EmptyState size="sm">No API keys yet.</EmptyState>
        ) : (
          <Table>
            <TableCaption>API keys of this workspace</TableCaption>
            <THead>
              <TH>Name</TH>
              <TH>Key starts with</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH>Status</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </THead>
            <TBody>
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "bg-slate-50 text-slate-500" : undefined}>
                  <TH scope="row" className="font-medium">
                    {key.name}
                  </TH>
                  <TD className="font-mono text-xs">{key.prefix}…</TD>
                  <TD>
                    <When date={key.createdAt} />
                  </TD>
                  <TD>
                    <When date={key.lastUsedAt} />
                  </TD>
                  <TD>
                    {key.revokedAt ? (
                      <span>
                        <Badge tone="red">Revoked</Badge> <When date={key.revokedAt} />
                      </span>
                    ) : (
                      <Badge tone="green">Active</Badge>
                    )}
                  </TD>
                  <TD>{!key.revokedAt && <RevokeKeyButton keyId={key.id} name={key.name} />}</TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
