"""The AWS CLI (`aws detective ...`) against `detective serve`.

`cargo xtask interop` puts the virtualenv's `aws` first on PATH. Each call
gets its credentials through AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and no
configuration files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from interop_support import (
    CLI_MEMBER_ACCOUNT,
    CLI_MEMBER_EMAIL,
    DEFAULT_SECRET,
    REGION,
    assert_graph_arn,
)

CLI_TIMEOUT = 120  # seconds per command


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    def json(self):
        assert self.returncode == 0, f"aws exited {self.returncode}: {self.stderr}"
        return json.loads(self.stdout) if self.stdout.strip() else {}


@pytest.fixture(scope="module")
def aws_cli():
    path = shutil.which("aws")
    if path is None:
        pytest.fail(
            "`aws` is not on PATH; `cargo xtask interop` installs awscli into .venv "
            "and puts .venv/bin first on PATH",
            pytrace=False,
        )
    version = subprocess.run(
        [path, "--version"], capture_output=True, text=True, timeout=CLI_TIMEOUT
    )
    text = (version.stdout + version.stderr).strip()
    m = re.match(r"aws-cli/(\d+)\.", text)
    assert m, f"unexpected `aws --version` output: {text!r}"
    return path, int(m.group(1))


@pytest.fixture
def aws(aws_cli, endpoint):
    """`aws(account, "detective", "list-graphs", ...)` runs the CLI acting as `account`."""
    path, _major = aws_cli

    def run(account: str, *args: str, secret: str = DEFAULT_SECRET) -> CliResult:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ACCESS_KEY_ID=account,
            AWS_SECRET_ACCESS_KEY=secret,
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            AWS_EC2_METADATA_DISABLED="true",
            AWS_PAGER="",
        )
        completed = subprocess.run(
            [path, "--endpoint-url", endpoint, "--region", REGION, "--output", "json", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=CLI_TIMEOUT,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run


def service_error_exit_code(major: int) -> int:
    # AWS CLI v2 exits 254 when the service answers with an error; v1 exits 255
    # (v1 has no separate code for service errors).
    return 254 if major >= 2 else 255


def test_aws_cli_happy_path(aws, accounts):
    admin = accounts()
    member = CLI_MEMBER_ACCOUNT  # credentials.toml gives it the root e-mail used below
    arn = aws(admin, "detective", "create-graph", "--tags", "team=interop").json()["GraphArn"]
    assert_graph_arn(arn, admin)
    try:
        graphs = aws(admin, "detective", "list-graphs").json()["GraphList"]
        assert [g["Arn"] for g in graphs] == [arn]

        created = aws(
            admin,
            "detective",
            "create-members",
            "--graph-arn",
            arn,
            "--accounts",
            f"AccountId={member},EmailAddress={CLI_MEMBER_EMAIL}",
            "--message",
            "Join the CLI interop graph.",
        ).json()
        assert [m["AccountId"] for m in created["Members"]] == [member]
        assert created["Members"][0]["Status"] == "INVITED"
        assert created["UnprocessedAccounts"] == []

        listed = aws(admin, "detective", "list-members", "--graph-arn", arn).json()
        assert [m["AccountId"] for m in listed["MemberDetails"]] == [member]
        assert listed["MemberDetails"][0]["EmailAddress"] == CLI_MEMBER_EMAIL

        got = aws(
            admin, "detective", "get-members", "--graph-arn", arn, "--account-ids", member
        ).json()
        assert [m["AccountId"] for m in got["MemberDetails"]] == [member]
        assert got["MemberDetails"][0]["AdministratorId"] == admin
        assert got["UnprocessedAccounts"] == []

        invitations = aws(member, "detective", "list-invitations").json()["Invitations"]
        mine = [i for i in invitations if i["GraphArn"] == arn]
        assert len(mine) == 1 and mine[0]["Status"] == "INVITED", invitations

        accepted = aws(member, "detective", "accept-invitation", "--graph-arn", arn)
        assert accepted.returncode == 0, accepted.stderr
        status = aws(
            admin, "detective", "get-members", "--graph-arn", arn, "--account-ids", member
        ).json()["MemberDetails"][0]["Status"]
        assert status == "ENABLED"
        invitations = aws(member, "detective", "list-invitations").json()["Invitations"]
        assert [i["Status"] for i in invitations if i["GraphArn"] == arn] == ["ENABLED"]

        deleted = aws(
            admin, "detective", "delete-members", "--graph-arn", arn, "--account-ids", member
        ).json()
        assert deleted["AccountIds"] == [member]
        assert deleted["UnprocessedAccounts"] == []
        assert aws(admin, "detective", "list-members", "--graph-arn", arn).json()[
            "MemberDetails"
        ] == []
    finally:
        # Always remove the graph: its membership of 100000000004 must not outlive the test.
        aws(admin, "detective", "delete-graph", "--graph-arn", arn)
    assert aws(admin, "detective", "list-graphs").json()["GraphList"] == []


def test_aws_cli_service_errors(aws, aws_cli, accounts):
    _path, major = aws_cli
    admin = accounts()
    missing = f"arn:aws:detective:{REGION}:{admin}:graph:{'0' * 32}"
    result = aws(admin, "detective", "delete-graph", "--graph-arn", missing)
    assert result.returncode == service_error_exit_code(major), result
    assert "ResourceNotFoundException" in result.stderr, result.stderr
    assert "DeleteGraph" in result.stderr, result.stderr
    assert result.stdout.strip() == ""

    result = aws(admin, "detective", "list-graphs", secret="wrong-secret")
    assert result.returncode == service_error_exit_code(major), result
    assert "InvalidSignatureException" in result.stderr, result.stderr
