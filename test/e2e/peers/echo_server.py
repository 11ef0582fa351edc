"""A pipe server as a Python program would write one off Windows: a Unix socket at .NET's
CoreFxPipe_ path that answers every chunk it reads with "pong <rest>" after a pause.
  echo_server.py SOCKET_PATH DELAY_MS
Prints READY once listening, CONNECTED per client and "REPLIED <n>" after each answer (flushed), for the test to follow."""
import os
import socket
import sys
import threading
import time

path, delay = sys.argv[1], int(sys.argv[2]) / 1000.0
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
os.chmod(path, 0o600)
server.listen(8)
print("READY", flush=True)
replied = 0
lock = threading.Lock()


def serve(connection):
    global replied
    with connection:
        while True:
            data = connection.recv(65536)
            if not data:
                return
            time.sleep(delay)
            connection.sendall(b"pong " + data.split(b" ", 1)[-1])
            with lock:
                replied += 1
                print(f"REPLIED {replied}", flush=True)


while True:
    client, _ = server.accept()
    print("CONNECTED", flush=True)
    threading.Thread(target=serve, args=(client,), daemon=True).start()
