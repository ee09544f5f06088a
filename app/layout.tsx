import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Recall Desk", template: "%s · Recall Desk" },
  description: "Customer-support console with memory.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: a page prerendered at build time would carry no script
  // nonce, and the Content-Security-Policy set by proxy.ts would block its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
