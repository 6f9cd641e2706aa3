"""Fixtures for the interop tests: boto3 and the AWS CLI against `detective serve`.

`cargo xtask interop` starts the emulator with
`--credentials-file tests/interop/credentials.toml` and passes its URL in
DETECTIVE_ENDPOINT. All tests share that one emulator, so every test works
with accounts of its own (the `accounts` fixture) and deletes the graphs it
creates (the `graphs` fixture).
"""

from __future__ import annotations

import os
from typing import Callable, Optional

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from interop_support import (
    BOTOCORE_DATA,
    DEFAULT_SECRET,
    REGION,
    AccountAllocator,
    assert_graph_arn,
)

# Keep a developer's own AWS configuration out of the tests when pytest is run by hand.
os.environ.setdefault("AWS_CONFIG_FILE", os.devnull)
os.environ.setdefault("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
os.environ.pop("AWS_PROFILE", None)
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


@pytest.fixture(scope="session")
def endpoint() -> str:
    url = os.environ.get("DETECTIVE_ENDPOINT", "").strip()
    if not url:
        pytest.fail(
            "DETECTIVE_ENDPOINT is not set. Run `cargo xtask interop`, or start "
            "`target/debug/detective serve --port 0 --credentials-file tests/interop/credentials.toml` "
            "and set DETECTIVE_ENDPOINT to the URL it prints (http://127.0.0.1:PORT).",
            pytrace=False,
        )
    if not url.startswith(("http://", "https://")):
        pytest.fail(f"DETECTIVE_ENDPOINT must be an http(s) URL, got {url!r}", pytrace=False)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def boto3_session() -> boto3.session.Session:
    """One boto3 session for all clients, with the paginator definitions of botocore-data/.

    Setting `data_path` is what AWS_DATA_PATH does: botocore looks there before its own data.
    """
    core = botocore.session.get_session()
    core.set_config_variable("data_path", BOTOCORE_DATA)
    return boto3.session.Session(botocore_session=core)


@pytest.fixture(scope="session")
def accounts() -> AccountAllocator:
    """`accounts()` is a 12-digit account id no other test uses; `accounts.many(n)` gives n."""
    return AccountAllocator()


ClientFactory = Callable[..., object]


@pytest.fixture
def detective(endpoint: str, boto3_session: boto3.session.Session):
    """`detective(account)` is a boto3 Detective client acting as `account` (secret `test`).

    Keywords: `secret`, `access_key` (instead of the account id), `region`,
    and any `botocore.config.Config` option (`parameter_validation=False`,
    `signature_version=botocore.UNSIGNED`...).

    Every response a client made here receives (successes and errors) must
    carry a fresh `x-amzn-RequestId`; that is checked when the test ends.
    """
    seen_ids: list[str] = []
    missing: list[str] = []

    def record(http_response, model, **_kwargs) -> None:
        request_id = http_response.headers.get("x-amzn-RequestId")
        if request_id:
            seen_ids.append(request_id)
        else:
            missing.append(f"{model.name} -> HTTP {http_response.status_code}")

    def make(
        account: Optional[str] = None,
        *,
        secret: str = DEFAULT_SECRET,
        access_key: Optional[str] = None,
        region: str = REGION,
        **config,
    ):
        key = access_key if access_key is not None else account
        assert key, "give an account or an access_key"
        config.setdefault("retries", {"total_max_attempts": 1})
        config.setdefault("connect_timeout", 5)
        config.setdefault("read_timeout", 30)
        client = boto3_session.client(
            "detective",
            region_name=region,
            endpoint_url=endpoint,
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            config=Config(**config),
        )
        client.meta.events.register("after-call.detective", record)
        return client

    yield make
    assert not missing, f"responses without x-amzn-RequestId: {missing}"
    assert len(set(seen_ids)) == len(seen_ids), f"request ids repeat: {seen_ids}"


class Graphs:
    """Creates graphs and deletes them when the test ends (whatever happened to them)."""

    def __init__(self) -> None:
        self._created: list[tuple[object, str]] = []

    def create(self, client, account: str, **kwargs) -> str:
        arn = client.create_graph(**kwargs)["GraphArn"]
        assert_graph_arn(arn, account, client.meta.region_name)
        self.track(client, arn)
        return arn

    def track(self, client, arn: str) -> None:
        self._created.append((client, arn))

    def cleanup(self) -> None:
        for client, arn in reversed(self._created):
            try:
                client.delete_graph(GraphArn=arn)
            except ClientError as e:
                if e.response["Error"]["Code"] != "ResourceNotFoundException":
                    raise


@pytest.fixture
def graphs():
    tracker = Graphs()
    yield tracker
    tracker.cleanup()
