"""Speaks out of turn: sends {subscribe, "*"} on fd 3 before init (a protocol violation), then
waits without reading (it ignores TERM; the runtime has to kill it)."""
import socket
import struct
import time

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, 0, 3)
payload = bytes.fromhex('83680273097375627363726962656b00012a')
s.sendall(struct.pack('>I', len(payload)) + payload)
time.sleep(30)
