"""Unit tests of cloudi_spec against the protocol specification's test vectors (section 8).

Run: python3 test_cloudi_spec.py  (exit status 0 when every test passes).
"""

import functools
import os
import socket
import struct
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cloudi_spec  # noqa: E402
from cloudi_spec import API, Atom, Pid, Str, binary_to_term, term_to_binary  # noqa: E402


def h(text):
    return bytes.fromhex(text.replace(' ', '').replace('\n', ''))


V1 = h('01000000 00000000 01000000 01000000 01000000 08000000 2f74657374732f00'
       '88130000 88130000 88130000 08e80000 00 01 ffffffff')
V2 = h('01000000 00000000 01000000 01000000 01000000 08000000 2f74657374732f00'
       '88130000 88130000 88130000 fce90000 00 00')
V3 = h('83 67 64 00 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01')
TID = h('a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40')
V4 = (h('03000000 09000000 2f74657374732f6100 09000000 2f74657374732f2a00 04000000 6b00760000'
        '01000000 7800 88130000 00') + TID + h('19000000') + V3)
V5 = h('83 68 06 73 09 73 65 6e 64 5f 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00'
       '6d 00 00 00 01 78 62 00 00 13 88 61 00')
V6 = h('83 68 08 73 0b 72 65 74 75 72 6e 5f 73 79 6e 63'
       '6b 00 08 2f 74 65 73 74 73 2f 61 6b 00 08 2f 74 65 73 74 73 2f 2a'
       '6d 00 00 00 00 6d 00 00 00 02 6f 6b 62 00 00 13 88'
       '6d 00 00 00 10 a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40'
       '67 73 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01')


class EtfTests(unittest.TestCase):
    def test_v5_send_sync_term(self):
        term = (Atom('send_sync'), Str(b'/a'), b'', b'x', 5000, 0)
        self.assertEqual(term_to_binary(term), V5)

    def test_v5_decodes_in_all_three_atom_encodings(self):
        expected = (Atom('send_sync'), Str(b'/a'), b'', b'x', 5000, 0)
        erlang25 = V5.replace(h('73 09'), h('64 00 09'), 1)
        erlang26 = V5.replace(h('73 09'), h('77 09'), 1)
        for data in (V5, erlang25, erlang26):
            self.assertEqual(binary_to_term(data), expected)

    def test_v9_messages(self):
        self.assertEqual(term_to_binary(Atom('init')), h('83 73 04 69 6e 69 74'))
        self.assertEqual(term_to_binary(Atom('polling')), h('83 73 07 70 6f 6c 6c 69 6e 67'))
        self.assertEqual(term_to_binary((Atom('subscribe'), Str(b'*'))),
                         h('83 68 02 73 09 73 75 62 73 63 72 69 62 65 6b 00 01 2a'))
        self.assertEqual(term_to_binary((Atom('recv_async'), 1000, bytes(16), True)),
                         h('83 68 04 73 0a 72 65 63 76 5f 61 73 79 6e 63 62 00 00 03 e8'
                           '6d 00 00 00 10') + bytes(16) + h('77 04 74 72 75 65'))
        self.assertEqual(term_to_binary((Atom('send_async'), Str(b'/a'), b'', b'x', 4294967295, -1)),
                         h('83 68 06 73 0a 73 65 6e 64 5f 61 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00'
                           '6d 00 00 00 01 78 6e 04 00 ff ff ff ff 62 ff ff ff ff'))

    def test_utf8_atoms(self):
        self.assertEqual(term_to_binary(Atom('init'), atom_utf8=True), h('83 77 04 69 6e 69 74'))

    def test_integers_round_trip(self):
        for value in (0, 255, 256, -1, -128, 2 ** 31 - 1, -2 ** 31, 2 ** 31, 2 ** 32 - 1, -2 ** 40, 2 ** 2100):
            self.assertEqual(binary_to_term(term_to_binary(value)), value)

    def test_long_string_is_a_list(self):
        data = term_to_binary(Str(b'a' * 70000))
        self.assertEqual(data[1], 108)
        self.assertEqual(bytes(binary_to_term(data)), b'a' * 70000)

    def test_pid_v3_and_v6_echo(self):
        pid = binary_to_term(V3)
        self.assertEqual(pid, Pid(Atom('cloudi@host'), 1449, 0, 1))
        term = (Atom('return_sync'), Str(b'/tests/a'), Str(b'/tests/*'), b'', b'ok', 5000, TID, pid)
        self.assertEqual(term_to_binary(term), V6)

    def test_new_pid_round_trip(self):
        pid = Pid(Atom('n@h'), 7, 8, 0x12345678, new=True)
        self.assertEqual(binary_to_term(term_to_binary(pid)), pid)

    def test_bad_input(self):
        for data in (b'', h('82 61 00'), h('83 61'), h('83 61 00 00'), h('83 4d 00')):
            with self.assertRaises(cloudi_spec.MessageDecodingException):
                binary_to_term(data)


class RuntimeMessageTests(unittest.TestCase):
    def test_v1_init_2_0(self):
        (code, fields), = cloudi_spec._parse_messages(V1, False)
        self.assertEqual(code, 1)
        self.assertEqual(fields, {
            'process_index': 0, 'process_count': 1, 'process_count_max': 1, 'process_count_min': 1,
            'prefix': '/tests/', 'timeout_initialize': 5000, 'timeout_async': 5000, 'timeout_sync': 5000,
            'timeout_terminate': 59400, 'priority_default': 0, 'fatal_exceptions': True, 'bind': -1})

    def test_v2_init_1_5_3(self):
        (code, fields), = cloudi_spec._parse_messages(V2, True)
        self.assertEqual(fields['timeout_terminate'], 59900)
        self.assertEqual(fields['request_timeout_adjustment'], False)
        self.assertNotIn('bind', fields)

    def test_v4_send_sync(self):
        (message,) = cloudi_spec._parse_messages(V4, False)
        self.assertEqual(message, (3, '/tests/a', '/tests/*', b'k\x00v\x00', b'x', 5000, 0, TID,
                                   Pid(Atom('cloudi@host'), 1449, 0, 1)))

    def test_v8_messages_and_coalescing(self):
        keepalive = h('08000000')
        term = h('0b000000')
        messages = cloudi_spec._parse_messages(
            h('06000000 00000000 00 02000000 6f6b00') + TID + keepalive + term, False)
        self.assertEqual(messages, [(6, b'', b'ok', TID), (8,), (11,)])
        self.assertEqual(cloudi_spec._parse_messages(h('0a000000 01000000'), False), [(10, 1)])
        self.assertEqual(cloudi_spec._parse_messages(h('07000000 02000000') + TID + TID, False), [(7, [TID, TID])])
        self.assertEqual(cloudi_spec._parse_messages(h('09000000 02000000 88130000 88130000 00 01'), False),
                         [(9, {'process_count': 2, 'timeout_async': 5000, 'timeout_sync': 5000,
                               'priority_default': 0, 'fatal_exceptions': True})])
        self.assertEqual(cloudi_spec._parse_messages(h('09000000 02000000'), True), [(9, {'process_count': 2})])
        with self.assertRaises(cloudi_spec.MessageDecodingException):
            cloudi_spec._parse_messages(h('0c000000'), False)


class FastPathTests(unittest.TestCase):
    """The per-request fast paths (SEND parsing, return encoding) give exactly what the general
    parser and encoder give, and leave anything unusual to them."""

    def _careful(self, data):
        fast = cloudi_spec._parse_send_fast
        cloudi_spec._parse_send_fast = lambda *args: None
        try:
            return self._parsed(data)
        finally:
            cloudi_spec._parse_send_fast = fast

    @staticmethod
    def _parsed(data):
        try:
            return cloudi_spec._parse_messages(data, False)
        except (cloudi_spec.MessageDecodingException, UnicodeDecodeError) as e:
            return (type(e).__name__, str(e))

    @staticmethod
    def _send(code, name, pattern, info, request, timeout, priority, trans_id, source):
        def text(value):
            return struct.pack('=I', len(value) + 1) + value + b'\x00'

        def binary(value):
            return struct.pack('=I', len(value)) + value + b'\x00'

        return (struct.pack('=I', code) + text(name) + text(pattern) + binary(info) + binary(request)
                + struct.pack('=Ib', timeout, priority) + trans_id + struct.pack('=I', len(source)) + source)

    def test_send_messages_parse_as_the_careful_parser_does(self):
        new_pid = term_to_binary(Pid(Atom('n\u00e9@h'), 7, 8, 0x12345678, new=True), atom_utf8=True)
        messages = [
            V4,
            self._send(2, b'/a', b'/*', b'', b'', 0, -128, TID, V3),
            self._send(3, '/\u00e9/x'.encode('utf-8'), b'/*', b'\x00' * 5, b'body\x00', 4294967295, 127, TID, new_pid),
            V4 + h('08000000'),
            self._send(3, b'/a', b'/*', b'', b'', 5, 0, TID, term_to_binary(Atom('not_a_pid'))),
            self._send(3, b'\xff\xfe', b'/*', b'', b'', 5, 0, TID, V3),
        ]
        for data in messages:
            self.assertEqual(self._parsed(data), self._careful(data))
        self.assertEqual(self._parsed(messages[2])[0][4], b'body\x00')

    def test_malformed_send_messages_fail_as_the_careful_parser_does(self):
        for end in range(len(V4)):
            self.assertEqual(self._parsed(V4[:end]), self._careful(V4[:end]), end)
        for at in range(4, len(V4)):
            corrupt = V4[:at] + bytes([V4[at] ^ 0xFF]) + V4[at + 1:]
            self.assertEqual(self._parsed(corrupt), self._careful(corrupt), at)

    def test_return_term_is_term_to_binary(self):
        pids = [binary_to_term(V3), Pid(Atom('n@h'), 7, 8, 0x12345678, new=True), Atom('not_a_pid')]
        for kind in (Atom('return_sync'), Atom('return_async')):
            for name in (b'', b'/tests/a'):
                for timeout in (0, 255, 256, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1):
                    for source in pids:
                        for atom_utf8 in (False, True):
                            term = (kind, Str(name), Str(b'/tests/*'), b'k\x00v\x00', b'ok', timeout, TID, source)
                            self.assertEqual(
                                cloudi_spec._return_term(kind, name, b'/tests/*', b'k\x00v\x00', b'ok', timeout,
                                                         TID, source, atom_utf8),
                                term_to_binary(term, atom_utf8))
        long_name = b'x' * 70000
        self.assertEqual(cloudi_spec._return_term(Atom('return_sync'), long_name, b'/*', b'', b'', 1, TID, pids[0], False),
                         term_to_binary((Atom('return_sync'), Str(long_name), Str(b'/*'), b'', b'', 1, TID, pids[0])))
        self.assertEqual(cloudi_spec._return_term(Atom('return_sync'), b'/tests/a', b'/tests/*', b'', b'ok', 5000,
                                                  TID, binary_to_term(V3), False), V6)


def _local_runtime(thread_index):
    """The runtime's end of a socketpair whose other end is thread_index's fd (3 + index)."""
    runtime, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    os.dup2(child.fileno(), 3 + thread_index)
    child.close()
    os.environ.update({'CLOUDI_API_INIT_PROTOCOL': 'local', 'CLOUDI_API_INIT_BUFFER_SIZE': '65536',
                       'CLOUDI_API_INIT_THREAD_COUNT': '6'})
    return runtime


def frame(payload):
    """A local-protocol frame: 4-byte big-endian length, then the payload."""
    return struct.pack('>I', len(payload)) + payload


def _read_frame(runtime):
    size = struct.unpack('>I', runtime.recv(4, socket.MSG_WAITALL))[0]
    return runtime.recv(size, socket.MSG_WAITALL)


class SocketTests(unittest.TestCase):
    """A fake runtime on a socketpair: INIT, a SEND_SYNC (V4) answered with V6, TERM."""

    def test_local_session(self):
        runtime = _local_runtime(5)
        read_frame = functools.partial(_read_frame, runtime)

        runtime.sendall(frame(V1))
        api = API(5)
        self.assertEqual(read_frame(), h('83 73 04 69 6e 69 74'))
        self.assertEqual(api.prefix(), '/tests/')
        api.subscribe('*', lambda *args: b'ok')
        self.assertEqual(read_frame(), h('83 68 02 73 09 73 75 62 73 63 72 69 62 65 6b 00 01 2a'))
        runtime.sendall(frame(V4) + frame(h('0b000000')))
        self.assertFalse(api.poll())
        self.assertEqual(read_frame(), h('83 73 07 70 6f 6c 6c 69 6e 67'))
        self.assertEqual(read_frame(), V6)
        api.close()
        runtime.close()

    def test_frames_one_at_a_time(self):
        """Each frame in a write of its own (the usual case, read without the inbox)."""
        runtime = _local_runtime(4)
        read_frame = functools.partial(_read_frame, runtime)

        runtime.sendall(frame(V1))
        api = API(4)
        self.assertEqual(read_frame(), h('83 73 04 69 6e 69 74'))
        api.subscribe('*', lambda *args: b'ok')
        read_frame()
        answers = []

        def drive():
            self.assertEqual(read_frame(), h('83 73 07 70 6f 6c 6c 69 6e 67'))
            for _ in range(3):
                runtime.sendall(frame(V4))
                answers.append(read_frame())
            runtime.sendall(frame(h('0b000000')))

        driver = threading.Thread(target=drive)
        driver.start()
        self.assertFalse(api.poll())
        driver.join()
        self.assertEqual(answers, [V6, V6, V6])
        api.close()
        runtime.close()


if __name__ == '__main__':
    unittest.main()
