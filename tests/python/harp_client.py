#!/usr/bin/env python3
"""An independent HarpCaller client, written like the original Python ``harp`` module.

It exists to check that a client built the way the original one was keeps working against our
dispatcher. It therefore reproduces the original's habits on purpose (protocol spec, section 7):

* one TCP connection per request, replies read with ``readline()``;
* requests written by ``json.dumps`` with its default ``", "`` / ``": "`` separators, in a key
  order of its own (the envelope key is not first);
* ``info`` always sent (``null`` when unset) and ``wait`` always sent on ``get_result``;
* the call reply is only looked at for ``job_id``;
* terminal lines recognised in this order: ``no_result`` true, ``continue`` true (both "not
  finished"), ``cancelled`` true, the key ``result``, ``exception`` (with ``type`` and ``message``),
  ``error`` (same);
* in a stream every line with a ``packet`` key yields its ``data``; the first line without one is
  the job's result; end of file ends the stream quietly;
* IPv4 only.

Standard library only. Also a small command-line tool (see ``main``) printing JSON, one line per item.
"""

import argparse
import json
import socket
import sys

DEFAULT_PORT = 3502

# Exit codes of the command-line tool.
EXIT_OK = 0
EXIT_JOB_FAILED = 1      # exception, error or cancelled
EXIT_USAGE = 2           # argparse's own code for bad arguments
EXIT_COMMUNICATION = 3   # dispatcher unreachable or not speaking the protocol
EXIT_NOT_FINISHED = 5    # no_result / continue


class CommunicationError(Exception):
    """The dispatcher could not be reached or did not answer with the protocol."""


class RemoteException(Exception):
    """The procedure raised an exception (``{"exception": {...}}``)."""

    def __init__(self, type, message, data=None):
        Exception.__init__(self, "%s: %s" % (type, message))
        self.type = type
        self.message = message
        self.data = data


class RemoteError(Exception):
    """The call failed (``{"error": {...}}``), including ``invalid_jobid``."""

    def __init__(self, type, message, data=None):
        Exception.__init__(self, "%s: %s" % (type, message))
        self.type = type
        self.message = message
        self.data = data


class CancelledError(Exception):
    """The job was cancelled (``{"cancelled": true}``)."""


# Marker returned instead of a value when the job has not finished yet.
NOT_FINISHED = object()


def parse_result(reply):
    """Turns a terminal reply into a value, NOT_FINISHED or an exception, in the original's order."""
    if not isinstance(reply, dict):
        raise CommunicationError("reply is not an object: %r" % (reply,))
    if reply.get("no_result") is True:
        return NOT_FINISHED
    if reply.get("continue") is True:
        return NOT_FINISHED
    if reply.get("cancelled") is True:
        raise CancelledError()
    if "result" in reply:
        return reply["result"]
    for key, error_class in (("exception", RemoteException), ("error", RemoteError)):
        if key in reply:
            detail = reply[key]
            if not isinstance(detail, dict) or "type" not in detail or "message" not in detail:
                raise CommunicationError("%s without type and message: %r" % (key, reply))
            raise error_class(detail["type"], detail["message"], detail.get("data"))
    raise CommunicationError("unrecognised reply: %r" % (reply,))


class HarpServer(object):
    """Where the dispatcher is. Every request opens (and closes) its own connection."""

    def __init__(self, host="127.0.0.1", port=DEFAULT_PORT, timeout=60.0):
        self.host = host
        self.port = port
        # Bounded so a silent dispatcher cannot hang a test; the original had no such bound.
        self.timeout = timeout

    def _request(self, request):
        """Sends one request; returns (socket, file) to read the reply with readline()."""
        try:
            conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            conn.settimeout(self.timeout)
            conn.connect((self.host, self.port))
            conn.sendall((json.dumps(request) + "\n").encode("utf-8"))
            return conn, conn.makefile("rb")
        except (OSError, socket.timeout) as e:
            raise CommunicationError("cannot talk to %s:%d: %s" % (self.host, self.port, e))

    def _single_reply(self, request):
        conn, reader = self._request(request)
        try:
            line = reader.readline()
        except (OSError, socket.timeout) as e:
            raise CommunicationError("reading the reply failed: %s" % (e,))
        finally:
            reader.close()
            conn.close()
        if not line:
            raise CommunicationError("the dispatcher closed the connection without a reply")
        try:
            return json.loads(line)
        except ValueError:
            raise CommunicationError("reply is not JSON: %r" % (line,))

    def call(self, host, procedure, arguments, timeout=None, max_exec_time=None,
             queue=None, concurrency=None, info=None):
        """Submits a call; returns a RemoteCall for its job."""
        request = {
            "host": host,
            "procedure": procedure,
            "arguments": arguments,
            "info": info,
            "harpcaller": 1,
        }
        if timeout is not None:
            request["timeout"] = timeout
        if max_exec_time is not None:
            request["max_exec_time"] = max_exec_time
        if queue is not None:
            request["queue"] = {"name": queue}
            if concurrency is not None:
                request["queue"]["concurrency"] = concurrency
        reply = self._single_reply(request)
        # Like the original: the reply is expected to hold job_id, an error is not looked for.
        try:
            return RemoteCall(self, reply["job_id"])
        except (KeyError, TypeError):
            raise CommunicationError("call reply has no job_id: %r" % (reply,))

    def job(self, job_id):
        """A RemoteCall for an existing job."""
        return RemoteCall(self, job_id)


class RemoteCall(object):
    """One job on the dispatcher."""

    def __init__(self, server, job_id):
        self.server = server
        self.job_id = job_id

    def get(self, wait=True):
        """The job's value; NOT_FINISHED when not waiting and it has not ended; raises for failures."""
        reply = self.server._single_reply({"get_result": self.job_id, "wait": wait, "harpcaller": 1})
        return parse_result(reply)

    def status(self):
        reply = self.server._single_reply({"get_status": self.job_id, "harpcaller": 1})
        if "error" in reply and "call" not in reply:
            parse_result(reply)
        for key, subkeys in (("call", ("host", "procedure", "arguments")), ("time", ("submit", "start", "end"))):
            if not isinstance(reply.get(key), dict) or any(k not in reply[key] for k in subkeys):
                raise CommunicationError("status reply without %s: %r" % (key, reply))
        if "info" not in reply:
            raise CommunicationError("status reply without info: %r" % (reply,))
        return reply

    def cancel(self):
        reply = self.server._single_reply({"cancel": self.job_id, "harpcaller": 1})
        return reply.get("cancelled") is True

    def follow(self, since=None, recent=None):
        """Yields packet data; afterwards self.result holds the terminal reply (None at end of file)."""
        return self._stream("follow_stream", since, recent)

    def read(self, since=None, recent=None):
        return self._stream("read_stream", since, recent)

    def _stream(self, operation, since, recent):
        request = {operation: self.job_id, "harpcaller": 1}
        if since is not None:
            request["since"] = since
        if recent is not None:
            request["recent"] = recent
        self.result = None
        conn, reader = self.server._request(request)
        try:
            while True:
                try:
                    line = reader.readline()
                except (OSError, socket.timeout) as e:
                    raise CommunicationError("reading the stream failed: %s" % (e,))
                if not line:
                    return  # end of file ends the stream quietly, as in the original
                try:
                    message = json.loads(line)
                except ValueError:
                    raise CommunicationError("stream line is not JSON: %r" % (line,))
                if isinstance(message, dict) and "packet" in message:
                    yield message.get("data")
                    continue
                self.result = message
                return
        finally:
            reader.close()
            conn.close()


def outcome_line(fetch):
    """Runs fetch() and renders its outcome as the protocol's reply object; returns (object, exit code)."""
    try:
        value = fetch()
    except RemoteException as e:
        return {"exception": _detail(e)}, EXIT_JOB_FAILED
    except RemoteError as e:
        return {"error": _detail(e)}, EXIT_JOB_FAILED
    except CancelledError:
        return {"cancelled": True}, EXIT_JOB_FAILED
    if value is NOT_FINISHED:
        return {"no_result": True}, EXIT_NOT_FINISHED
    return {"result": value}, EXIT_OK


def _detail(e):
    detail = {"type": e.type, "message": e.message}
    if e.data is not None:
        detail["data"] = e.data
    return detail


def _print(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description="HarpCaller client written like the original Python harp module.")
    parser.add_argument("--server-host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--socket-timeout", type=float, default=60.0)
    commands = parser.add_subparsers(dest="command", required=True)

    call = commands.add_parser("call")
    call.add_argument("host")
    call.add_argument("procedure")
    call.add_argument("arguments", nargs="?", default="[]")
    call.add_argument("--timeout", type=float)
    call.add_argument("--max-exec-time", type=float)
    call.add_argument("--queue")
    call.add_argument("--concurrency", type=int)
    call.add_argument("--info")
    call.add_argument("--wait", action="store_true")

    result = commands.add_parser("result")
    result.add_argument("job_id")
    result.add_argument("--no-wait", action="store_true")

    for name in ("status", "cancel"):
        commands.add_parser(name).add_argument("job_id")

    for name in ("follow", "read"):
        stream = commands.add_parser(name)
        stream.add_argument("job_id")
        start = stream.add_mutually_exclusive_group()
        start.add_argument("--since", type=int)
        start.add_argument("--recent", type=int)

    args = parser.parse_args(argv)
    server = HarpServer(args.server_host, args.port, args.socket_timeout)
    try:
        if args.command == "call":
            try:
                arguments = json.loads(args.arguments)
                queue = json.loads(args.queue) if args.queue is not None else None
                info = json.loads(args.info) if args.info is not None else None
            except ValueError as e:
                parser.error("invalid JSON: %s" % (e,))
            job = server.call(args.host, args.procedure, arguments, timeout=args.timeout,
                              max_exec_time=args.max_exec_time, queue=queue,
                              concurrency=args.concurrency, info=info)
            _print({"job_id": job.job_id})
            if not args.wait:
                return EXIT_OK
            line, code = outcome_line(job.get)
            _print(line)
            return code
        job = server.job(args.job_id)
        if args.command == "result":
            line, code = outcome_line(lambda: job.get(wait=not args.no_wait))
            _print(line)
            return code
        if args.command == "status":
            try:
                _print(job.status())
                return EXIT_OK
            except RemoteError as e:
                _print({"error": _detail(e)})
                return EXIT_JOB_FAILED
        if args.command == "cancel":
            cancelled = job.cancel()
            _print({"cancelled": cancelled})
            return EXIT_OK if cancelled else EXIT_NOT_FINISHED
        stream = job.follow if args.command == "follow" else job.read
        for data in stream(since=args.since, recent=args.recent):
            _print({"data": data})
        if job.result is None:
            _print({"eof": True})
            return EXIT_OK
        line, code = outcome_line(lambda: parse_result(job.result))
        _print(line)
        return code
    except CommunicationError as e:
        sys.stderr.write("harp_client: %s\n" % (e,))
        return EXIT_COMMUNICATION


if __name__ == "__main__":
    sys.exit(main())
