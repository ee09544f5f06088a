import type { Metadata } from "next";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { requirePageActor } from "@/lib/auth/guard";
import { listOwnSessions } from "@/lib/users/sessions";
import { EndOtherSessionsButton, EndSessionButton } from "./session-buttons";

export const metadata: Metadata = { title: "Sessions" };

const th = "px-3 py-2";
const td = "px-3 py-2";

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

      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your sessions</caption>
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className={th}>
                Device
              </th>
              <th scope="col" className={th}>
                Address
              </th>
              <th scope="col" className={th}>
                Signed in
              </th>
              <th scope="col" className={th}>
                Last seen
              </th>
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sessions.map((session) => (
              <tr key={session.id}>
                <th scope="row" className={`${td} font-medium`}>
                  {session.device}
                  {session.current && (
                    <span className="ml-2">
                      <Badge tone="green">This session</Badge>
                    </span>
                  )}
                </th>
                <td className={`${td} font-mono text-xs`}>{session.clientAddress}</td>
                <td className={td}>
                  <RelativeTime date={session.createdAt} />
                </td>
                <td className={td}>
                  <RelativeTime date={session.lastSeenAt} />
                </td>
                <td className={td}>{!session.current && <EndSessionButton sessionId={session.id} device={session.device} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {others > 0 ? <EndOtherSessionsButton /> : <p className="text-sm text-slate-500">You are not signed in anywhere else.</p>}
    </div>
  );
}
