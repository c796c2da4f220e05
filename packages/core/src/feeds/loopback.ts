/**
 * Whether a base URL names this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`).
 * Electric's warning about plain HTTP capping browsers at ~6 connections per origin is about
 * deployed servers; a local dev server is plain HTTP on purpose, so it is not warned about.
 */
export function isLoopbackUrl(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return false;
  }
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
