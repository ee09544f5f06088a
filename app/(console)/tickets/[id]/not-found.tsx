import Link from "next/link";

export default function TicketNotFound() {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
      <h1 className="text-lg font-semibold">Ticket not found</h1>
      <p className="mt-1 text-sm text-slate-500">It may have been deleted, or it belongs to another workspace.</p>
      <Link href="/inbox" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        Back to the inbox
      </Link>
    </div>
  );
}
