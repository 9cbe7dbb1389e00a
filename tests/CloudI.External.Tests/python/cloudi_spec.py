"""cloudi_spec: the library side of CloudI's external-service protocol, in Python 3.

Written independently from the protocol specification
(shared/specs/cloudi-external-protocol.md) with the standard library only: it is
not derived from CloudI's own cloudi.py / erlang.py. One :class:`API` object per
thread; thread ``i`` owns the inherited, already connected socket on file
descriptor ``3 + i`` whose type is given by ``CLOUDI_API_INIT_PROTOCOL``.

Wire layouts: the CloudI 2.0.x layout is the default. The 1.5.3 layout (INIT
and REINIT differ, no ``shutdown``, the library applies
``request_timeout_adjustment``) is selected with ``API(i, api_version='1.5.3')``
or with the environment variable ``CLOUDI_SPEC_API_VERSION=1.5.3``; the runtime
side selects it with the service option ``api_version``.

Callbacks are called as ``f(request_type, name, pattern, request_info, request,
timeout, priority, trans_id, source)`` and either return the response (bytes or
str), a ``(response_info, response)`` pair, ``None`` (a null response), or end
the request themselves with :meth:`API.return_` / :meth:`API.forward_` and the
typed variants.
"""

import collections
import os
import select
import socket
import struct
import sys
import time
import traceback

__all__ = [
    'API', 'Atom', 'Str', 'Pid', 'term_to_binary', 'binary_to_term',
    'InvalidInputException', 'MessageDecodingException', 'TerminateException',
    'info_key_value_new', 'info_key_value_parse',
]

# --------------------------------------------------------------------------------------------
# Erlang External Term Format (the subset of spec section 3)
# --------------------------------------------------------------------------------------------

_VERSION = 131
_NEW_FLOAT = 70
_NEW_PID = 88
_SMALL_INTEGER = 97
_INTEGER = 98
_ATOM = 100
_PID = 103
_SMALL_TUPLE = 104
_LARGE_TUPLE = 105
_NIL = 106
_STRING = 107
_LIST = 108
_BINARY = 109
_SMALL_BIG = 110
_LARGE_BIG = 111
_SMALL_ATOM = 115
_ATOM_UTF8 = 118
_SMALL_ATOM_UTF8 = 119


class InvalidInputException(Exception):
    """An argument the protocol cannot carry (or a call not allowed in this layout)."""


class MessageDecodingException(Exception):
    """Bytes from the runtime (or given to binary_to_term) that do not decode."""


class TerminateException(Exception):
    """The runtime sent TERM (or closed the socket): the service should exit."""

    def __init__(self, timeout):
        Exception.__init__(self, 'terminate')
        self.timeout = timeout


class Atom(str):
    """An Erlang atom (a str subclass so that it compares as its text)."""

    def __repr__(self):
        return 'Atom(%s)' % str.__repr__(self)


class Str(bytes):
    """An Erlang string: sent as NIL_EXT, STRING_EXT or (longer than 65535) LIST_EXT."""

    def __repr__(self):
        return 'Str(%s)' % bytes.__repr__(self)


class Pid(object):
    """An Erlang pid, compared structurally (tag and atom encoding do not matter)."""

    def __init__(self, node, ident, serial, creation, new=False):
        self.node = node
        self.ident = ident
        self.serial = serial
        self.creation = creation
        self.new = new

    def __eq__(self, other):
        return (isinstance(other, Pid) and self.node == other.node and self.ident == other.ident
                and self.serial == other.serial and self.creation == other.creation)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.node, self.ident, self.serial, self.creation))

    def __repr__(self):
        return 'Pid(%r, %d, %d, %d)' % (self.node, self.ident, self.serial, self.creation)


def term_to_binary(term, atom_utf8=False):
    """Encodes ``term`` with the leading version byte 131.

    Python types map as: bool -> atom true/false (SMALL_ATOM_UTF8_EXT), Atom -> atom
    (SMALL_ATOM_EXT, or SMALL_ATOM_UTF8_EXT when ``atom_utf8``), int -> SMALL_INTEGER /
    INTEGER / SMALL_BIG / LARGE_BIG, float -> NEW_FLOAT, Str -> string, bytes -> BINARY,
    tuple -> tuple, list -> LIST (``[]`` is NIL), Pid -> PID_EXT or NEW_PID_EXT.
    """
    out = bytearray([_VERSION])
    _encode(term, out, atom_utf8)
    return bytes(out)


def _encode_atom(text, out, utf8):
    if utf8:
        data = text.encode('utf-8')
        tag_small, tag_large = _SMALL_ATOM_UTF8, _ATOM_UTF8
    else:
        try:
            data = text.encode('latin-1')
            tag_small, tag_large = _SMALL_ATOM, _ATOM
        except UnicodeEncodeError:
            data = text.encode('utf-8')
            tag_small, tag_large = _SMALL_ATOM_UTF8, _ATOM_UTF8
    if len(data) <= 255:
        out += struct.pack('>BB', tag_small, len(data))
    elif len(data) <= 65535:
        out += struct.pack('>BH', tag_large, len(data))
    else:
        raise InvalidInputException('atom too long')
    out += data


def _encode_integer(value, out):
    if 0 <= value <= 255:
        out += struct.pack('>BB', _SMALL_INTEGER, value)
    elif -2147483648 <= value <= 2147483647:
        out += struct.pack('>Bi', _INTEGER, value)
    else:
        sign = 1 if value < 0 else 0
        magnitude = -value if sign else value
        digits = bytearray()
        while magnitude:
            digits.append(magnitude & 0xFF)
            magnitude >>= 8
        if len(digits) <= 255:
            out += struct.pack('>BBB', _SMALL_BIG, len(digits), sign)
        else:
            out += struct.pack('>BIB', _LARGE_BIG, len(digits), sign)
        out += digits


_BINARY_HEAD = struct.Struct('>BI')


def _encode_str(data, out):
    """An Erlang string (the bytes of a :class:`Str`)."""
    if len(data) == 0:
        out.append(_NIL)
    elif len(data) <= 65535:
        out += struct.pack('>BH', _STRING, len(data))
        out += data
    else:
        out += struct.pack('>BI', _LIST, len(data))
        for byte in data:
            out += struct.pack('>BB', _SMALL_INTEGER, byte)
        out.append(_NIL)


_PID_ETF_MAX = 1024
_pid_etf = {}


def _encode_pid(pid, out, atom_utf8):
    """A :class:`Pid` as :func:`_encode` writes it, remembered by value (a thread answers the same
    few senders over and over)."""
    key = (pid.node, pid.ident, pid.serial, pid.creation, pid.new, atom_utf8)
    etf = _pid_etf.get(key)
    if etf is None:
        encoded = bytearray()
        _encode(pid, encoded, atom_utf8)
        etf = bytes(encoded)
        if len(_pid_etf) >= _PID_ETF_MAX:
            _pid_etf.clear()
        _pid_etf[key] = etf
    out += etf


def _return_term(kind, name, pattern, response_info, response, timeout, trans_id, source, atom_utf8):
    """``term_to_binary((kind, Str(name), Str(pattern), response_info, response, timeout,
    trans_id, source), atom_utf8)`` for the usual types (bytes, int, :class:`Pid`), without the
    generic encoder's type dispatch: the return of every request takes this path."""
    out = bytearray(b'\x83\x68\x08')
    _encode_atom(kind, out, atom_utf8)
    _encode_str(name, out)
    _encode_str(pattern, out)
    out += _BINARY_HEAD.pack(_BINARY, len(response_info))
    out += response_info
    out += _BINARY_HEAD.pack(_BINARY, len(response))
    out += response
    _encode_integer(timeout, out)
    out += _BINARY_HEAD.pack(_BINARY, len(trans_id))
    out += trans_id
    if type(source) is Pid:
        _encode_pid(source, out, atom_utf8)
    else:
        _encode(source, out, atom_utf8)
    return bytes(out)


def _encode(term, out, atom_utf8):
    if isinstance(term, bool):
        _encode_atom('true' if term else 'false', out, True)
    elif isinstance(term, Atom):
        _encode_atom(str(term), out, atom_utf8)
    elif isinstance(term, int):
        _encode_integer(term, out)
    elif isinstance(term, float):
        out += struct.pack('>Bd', _NEW_FLOAT, term)
    elif isinstance(term, Str):
        _encode_str(term, out)
    elif isinstance(term, (bytes, bytearray)):
        out += _BINARY_HEAD.pack(_BINARY, len(term))
        out += term
    elif isinstance(term, tuple):
        if len(term) <= 255:
            out += struct.pack('>BB', _SMALL_TUPLE, len(term))
        else:
            out += struct.pack('>BI', _LARGE_TUPLE, len(term))
        for element in term:
            _encode(element, out, atom_utf8)
    elif isinstance(term, list):
        if term:
            out += struct.pack('>BI', _LIST, len(term))
            for element in term:
                _encode(element, out, atom_utf8)
        out.append(_NIL)
    elif isinstance(term, Pid):
        out.append(_NEW_PID if term.new else _PID)
        _encode_atom(str(term.node), out, atom_utf8)
        if term.new:
            out += struct.pack('>III', term.ident, term.serial, term.creation)
        else:
            out += struct.pack('>IIB', term.ident, term.serial, term.creation & 0xFF)
    else:
        raise InvalidInputException('cannot encode %r' % (term,))


def binary_to_term(data):
    """Decodes one complete term (version byte first, nothing after it)."""
    data = bytes(data)
    if not data or data[0] != _VERSION:
        raise MessageDecodingException('missing version byte 131')
    try:
        term, at = _decode(data, 1)
    except (struct.error, IndexError):
        raise MessageDecodingException('truncated term')
    if at != len(data):
        raise MessageDecodingException('trailing bytes after the term')
    return term


def _need(data, at, count):
    if at + count > len(data):
        raise MessageDecodingException('truncated term')


def _decode(data, at):
    tag = data[at]
    at += 1
    if tag == _SMALL_INTEGER:
        _need(data, at, 1)
        return data[at], at + 1
    if tag == _INTEGER:
        _need(data, at, 4)
        return struct.unpack_from('>i', data, at)[0], at + 4
    if tag in (_SMALL_BIG, _LARGE_BIG):
        if tag == _SMALL_BIG:
            _need(data, at, 2)
            count, sign = struct.unpack_from('>BB', data, at)
            at += 2
        else:
            _need(data, at, 5)
            count, sign = struct.unpack_from('>IB', data, at)
            at += 5
        _need(data, at, count)
        value = int.from_bytes(data[at:at + count], 'little')
        return (-value if sign else value), at + count
    if tag == _NEW_FLOAT:
        _need(data, at, 8)
        return struct.unpack_from('>d', data, at)[0], at + 8
    if tag in (_ATOM, _SMALL_ATOM, _ATOM_UTF8, _SMALL_ATOM_UTF8):
        if tag in (_ATOM, _ATOM_UTF8):
            _need(data, at, 2)
            length = struct.unpack_from('>H', data, at)[0]
            at += 2
        else:
            _need(data, at, 1)
            length = data[at]
            at += 1
        _need(data, at, length)
        raw = data[at:at + length]
        text = raw.decode('latin-1') if tag in (_ATOM, _SMALL_ATOM) else raw.decode('utf-8')
        if text == 'true':
            return True, at + length
        if text == 'false':
            return False, at + length
        return Atom(text), at + length
    if tag == _NIL:
        return [], at
    if tag == _STRING:
        _need(data, at, 2)
        length = struct.unpack_from('>H', data, at)[0]
        at += 2
        _need(data, at, length)
        return Str(data[at:at + length]), at + length
    if tag == _LIST:
        _need(data, at, 4)
        count = struct.unpack_from('>I', data, at)[0]
        at += 4
        elements = []
        for _ in range(count):
            element, at = _decode(data, at)
            elements.append(element)
        tail, at = _decode(data, at)
        if tail != []:
            raise MessageDecodingException('improper list')
        return elements, at
    if tag == _BINARY:
        _need(data, at, 4)
        length = struct.unpack_from('>I', data, at)[0]
        at += 4
        _need(data, at, length)
        return data[at:at + length], at + length
    if tag in (_SMALL_TUPLE, _LARGE_TUPLE):
        if tag == _SMALL_TUPLE:
            _need(data, at, 1)
            arity = data[at]
            at += 1
        else:
            _need(data, at, 4)
            arity = struct.unpack_from('>I', data, at)[0]
            at += 4
        elements = []
        for _ in range(arity):
            element, at = _decode(data, at)
            elements.append(element)
        return tuple(elements), at
    if tag in (_PID, _NEW_PID):
        node, at = _decode(data, at)
        if isinstance(node, bool):
            node = Atom('true' if node else 'false')
        if not isinstance(node, Atom):
            raise MessageDecodingException('pid node is not an atom')
        if tag == _PID:
            _need(data, at, 9)
            ident, serial, creation = struct.unpack_from('>IIB', data, at)
            return Pid(node, ident, serial, creation, False), at + 9
        _need(data, at, 12)
        ident, serial, creation = struct.unpack_from('>III', data, at)
        return Pid(node, ident, serial, creation, True), at + 12
    raise MessageDecodingException('unsupported term tag %d' % tag)


# --------------------------------------------------------------------------------------------
# Runtime -> library messages (spec section 5)
# --------------------------------------------------------------------------------------------

_INIT = 1
_SEND_ASYNC = 2
_SEND_SYNC = 3
_RECV_ASYNC = 4
_RETURN_ASYNC = 5
_RETURN_SYNC = 6
_RETURNS_ASYNC = 7
_KEEPALIVE = 8
_REINIT = 9
_SUBSCRIBE_COUNT = 10
_TERM = 11

_NULL_TRANS_ID = b'\x00' * 16
_RETURN_SYNC_ATOM = Atom('return_sync')
_RETURN_ASYNC_ATOM = Atom('return_async')


class _Reader(object):
    """Reads the host-byte-order fields of one runtime message."""

    def __init__(self, data, at=0):
        self.data = data
        self.at = at

    def take(self, count):
        if self.at + count > len(self.data):
            raise MessageDecodingException('truncated runtime message')
        value = self.data[self.at:self.at + count]
        self.at += count
        return value

    def unpack(self, fmt):
        size = struct.calcsize(fmt)
        return struct.unpack('=' + fmt, self.take(size))[0]

    def str_(self):
        size = self.unpack('I')
        if size == 0:
            raise MessageDecodingException('string without its NUL')
        value = self.take(size)
        if value[-1] != 0:
            raise MessageDecodingException('string not NUL-terminated')
        return value[:-1]

    def bin_(self):
        size = self.unpack('I')
        value = self.take(size)
        if self.take(1) != b'\x00':
            raise MessageDecodingException('binary not followed by NUL')
        return value


_U32 = struct.Struct('=I')
_FRAME_SIZE = struct.Struct('>I')
_TIMEOUT_PRIORITY = struct.Struct('=Ib')
_PID_CACHE_MAX = 1024
_pid_cache = {}


def _nul_ended(data, at, end, counted):
    """A 32-bit size then bytes ended by a NUL, for the fast path: ``(bytes without the NUL,
    next offset)`` or None when it does not fit. ``counted``: the size includes the NUL (names,
    patterns); otherwise the NUL follows the counted bytes (request info, request)."""
    if at + 4 > end:
        return None
    size = _U32.unpack_from(data, at)[0]
    at += 4
    if counted:
        if size == 0 or at + size > end or data[at + size - 1] != 0:
            return None
        return data[at:at + size - 1], at + size
    if at + size >= end or data[at + size] != 0:
        return None
    return data[at:at + size], at + size + 1


def _parse_send_fast(data, at, code):
    """The common case of :func:`_parse_message` for SEND_ASYNC/SEND_SYNC (the code already
    read): ``(message, next offset)``, or None when anything is unusual, for the careful parser
    to decode (and report) instead. Decoded Source pids are remembered by their bytes, since a
    thread sees the same few senders over and over."""
    end = len(data)
    field = _nul_ended(data, at, end, True)
    if field is None:
        return None
    name, at = field
    field = _nul_ended(data, at, end, True)
    if field is None:
        return None
    pattern, at = field
    field = _nul_ended(data, at, end, False)
    if field is None:
        return None
    request_info, at = field
    field = _nul_ended(data, at, end, False)
    if field is None:
        return None
    request, at = field
    if at + 5 + 16 + 4 > end:
        return None
    timeout, priority = _TIMEOUT_PRIORITY.unpack_from(data, at)
    at += 5
    trans_id = data[at:at + 16]
    at += 16
    size = _U32.unpack_from(data, at)[0]
    at += 4
    if at + size > end:
        return None
    raw = data[at:at + size]
    source = _pid_cache.get(raw)
    if source is None:
        try:
            source = binary_to_term(raw)
        except MessageDecodingException:
            return None
        if not isinstance(source, Pid):
            return None
        if len(_pid_cache) >= _PID_CACHE_MAX:
            _pid_cache.clear()
        _pid_cache[raw] = source
    try:
        name = name.decode('utf-8')
        pattern = pattern.decode('utf-8')
    except UnicodeDecodeError:
        return None
    return (code, name, pattern, request_info, request, timeout, priority, trans_id, source), at + size


def _parse_messages(data, v153):
    """All runtime messages in one frame or datagram (normally exactly one)."""
    reader = _Reader(data if type(data) is bytes else bytes(data))
    messages = []
    while reader.at < len(reader.data):
        messages.append(_parse_message(reader, v153))
    if not messages:
        raise MessageDecodingException('empty runtime message')
    return messages


def _parse_message(r, v153):
    code = r.unpack('I')
    if code == _INIT:
        fields = {
            'process_index': r.unpack('I'),
            'process_count': r.unpack('I'),
            'process_count_max': r.unpack('I'),
            'process_count_min': r.unpack('I'),
            'prefix': r.str_().decode('utf-8'),
            'timeout_initialize': r.unpack('I'),
            'timeout_async': r.unpack('I'),
            'timeout_sync': r.unpack('I'),
            'timeout_terminate': r.unpack('I'),
            'priority_default': r.unpack('b'),
        }
        if v153:
            fields['request_timeout_adjustment'] = r.unpack('B') != 0
        else:
            fields['fatal_exceptions'] = r.unpack('B') != 0
            fields['bind'] = r.unpack('i')
        return (code, fields)
    if code in (_SEND_ASYNC, _SEND_SYNC):
        fast = _parse_send_fast(r.data, r.at, code)
        if fast is not None:
            r.at = fast[1]
            return fast[0]
        name = r.str_().decode('utf-8')
        pattern = r.str_().decode('utf-8')
        request_info = r.bin_()
        request = r.bin_()
        timeout = r.unpack('I')
        priority = r.unpack('b')
        trans_id = r.take(16)
        source = binary_to_term(r.take(r.unpack('I')))
        if not isinstance(source, Pid):
            raise MessageDecodingException('Source is not a pid')
        return (code, name, pattern, request_info, request, timeout, priority, trans_id, source)
    if code in (_RECV_ASYNC, _RETURN_SYNC):
        response_info = r.bin_()
        response = r.bin_()
        return (code, response_info, response, r.take(16))
    if code == _RETURN_ASYNC:
        return (code, r.take(16))
    if code == _RETURNS_ASYNC:
        count = r.unpack('I')
        return (code, [r.take(16) for _ in range(count)])
    if code == _REINIT:
        fields = {'process_count': r.unpack('I')}
        if not v153:
            fields['timeout_async'] = r.unpack('I')
            fields['timeout_sync'] = r.unpack('I')
            fields['priority_default'] = r.unpack('b')
            fields['fatal_exceptions'] = r.unpack('B') != 0
        return (code, fields)
    if code == _SUBSCRIBE_COUNT:
        return (code, r.unpack('I'))
    if code in (_KEEPALIVE, _TERM):
        return (code,)
    raise MessageDecodingException('unknown runtime message code %d' % code)


# --------------------------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------------------------

class _Answered(Exception):
    """Unwinds a callback that ended its request with return_/forward_."""


def _env_int(name):
    value = os.environ.get(name)
    if value is None:
        raise InvalidInputException('%s is not set (not started by a CloudI runtime?)' % name)
    return int(value)


def _bytes(value):
    if value is None:
        return b''
    if isinstance(value, str):
        return value.encode('utf-8')
    return bytes(value)


class _Request(object):
    """The request a callback is handling."""

    def __init__(self, trans_id, timeout):
        self.trans_id = trans_id
        self.timeout = timeout
        self.started = time.monotonic()
        self.answered = False


class API(object):
    """One thread's connection to the runtime."""

    ASYNC = 1
    SYNC = -1

    def __init__(self, thread_index, api_version=None, atom_utf8=False):
        """Wraps fd ``3 + thread_index``, sends ``init`` and reads INIT.

        ``api_version``: '1.5.3' selects the 1.5.3 wire layout; default from the
        environment variable CLOUDI_SPEC_API_VERSION, else 2.0.x.
        ``atom_utf8``: encode atoms as SMALL_ATOM_UTF8_EXT instead of SMALL_ATOM_EXT.
        """
        protocol = os.environ.get('CLOUDI_API_INIT_PROTOCOL')
        if protocol in ('local', 'default'):
            family, kind = socket.AF_UNIX, socket.SOCK_STREAM
        elif protocol == 'tcp':
            family, kind = socket.AF_INET, socket.SOCK_STREAM
        elif protocol == 'udp':
            family, kind = socket.AF_INET, socket.SOCK_DGRAM
        else:
            raise InvalidInputException('CLOUDI_API_INIT_PROTOCOL %r' % (protocol,))
        if thread_index < 0 or thread_index >= API.thread_count():
            raise InvalidInputException('thread_index %d out of range' % thread_index)
        version = api_version or os.environ.get('CLOUDI_SPEC_API_VERSION') or '2.0'
        self._v153 = version.startswith('1.')
        self._atom_utf8 = atom_utf8
        self._stream = kind == socket.SOCK_STREAM
        self._buffer_size = _env_int('CLOUDI_API_INIT_BUFFER_SIZE')
        self._socket = socket.socket(family, kind, 0, 3 + thread_index)
        self._socket.setblocking(True)
        self._poller = select.poll()
        self._poller.register(self._socket.fileno(), select.POLLIN)
        self._inbox = bytearray()
        self._messages = collections.deque()
        self._callbacks = {}
        self._requests = []
        self._polling = False
        self._terminated = False
        self.thread_index = thread_index
        self._send(Atom('init'))
        message = self._next_message(None)
        if message[0] != _INIT:
            raise MessageDecodingException('expected INIT, got code %d' % message[0])
        self.init = message[1]
        self._prefix = self.init['prefix']
        self._process_count = self.init['process_count']
        self._timeout_async = self.init['timeout_async']
        self._timeout_sync = self.init['timeout_sync']
        self._timeout_terminate = self.init['timeout_terminate']
        self._priority_default = self.init['priority_default']
        self._fatal_exceptions = self.init.get('fatal_exceptions', False)
        self._request_timeout_adjustment = self.init.get('request_timeout_adjustment', False)

    # ---- static values (environment, 2.0.x) -------------------------------------------------

    @staticmethod
    def thread_count():
        """CLOUDI_API_INIT_THREAD_COUNT: how many API objects this OS process should create."""
        return _env_int('CLOUDI_API_INIT_THREAD_COUNT')

    @staticmethod
    def process_index():
        """CLOUDI_API_INIT_PROCESS_INDEX (2.0.x runtimes)."""
        return _env_int('CLOUDI_API_INIT_PROCESS_INDEX')

    @staticmethod
    def process_count_max():
        """CLOUDI_API_INIT_PROCESS_COUNT_MAX (2.0.x runtimes)."""
        return _env_int('CLOUDI_API_INIT_PROCESS_COUNT_MAX')

    @staticmethod
    def process_count_min():
        """CLOUDI_API_INIT_PROCESS_COUNT_MIN (2.0.x runtimes)."""
        return _env_int('CLOUDI_API_INIT_PROCESS_COUNT_MIN')

    @staticmethod
    def timeout_initialize():
        """CLOUDI_API_INIT_TIMEOUT_INITIALIZE in ms (2.0.x runtimes)."""
        return _env_int('CLOUDI_API_INIT_TIMEOUT_INITIALIZE')

    @staticmethod
    def timeout_terminate():
        """CLOUDI_API_INIT_TIMEOUT_TERMINATE in ms, as configured (2.0.x runtimes)."""
        return _env_int('CLOUDI_API_INIT_TIMEOUT_TERMINATE')

    # ---- values from INIT / REINIT ----------------------------------------------------------

    def prefix(self):
        """The service's configured prefix."""
        return self._prefix

    def process_count(self):
        """The current process count (INIT, updated by REINIT)."""
        return self._process_count

    def timeout_async(self):
        """The default timeout of send_async/mcast_async in ms."""
        return self._timeout_async

    def timeout_sync(self):
        """The default timeout of send_sync/recv_async in ms."""
        return self._timeout_sync

    def timeout_terminate_init(self):
        """The INIT timeout_terminate (2.0.x: configured - 500; 1.5.3: configured)."""
        return self._timeout_terminate

    def priority_default(self):
        """The default priority of sends."""
        return self._priority_default

    def api_version(self):
        """'1.5.3' or '2.0' (the wire layout in use)."""
        return '1.5.3' if self._v153 else '2.0'

    # ---- subscriptions ----------------------------------------------------------------------

    def subscribe(self, pattern, callback):
        """Adds one subscription of ``prefix + pattern`` handled by ``callback``."""
        if not callable(callback):
            raise InvalidInputException('callback is not callable')
        self._send((Atom('subscribe'), Str(_bytes(pattern))))
        full = self._prefix + pattern
        self._callbacks.setdefault(full, collections.deque()).append(callback)

    def subscribe_count(self, pattern):
        """This thread's subscription count for exactly ``prefix + pattern``."""
        self._send((Atom('subscribe_count'), Str(_bytes(pattern))))
        return self._wait_reply(_SUBSCRIBE_COUNT)[1]

    def unsubscribe(self, pattern):
        """Removes one subscription of ``prefix + pattern`` (the runtime restarts the OS process
        when there is none)."""
        self._send((Atom('unsubscribe'), Str(_bytes(pattern))))
        callbacks = self._callbacks.get(self._prefix + pattern)
        if callbacks:
            callbacks.popleft()
            if not callbacks:
                del self._callbacks[self._prefix + pattern]

    # ---- sending ----------------------------------------------------------------------------

    def _send_args(self, name, request, timeout, request_info, priority, default_timeout):
        if timeout is None:
            timeout = default_timeout
        if priority is None:
            priority = self._priority_default
        if not 0 <= timeout <= 4294967295:
            raise InvalidInputException('timeout %r' % (timeout,))
        if not -128 <= priority <= 127:
            raise InvalidInputException('priority %r' % (priority,))
        return (Str(_bytes(name)), _bytes(request_info), _bytes(request), int(timeout), int(priority))

    def send_async(self, name, request, timeout=None, request_info=None, priority=None):
        """Sends a request; returns its TransId (16 zero bytes when no destination)."""
        args = self._send_args(name, request, timeout, request_info, priority, self._timeout_async)
        self._send((Atom('send_async'),) + args)
        return self._wait_reply(_RETURN_ASYNC)[1]

    def send_sync(self, name, request, timeout=None, request_info=None, priority=None):
        """Sends a request and waits: ``(response_info, response, trans_id)``; both empty on a
        timeout or null response, and the TransId all zeros when there was no destination."""
        args = self._send_args(name, request, timeout, request_info, priority, self._timeout_sync)
        self._send((Atom('send_sync'),) + args)
        _, response_info, response, trans_id = self._wait_reply(_RETURN_SYNC)
        return (response_info, response, trans_id)

    def mcast_async(self, name, request, timeout=None, request_info=None, priority=None):
        """Sends to every subscriber of the matched pattern; returns the list of TransIds."""
        args = self._send_args(name, request, timeout, request_info, priority, self._timeout_async)
        self._send((Atom('mcast_async'),) + args)
        return self._wait_reply(_RETURNS_ASYNC)[1]

    def recv_async(self, timeout=None, trans_id=None, consume=True):
        """A stored async response ``(response_info, response, trans_id)``; ``trans_id`` None
        takes the oldest. Empty parts mean a timeout."""
        if timeout is None:
            timeout = self._timeout_sync
        trans_id = _NULL_TRANS_ID if trans_id is None else bytes(trans_id)
        if len(trans_id) != 16:
            raise InvalidInputException('a TransId is 16 bytes')
        self._send((Atom('recv_async'), int(timeout), trans_id, bool(consume)))
        _, response_info, response, trans_id = self._wait_reply(_RECV_ASYNC)
        return (response_info, response, trans_id)

    # ---- ending a request -------------------------------------------------------------------

    def return_(self, request_type, name, pattern, response_info, response, timeout, trans_id, source):
        """Ends the request with a response (``return_sync`` or ``return_async`` by type)."""
        if request_type == API.ASYNC:
            self.return_async(name, pattern, response_info, response, timeout, trans_id, source)
        elif request_type == API.SYNC:
            self.return_sync(name, pattern, response_info, response, timeout, trans_id, source)
        else:
            raise InvalidInputException('request_type %r' % (request_type,))

    def return_async(self, name, pattern, response_info, response, timeout, trans_id, source):
        """Ends a send_async request with a response."""
        self._return(Atom('return_async'), name, pattern, response_info, response, timeout, trans_id, source)

    def return_sync(self, name, pattern, response_info, response, timeout, trans_id, source):
        """Ends a send_sync request with a response."""
        self._return(Atom('return_sync'), name, pattern, response_info, response, timeout, trans_id, source)

    def forward_(self, request_type, name, request_info, request, timeout, priority, trans_id, source):
        """Ends the request by re-sending it to ``name`` (same TransId and Source)."""
        if request_type == API.ASYNC:
            self.forward_async(name, request_info, request, timeout, priority, trans_id, source)
        elif request_type == API.SYNC:
            self.forward_sync(name, request_info, request, timeout, priority, trans_id, source)
        else:
            raise InvalidInputException('request_type %r' % (request_type,))

    def forward_async(self, name, request_info, request, timeout, priority, trans_id, source):
        """Forwards a send_async request."""
        self._forward(Atom('forward_async'), name, request_info, request, timeout, priority, trans_id, source)

    def forward_sync(self, name, request_info, request, timeout, priority, trans_id, source):
        """Forwards a send_sync request."""
        self._forward(Atom('forward_sync'), name, request_info, request, timeout, priority, trans_id, source)

    def _current(self, trans_id):
        if self._requests and self._requests[-1].trans_id == trans_id:
            return self._requests[-1]
        return None

    def _adjust(self, current, timeout):
        """1.5.3 request_timeout_adjustment (done by the library in that layout)."""
        if (current is None or not self._v153 or not self._request_timeout_adjustment
                or timeout != current.timeout):
            return timeout, False
        elapsed = int((time.monotonic() - current.started) * 1000)
        if elapsed >= timeout:
            return 0, True
        return timeout - elapsed, False

    def _return(self, kind, name, pattern, response_info, response, timeout, trans_id, source, unwind=True):
        """Sends the return; ``unwind`` False when the library itself answers after the callback
        (nothing to unwind, and raising costs more than the rest of the request)."""
        current = self._current(trans_id)
        response_info, response = _bytes(response_info), _bytes(response)
        timeout, expired = self._adjust(current, timeout)
        if expired:
            response_info, response = b'', b''
        self._write(_return_term(kind, _bytes(name), _bytes(pattern), response_info, response,
                                 int(timeout), bytes(trans_id), source, self._atom_utf8))
        if current is not None:
            current.answered = True
            if unwind:
                raise _Answered()

    def _forward(self, kind, name, request_info, request, timeout, priority, trans_id, source):
        current = self._current(trans_id)
        timeout, _ = self._adjust(current, timeout)
        self._send((kind, Str(_bytes(name)), _bytes(request_info), _bytes(request), int(timeout),
                    int(priority), bytes(trans_id), source))
        if current is not None:
            current.answered = True
            raise _Answered()

    # ---- the loop ---------------------------------------------------------------------------

    def poll(self, timeout=-1):
        """Handles incoming requests for ``timeout`` ms (-1: until TERM). The first call tells
        the runtime that initialisation is complete. Returns False once the runtime sent TERM,
        True when the timeout elapsed."""
        if self._terminated:
            return False
        if not self._polling:
            self._polling = True
            self._send(Atom('polling'))
        try:
            self._dispatch(None, None if timeout is None or timeout < 0 else timeout)
            return True
        except TerminateException:
            return False

    def shutdown(self, reason=''):
        """2.0.x: asks the runtime to stop (and remove) the whole service."""
        if self._v153:
            raise InvalidInputException('shutdown does not exist in the 1.5.3 protocol')
        self._send((Atom('shutdown'), Str(_bytes(reason))))

    def close(self):
        """Closes this thread's socket."""
        self._socket.close()

    def send_raw(self, payload):
        """Writes one frame (or datagram) of raw bytes: for protocol tests only."""
        self._write(bytes(payload))

    # ---- internals --------------------------------------------------------------------------

    def _send(self, term):
        self._write(term_to_binary(term, self._atom_utf8))

    def _write(self, payload):
        if self._stream:
            self._socket.sendall(struct.pack('>I', len(payload)) + payload)
        else:
            self._socket.send(payload)

    def _wait_reply(self, code):
        return self._dispatch(code, None)

    def _dispatch(self, code, timeout):
        """Reads and handles runtime messages until one with ``code`` arrives (returned) or, with
        ``timeout`` ms, until the time is up (None returned)."""
        deadline = None if timeout is None else time.monotonic() + timeout / 1000.0
        while True:
            if deadline is None:
                message = self._next_message(None)
            else:
                left = deadline - time.monotonic()
                message = self._next_message(max(0.0, left))
                if message is None:
                    return None
            kind = message[0]
            if code is not None and kind == code:
                return message
            if kind in (_SEND_ASYNC, _SEND_SYNC):
                self._handle_request(message)
            elif kind == _KEEPALIVE:
                self._send(Atom('keepalive'))
            elif kind == _REINIT:
                fields = message[1]
                self._process_count = fields['process_count']
                self._timeout_async = fields.get('timeout_async', self._timeout_async)
                self._timeout_sync = fields.get('timeout_sync', self._timeout_sync)
                self._priority_default = fields.get('priority_default', self._priority_default)
                self._fatal_exceptions = fields.get('fatal_exceptions', self._fatal_exceptions)
            elif kind == _TERM:
                self._terminated = True
                raise TerminateException(self._timeout_terminate)
            else:
                raise MessageDecodingException('unexpected runtime message code %d' % kind)

    def _handle_request(self, message):
        """Runs the callback of the request's pattern (round-robin among several; a null response
        when none) and ends the request unless the callback did. A callback exception is printed
        and answered with a null response; with fatal_exceptions (2.0.x INIT) it is then re-raised
        out of poll(), which ends the thread (and normally the OS process)."""
        (kind, name, pattern, request_info, request, timeout, priority, trans_id, source) = message
        request_type = API.SYNC if kind == _SEND_SYNC else API.ASYNC
        current = _Request(trans_id, timeout)
        self._requests.append(current)
        failure = None
        try:
            callbacks = self._callbacks.get(pattern)
            result = None
            if callbacks:
                callback = callbacks[0]
                callbacks.rotate(-1)
                try:
                    result = callback(request_type, name, pattern, request_info, request, timeout,
                                      priority, trans_id, source)
                except (_Answered, TerminateException):
                    raise
                except Exception as e:
                    traceback.print_exc(file=sys.stderr)
                    sys.stderr.flush()
                    failure = e
                    result = None
            if not current.answered:
                if isinstance(result, tuple) and len(result) == 2:
                    response_info, response = result
                else:
                    response_info, response = b'', result
                self._return(_RETURN_SYNC_ATOM if request_type == API.SYNC else _RETURN_ASYNC_ATOM,
                             name, pattern, response_info, response, timeout, trans_id, source, unwind=False)
        except _Answered:
            pass
        finally:
            self._requests.pop()
        if failure is not None and self._fatal_exceptions:
            raise failure

    def _next_message(self, timeout_s):
        """The next runtime message; None if ``timeout_s`` seconds passed first."""
        while not self._messages:
            payload = self._read(timeout_s)
            if payload is None:
                return None
            self._messages.extend(_parse_messages(payload, self._v153))
        return self._messages.popleft()

    def _readable(self, timeout_s):
        wait = -1 if timeout_s is None else int(timeout_s * 1000)
        while True:
            try:
                return bool(self._poller.poll(wait))
            except InterruptedError:
                continue

    def _read(self, timeout_s):
        """One frame (stream) or datagram; None on timeout; TerminateException when closed."""
        if not self._stream:
            if not self._readable(timeout_s):
                return None
            try:
                # One datagram is one message; read it whole whatever the buffer size.
                data = self._socket.recv(max(self._buffer_size, 65536))
            except ConnectionError:
                data = b''
            if not data:
                self._terminated = True
                raise TerminateException(self._timeout_terminate)
            return data
        inbox = self._inbox
        while True:
            if len(inbox) >= 4:
                size = _FRAME_SIZE.unpack_from(inbox)[0]
                if len(inbox) >= 4 + size:
                    frame = bytes(inbox[4:4 + size])
                    del inbox[:4 + size]
                    return frame
            # A frame that has started is read to its end whatever the timeout. Without a
            # timeout the blocking recv itself waits (no poll first: one system call less).
            if not inbox and timeout_s is not None and not self._readable(timeout_s):
                return None
            try:
                chunk = self._socket.recv(max(self._buffer_size, 65536))
            except ConnectionError:
                chunk = b''
            if not chunk:
                self._terminated = True
                raise TerminateException(self._timeout_terminate)
            if not inbox and len(chunk) >= 4 and len(chunk) == 4 + _FRAME_SIZE.unpack_from(chunk)[0]:
                # The usual case, exactly one whole frame: no copy through the inbox.
                return chunk[4:]
            inbox += chunk


# --------------------------------------------------------------------------------------------
# request_info helpers ("key\0value\0" pairs)
# --------------------------------------------------------------------------------------------

def info_key_value_new(pairs):
    """Encodes a dict (or pair list) as CloudI request_info bytes."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return b''.join(_bytes(k) + b'\x00' + _bytes(v) + b'\x00' for k, v in items)


def info_key_value_parse(info):
    """Decodes request_info bytes into a dict (a repeated key gives a list)."""
    parts = bytes(info).split(b'\x00')
    result = {}
    for key, value in zip(parts[0::2], parts[1::2]):
        k, v = key.decode('utf-8'), value.decode('utf-8')
        if k in result:
            old = result[k]
            result[k] = old + [v] if isinstance(old, list) else [old, v]
        else:
            result[k] = v
    return result
