"""Every request the README, docs/api.md and docs/assertions.md show runs against the seed
and gets the answer the text describes.

The shell blocks are read out of the markdown, so a new example is tested without a new
test: each block holding a ``curl`` runs top to bottom in a small interpreter of the shell
the docs use (variables, ``$(…)``, pipes into ``jq``/``awk``/``head``, ``manage.py``
commands), each ``curl`` becoming a request to the app on a fresh seeded ledger. An example
passes when its answer is a success (or the status its comment names: ``# 304``), every id it
names exists, a list of claims it shows is not empty (unless its comment says "none in the
seed", and then it is), and the fields a ``jq`` filter picks
are in every result. The error example and the table of error codes are checked against
what the server sends.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "docs" / "api.md", ROOT / "docs" / "assertions.md"]
SERVER = "http://127.0.0.1:8000"

pytestmark = pytest.mark.django_db


# --- reading the markdown ---------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    info: str
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def fences(path: Path) -> list[Block]:
    tokens = MarkdownIt().parse(path.read_text())
    return [
        Block(path, token.map[0] + 1, token.info.strip(), token.content)
        for token in tokens
        if token.type == "fence" and token.map
    ]


SHELL_BLOCKS = [block for doc in DOCS for block in fences(doc) if "curl " in block.text]


# --- a small shell: just what the docs use -----------------------------------------------


def split_top(text: str, separators: str) -> list[str]:
    """``text`` cut at each separator outside quotes and ``$(…)``; a ``#`` there (after a
    space) starts a comment, returned as the last element when ``#`` is a separator."""
    parts, current = [], []
    single = double = False
    depth = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "'" and not double:
            single = not single
        elif char == '"' and not single:
            double = not double
        elif not single and text.startswith("$(", i):
            depth += 1
            current.append("$(")
            i += 2
            continue
        elif char == ")" and depth and not single and not double:
            depth -= 1
        elif not single and not double and not depth and char in separators:
            if char == "#" and current and not current[-1].isspace():
                pass  # part of a word (a URL fragment, `%{…}`)
            else:
                parts.append("".join(current))
                current = []
                if char == "#":
                    parts.append("#" + text[i + 1 :])
                    return parts
                i += 1
                continue
        current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def logical_lines(text: str) -> list[str]:
    """Physical lines joined where a quote is open or a line ends with ``\\``."""
    lines, pending = [], ""
    for line in text.splitlines():
        pending = f"{pending}\n{line}" if pending else line
        if pending.endswith("\\"):
            pending = pending[:-1]
            continue
        try:
            shlex.split(pending, comments=False)
        except ValueError:
            continue  # an open quote: the command goes on
        lines.append(pending)
        pending = ""
    assert not pending, f"unterminated command: {pending!r}"
    return lines


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def jq_path(data: Any, path: str) -> Any:
    """A simple jq path (``.id``, ``.results[0].id``, ``.info``) applied to ``data``."""
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        data = data[name] if name else data[int(index)]
    return data


SIMPLE_PATH = re.compile(r"^(\.\w+|\[\d+\])+$")


@dataclass
class Shell:
    client: Client
    variables: dict[str, str] = field(default_factory=dict)
    answers: list[tuple[str, Answer]] = field(default_factory=list)
    # Set by a comment saying "none in the seed": the example's list must then be empty.
    expect_empty: bool = False

    def expand(self, text: str) -> str:
        """``$NAME`` and ``${NAME}`` replaced outside single quotes; ``$(…)`` run."""
        out, single, i = [], False, 0
        while i < len(text):
            char = text[i]
            if char == "'":
                single = not single
            elif char == "$" and not single:
                if text.startswith("$(", i):
                    end = self._closing(text, i + 1)
                    out.append(self.pipeline(text[i + 2 : end]))
                    i = end + 1
                    continue
                name = re.match(r"\{?([A-Za-z_]\w*)\}?", text[i + 1 :])
                if name:
                    assert name.group(1) in self.variables, f"unset ${name.group(1)} in {text!r}"
                    out.append(self.variables[name.group(1)])
                    i += 1 + len(name.group(0))
                    continue
            out.append(char)
            i += 1
        return "".join(out)

    @staticmethod
    def _closing(text: str, start: int) -> int:
        depth = 0
        for j in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            if depth == 0:
                return j
        raise AssertionError(f"no closing parenthesis in {text!r}")

    def run_block(self, text: str) -> None:
        for line in logical_lines(text):
            *commands, last = split_top(line, ";#")
            comment = last[1:].strip() if last.startswith("#") else ""
            if not last.startswith("#"):
                commands.append(last)
            for command in commands:
                self.command(command.strip(), comment)

    def command(self, command: str, comment: str = "") -> None:
        words = command.split()
        if not words or words[0] in {"do", "done", "while", "if", "then", "fi"}:
            return  # a loop's body runs once: what it requests is what the docs show
        assignment = re.match(r"^([A-Za-z_]\w*)=(.*)$", command, re.S)
        if assignment:
            name, value = assignment.groups()
            if value.startswith("$(") and value.endswith(")"):
                self.variables[name] = self.pipeline(value[2:-1]).strip()  # raw, as a shell
            else:
                self.variables[name] = " ".join(self.words(value))
            return
        before = len(self.answers)
        self.expect_empty = "none in the seed" in comment
        self.pipeline(command)
        self.expect_empty = False
        if comment and re.match(r"^\d{3}\b", comment):
            assert self.answers[before:], f"{command!r} sent no request"
            status = self.answers[-1][1].status
            assert status == int(comment[:3]), f"{command!r}: {status}, the docs say {comment}"

    def pipeline(self, text: str) -> str:
        producer, *filters = (part.strip() for part in split_top(text, "|"))
        value: Answer | str = self.produce(producer)
        for stage in filters:
            value = self.filter(value, shlex.split(stage))
        return value if isinstance(value, str) else value.body.decode()

    def words(self, text: str) -> list[str]:
        """Split as the shell does, then expand: a value's quotes are not re-read."""
        return [self.expand(word) for word in shlex.split(text)]

    def produce(self, command: str) -> Answer | str:
        words = self.words(command)
        if words[0] == "curl":
            return self.curl(words[1:])
        if words[0] == "open":
            return self.request("GET", words[1], {}, None)
        if words[0] == "echo":
            return " ".join(words[1:])
        if words[:2] == [".venv/bin/python", "manage.py"]:
            out = StringIO()
            call_command(*words[2:], stdout=out)
            return out.getvalue()
        raise AssertionError(f"the docs' shell runs {words[0]!r}: teach tests/test_docs.py it")

    def filter(self, value: Answer | str, words: list[str]) -> Answer | str:
        program, args = words[0], [w for w in words[1:] if not w.startswith("-")]
        if program == "jq":
            data = json.loads(value if isinstance(value, str) else value.body)
            path = args[0]
            if SIMPLE_PATH.match(path):
                found = jq_path(data, path)
                return found if isinstance(found, str) and "-r" in words else json.dumps(found)
            self.check_picked_fields(data, path)
            return value
        if program == "awk":  # the docs' awk picks the ETag header from `curl -sI`
            assert isinstance(value, Answer) and "etag" in " ".join(words), words
            return value.headers["ETag"]
        if program == "tr":
            return value
        text = value if isinstance(value, str) else value.body.decode()
        if program == "head":
            return text.splitlines()[0]
        if program == "tail":
            return text.splitlines()[-1]
        raise AssertionError(f"the docs pipe into {program!r}: teach tests/test_docs.py it")

    @staticmethod
    def check_picked_fields(data: Any, program: str) -> None:
        """``.results[] | {a, b}`` (or ``.results[].a``) shows fields a and b: every result
        has them."""
        picked = re.match(r"^\.results\[\](?:\s*\|\s*\{([\w,\s]+)\}|\.(\w+))$", program.strip())
        assert picked, f"unknown jq program {program!r}"
        names = [name.strip() for name in (picked.group(1) or picked.group(2)).split(",")]
        assert data["results"], f"{program!r} shows nothing"
        for result in data["results"]:
            assert not set(names) - set(result), (names, sorted(result))

    def curl(self, words: list[str]) -> Answer:
        method, headers, data, url = "GET", {}, None, None
        takes_value = {"-D", "-o", "-w", "-X", "-H", "-d", "--data"}
        i = 0
        while i < len(words):
            word = words[i]
            value = words[i + 1] if word in takes_value else None
            if word == "-X":
                method = value
            elif word == "-H":
                name, _, header = value.partition(":")
                headers[name.strip()] = header.strip()
            elif word in {"-d", "--data"}:
                data = value
                method = "POST" if method == "GET" else method
            elif word == "-sI" or word == "-I":
                method = "HEAD"
            elif not word.startswith("-") and value is None:
                url = word
            i += 2 if value is not None else 1
        assert url, words
        return self.request(method, url, headers, data)

    def request(self, method: str, url: str, headers: dict[str, str], data: str | None) -> Answer:
        assert url.startswith(SERVER), f"{url} is not on the documented server"
        path = url[len(SERVER) :]
        content_type = headers.pop("Content-Type", "application/json")
        meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        kwargs: dict[str, Any] = {"data": data, "content_type": content_type} if data else {}
        response = getattr(self.client, method.lower())(path, **kwargs, **meta)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answer = Answer(response.status_code, dict(response.headers), body)
        self.answers.append((f"{method} {path}", answer))
        self.check(method, path, answer)
        return answer

    def check(self, method: str, path: str, answer: Answer) -> None:
        request = f"{method} {path}"
        if answer.status >= 300:
            return  # a 304 (or another status) is checked against the comment naming it
        content_type = answer.headers.get("Content-Type", "")
        if content_type == "application/json" and method != "HEAD":
            data = answer.json()
            # An example list of claims that matches nothing shows nothing (a filter or a `q`
            # that finds no claim in the seed). Tombstones: the seed has none, rightly.
            if isinstance(data, dict) and "results" in data and "/tombstones/" not in path:
                if self.expect_empty:
                    assert not data["results"], f"{request}: the docs say none in the seed"
                else:
                    assert data["results"], f"{request} answers an empty list"
        if content_type == "application/x-ndjson":
            assert answer.body.count(b"\n") >= 2, f"{request} exports no claim"


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=str)
def test_every_request_in_the_docs_gets_the_answer_they_describe(seed, block):
    shell = Shell(Client())
    shell.run_block(block.text)

    assert shell.answers, f"{block} sends no request"
    failed = [(req, a.status) for req, a in shell.answers if a.status >= 400]
    assert not failed, f"{block}: {failed}"


def test_the_docs_have_runnable_examples():
    """The parametrized test above really sees the docs' blocks (a parser change that found
    none would pass silently)."""
    assert {block.path.name for block in SHELL_BLOCKS} == {"README.md", "api.md", "assertions.md"}
    assert sum(block.text.count("curl ") for block in SHELL_BLOCKS) >= 30


# --- the error shape and codes ----------------------------------------------------------


def test_the_documented_error_is_what_the_server_sends(seed, client):
    api = ROOT / "docs" / "api.md"
    (example,) = [b for b in fences(api) if b.info == "json" and '"error"' in b.text]
    shown = json.loads(example.text)

    response = client.get("/api/v1/claims/?page_size=201")

    assert response.status_code == shown["error"]["status"]
    assert response.json() == shown


def documented_error_codes() -> list[tuple[int, str]]:
    """The (status, code) rows of docs/api.md's table of errors."""
    text = (ROOT / "docs" / "api.md").read_text()
    return [(int(s), c) for s, c in re.findall(r"^\| (\d{3}) \| `(\w+)` \|", text, re.M)]


def test_the_error_table_lists_the_codes_the_server_sends(seed):
    """Each documented (status, code), provoked here where a request can provoke it; the
    rest (429, 500, 503) are provoked by the tests named beside them."""
    from tests.test_api_writes import token_for

    anonymous, curator = Client(), Client(HTTP_AUTHORIZATION=f"Token {token_for('c', 'curator')}")
    draft = (
        curator.post(
            "/api/v1/claims/",
            {"kind": "statement", "statement": "A draft.", "modality": "asserted"},
            content_type="application/json",
        )
        .json()["url"]
        .removeprefix("http://testserver")
    )
    provoke = {
        (400, "invalid_parameter"): lambda: anonymous.get("/api/v1/claims/?page_size=0"),
        (400, "invalid"): lambda: curator.post(
            "/api/v1/claims/", {"kind": "nope"}, content_type="application/json"
        ),
        (401, "not_authenticated"): lambda: anonymous.post("/api/v1/claims/", {}),
        (401, "authentication_failed"): lambda: anonymous.get(
            "/api/v1/claims/", HTTP_AUTHORIZATION="Token not-a-key"
        ),
        (403, "permission_denied"): lambda: curator.post(f"{draft}publish/"),
        (404, "not_found"): lambda: anonymous.get("/api/v2/claims/"),
        (405, "method_not_allowed"): lambda: anonymous.put("/api/v1/claims/"),
        (406, "not_acceptable"): lambda: anonymous.get("/api/v1/claims/", HTTP_ACCEPT="text/x"),
        (409, "conflict"): lambda: curator.post(
            "/api/v1/topics/", {"slug": "territory", "name": "Again"}, "application/json"
        ),
        (412, "precondition_failed"): lambda: curator.patch(
            draft, {"notes": "x"}, "application/json", HTTP_IF_MATCH='"stale"'
        ),
        (428, "precondition_required"): lambda: curator.patch(
            draft, {"notes": "x"}, "application/json"
        ),
    }
    elsewhere = {
        (429, "throttled"): "tests/test_api_http.py",
        (500, "server_error"): "tests/test_api_http.py",
        (503, "unavailable"): "tests/test_ops_outage.py",
    }
    assert set(documented_error_codes()) == set(provoke) | set(elsewhere)
    for (status, code), request in provoke.items():
        error = request().json()["error"]
        assert (error["status"], error["code"]) == (status, code)
    for (_status, code), test_file in elsewhere.items():
        assert f'"{code}"' in (ROOT / test_file).read_text(), (code, test_file)
