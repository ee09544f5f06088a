"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Follows a server-sent event stream of ticket changes (GET /api/live) and calls `onChange`
 * for each; returns whether the stream is up, so callers poll only while it is down. The
 * browser's EventSource reconnects by itself after a drop or the stream's end.
 */
export function useLiveEvents(path: string, onChange: () => void): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  }, [onChange]);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(path);
    const changed = () => handler.current();
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("ticket", changed);
    source.addEventListener("notification", changed);
    source.addEventListener("resync", changed);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [path]);
  return connected;
}
