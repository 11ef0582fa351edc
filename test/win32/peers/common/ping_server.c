#include <winsock2.h>
#include <ws2tcpip.h>

#include "ping_server.h"

#include <stdio.h>
#include <string.h>

#include "peer.h"

static int wsa_fail(const char *call) {
  emit("ERROR %d %s", WSAGetLastError(), call);
  return 1;
}

static DWORD WINAPI serve_client(LPVOID param) {
  SOCKET client = (SOCKET)param;
  struct sockaddr_in from;
  int from_length = sizeof from;
  char who[32] = "?";
  if (getpeername(client, (struct sockaddr *)&from, &from_length) == 0)
    snprintf(who, sizeof who, "%s:%u", inet_ntoa(from.sin_addr), ntohs(from.sin_port));
  emit("ACCEPTED %s", who);
  char buffer[4096];
  char reply[sizeof buffer + 5];
  for (;;) {
    int got = recv(client, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    emit_bytes("PING", (const unsigned char *)buffer, (DWORD)got);
    memcpy(reply, "PONG ", 5);
    memcpy(reply + 5, buffer, (size_t)got);
    if (send(client, reply, got + 5, 0) != got + 5) break;
  }
  closesocket(client);
  emit("CLOSED %s", who);
  return 0;
}

static DWORD WINAPI accept_loop(LPVOID param) {
  SOCKET listener = (SOCKET)param;
  for (;;) {
    SOCKET client = accept(listener, NULL, NULL);
    if (client == INVALID_SOCKET) return (DWORD)wsa_fail("accept");
    HANDLE thread = CreateThread(NULL, 0, serve_client, (LPVOID)client, 0, NULL);
    if (thread) CloseHandle(thread);
    else closesocket(client);
  }
}

int ping_server_start(const char *ip, unsigned short port) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return wsa_fail("WSAStartup");
  SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (listener == INVALID_SOCKET) return wsa_fail("socket");
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, ip, &address.sin_addr) != 1) return wsa_fail("inet_pton");
  if (bind(listener, (struct sockaddr *)&address, sizeof address) == SOCKET_ERROR) return wsa_fail("bind");
  if (listen(listener, SOMAXCONN) == SOCKET_ERROR) return wsa_fail("listen");
  HANDLE thread = CreateThread(NULL, 0, accept_loop, (LPVOID)listener, 0, NULL);
  if (!thread) return fail("CreateThread");
  CloseHandle(thread);
  emit("LISTENING %u", port);
  return 0;
}
