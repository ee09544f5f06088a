import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { listApiKeys } from "@/lib/api/api-keys";
import { requirePageActor } from "@/lib/auth/guard";
import { listActiveLockouts } from "@/lib/auth/lockouts";
import { listInvitations } from "@/lib/users/invitations";
import { listUsers } from "@/lib/users/manage";
import { CreateKeyForm } from "./create-key-form";
import { InvitationControls } from "./invitation-controls";
import { InviteForm } from "./invite-form";
import { LiftLockoutButton } from "./lift-lockout-button";
import { RevokeKeyButton } from "./revoke-key-button";
import { SsoSection } from "./sso-section";
import { TwoFactorSection } from "./two-factor-section";
import { UserControls } from "./user-controls";

export const metadata: Metadata = { title: "Settings" };

const th = "px-3 py-2";
const td = "px-3 py-2";

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
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No users yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Users of this workspace</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={th}>
                    Email
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={th}>
                    Added
                  </th>
                  <th scope="col" className={th}>
                    Role and access
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {users.map((user) => (
                  <tr key={user.id} className={user.disabledAt ? "bg-slate-50 text-slate-500" : undefined}>
                    <th scope="row" className={`${td} font-medium`}>
                      {user.name}
                      {user.id === actor.userId && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
                    </th>
                    <td className={td}>{user.email}</td>
                    <td className={td}>{user.disabledAt ? <Badge tone="slate">Disabled</Badge> : <Badge tone="green">Active</Badge>}</td>
                    <td className={td}>
                      <When date={user.createdAt} />
                    </td>
                    <td className={td}>
                      <UserControls
                        userId={user.id}
                        name={user.name}
                        role={user.role}
                        disabled={Boolean(user.disabledAt)}
                        isMe={user.id === actor.userId}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <InviteForm />
        {invitations.length > 0 && (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="px-3 pt-3 text-left text-sm font-semibold text-slate-700">Pending invitations</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Email
                  </th>
                  <th scope="col" className={th}>
                    Role
                  </th>
                  <th scope="col" className={th}>
                    Invited by
                  </th>
                  <th scope="col" className={th}>
                    Link valid until
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <th scope="row" className={`${td} font-medium`}>
                      {invitation.email}
                    </th>
                    <td className={td}>{invitation.role === "ADMIN" ? "Admin" : "Agent"}</td>
                    <td className={td}>{invitation.invitedByName}</td>
                    <td className={td}>
                      {invitation.expired ? (
                        <Badge tone="slate">Expired</Badge>
                      ) : (
                        <time dateTime={invitation.expiresAt.toISOString()}>{invitation.expiresAt.toUTCString()}</time>
                      )}
                    </td>
                    <td className={td}>
                      <InvitationControls invitationId={invitation.id} email={invitation.email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            No account is locked.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Accounts locked after failed sign-ins</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    User
                  </th>
                  <th scope="col" className={th}>
                    Failed sign-ins
                  </th>
                  <th scope="col" className={th}>
                    Locked
                  </th>
                  <th scope="col" className={th}>
                    Until
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {lockouts.map((lockout) => (
                  <tr key={lockout.id}>
                    <th scope="row" className={`${td} font-medium`}>
                      {lockout.userName} <span className="font-normal text-slate-500">{lockout.userEmail}</span>
                    </th>
                    <td className={td}>{lockout.failures}</td>
                    <td className={td}>
                      <When date={lockout.lockedAt} />
                    </td>
                    <td className={td}>
                      <time dateTime={lockout.lockedUntil.toISOString()}>{lockout.lockedUntil.toUTCString()}</time>
                    </td>
                    <td className={td}>
                      <LiftLockoutButton lockoutId={lockout.id} name={lockout.userName} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <TwoFactorSection actor={actor} />

      <SsoSection actor={actor} />

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
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            No API keys yet.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">API keys of this workspace</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={th}>
                    Key starts with
                  </th>
                  <th scope="col" className={th}>
                    Created
                  </th>
                  <th scope="col" className={th}>
                    Last used
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {keys.map((key) => (
                  <tr key={key.id} className={key.revokedAt ? "bg-slate-50 text-slate-500" : undefined}>
                    <th scope="row" className={`${td} font-medium`}>
                      {key.name}
                    </th>
                    <td className={`${td} font-mono text-xs`}>{key.prefix}…</td>
                    <td className={td}>
                      <When date={key.createdAt} />
                    </td>
                    <td className={td}>
                      <When date={key.lastUsedAt} />
                    </td>
                    <td className={td}>
                      {key.revokedAt ? (
                        <span>
                          <Badge tone="red">Revoked</Badge> <When date={key.revokedAt} />
                        </span>
                      ) : (
                        <Badge tone="green">Active</Badge>
                      )}
                    </td>
                    <td className={td}>{!key.revokedAt && <RevokeKeyButton keyId={key.id} name={key.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
