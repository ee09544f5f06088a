export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading settings" className="space-y-3">
      <div className="h-7 w-32 animate-pulse rounded bg-slate-200" />
      <div className="h-6 w-24 animate-pulse rounded bg-slate-200" />
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="h-10 w-full animate-pulse rounded bg-slate-100" />
      ))}
      <div className="h-6 w-24 animate-pulse rounded bg-slate-200" />
      {Array.from({ length: 2 }, (_, index) => (
        <div key={index} className="h-10 w-full animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
