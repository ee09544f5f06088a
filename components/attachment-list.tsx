import { Paperclip } from "lucide-react";
import { formatBytes } from "@/lib/format-bytes";

export interface AttachmentLink {
  id: string;
  filename: string;
  size: number;
}

/** The files on a message, each a download link (`href` says where: the console's or the customer's route). */
export function AttachmentList({ files, href }: { files: AttachmentLink[]; href: (id: string) => string }) {
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="mt-2 flex flex-wrap gap-2">
      {files.map((file) => (
        <li key={file.id}>
          <a
            href={href(file.id)}
            download={file.filename}
            className="inline-flex items-center gap-1 rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            <Paperclip aria-hidden className="h-3.5 w-3.5" />
            <span className="max-w-56 truncate">{file.filename}</span>
            <span className="text-slate-500">({formatBytes(file.size)})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
