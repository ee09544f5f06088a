export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading archived customer memory" className="space-y-3">
      <div className="h-5 w-40 animate-pulse rounded bg-slate-200" />
      <div className="h-7 w-64 animate-pulse rounded bg-slate-200" />
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="h-10 w-full animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
