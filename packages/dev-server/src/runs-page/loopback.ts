import type { IncomingMessage } from "node:http";

const loopbackAddress = (address: string | undefined) =>
  !!address && (address === "::1" || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(address));

const loopbackHost = (host: string | undefined) => {
  const hostname = host?.replace(/:\d+$/, "").toLowerCase();
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname ?? "");
};

/**
 * A request from this machine, addressed to this machine by name: only such a request gets the
 * page's read-all token. The Host check keeps a page on another origin that resolves its own
 * name to 127.0.0.1 (DNS rebinding) from being handed the token.
 */
export const isLoopbackRequest = (request: IncomingMessage) =>
  loopbackAddress(request.socket.remoteAddress) && loopbackHost(request.headers.host);
