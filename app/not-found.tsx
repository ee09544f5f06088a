import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-2 px-4 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <Link href="/inbox" className="text-sm font-medium text-brand-700 hover:underline">
        Go to the inbox
      </Link>
    </main>
  );
}
