"""A small SIP user agent over UDP for the drills: builds requests, reads answers, and plays a
caller through INVITE, provisional answers, CANCEL or ACK and BYE (RFC 3261, just enough)."""

from __future__ import annotations

import random
import re
import socket
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from drill_support import TORTURE_DIRECTORIES

SDP = (
    "v=0\r\no=drill 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
)
COMPACT = {"i": "call-id", "m": "contact", "l": "content-length", "c": "content-type", "f": "from", "t": "to", "v": "via"}


def branch() -> str:
    return "z9hG4bK" + uuid.uuid4().hex[:16]


@dataclass
class Message:
    start: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def is_response(self) -> bool:
        return self.start.startswith("SIP/2.0 ")

    @property
    def status(self) -> int | None:
        if not self.is_response:
            return None
        try:
            return int(self.start.split(" ", 2)[1])
        except (IndexError, ValueError):
            return None

    @property
    def method(self) -> str | None:
        return None if self.is_response else self.start.split(" ", 1)[0]

    def get(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if COMPACT.get(key.lower(), key.lower()) == name]

    @property
    def cseq_method(self) -> str:
        return (self.get("CSeq") or " ").split()[-1].upper()


def parse(data: bytes) -> Message | None:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("utf-8", "replace").split("\r\n")
    if not lines or not lines[0]:
        return None
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.append((name.strip(), value.strip()))
    return Message(lines[0], headers, body)


def request_bytes(
    method: str, uri: str, local: tuple[str, int], call_id: str, from_header: str, to_header: str, cseq: int,
    via_branch: str, body: str = "", extra: list[str] | None = None, cseq_method: str | None = None,
) -> bytes:
    host, port = local
    lines = [
        f"{method} {uri} SIP/2.0",
        f"Via: SIP/2.0/UDP {host}:{port};branch={via_branch};rport",
        f"From: {from_header}",
        f"To: {to_header}",
        f"Call-ID: {call_id}",
        f"CSeq: {cseq} {cseq_method or method}",
        f"Contact: <sip:drill@{host}:{port}>",
        "Max-Forwards: 70",
        *(extra or []),
    ]
    if body:
        lines.append("Content-Type: application/sdp")
    lines.append(f"Content-Length: {len(body.encode())}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def response_bytes(to: Message, status: int, reason: str, to_tag: str | None = None) -> bytes:
    """An answer to a request from the server (BYE, OPTIONS…), echoing its dialog headers."""
    lines = [f"SIP/2.0 {status} {reason}"]
    lines += [f"Via: {value}" for value in to.all("Via")]
    to_value = to.get("To") or ""
    if to_tag and ";tag=" not in to_value:
        to_value += f";tag={to_tag}"
    lines += [f"From: {to.get('From') or ''}", f"To: {to_value}", f"Call-ID: {to.get('Call-ID') or ''}", f"CSeq: {to.get('CSeq') or ''}"]
    lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def options_ping(server: tuple[str, int], timeout: float = 3.0, source: str = "127.0.0.1") -> int | None:
    """Sends OPTIONS from a fresh socket; the final status, or None when nothing answered."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        local = sock.getsockname()
        call_id = uuid.uuid4().hex
        data = request_bytes(
            "OPTIONS", f"sip:{server[0]}:{server[1]}", local, call_id, f"<sip:monitor@{local[0]}>;tag={uuid.uuid4().hex[:8]}",
            f"<sip:{server[0]}:{server[1]}>", 1, branch(),
        )
        deadline = time.monotonic() + timeout
        next_send = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() >= next_send:
                sock.sendto(data, server)
                next_send = time.monotonic() + 0.5
            sock.settimeout(max(0.05, min(0.5, deadline - time.monotonic())))
            try:
                payload, _ = sock.recvfrom(65535)
            except (socket.timeout, ConnectionRefusedError):
                continue
            message = parse(payload)
            if message and message.is_response and message.get("Call-ID") == call_id and (message.status or 0) >= 200:
                return message.status
        return None


@dataclass
class CallResult:
    number: str
    statuses: list[int] = field(default_factory=list)  # every answer, to the INVITE, CANCEL and BYE
    invite_statuses: list[int] = field(default_factory=list)  # the answers to the INVITE
    acknowledged: bool = False  # a 18x or 2xx to the INVITE: the server took the call
    final: int | None = None
    ended_by: str = ""  # cancel, bye-sent, bye-received, rejected, timeout


def place_call(
    server: tuple[str, int], dial: str, number: str, hold_seconds: float, stop=None, source: str = "127.0.0.1", overall: float = 30.0
) -> CallResult:
    """A caller: INVITE `dial`, wait `hold_seconds` after the first answer (ringing, queued or
    connected), then hang up (CANCEL before 200, BYE after). Answers BYE from the server.
    Setting `stop` ends it at once, silently (as a caller whose line is cut)."""
    result = CallResult(number)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        local = sock.getsockname()
        call_id = uuid.uuid4().hex + "@drill"
        tag = uuid.uuid4().hex[:10]
        from_header = f'"Drill" <sip:{number}@{local[0]}:{local[1]}>;tag={tag}'
        to_header = f"<sip:{dial}@{server[0]}:{server[1]}>"
        uri = f"sip:{dial}@{server[0]}:{server[1]}"
        invite_branch = branch()
        invite = request_bytes("INVITE", uri, local, call_id, from_header, to_header, 1, invite_branch, SDP)
        started = time.monotonic()
        answered_at: float | None = None
        remote_to: str | None = None
        remote_target = uri
        state = "calling"  # calling → early | confirmed → cancelling | byeing → done
        pending: bytes | None = invite
        resend_at = started
        while state != "done" and time.monotonic() - started < overall:
            now = time.monotonic()
            if stop is not None and stop.is_set():
                break  # the drill pulls the plug (a kill): no more retransmissions
            if pending is not None and now >= resend_at:
                sock.sendto(pending, server)
                resend_at = now + 0.5
            if answered_at is not None and now - answered_at >= hold_seconds and state in ("early", "confirmed"):
                if state == "early":
                    pending = request_bytes("CANCEL", uri, local, call_id, from_header, to_header, 1, invite_branch, cseq_method="CANCEL")
                    state = "cancelling"
                    result.ended_by = "cancel"
                else:
                    pending = request_bytes("BYE", remote_target, local, call_id, from_header, remote_to or to_header, 2, branch())
                    state = "byeing"
                    result.ended_by = "bye-sent"
                resend_at = now
                continue
            sock.settimeout(0.1)
            try:
                payload, _ = sock.recvfrom(65535)
            except (socket.timeout, ConnectionRefusedError):
                continue
            message = parse(payload)
            if message is None or message.get("Call-ID") != call_id:
                continue
            if not message.is_response:
                # BYE (the agent hung up) or anything else in the dialog: 200.
                sock.sendto(response_bytes(message, 200, "OK"), server)
                if message.method == "BYE":
                    result.ended_by = result.ended_by or "bye-received"
                    state = "done"
                continue
            status = message.status or 0
            result.statuses.append(status)
            if message.cseq_method == "INVITE":
                result.invite_statuses.append(status)
                if status >= 180 and answered_at is None:
                    answered_at = time.monotonic()
                if 180 <= status < 300:
                    result.acknowledged = True
                if status < 200:
                    if state == "calling":
                        state = "early"
                    if pending is invite:
                        pending = None
                    continue
                result.final = result.final or status
                remote_to = message.get("To")
                ack_to = remote_to or to_header
                if status < 300:
                    contact = message.get("Contact")
                    match = re.search(r"<([^>]+)>", contact or "")
                    remote_target = match.group(1) if match else (contact or uri)
                    ack = request_bytes("ACK", remote_target, local, call_id, from_header, ack_to, 1, branch(), cseq_method="ACK")
                    sock.sendto(ack, server)
                    if state in ("calling", "early"):
                        state = "confirmed"
                        pending = None
                else:
                    ack = request_bytes("ACK", uri, local, call_id, from_header, ack_to, 1, invite_branch, cseq_method="ACK")
                    sock.sendto(ack, server)
                    if state != "cancelling":
                        result.ended_by = "rejected"
                    state = "done"
                    pending = None
            elif message.cseq_method == "CANCEL" and status >= 200:
                pending = None  # the 487 to the INVITE follows
            elif message.cseq_method == "BYE" and status >= 200:
                state = "done"
                pending = None
        if state != "done" and not result.ended_by:
            result.ended_by = "timeout"
    return result


# MARK: - Seeds for mutation


def torture_messages() -> dict[str, bytes]:
    """The RFC 4475 torture messages, from every directory that has them (deduplicated)."""
    found: dict[str, bytes] = {}
    seen: set[bytes] = set()
    for directory in TORTURE_DIRECTORIES:
        for path in sorted(Path(directory).glob("*/*.dat")):
            data = path.read_bytes()
            if data not in seen:
                seen.add(data)
                found[f"{path.parent.name}/{path.stem}"] = data
    return found


VIA_LINE = re.compile(rb"^((?:via|v)[ \t]*:[ \t]*SIP[ \t]*/[ \t]*2\.0[ \t]*/[ \t]*[A-Za-z]+[ \t]+)([^;,\r\n]+)", re.IGNORECASE | re.MULTILINE)


def answer_here(message: bytes, local: tuple[str, int]) -> bytes:
    """Points every Via's sent-by at `local` (answers come back to the drill's own socket, never
    to 127.0.0.1:5060 where another test may listen); keeps the parameters the torture is about."""
    return VIA_LINE.sub(lambda match: match.group(1) + f"{local[0]}:{local[1]}".encode(), message)


def valid_requests(server: tuple[str, int], local: tuple[str, int]) -> list[bytes]:
    """Well-formed REGISTER, INVITE and OPTIONS, the mutations' other seeds."""
    host, port = server
    tag = uuid.uuid4().hex[:8]
    return [
        request_bytes("REGISTER", f"sip:{host}:{port}", local, uuid.uuid4().hex, f"<sip:agent05@{host}>;tag={tag}", f"<sip:agent05@{host}>", 1,
                      branch(), extra=["Expires: 300", 'Authorization: Digest username="agent05", realm="switchboard", nonce="abc", uri="sip:x", response="0123456789abcdef0123456789abcdef"']),
        request_bytes("INVITE", f"sip:809@{host}:{port}", local, uuid.uuid4().hex, f"<sip:+31201234567@{local[0]}>;tag={tag}", f"<sip:809@{host}>", 1, branch(), SDP),
        request_bytes("OPTIONS", f"sip:{host}:{port}", local, uuid.uuid4().hex, f"<sip:monitor@{local[0]}>;tag={tag}", f"<sip:{host}>", 1, branch()),
        request_bytes("BYE", f"sip:809@{host}:{port}", local, uuid.uuid4().hex, f"<sip:+31201234567@{local[0]}>;tag={tag}", f"<sip:809@{host}>;tag=x", 2, branch()),
        request_bytes("CANCEL", f"sip:809@{host}:{port}", local, uuid.uuid4().hex, f"<sip:+31201234567@{local[0]}>;tag={tag}", f"<sip:809@{host}>", 1, branch()),
    ]


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One to four mutations of a message; returns the bytes and what was done (for reports)."""
    done = []
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(12)
        lines = bytes(out).split(b"\r\n")
        if kind == 0 and out:  # flip bits of a few bytes
            for _ in range(rng.randint(1, 8)):
                index = rng.randrange(len(out))
                out[index] ^= 1 << rng.randrange(8)
            done.append("flip")
        elif kind == 1 and out:  # set random bytes
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(len(out))] = rng.randrange(256)
            done.append("byte")
        elif kind == 2 and out:  # truncate
            out = out[: rng.randrange(len(out))]
            done.append("truncate")
        elif kind == 3 and len(lines) > 2:  # duplicate a header line, up to 200 times
            index = rng.randrange(1, len(lines))
            times = rng.choice([1, 2, 5, 50, 200])
            lines[index:index] = [lines[index]] * times
            out = bytearray(b"\r\n".join(lines))
            done.append(f"dup{times}")
        elif kind == 4:  # a huge or impossible Content-Length
            value = rng.choice([b"99999", b"4294967296", b"99999999999999999999", b"-1", b"1e9", b"0x10", b" 12 ", b"18446744073709551616"])
            header = rng.choice([b"Content-Length: ", b"l: ", b"content-length:"]) + value
            replaced = [line for line in lines if not line.lower().startswith((b"content-length", b"l:"))]
            insert_at = rng.randrange(1, max(2, len(replaced)))
            replaced.insert(insert_at, header)
            out = bytearray(b"\r\n".join(replaced))
            done.append("content-length")
        elif kind == 5:  # a long line: header value, start line or URI
            size = rng.choice([1000, 8000, 30000, 60000])
            filler = rng.choice([b"a", b";", b",", b"%", b" ", b"\t", b"<", b"\""]) * size
            if rng.random() < 0.5 and len(lines) > 1:
                lines.insert(rng.randrange(1, len(lines)), rng.choice([b"Subject: ", b"Via: SIP/2.0/UDP h;", b"X-Long: ", b"To: <sip:"]) + filler)
            else:
                lines[0] = lines[0][: len(lines[0]) // 2] + filler + lines[0][len(lines[0]) // 2 :]
            out = bytearray(b"\r\n".join(lines))
            done.append(f"long{size}")
        elif kind == 6 and out:  # insert a structural character or line end
            index = rng.randrange(len(out) + 1)
            out[index:index] = rng.choice([b"\r\n", b"\n", b"\r", b"\r\n\r\n", b":", b";", b",", b"\"", b"<", b">", b"\x00", b"\xff\xfe", b" \t"])
            done.append("insert")
        elif kind == 7 and len(lines) > 2:  # drop a line
            del lines[rng.randrange(1, len(lines))]
            out = bytearray(b"\r\n".join(lines))
            done.append("drop-line")
        elif kind == 8 and len(lines) > 2:  # fold a header (obsolete line folding), many times
            index = rng.randrange(1, len(lines))
            lines[index] = lines[index] + b"\r\n " * rng.choice([1, 10, 500]) + b"x"
            out = bytearray(b"\r\n".join(lines))
            done.append("fold")
        elif kind == 9:  # many distinct headers
            count = rng.choice([100, 1000, 3000])
            extra = b"\r\n".join(b"X-H%d: %d" % (i, i) for i in range(count))
            lines.insert(1 if len(lines) > 1 else 0, extra)
            out = bytearray(b"\r\n".join(lines))
            done.append(f"headers{count}")
        elif kind == 10 and lines:  # odd numbers where numbers go (CSeq, Expires, Max-Forwards, status codes)
            number = rng.choice([b"-1", b"4294967296", b"99999999999999999999999", b"0", b"1.5", b"NaN", b"2147483648", b"-9223372036854775809"])
            out = bytearray(re.sub(rb"\b\d{1,10}\b", number, bytes(out), count=rng.randint(1, 3)))
            done.append("numbers")
        else:  # splice with itself (two messages or a repeated half)
            cut = rng.randrange(len(out) + 1) if out else 0
            out = out[:cut] + bytes(data)
            done.append("splice")
    return bytes(out[:65000]), "+".join(done)
