/* The TCP side of the second seed article's discovery server: clients that read its announcement
 * connect to the announced address and port and "ping" it. Each connection is served on a thread of
 * its own; every chunk a client sends is answered with "PONG " and the same bytes.
 * Events: `LISTENING <port>` once, `ACCEPTED <ip>:<port>` and `CLOSED <ip>:<port>` per client,
 * `PING <len> <hex>` per chunk received; `ERROR <code> <call>` (WSAGetLastError) when it cannot listen. */
#ifndef SLOTPIPE_PING_SERVER_H
#define SLOTPIPE_PING_SERVER_H

/* Listens on ip:port and serves clients in the background; returns 0, or 1 after printing the error. */
int ping_server_start(const char *ip, unsigned short port);

#endif
