"""A test service on cloudi_spec: one API object per thread (CLOUDI_API_INIT_THREAD_COUNT).

Every callback is subscribed twice: as ``<name>`` and as ``p<process>t<thread>/<name>`` so a
test can address one particular thread. Patterns (relative to the prefix):

  echo   response = request, response_info = request_info
  rr     subscribed twice (callbacks A and B, called round-robin): answers "A:.." / "B:.."
  ret    ends the request with an explicit return_sync / return_async: "sync:.." / "async:.."
  null   null response; the request body is the timeout to return with ("" = the received one)
  sleep  sleeps <body> ms, then answers "slept"
  prio   records the request body, answers it
  fwd    JSON {"hops": [names], "trail": [...], "sleep": ms}: forwards to the next hop with
         forward_sync / forward_async (by request type), or answers the JSON when none is left
  cmd    JSON {"op": ...}: runs an API operation and answers JSON (see Service.cmd)
  wrong  always ends the request with return_sync (a protocol violation for send_async requests)

Optional arguments are recorded only (argv tests). Stdout is line buffered for log tests.
"""

import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cloudi_spec  # noqa: E402
from cloudi_spec import API  # noqa: E402


# --mode=X (before polling): no-poll (never polls), shutdown-in-init (thread 0 calls shutdown),
# sync-in-init (thread 0 calls send_sync, which 2.0.x forbids before polling); and after TERM:
# linger-until-eof (exits only once the runtime has closed its socket end).
MODE = next((a[len('--mode='):] for a in sys.argv[1:] if a.startswith('--mode=')), None)


def text(data):
    return bytes(data).decode('utf-8')


class Service(object):
    def __init__(self, thread_index):
        self.thread_index = thread_index
        # Odd threads encode atoms as SMALL_ATOM_UTF8_EXT, even ones as SMALL_ATOM_EXT.
        self.api = API(thread_index, atom_utf8=(thread_index % 2 == 1))
        self.handled = []
        self.tag = 'p%dt%d' % (self.api.init['process_index'], thread_index)
        for name, callback in (('echo', self.echo), ('rr', self.rr_a), ('rr', self.rr_b),
                               ('ret', self.ret), ('null', self.null), ('sleep', self.sleep),
                               ('prio', self.prio), ('fwd', self.fwd), ('cmd', self.cmd),
                               ('wrong', self.wrong)):
            self.api.subscribe(name, callback)
            self.api.subscribe(self.tag + '/' + name, callback)

    def run(self):
        mode = MODE
        if mode == 'no-poll':
            time.sleep(30)
        elif mode == 'shutdown-in-init' and self.thread_index == 0:
            self.api.shutdown('early')
        elif mode == 'sync-in-init' and self.thread_index == 0:
            self.api.send_sync('/nowhere', 'x', timeout=200)
        while self.api.poll():
            pass
        if MODE == 'linger-until-eof':
            # As the 1.5.3 Node library: after TERM, exit only once the runtime closes its end.
            while self.api._socket.recv(65536):
                pass
        self.api.close()

    # ---- simple callbacks ----------------------------------------------------------------------

    def echo(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        return (request_info, request)

    def rr_a(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        return b'A:' + request

    def rr_b(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        return b'B:' + request

    def ret(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        if request_type == API.SYNC:
            self.api.return_sync(name, pattern, b'', b'sync:' + request, timeout, trans_id, source)
        else:
            self.api.return_async(name, pattern, b'', b'async:' + request, timeout, trans_id, source)
        raise AssertionError('return_* must not come back')

    def wrong(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        self.api.return_sync(name, pattern, b'', request, timeout, trans_id, source)

    def null(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        returned = int(request) if request else timeout
        self.api.return_(request_type, name, pattern, b'', b'', returned, trans_id, source)

    def sleep(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        time.sleep(int(request) / 1000.0)
        return b'slept'

    def prio(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        self.handled.append('%s:%d' % (text(request), priority))
        return request

    def fwd(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        body = json.loads(text(request))
        body.setdefault('trail', []).append({'at': self.tag, 'timeout': timeout,
                                             'type': 'sync' if request_type == API.SYNC else 'async'})
        if body.get('sleep'):
            time.sleep(body['sleep'] / 1000.0)
            body['sleep'] = 0
        hops = body.get('hops', [])
        if not hops:
            return json.dumps(body).encode()
        target = hops.pop(0)
        payload = json.dumps(body).encode()
        if request_type == API.SYNC:
            self.api.forward_sync(target, request_info, payload, timeout, priority, trans_id, source)
        else:
            self.api.forward_async(target, request_info, payload, timeout, priority, trans_id, source)
        raise AssertionError('forward_* must not come back')

    # ---- commands ----------------------------------------------------------------------------

    def cmd(self, request_type, name, pattern, request_info, request, timeout, priority, trans_id, source):
        c = json.loads(text(request))
        op = c['op']
        api = self.api
        if op == 'info':
            statics = {}
            for key in ('thread_count', 'process_index', 'process_count_max', 'process_count_min',
                        'timeout_initialize', 'timeout_terminate'):
                try:
                    statics[key] = getattr(API, key)()
                except cloudi_spec.InvalidInputException:
                    statics[key] = None
            return json.dumps({
                'thread_index': self.thread_index, 'os_pid': os.getpid(), 'argv': sys.argv,
                'env': dict(os.environ), 'init': api.init, 'static': statics,
                'accessors': {'prefix': api.prefix(), 'process_count': api.process_count(),
                              'timeout_async': api.timeout_async(), 'timeout_sync': api.timeout_sync(),
                              'priority_default': api.priority_default(), 'api_version': api.api_version()},
                'request': {'name': name, 'pattern': pattern, 'timeout': timeout, 'priority': priority,
                            'type': 'sync' if request_type == API.SYNC else 'async',
                            'info': cloudi_spec.info_key_value_parse(request_info),
                            'source': repr(source), 'trans_id': trans_id.hex()},
            }).encode()
        if op == 'send_sync':
            info, response, tid = api.send_sync(c['name'], c.get('body', ''), c.get('timeout'),
                                                c.get('info', '').encode(), c.get('priority'))
            return json.dumps({'info': text(info), 'body': text(response), 'tid': tid.hex()}).encode()
        if op == 'send_async':
            tid = api.send_async(c['name'], c.get('body', ''), c.get('timeout'), None, c.get('priority'))
            return json.dumps({'tid': tid.hex()}).encode()
        if op == 'recv':
            tid = bytes.fromhex(c['tid']) if c.get('tid') else None
            info, response, got = api.recv_async(c.get('timeout'), tid, c.get('consume', True))
            return json.dumps({'info': text(info), 'body': text(response), 'tid': got.hex()}).encode()
        if op == 'async_batch':
            sent = [api.send_async(c['name'], body, c.get('timeout')) for body in c['bodies']]
            got = []
            for tid in (sent if c['mode'] == 'id' else [None] * len(sent)):
                info, response, rid = api.recv_async(c.get('recv_timeout'), tid)
                got.append({'body': text(response), 'tid': rid.hex()})
            return json.dumps({'sent': [t.hex() for t in sent], 'got': got}).encode()
        if op == 'mcast':
            tids = api.mcast_async(c['name'], c.get('body', ''), c.get('timeout'))
            got = []
            for tid in tids:
                info, response, rid = api.recv_async(c.get('recv_timeout'), tid)
                got.append({'body': text(response), 'tid': rid.hex()})
            return json.dumps({'tids': [t.hex() for t in tids], 'got': got}).encode()
        if op == 'subscribe':
            api.subscribe(c['pattern'], self.echo)
            return json.dumps({'count': api.subscribe_count(c['pattern'])}).encode()
        if op == 'unsubscribe':
            api.unsubscribe(c['pattern'])
            return json.dumps({'count': api.subscribe_count(c['pattern'])}).encode()
        if op == 'subscribe_count':
            return json.dumps({'count': api.subscribe_count(c['pattern'])}).encode()
        if op == 'handled':
            done, self.handled = self.handled, []
            return json.dumps(done).encode()
        if op == 'print':
            for line in c.get('stdout', []):
                sys.stdout.write(line + '\n')
            sys.stdout.flush()
            for line in c.get('stderr', []):
                sys.stderr.write(line + '\n')
            sys.stderr.flush()
            return b'"printed"'
        if op == 'garbage':
            api.send_raw(bytes.fromhex(c.get('hex', '83ff00')))
            return b'garbage sent'
        if op == 'exit':
            sys.stdout.flush()
            os._exit(c.get('code', 3))
        if op == 'shutdown':
            api.shutdown(c.get('reason', ''))
            return b'shutting down'
        raise ValueError('unknown op ' + op)


def main():
    count = API.thread_count()
    services = []
    errors = []

    def start(i):
        try:
            service = Service(i)
            services.append(service)
            service.run()
        except Exception:
            import traceback
            traceback.print_exc()
            errors.append(i)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
