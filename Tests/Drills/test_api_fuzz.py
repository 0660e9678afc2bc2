"""API fuzzing: schemathesis against /api/v1/openapi.json, and extreme numbers in every numeric field.

Schemathesis (pip install 'schemathesis>=4,<5') generates requests from the OpenAPI document of a
demo server, signed in as the administrator and, on a second server, as an agent, and runs all of
its checks. A failure is one of the drill's unless it is one of two kinds, each counted in the
summary and each checked case by case:
- a "positive" case that the document itself rejects (schemathesis's coverage phase labels a case
  positive when only its path parameter was varied, though the body or a query value it sent
  breaks the schema): validated here with jsonschema against the same document;
- a 422 for one of the rules that span several fields, which JSON Schema cannot state
  (CROSS_FIELD_RULES: the field and the message must match the rule).

The extreme-number test reads the same document, finds every numeric field it declares (integer
or number, also inside oneOf/anyOf and type lists: request bodies at any depth, query and path
parameters; path placeholders the document leaves undeclared too), and sends each of
±1e19, 2^63, -2^63-1, 1e308, "NaN", "Infinity", -0.0 and 99999999999999999999 there, as the
administrator (and as a supervisor where the administrator is refused). No answer may be 5xx, and the server must be alive after
each (the process runs and /healthz is 200); a crash is recorded and the server restarted, so one
run lists every field that crashes it.

By hand, longer: SWITCHBOARD_API_FUZZ_EXAMPLES=200 SWITCHBOARD_API_FUZZ_SECONDS=1800
python3 -m pytest -q Tests/Drills/test_api_fuzz.py (SWITCHBOARD_API_FUZZ_SEED to vary).
"""

from __future__ import annotations

import copy
import http.client
import json
import math
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from drill_support import Server, binary, env_int, env_number, request, say, sign_in, summary  # noqa: F401

#: Checks that must pass.
ASSERTED_CHECKS = ["all"]

#: The rules that relate several fields, which a JSON Schema cannot state: a schema-valid request
#: that breaks one gets 422 naming the field. (operation, field pattern, message pattern, rule).
CROSS_FIELD_RULES: list[tuple[str, str, str, str]] = [
    (r"(POST|PATCH) /api/v1/agents(/\{id\})?$", r"skills\[\d+\]\.skill", r"listed twice", "a skill once per agent"),
    (r"POST /api/v1/agents/\{id\}/day-queues$", r"to", r"same queue", "from and to differ"),
    (r"(POST|PATCH) /api/v1/queues(/\{id\})?$", r"hours\.weekly\.\w+", r"overlap", "opening intervals of a day do not overlap"),
    (r"(POST|PATCH) /api/v1/queues(/\{id\})?$", r"hours\.holidays\[\d+\]\.date", r"listed twice", "a holiday once"),
    (r"(POST|PATCH) /api/v1/queues(/\{id\})?$", r"requiredSkills\[\d+\]\.skill", r"listed twice", "a skill once per queue"),
    (r"GET /api/v1/reports$", r"per", r"covers a day or a week", "per=interval only for a day or a week"),
    (r"POST /api/v1/staffing$", r".*", r"offered load is over|Over ten million calls|too large for one request|cannot be met with up to",
     "the load (calls × handle time ÷ interval) and the staff it needs stay within bounds"),
]

EXAMPLES = env_int("SWITCHBOARD_API_FUZZ_EXAMPLES", 8)
#: Time budget of the schemathesis run of each role.
SECONDS = env_number("SWITCHBOARD_API_FUZZ_SECONDS", 60)
SEED = env_int("SWITCHBOARD_API_FUZZ_SEED", 14)
#: Operations schemathesis leaves alone: signing out ends the run's own session, and the event
#: stream answers for as long as it is asked to.
EXCLUDED = ["DELETE /api/v1/sessions", "GET /api/v1/events"]

EXTREMES: list[tuple[str, object]] = [
    ("1e19", 1e19), ("-1e19", -1e19), ("2^63", 2**63), ("-2^63-1", -(2**63) - 1), ("1e308", 1e308),
    ('"NaN"', "NaN"), ('"Infinity"', "Infinity"), ("-0.0", -0.0), ("99999999999999999999", 99999999999999999999),
]


def fresh_demo(binary: Path, tmp: Path, name: str) -> Server:  # noqa: F811
    server = Server(binary, "demo", ["--data-dir", str(tmp / f"{name}-data"), "--no-traffic"], tmp / f"{name}-logs")
    server.start()
    return server


# MARK: - schemathesis


def schemathesis_run(server: Server, token: str, checks: list[str], seconds: float, report: Path) -> tuple[int, str]:
    """Runs schemathesis once; returns its exit status and its output (its events are in `report`)."""
    report.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", server.url("/api/v1/openapi.json"), "--url", server.base_url,
        "-H", f"Authorization: Bearer {token}", "--checks", ",".join(checks), "--max-examples", str(EXAMPLES),
        "--seed", str(SEED), "--max-time", str(int(seconds)), "--request-timeout", "20", "--workers", "1",
        "--phases", "examples,coverage,fuzzing", "--generation-database", "none", "--no-color",
        "--report", "ndjson", "--report-ndjson-path", str(report / "events.ndjson"), "--output-truncate", "true",
    ]  # fmt: skip
    for name in EXCLUDED:
        command += ["--exclude-name", name]
    environment = dict(os.environ, NO_COLOR="1", SCHEMATHESIS_TELEMETRY="false")
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds * 4 + 180, env=environment, cwd=report)
    return result.returncode, result.stdout + result.stderr


def schema_rejects(case: dict, document: dict) -> str | None:
    """Why the document rejects what a case sent (its body or a query or path value), or None."""
    import jsonschema

    operation = document["paths"].get(case.get("path", ""), {}).get(str(case.get("method", "")).lower())
    if operation is None:
        return None
    def check(value, schema) -> str | None:
        try:
            jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(value)
        except jsonschema.ValidationError as error:
            return error.message[:200]
        return None
    for parameter in operation.get("parameters", []):
        where = {"query": "query", "path": "path_parameters"}.get(parameter["in"])
        values = case.get(where) or {} if where else {}
        if parameter["name"] not in values:
            continue
        value = values[parameter["name"]]
        schema = resolve(parameter["schema"], document)
        if isinstance(value, str) and types_of(schema) & {"integer", "number"} and re.fullmatch(r"-?\d+", value):
            value = int(value)
        if isinstance(value, list):
            value = value[-1] if value else None
        problem = check(value, parameter["schema"])
        if problem:
            return f"{parameter['name']}: {problem}"
    body = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
    if body is not None and "body" in case and case["body"] is not None:
        problem = check(case["body"], body)
        if problem:
            return f"body: {problem}"
    return None


def cross_field_rule(label: str, status: int, answer: str) -> str | None:
    """The CROSS_FIELD_RULES rule a 422 answer invokes, or None."""
    if status != 422:
        return None
    try:
        error = json.loads(answer)["error"]
    except (ValueError, KeyError, TypeError):
        return None
    for operation, field, message, rule in CROSS_FIELD_RULES:
        if re.fullmatch(operation, label) and re.fullmatch(field, str(error.get("field"))) and re.search(message, str(error.get("message"))):
            return rule
    return None


def decoded(payload) -> str:
    import base64

    if isinstance(payload, dict) and "$base64" in payload:
        return base64.b64decode(payload["$base64"]).decode("utf-8", "replace")
    return "" if payload is None else str(payload)


def judged_failures(path: Path, document: dict) -> tuple[dict[str, list[str]], dict[str, int]]:
    """schemathesis's failures (from its ndjson events), less the two kinds the module's doc
    describes. Returns the failures (check → "operation: status answer") and the counts set aside."""
    failures: dict[str, list[str]] = {}
    set_aside = {"mislabelled_positive": 0, "cross_field_rule": 0}
    if not path.exists():
        return {"no_report": [str(path)]}, set_aside
    for line in path.read_text().splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        recorder = (event.get("ScenarioFinished") or {}).get("recorder") or {}
        label = str(recorder.get("label", "?"))
        for case_id, checks in (recorder.get("checks") or {}).items():
            case = ((recorder.get("cases") or {}).get(case_id) or {}).get("value") or {}
            response = ((recorder.get("interactions") or {}).get(case_id) or {}).get("response") or {}
            status = int(response.get("status_code") or 0)
            answer = decoded(response.get("content") or response.get("body"))
            for check in checks:
                if str(check.get("status", "")).lower() != "failure":
                    continue
                name = str(check.get("name"))
                if name == "positive_data_acceptance":
                    if schema_rejects(case, document):
                        set_aside["mislabelled_positive"] += 1
                        continue
                    if cross_field_rule(label, status, answer):
                        set_aside["cross_field_rule"] += 1
                        continue
                sent = {key: case.get(key) for key in ("path_parameters", "query", "body") if case.get(key) is not None}
                failures.setdefault(name, []).append(f"{label}: {status} {answer[:300]} for {json.dumps(sent)[:300]}")
    return failures, set_aside


def schemathesis_document(server: Server) -> dict:
    response = request("GET", server.url("/api/v1/openapi.json"), timeout=20)
    assert response.status == 200
    return json.loads(response.body)


@pytest.mark.parametrize("role", ["admin", "agent01"])
def test_schemathesis_finds_no_failure(binary, tmp_path, role, capsys):  # noqa: F811
    server = fresh_demo(binary, tmp_path, role)
    try:
        token = sign_in(server.base_url, role, "demo")
        document = schemathesis_document(server)
        started = time.monotonic()
        status, output = schemathesis_run(server, token, ASSERTED_CHECKS, SECONDS, tmp_path / "asserted")
        seconds = time.monotonic() - started
        alive = server.alive() and request("GET", server.url("/healthz"), timeout=10).status == 200
    finally:
        server.stop()
    failures, set_aside = judged_failures(tmp_path / "asserted" / "events.ndjson", document)
    cases = re.findall(r"(\d+) generated", output)
    summary(
        capsys, f"api-fuzz-{role}", seconds=f"{seconds:.0f}", cases=cases[-1] if cases else "?",
        http_5xx_operations=len({entry.split(":")[0] for entry in failures.get("not_a_server_error", [])}),
        failures=sum(len(v) for v in failures.values()), **set_aside, crashes=0 if alive else 1,
    )  # fmt: skip
    assert alive, f"the server is not alive after schemathesis as {role}\n{server.output()}"
    listing = "\n".join(f"  {name}: {entry}" for name, entries in sorted(failures.items()) for entry in entries[:20])
    assert not failures, f"schemathesis as {role} found failures:\n{listing}\n{output[-6000:]}"
    # Exit status 1 is "failures found" (all of them judged above); anything else is an error of the run.
    assert status in (0, 1), f"schemathesis as {role} did not run to the end (exit {status}):\n{output[-15000:]}"


# MARK: - Extreme numbers


def resolve(schema, document: dict, depth: int = 0):
    """Follows local $refs."""
    while isinstance(schema, dict) and "$ref" in schema and depth < 20:
        pointer = schema["$ref"].lstrip("#/").split("/")
        node = document
        for part in pointer:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
        depth += 1
    return schema if isinstance(schema, dict) else {}


def types_of(schema: dict) -> set[str]:
    declared = schema.get("type")
    return set(declared) if isinstance(declared, list) else ({declared} if isinstance(declared, str) else set())


def is_numeric(schema: dict, document: dict) -> bool:
    schema = resolve(schema, document)
    if types_of(schema) & {"integer", "number"}:
        return True
    return any(is_numeric(branch, document) for key in ("oneOf", "anyOf", "allOf") for branch in schema.get(key, []))


def sample(schema: dict, document: dict, depth: int = 0):
    """A plausible value of a schema: what the field holds when another field is the extreme one."""
    schema = resolve(schema, document)
    if depth > 8:
        return None
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "examples" in schema and isinstance(schema["examples"], list) and schema["examples"]:
        return copy.deepcopy(schema["examples"][0])
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return sample(schema[key][0], document, depth + 1)
    if schema.get("allOf"):
        merged: dict = {}
        for branch in schema["allOf"]:
            value = sample(branch, document, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kinds = types_of(schema) - {"null"}
    kind = next(iter(sorted(kinds)), "object" if "properties" in schema else None)
    if kind == "object":
        return {name: sample(child, document, depth + 1) for name, child in schema.get("properties", {}).items()}
    if kind == "array":
        item = schema.get("items")
        return [sample(item, document, depth + 1)] if item else []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        return {"date": "2026-01-05", "date-time": "2026-01-05T10:00:00Z", "email": "drill@example.com"}.get(schema.get("format"), "800")
    return None


def numeric_paths(schema: dict, document: dict, prefix: tuple = (), depth: int = 0) -> list[tuple]:
    """Paths (keys, and 0 for an array's item) to every numeric field of a body schema."""
    schema = resolve(schema, document)
    if depth > 8:
        return []
    found = [prefix] if prefix and is_numeric(schema, document) else []
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key, []):
            for path in numeric_paths(branch, document, prefix, depth + 1):
                if path not in found:
                    found.append(path)
    for name, child in schema.get("properties", {}).items():
        found += [path for path in numeric_paths(child, document, prefix + (name,), depth + 1) if path not in found]
    if "items" in schema:
        found += [path for path in numeric_paths(schema["items"], document, prefix + (0,), depth + 1) if path not in found]
    return found


def with_value(body, path: tuple, value):
    """A copy of `body` with the field at `path` set (creating what is missing on the way)."""
    body = copy.deepcopy(body)
    if not path:
        return value
    root = body if isinstance(body, (dict, list)) else ({} if isinstance(path[0], str) else [])
    node = root
    for index, key in enumerate(path):
        last = index == len(path) - 1
        nxt = None if last else ({} if isinstance(path[index + 1], str) else [])
        if isinstance(key, int):
            if not isinstance(node, list):
                break
            if not node:
                node.append(nxt if not last else value)
            if last:
                node[0] = value
            else:
                if not isinstance(node[0], (dict, list)):
                    node[0] = nxt
                node = node[0]
        else:
            if not isinstance(node, dict):
                break
            if last:
                node[key] = value
            else:
                if not isinstance(node.get(key), (dict, list)):
                    node[key] = nxt
                node = node[key]
    return root


def cases_from(document: dict) -> list[dict]:
    """Every (operation, field, value) the extreme-number test sends."""
    cases = []
    for path, item in sorted(document.get("paths", {}).items()):
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete") or not isinstance(operation, dict):
                continue
            if f"{method.upper()} {path}" in EXCLUDED and method != "get":
                continue
            parameters = [resolve(p, document) for p in shared + operation.get("parameters", [])]
            declared = {p.get("name"): p for p in parameters if p.get("in") == "path"}
            placeholders = re.findall(r"\{([^}]+)\}", path)
            # Path and query parameters: numeric ones, and undeclared placeholders.
            targets = [("path", name) for name in placeholders if name not in declared or is_numeric(declared[name].get("schema", {}), document)]
            targets += [("query", p["name"]) for p in parameters if p.get("in") == "query" and is_numeric(p.get("schema", {}), document)]
            body_schema = None
            content = resolve(operation.get("requestBody", {}), document).get("content", {})
            if "application/json" in content:
                body_schema = content["application/json"].get("schema", {})
            base_body = sample(body_schema, document) if body_schema is not None else None
            for kind, name in targets:
                for label, value in EXTREMES:
                    cases.append({"method": method.upper(), "path": path, "where": kind, "field": name, "label": label, "value": value,
                                  "body": base_body})  # fmt: skip
            if body_schema is not None:
                for field_path in numeric_paths(body_schema, document):
                    for label, value in EXTREMES:
                        cases.append({"method": method.upper(), "path": path, "where": "body", "field": ".".join(map(str, field_path)),
                                      "label": label, "value": value, "body": with_value(base_body, field_path, value)})  # fmt: skip
    return cases


def send(server: Server, case: dict, token: str, ids: dict[str, str]) -> tuple[int | str, str]:
    """One case; the status, or "no answer: …". An event stream's body is not waited for."""
    path = case["path"]
    query = {}
    for name in re.findall(r"\{([^}]+)\}", path):
        value = ids.get(name, "1")
        if case["where"] == "path" and case["field"] == name:
            value = json.dumps(case["value"]) if not isinstance(case["value"], str) else case["value"]
        path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
    if case["where"] == "query":
        query[case["field"]] = json.dumps(case["value"]) if not isinstance(case["value"], str) else case["value"]
    if query:
        path += "?" + urllib.parse.urlencode(query)
    body = None
    if case["method"] in ("POST", "PUT", "PATCH") and case["body"] is not None:
        body = json.dumps(case["body"], allow_nan=False).encode()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(case["method"], path, body=body, headers=headers)
        response = connection.getresponse()
        if "event-stream" in (response.getheader("Content-Type") or ""):
            return response.status, ""
        return response.status, response.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        return f"no answer: {error!r}", ""
    finally:
        connection.close()


def prepare_targets(server: Server, admin: str) -> dict[str, str]:
    """A live call (ringing agent01) so call operations reach their numbers; ids for placeholders."""
    supervisor = sign_in(server.base_url, "supervisor", "demo")
    agents = request("GET", server.url("/api/v1/agents"), token=admin).json()
    agent = next(a for a in agents if a["username"] == "agent01")
    request("POST", server.url(f"/api/v1/agents/{agent['id']}/state"), {"state": "available"}, token=supervisor)
    call = request("POST", server.url("/api/v1/calls"), {"queue": "800", "from": "+31205550000"}, token=supervisor)
    call_id = str(call.json()["id"]) if call.status == 201 else "1"
    request("POST", server.url(f"/api/v1/calls/{call_id}/answer"), token=supervisor)
    return {"id": "1", "callId": call_id, "agentId": str(agent["id"]), "queueId": "1", "queue": "800", "code": "break"}


def test_extreme_numbers_in_every_numeric_field_never_give_5xx_or_a_crash(binary, tmp_path, capsys):  # noqa: F811
    server = fresh_demo(binary, tmp_path, "extremes")
    crashes: list[str] = []
    server_errors: list[str] = []
    sent = 0
    try:
        document = request("GET", server.url("/api/v1/openapi.json")).json()
        cases = cases_from(document)
        fields = {(c["method"], c["path"], c["where"], c["field"]) for c in cases}
        assert len(fields) >= 10, f"only {len(fields)} numeric fields found in the OpenAPI document: {sorted(fields)}"
        say(capsys, f"  extremes: {len(fields)} numeric fields × {len(EXTREMES)} values × 2 roles")
        tokens = {}

        def sign_in_all() -> dict[str, str]:
            found = {"admin": sign_in(server.base_url, "admin", "demo"), "supervisor": sign_in(server.base_url, "supervisor", "demo")}
            found.update(ids=prepare_targets(server, found["admin"]))  # type: ignore[arg-type]
            return found

        tokens = sign_in_all()
        for case in cases:
            status: int | str = 0
            for role in ("admin", "supervisor"):
                if role == "supervisor" and status not in (401, 403):
                    break  # the administrator reached it; a supervisor only where they may not
                # Call operations act on the live call; everything else on record 1.
                ids = dict(tokens["ids"])  # type: ignore[arg-type]
                if case["path"].startswith("/api/v1/calls/{id}"):
                    ids["id"] = ids["callId"]
                status, text = send(server, case, tokens[role], ids)
                sent += 1
                where = f"{case['method']} {case['path']} {case['where']} {case['field']}={case['label']} as {role}"
                alive = server.alive()
                healthy = alive and request("GET", server.url("/healthz"), timeout=10).status == 200
                if not alive or not healthy:
                    crashes.append(f"{where}: {status}; the server {'died' if not alive else 'is unhealthy'}")
                    server.kill()
                    server.start()
                    tokens = sign_in_all()
                    break
                if isinstance(status, str) or status >= 500:
                    server_errors.append(f"{where}: {status} {text[:200]}")
    finally:
        server.stop()
    summary(capsys, "api-extremes", fields=len(fields), requests=sent, http_5xx=len(server_errors), crashes=len(crashes))
    problems = [f"CRASH {c}" for c in crashes] + [f"5xx {e}" for e in server_errors]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60]) + "\n" + server.output()


def test_the_numeric_field_discovery_reads_nested_bodies_and_parameters():
    """The discovery itself, on a small document: nested objects, arrays, refs, oneOf, parameters."""
    document = {
        "paths": {
            "/api/v1/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}}],
                "post": {
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                },
            },
            "/api/v1/other/{code}": {"get": {}},
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {
            "name": {"type": "string"}, "queue": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "level": {"type": "object", "properties": {"percent": {"type": ["number", "null"]}}},
            "skills": {"type": "array", "items": {"type": "object", "properties": {"minimumProficiency": {"type": "integer"}}}},
        }}}},
    }  # fmt: skip
    fields = {(c["method"], c["path"], c["where"], c["field"]) for c in cases_from(document)}
    assert fields == {
        ("POST", "/api/v1/things/{id}", "path", "id"), ("POST", "/api/v1/things/{id}", "query", "limit"),
        ("POST", "/api/v1/things/{id}", "body", "queue"), ("POST", "/api/v1/things/{id}", "body", "level.percent"),
        ("POST", "/api/v1/things/{id}", "body", "skills.0.minimumProficiency"), ("GET", "/api/v1/other/{code}", "path", "code"),
    }
    nested = next(c for c in cases_from(document) if c["field"] == "skills.0.minimumProficiency" and c["label"] == "1e19")
    assert nested["body"]["skills"] == [{"minimumProficiency": 1e19}] and nested["body"]["name"] == "800"
    assert not math.isnan(nested["body"]["level"]["percent"])
