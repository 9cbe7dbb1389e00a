"""CloudI's http_req test service in Python, on cloudi_spec (the independent Python library in
tests/CloudI.External.Tests/python): the same behaviour as the C# HttpReqService
(examples/CloudI.Examples/HttpReqService.cs).

Subscribes ``<name>.xml/get`` (name from the first argument, default ``python``; stock:
``/tests/http_req/python.xml/get``). The request is the HTTP front's GET query as
``key\\0value\\0`` pairs (``query_get_format`` ``text_pairs``); the first ``value`` is answered
with ``<http_test><value>N</value></http_test>`` and a ``content-type`` header in the response
info. A missing ``value`` gets the originals' error document; a ``value`` that is not an Erlang
integer (``binary_to_integer``: an optional sign and decimal digits) gets an error document
instead of the originals' crash, as the C# service does. One API object per thread
(``count_thread``).

cloudi_spec is found next to this file or in CLOUDI_SPEC_PATH.
"""
import os
import sys
import threading

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('CLOUDI_SPEC_PATH') or _here)
from cloudi_spec import API  # noqa: E402

RESPONSE_INFO = b'content-type\x00text/xml; charset=utf-8\x00'
NO_VALUE_BODY = b'<http_test><error>no value specified</error></http_test>'
NOT_INTEGER_BODY = b'<http_test><error>value is not an integer</error></http_test>'
_DIGITS = frozenset(b'0123456789')


def first_value(query):
    """The first ``value`` of ``key\\0value\\0`` pairs as bytes; None when absent or when the
    data are not NUL-terminated pairs (as KeyValueInfo.Parse refusing them)."""
    if not query:
        return None
    if query[-1] != 0:
        return None
    parts = bytes(query[:-1]).split(b'\x00')
    if len(parts) % 2 != 0:
        return None
    for k in range(0, len(parts), 2):
        if parts[k] == b'value':
            return parts[k + 1]
    return None


def integer_text(raw):
    """Erlang's binary_to_integer printed with ~w: the canonical decimal text, or None.

    Done on the text (no int()): Python's int() accepts blanks, underscores and non-ASCII digits
    and refuses more than 4300 digits, none of which matches the Erlang (and C#) behaviour."""
    digits = raw[1:] if raw[:1] in (b'+', b'-') else raw
    if not digits or not _DIGITS.issuperset(digits):
        return None
    digits = digits.lstrip(b'0') or b'0'
    return b'-' + digits if raw[:1] == b'-' and digits != b'0' else digits


def body(query):
    """The XML document for a query."""
    raw = first_value(query)
    if raw is None:
        return NO_VALUE_BODY
    value = integer_text(raw)
    if value is None:
        return NOT_INTEGER_BODY
    return b'<http_test><value>' + value + b'</value></http_test>'


def request(request_type, name, pattern, request_info, query, timeout, priority, trans_id, source):
    """The callback: (ResponseInfo, Response)."""
    return RESPONSE_INFO, body(query)


def run(thread_index, pattern):
    api = API(thread_index)
    api.subscribe(pattern, request)
    while api.poll():
        pass
    api.close()


def main():
    pattern = (sys.argv[1] if len(sys.argv) > 1 else 'python') + '.xml/get'
    threads = [threading.Thread(target=run, args=(i, pattern)) for i in range(API.thread_count())]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == '__main__':
    main()
