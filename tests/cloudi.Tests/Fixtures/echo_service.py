# A minimal external service written from the protocol spec (local protocol, 1 thread):
# subscribes "echo" and answers every request with "py:" + the request.
import os, socket, struct, sys
def atom(a): b=a.encode(); return b'\x73'+bytes([len(b)])+b
def string(s): b=s if isinstance(s,bytes) else s.encode(); return (b'\x6b'+struct.pack('>H',len(b))+b) if b else b'\x6a'
def binary(b): return b'\x6d'+struct.pack('>I',len(b))+b
def integer(i): return (b'\x61'+bytes([i])) if 0<=i<256 else b'\x62'+struct.pack('>i',i)
def tup(*xs): return b'\x68'+bytes([len(xs)])+b''.join(xs)
fd = 3
s = socket.socket(fileno=fd)
def send(term): p=b'\x83'+term; s.sendall(struct.pack('>I',len(p))+p)
def recv():
    h=b''
    while len(h)<4:
        c=s.recv(4-len(h))
        if not c: sys.exit(0)
        h+=c
    n=struct.unpack('>I',h)[0]; d=b''
    while len(d)<n: d+=s.recv(n-len(d))
    return d
send(atom('init'))
m=recv(); code=struct.unpack('<I',m[:4])[0]; assert code==1, code
plen=struct.unpack('<I',m[16:20])[0]; prefix=m[20:20+plen-1]
send(tup(atom('subscribe'),string('echo')))
send(atom('polling'))
while True:
    m=recv(); code=struct.unpack('<I',m[:4])[0]
    if code==11: sys.exit(0)
    if code in (2,3):
        i=4
        def rd_str():
            global i
            n=struct.unpack('<I',m[i:i+4])[0]; v=m[i+4:i+4+n-1]; i+=4+n; return v
        def rd_bin():
            global i
            n=struct.unpack('<I',m[i:i+4])[0]; v=m[i+4:i+4+n]; i+=4+n+1; return v
        name=rd_str(); pattern=rd_str(); info=rd_bin(); req=rd_bin()
        timeout=struct.unpack('<I',m[i:i+4])[0]; i+=4; prio=m[i]; i+=1
        tid=m[i:i+16]; i+=16; slen=struct.unpack('<I',m[i:i+4])[0]; i+=4; src=m[i+1:i+slen]  # strip 131
        kind='return_sync' if code==3 else 'return_async'
        send(tup(atom(kind),string(name),string(pattern),binary(b''),binary(b'py:'+req),integer(timeout),binary(tid),src))
