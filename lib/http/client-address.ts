import "server-only";
import { headers } from "next/headers";
import { CLIENT_ADDRESS_HEADER } from "./client-address-header";
import { log } from "@/lib/log";

let warned = false;

/** The client's address as our server saw it (never a header the client chose). */
export function clientAddressFrom(list: Pick<Headers, "get">): string {
  const address = list.get(CLIENT_ADDRESS_HEADER);
  if (address) return address;
  // Only when the app runs without scripts/server.ts (plain `next start`): per-address
  // limits then cannot tell clients apart, which is safer than believing X-Forwarded-For.
  if (!warned) {
    warned = true;
    log.warn("no client address from the server (run the console with npm start); per-address limits treat every client as one");
  }
  return "unknown";
}

/** For server actions and pages. */
export async function clientAddress(): Promise<string> {
  return clientAddressFrom(await headers());
}
