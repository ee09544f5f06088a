export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading memory cost" className="space-y-3">
      <div className="h-5 w-24 animate-pulse rounded bg-slate-200" />
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-20 w-full animate-pulse rounded-xl bg-slate-100" />
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="h-48 animate-pulse rounded-xl bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
