"""`detective <cmd>` prints what `aws detective <cmd>` prints, field for field.

Both command lines run against the same `detective serve` with the same
credentials (environment variables only) and `--output json`; their stdout
is parsed and compared as JSON values. The AWS CLI gets the paginator
definitions of botocore-data/ through AWS_DATA_PATH (the botocore it ships
with has none for Detective), so both page automatically and the merged
results, `--page-size`, `--max-items` and the resume tokens can be compared
too. `cargo xtask interop` builds target/debug/detective before pytest runs.

Key order is not compared: the AWS CLI prints members in botocore's model
order, `detective` in its types' order.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable

import pytest

from interop_support import BOTOCORE_DATA, DEFAULT_SECRET, HERE, REGION, email_of

ROOT = os.path.dirname(os.path.dirname(HERE))
DETECTIVE = os.path.join(ROOT, "target", "debug", "detective")
TIMEOUT = 120  # seconds per command
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    def json(self):
        assert self.returncode == 0, f"exited {self.returncode}: {self.stderr}"
        return json.loads(self.stdout) if self.stdout.strip() else {}


Runner = Callable[..., Result]


@pytest.fixture(scope="module")
def programs() -> dict[str, list[str]]:
    aws = shutil.which("aws")
    if aws is None:
        pytest.fail("`aws` is not on PATH; run `cargo xtask interop`", pytrace=False)
    if not os.access(DETECTIVE, os.X_OK):
        pytest.fail(f"{DETECTIVE} is missing; run `cargo xtask interop`", pytrace=False)
    # `aws` needs the service name; `detective` is the service.
    return {"aws": [aws, "detective"], "detective": [DETECTIVE]}


@pytest.fixture
def cli(programs, endpoint) -> Callable[[str], Runner]:
    """`cli("aws")(account, "list-graphs", ...)` runs that command line acting as `account`."""

    def for_program(name: str) -> Runner:
        program = programs[name]

        def run(account: str, *args: str, output: str = "json") -> Result:
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update(
                AWS_ACCESS_KEY_ID=account,
                AWS_SECRET_ACCESS_KEY=DEFAULT_SECRET,
                AWS_CONFIG_FILE=os.devnull,
                AWS_SHARED_CREDENTIALS_FILE=os.devnull,
                AWS_EC2_METADATA_DISABLED="true",
                AWS_PAGER="",
                AWS_DATA_PATH=BOTOCORE_DATA,
                AWS_MAX_ATTEMPTS="1",
            )
            argv = [
                program[0],
                "--endpoint-url",
                endpoint,
                "--region",
                REGION,
                "--output",
                output,
                *program[1:],
                *args,
            ]
            completed = subprocess.run(
                argv, capture_output=True, text=True, env=env, timeout=TIMEOUT
            )
            return Result(completed.returncode, completed.stdout, completed.stderr)

        return run

    return for_program


def both(cli, account: str, *args: str, output: str = "json") -> tuple[Result, Result]:
    return cli("detective")(account, *args, output=output), cli("aws")(account, *args, output=output)


def assert_same_json(cli, account: str, *args: str):
    ours, theirs = both(cli, account, *args)
    assert ours.json() == theirs.json(), f"detective {' '.join(args)}"
    return ours.json()


def normalized(value, replacements: dict[str, str]):
    """`value` with account-specific strings and timestamps replaced by placeholders."""
    if isinstance(value, dict):
        return {k: normalized(v, replacements) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v, replacements) for v in value]
    if isinstance(value, str):
        if TIMESTAMP.match(value):
            return "<timestamp>"
        for old, new in replacements.items():
            value = value.replace(old, new)
    return value


def test_create_graph_prints_the_same(cli, accounts, detective, graphs):
    admin = accounts()
    ours = cli("detective")(admin, "create-graph", "--tags", "Team=Parity,Env=test").json()
    graphs.track(detective(admin), ours["GraphArn"])
    # The caller already has a graph, so the service answers with the same ARN.
    theirs = cli("aws")(admin, "create-graph", "--tags", "Team=Parity,Env=test").json()
    assert ours == theirs
    assert set(ours) == {"GraphArn"}


def test_create_members_prints_the_same(cli, accounts, detective, graphs):
    first, second = accounts(), accounts()
    arn_ours = graphs.create(detective(first), first)
    arn_theirs = graphs.create(detective(second), second)
    member, other = accounts(), accounts()
    spec = [
        f"AccountId={member},EmailAddress={email_of(member)}",
        f"AccountId={other},EmailAddress={email_of(other)}",
    ]
    # A fresh invitation from each tool, to graphs of two administrators:
    # equal once the administrator, its graph and the times are set aside.
    ours = cli("detective")(
        first, "create-members", "--graph-arn", arn_ours, "--accounts", *spec,
        "--message", "Join the parity graph.",
    ).json()
    theirs = cli("aws")(
        second, "create-members", "--graph-arn", arn_theirs, "--accounts", *spec,
        "--message", "Join the parity graph.",
    ).json()
    assert [m["AccountId"] for m in ours["Members"]] == [member, other]
    assert normalized(ours, {arn_ours: "<graph>", first: "<admin>"}) == normalized(
        theirs, {arn_theirs: "<graph>", second: "<admin>"}
    )
    # Inviting them again is refused the same way by both, exactly.
    again = assert_same_json(
        cli, first, "create-members", "--graph-arn", arn_ours, "--accounts", *spec
    )
    assert again["Members"] == []
    assert [u["AccountId"] for u in again["UnprocessedAccounts"]] == [member, other]
    # JSON input gives the same as shorthand.
    as_json = json.dumps(
        [{"AccountId": member, "EmailAddress": email_of(member)}]
    )
    assert_same_json(cli, first, "create-members", "--graph-arn", arn_ours, "--accounts", as_json)


def test_list_and_get_calls_print_the_same(cli, accounts, detective, graphs):
    admin = accounts()
    client = detective(admin)
    arn = graphs.create(client, admin)
    members = accounts.many(5)
    client.create_members(
        GraphArn=arn,
        Accounts=[{"AccountId": m, "EmailAddress": email_of(m)} for m in members],
    )

    graphs_out = assert_same_json(cli, admin, "list-graphs")
    assert [g["Arn"] for g in graphs_out["GraphList"]] == [arn]

    listed = assert_same_json(cli, admin, "list-members", "--graph-arn", arn)
    assert [m["AccountId"] for m in listed["MemberDetails"]] == members
    assert "NextToken" not in listed

    # Pages of two, merged into one result by both.
    paged = assert_same_json(cli, admin, "list-members", "--graph-arn", arn, "--page-size", "2")
    assert paged == listed
    # Stopping after three items: the same items and the same resume token.
    truncated = assert_same_json(
        cli, admin, "list-members", "--graph-arn", arn, "--page-size", "2", "--max-items", "3"
    )
    assert [m["AccountId"] for m in truncated["MemberDetails"]] == members[:3]
    rest = assert_same_json(
        cli, admin, "list-members", "--graph-arn", arn, "--page-size", "2",
        "--starting-token", truncated["NextToken"],
    )
    assert [m["AccountId"] for m in rest["MemberDetails"]] == members[3:]
    # An explicit --max-results means one page, with the service's own token.
    one_page = assert_same_json(cli, admin, "list-members", "--graph-arn", arn, "--max-results", "2")
    assert len(one_page["MemberDetails"]) == 2 and one_page["NextToken"]

    stranger = accounts()
    got = assert_same_json(
        cli, admin, "get-members", "--graph-arn", arn, "--account-ids", members[0], members[1], stranger
    )
    assert [m["AccountId"] for m in got["MemberDetails"]] == members[:2]
    assert [u["AccountId"] for u in got["UnprocessedAccounts"]] == [stranger]

    invitations = assert_same_json(cli, members[0], "list-invitations")
    assert [i["GraphArn"] for i in invitations["Invitations"]] == [arn]

    queried = assert_same_json(
        cli, admin, "list-members", "--graph-arn", arn, "--query", "MemberDetails[].[AccountId, Status]"
    )
    assert queried == [[m, "INVITED"] for m in members]


def test_text_output_is_the_same(cli, accounts, detective, graphs):
    admin = accounts()
    client = detective(admin)
    arn = graphs.create(client, admin)
    member = accounts()
    client.create_members(
        GraphArn=arn, Accounts=[{"AccountId": member, "EmailAddress": email_of(member)}]
    )
    for args in (
        ("get-members", "--graph-arn", arn, "--account-ids", member, accounts()),
        ("list-members", "--graph-arn", arn),
        ("list-graphs",),
    ):
        ours, theirs = both(cli, admin, *args, output="text")
        assert ours.returncode == theirs.returncode == 0, (ours.stderr, theirs.stderr)
        assert ours.stdout == theirs.stdout, args


def test_service_errors_read_the_same(cli, accounts):
    admin = accounts()
    missing = f"arn:aws:detective:{REGION}:{admin}:graph:{'0' * 32}"
    ours, theirs = both(cli, admin, "delete-graph", "--graph-arn", missing)
    # AWS CLI v1 exits 255 for service errors, v2 (and detective) 254.
    assert ours.returncode == 254
    assert theirs.returncode in (254, 255)
    assert ours.stdout == theirs.stdout == ""
    line = [l for l in ours.stderr.splitlines() if l.startswith("An error occurred")]
    assert line and line[0].startswith(
        "An error occurred (ResourceNotFoundException) when calling the DeleteGraph operation: "
    ), ours.stderr
    assert line[0] in theirs.stderr.splitlines(), (ours.stderr, theirs.stderr)
