"""A minimal RFC 6455 WebSocket client for the end-to-end tests (stdlib only).

It performs the opening handshake (checking Sec-WebSocket-Accept), reads the server's frames
(which must be unmasked), reassembles fragmented messages, answers pings, and sends masked
close frames, as a client must.
"""
import base64
import hashlib
import json
import os
import socket
import struct
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class HandshakeRefused(Exception):
    """The server answered the upgrade with something other than 101."""

    def __init__(self, status, headers, body):
        super().__init__("WebSocket upgrade refused with %d: %r" % (status, body[:300]))
        self.status = status
        self.headers = headers
        self.body = body


class Closed(Exception):
    """The server closed the connection (close frame or EOF)."""

    def __init__(self, code=None, reason=""):
        super().__init__("WebSocket closed (code %s, %r)" % (code, reason))
        self.code = code
        self.reason = reason


class WebSocket:
    def __init__(self, port, path, headers=None, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            "GET %s HTTP/1.1" % path,
            "Host: 127.0.0.1:%d" % port,
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: " + key,
            "Sec-WebSocket-Version: 13",
        ]
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed(None, "EOF during the handshake")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        head_lines = head.decode("latin-1").split("\r\n")
        status = int(head_lines[0].split()[1])
        resp_headers = {}
        for line in head_lines[1:]:
            k, _, v = line.partition(":")
            resp_headers[k.strip().lower()] = v.strip()
        if status != 101:
            length = int(resp_headers.get("content-length", "0"))
            while len(self.buf) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buf += chunk
            self.sock.close()
            raise HandshakeRefused(status, resp_headers, self.buf[:length])
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if resp_headers.get("sec-websocket-accept") != expected:
            raise AssertionError("bad Sec-WebSocket-Accept: %r" % resp_headers)
        if resp_headers.get("upgrade", "").lower() != "websocket":
            raise AssertionError("no Upgrade: websocket in %r" % resp_headers)

    def _read(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("no WebSocket message in time")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed(None, "EOF")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _frame(self, deadline):
        b0, b1 = self._read(2, deadline)
        fin, opcode = b0 & 0x80, b0 & 0x0F
        if b0 & 0x70:
            raise AssertionError("reserved bits set in a server frame")
        if b1 & 0x80:
            raise AssertionError("the server masked a frame (RFC 6455 5.1 forbids it)")
        length = b1 & 0x7F
        if length == 126:
            (length,) = struct.unpack(">H", self._read(2, deadline))
        elif length == 127:
            (length,) = struct.unpack(">Q", self._read(8, deadline))
        return bool(fin), opcode, self._read(length, deadline)

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        masked = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def recv_text(self, timeout=10.0):
        """The next text message; answers pings on the way."""
        deadline = time.monotonic() + timeout
        parts, kind = [], None
        while True:
            fin, opcode, payload = self._frame(deadline)
            if opcode == 0x9:  # ping
                self._send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None
                raise Closed(code, payload[2:].decode("utf-8", "replace"))
            if opcode in (0x1, 0x2):
                kind, parts = opcode, [payload]
            elif opcode == 0x0:
                parts.append(payload)
            else:
                raise AssertionError("unknown opcode %d" % opcode)
            if fin:
                if kind != 0x1:
                    raise AssertionError("expected a text message, got opcode %d" % kind)
                return b"".join(parts).decode("utf-8")

    def recv_json(self, timeout=10.0):
        return json.loads(self.recv_text(timeout))

    def close(self):
        """Sends a masked close frame (1000) and waits briefly for the server's answer."""
        try:
            self._send(0x8, struct.pack(">H", 1000) + b"bye")
            deadline = time.monotonic() + 2
            while True:
                _, opcode, _ = self._frame(deadline)
                if opcode == 0x8:
                    break
        except (OSError, Closed, socket.timeout):
            pass
        finally:
            self.sock.close()
