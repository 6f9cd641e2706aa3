"""Helpers shared by the interop tests (fixtures live in conftest.py).

Nothing here keeps state between tests: accounts come from `AccountAllocator`
(a fresh 12-digit id per call), clients from the `detective` fixture.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import re
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Optional
from unittest import mock

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from botocore.exceptions import ClientError

REGION = "us-east-1"
DEFAULT_SECRET = "test"
HERE = os.path.dirname(os.path.abspath(__file__))
# Extra botocore data: paginator definitions for ListGraphs, ListInvitations
# and ListMembers. botocore ships `{"pagination": {}}` for Detective, so
# `client.get_paginator("list_members")` only works with this on the data path.
BOTOCORE_DATA = os.path.join(HERE, "botocore-data")

GRAPH_ARN = re.compile(r"^arn:aws:detective:([-a-z0-9]+):(\d{12}):graph:[0-9a-f]{32}$")
REQUEST_TIMEOUT = 30  # seconds, for raw HTTP requests

# Accounts and keys of credentials.toml (see the comments there).
VERIFY_ACCOUNT = "100000000001"
VERIFY_EMAIL = "verify-me@example.com"
NAMED_KEY_ACCOUNT = "100000000002"
NAMED_KEY_ID = "AKIAINTEROPNAMED"
NAMED_KEY_SECRET = "named-key-secret"
OVERRIDDEN_ACCOUNT = "100000000003"
OVERRIDDEN_SECRET = "not-the-default"
CLI_MEMBER_ACCOUNT = "100000000004"
CLI_MEMBER_EMAIL = "cli-member@example.com"


class AccountAllocator:
    """Hands out 12-digit account ids no other test (and no earlier run on the same emulator) uses.

    Ids are `7` + a 5-digit run nonce + a 6-digit counter: the credentials
    file's accounts start with `1`, so they never collide.
    """

    def __init__(self) -> None:
        self._run = random.SystemRandom().randrange(100_000)
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        n = next(self._counter)
        assert n < 1_000_000, "account counter exhausted"
        account = f"7{self._run:05d}{n:06d}"
        assert len(account) == 12 and account.isdigit()
        return account

    def many(self, count: int) -> list[str]:
        return [self() for _ in range(count)]


def email_of(account: str) -> str:
    return f"root+{account}@example.com"


def assert_graph_arn(arn: str, account: str, region: str = REGION) -> None:
    m = GRAPH_ARN.match(arn)
    assert m, f"not a graph ARN: {arn!r}"
    assert m.group(1) == region, arn
    assert m.group(2) == account, arn


def unknown_graph_arn(account: str, region: str = REGION) -> str:
    """A well-formed ARN of a graph that does not exist."""
    return f"arn:aws:detective:{region}:{account}:graph:{'0' * 32}"


def expect_error(
    call: Callable[[], object], code: str, status: int
) -> Mapping[str, object]:
    """Runs `call`, which must fail with service error `code` and HTTP `status`; returns `e.response`."""
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    assert response["Error"]["Code"] == code, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status, response
    assert response["Error"].get("Message"), f"error without a message: {response}"
    assert response["ResponseMetadata"].get("RequestId"), response
    return response


def unprocessed_ids(response: Mapping[str, object]) -> list[str]:
    entries = response.get("UnprocessedAccounts", [])
    for entry in entries:
        assert entry.get("Reason"), f"unprocessed account without a reason: {entry}"
    return [entry["AccountId"] for entry in entries]


def member_ids(details: list) -> list[str]:
    return [d["AccountId"] for d in details]


@dataclass
class RawResponse:
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}

    @property
    def error_type(self) -> str:
        # The header may carry a `:suffix` (spec); strip it as clients do.
        return self.headers.get("x-amzn-errortype", "").split(":", 1)[0]


def raw_request(
    endpoint: str,
    method: str,
    path: str,
    body: bytes = b"{}",
    headers: Optional[Mapping[str, str]] = None,
) -> RawResponse:
    """One HTTP request as given (no signing); 4xx/5xx answers are returned, not raised."""
    request = urllib.request.Request(
        endpoint.rstrip("/") + path, data=body if method != "GET" else None, method=method
    )
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            return RawResponse(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        with error:
            return RawResponse(
                error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
            )


@contextmanager
def signing_clock(at: datetime.datetime) -> Iterator[None]:
    """Makes botocore's SigV4 signer believe the time is `at` (naive UTC, as botocore uses)."""
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=at):
        yield


def signed_request(
    endpoint: str,
    method: str,
    path: str,
    body: bytes = b"{}",
    access_key: str = "000000000000",
    secret: str = DEFAULT_SECRET,
    region: str = REGION,
    service: str = "detective",
    send_body: Optional[bytes] = None,
) -> RawResponse:
    """A request SigV4-signed with botocore's signer, sent with urllib.

    `send_body`, if given, is sent instead of the signed `body` (a tampered request).
    """
    url = endpoint.rstrip("/") + path
    request = botocore.awsrequest.AWSRequest(
        method=method,
        url=url,
        data=body,
        headers={"Content-Type": "application/json"},
    )
    credentials = botocore.credentials.Credentials(access_key, secret)
    botocore.auth.SigV4Auth(credentials, service, region).add_auth(request)
    prepared = request.prepare()
    sent = body if send_body is None else send_body
    # urllib sets Content-Length from what it sends (it is not a signed header).
    headers = {k: v for k, v in prepared.headers.items() if k.lower() != "content-length"}
    return raw_request(endpoint, method, path, sent, headers)
