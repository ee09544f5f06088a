import { formatRelative } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import type { Actor } from "@/lib/auth/guard";
import { listSecondFactors } from "@/lib/auth/two-factor";
import { getTwoFactorPolicy } from "@/lib/auth/two-factor-policy";
import { listUsers } from "@/lib/users/manage";
import { ResetTwoFactorButton, TwoFactorPolicyForm } from "./two-factor-controls";

/** The workspace's two-factor policy and who has a second factor, with an admin's reset. */
export async function TwoFactorSection({ actor }: { actor: Actor }) {
  const [policy, users, factors] = await Promise.all([getTwoFactorPolicy({ actor }), listUsers({ actor }), listSecondFactors({ actor })]);
  const active = users.filter((user) => !user.disabledAt);
  return (
    <section aria-labelledby="two-factor-heading" className="space-y-3">
      <div>
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <p className="text-sm text-slate-500">
          Users set up an authenticator app under Security (top right). Someone required to use it who has not set it up is held on that
          page after signing in until they do.
        </p>
      </div>
      <TwoFactorPolicyForm policy={policy} />
      <Table>
        <TableCaption>Second factors of this workspace&apos;s users</TableCaption>
        <THead>
          <TH>User</TH>
          <TH>Second factor</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </THead>
        <TBody>
          {active.map((user) => {
            const since = factors.get(user.id);
            return (
              <tr key={user.id}>
                <TH scope="row" className="font-medium">
                  {user.name} <span className="font-normal text-slate-500">{user.email}</span>
                </TH>
                <TD>
                  {since ? (
                    <span>
                      <Badge tone="green">On</Badge> <span className="text-slate-500">since {formatRelative(since)}</span>
                    </span>
                  ) : (
                    <Badge tone="slate">Off</Badge>
                  )}
                </TD>
                <TD>{since && user.id !== actor.userId && <ResetTwoFactorButton userId={user.id} name={user.name} />}</TD>
              </tr>
            );
          })}
        </TBody>
      </Table>
    </section>
  );
}
