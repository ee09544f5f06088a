import type { Metadata } from "next";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableCaption, TBody, TD, TH, THead } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import { listOwnSessions } from "@/lib/users/sessions";
import { EndOtherSessionsButton, EndSessionButton } from "./session-buttons";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const actor = await requirePageActor({ beforeTwoFactorSetup: true });
  const sessions = await listOwnSessions({ actor });
  const others = sessions.filter((session) => !session.current).length;

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Sessions</h1>
        <p className="text-sm text-slate-500">Where you are signed in. Ending a session signs that browser out on its next click.</p>
      </div>

      <Table>
        <TableCaption>Your sessions</TableCaption>
        <THead>
          <TH>Device</TH>
          <TH>Address</TH>
          <TH>Signed in</TH>
          <TH>Last seen</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </THead>
        <TBody>
          {sessions.map((session) => (
            <tr key={session.id}>
              <TH scope="row" className="font-medium">
                {session.device}
                {session.current && (
                  <span className="ml-2">
                    <Badge tone="green">This session</Badge>
                  </span>
                )}
              </TH>
              <TD className="font-mono text-xs">{session.clientAddress}</TD>
              <TD>
                <RelativeTime date={session.createdAt} />
              </TD>
              <TD>
                <RelativeTime date={session.lastSeenAt} />
              </TD>
              <TD>{!session.current && <EndSessionButton sessionId={session.id} device={session.device} />}</TD>
            </tr>
          ))}
        </TBody>
      </Table>

      {others > 0 ? <EndOtherSessionsButton /> : <p className="text-sm text-slate-500">You are not signed in anywhere else.</p>}
    </div>
  );
}
