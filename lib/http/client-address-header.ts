/**
 * The request header in which scripts/server.ts hands the app the client's address. The
 * server overwrites it on every request, so a client cannot choose its value.
 */
export const CLIENT_ADDRESS_HEADER = "x-recall-client-address";
