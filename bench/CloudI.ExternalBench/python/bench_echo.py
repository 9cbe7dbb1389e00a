"""The benchmark's Python external service (cloudi_spec): one API object per thread, each
subscribing "echo" and answering every request with its own body."""
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cloudi_spec import API  # noqa: E402


def run(thread_index):
    api = API(thread_index)
    api.subscribe('echo', lambda request_type, name, pattern, info, request, *rest: request)
    while api.poll():
        pass
    api.close()


threads = [threading.Thread(target=run, args=(i,)) for i in range(API.thread_count())]
for t in threads:
    t.start()
for t in threads:
    t.join()
