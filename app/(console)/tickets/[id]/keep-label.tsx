import { Star } from "lucide-react";

/** The "keep after this ticket" toggle's face: an outlined star, filled once kept. */
export function KeepLabel({ keeping }: { keeping: boolean }) {
  return (
    <span className="inline-flex items-center gap-1">
      <Star aria-hidden className="h-3.5 w-3.5" fill={keeping ? "currentColor" : "none"} />
      {keeping ? "Keeping" : "Keep"}
    </span>
  );
}
