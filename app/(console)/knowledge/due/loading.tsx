export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading knowledge due for review" className="space-y-3">
      <div className="h-5 w-28 animate-pulse rounded bg-slate-200" />
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="h-10 w-full animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
