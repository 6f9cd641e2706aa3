"""boto3 against `detective serve`: every operation, the errors boto3 surfaces, SigV4.

Each test uses accounts of its own (the `accounts` fixture) and deletes the
graphs it made (the `graphs` fixture), because all tests share one emulator.
"""

from __future__ import annotations

import datetime

import botocore
import pytest
from botocore.exceptions import ParamValidationError

from interop_support import (
    NAMED_KEY_ACCOUNT,
    NAMED_KEY_ID,
    NAMED_KEY_SECRET,
    OVERRIDDEN_ACCOUNT,
    OVERRIDDEN_SECRET,
    VERIFY_ACCOUNT,
    VERIFY_EMAIL,
    assert_graph_arn,
    email_of,
    expect_error,
    member_ids,
    raw_request,
    signed_request,
    signing_clock,
    unknown_graph_arn,
    unprocessed_ids,
)


def invite(client, graph_arn, account_ids, **kwargs):
    return client.create_members(
        GraphArn=graph_arn,
        Accounts=[{"AccountId": a, "EmailAddress": email_of(a)} for a in account_ids],
        **kwargs,
    )


def check_member_detail(detail, graph_arn, admin, account, status):
    assert detail["AccountId"] == account, detail
    assert detail["GraphArn"] == graph_arn, detail
    assert detail["AdministratorId"] == admin, detail
    assert detail["MasterId"] == admin, detail
    assert detail["Status"] == status, detail
    assert detail["InvitationType"] == "INVITATION", detail
    assert detail["EmailAddress"] == email_of(account), detail
    # boto3 parsed the timestamps, so they arrived in a form it understands.
    assert isinstance(detail["InvitedTime"], datetime.datetime), detail
    assert isinstance(detail["UpdatedTime"], datetime.datetime), detail
    assert detail["UpdatedTime"] >= detail["InvitedTime"], detail


def invitations_of(client):
    """All of the caller's invitations, by graph ARN (bounded page walk)."""
    found, token = {}, None
    for _ in range(100):
        kwargs = {"NextToken": token} if token else {}
        page = client.list_invitations(**kwargs)
        for invitation in page["Invitations"]:
            assert invitation["GraphArn"] not in found, invitation
            found[invitation["GraphArn"]] = invitation
        token = page.get("NextToken")
        if not token:
            return found
    raise AssertionError("list_invitations did not end within 100 pages")


# --------------------------------------------------------------------------
# The whole life of a graph, every operation, several accounts.
# --------------------------------------------------------------------------


def test_full_multi_account_workflow(detective, accounts, graphs):
    admin = accounts()
    m_accept, m_reject, m_leave_later, m_deleted = members = accounts.many(4)
    stranger = accounts()
    a = detective(admin)

    # CreateGraph, with tags; a second call is idempotent.
    arn = graphs.create(a, admin, Tags={"team": "interop", "env": "test"})
    assert a.create_graph(Tags={"other": "tags"})["GraphArn"] == arn
    graph_list = a.list_graphs()["GraphList"]
    assert [g["Arn"] for g in graph_list] == [arn]
    assert isinstance(graph_list[0]["CreatedTime"], datetime.datetime)
    assert "NextToken" not in a.list_graphs(MaxResults=1)

    # CreateMembers: the admin itself and a repeat go to UnprocessedAccounts.
    created = a.create_members(
        GraphArn=arn,
        Message="Please join the interop graph.",
        Accounts=[{"AccountId": m, "EmailAddress": email_of(m)} for m in members]
        + [
            {"AccountId": admin, "EmailAddress": email_of(admin)},
            {"AccountId": m_accept, "EmailAddress": email_of(m_accept)},
        ],
    )
    assert sorted(member_ids(created["Members"])) == sorted(members)
    for detail in created["Members"]:
        check_member_detail(detail, arn, admin, detail["AccountId"], "INVITED")
    assert sorted(unprocessed_ids(created)) == sorted([admin, m_accept])

    # Inviting a current member again changes nothing.
    again = invite(a, arn, [m_accept])
    assert again["Members"] == []
    assert unprocessed_ids(again) == [m_accept]

    # GetMembers: unknown accounts and the admin are unprocessed.
    got = a.get_members(GraphArn=arn, AccountIds=[m_accept, m_reject, stranger, admin])
    assert member_ids(got["MemberDetails"]) == [m_accept, m_reject]
    assert sorted(unprocessed_ids(got)) == sorted([stranger, admin])
    for detail in got["MemberDetails"]:
        check_member_detail(detail, arn, admin, detail["AccountId"], "INVITED")

    listed = a.list_members(GraphArn=arn)
    assert sorted(member_ids(listed["MemberDetails"])) == sorted(members)
    assert "NextToken" not in listed

    # ListInvitations, as each member.
    for m in members:
        invitations = detective(m).list_invitations()["Invitations"]
        assert len(invitations) == 1, invitations
        check_member_detail(invitations[0], arn, admin, m, "INVITED")
    assert detective(stranger).list_invitations()["Invitations"] == []
    assert a.list_invitations()["Invitations"] == []

    # AcceptInvitation: INVITED -> ENABLED; a second accept or a reject is a conflict.
    acceptor = detective(m_accept)
    assert acceptor.accept_invitation(GraphArn=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
    (enabled,) = a.get_members(GraphArn=arn, AccountIds=[m_accept])["MemberDetails"]
    check_member_detail(enabled, arn, admin, m_accept, "ENABLED")
    expect_error(lambda: acceptor.accept_invitation(GraphArn=arn), "ConflictException", 409)
    expect_error(lambda: acceptor.reject_invitation(GraphArn=arn), "ConflictException", 409)
    (invitation,) = acceptor.list_invitations()["Invitations"]
    assert invitation["Status"] == "ENABLED"

    # RejectInvitation: the membership is gone everywhere.
    rejecter = detective(m_reject)
    rejecter.reject_invitation(GraphArn=arn)
    assert m_reject not in member_ids(a.list_members(GraphArn=arn)["MemberDetails"])
    assert unprocessed_ids(a.get_members(GraphArn=arn, AccountIds=[m_reject])) == [m_reject]
    assert rejecter.list_invitations()["Invitations"] == []
    expect_error(lambda: rejecter.accept_invitation(GraphArn=arn), "ResourceNotFoundException", 404)
    expect_error(lambda: rejecter.reject_invitation(GraphArn=arn), "ResourceNotFoundException", 404)

    # DisassociateMembership: only from ENABLED; never by the administrator.
    expect_error(
        lambda: detective(m_leave_later).disassociate_membership(GraphArn=arn),
        "ConflictException",
        409,
    )
    expect_error(lambda: a.disassociate_membership(GraphArn=arn), "ConflictException", 409)
    expect_error(lambda: a.accept_invitation(GraphArn=arn), "ResourceNotFoundException", 404)
    acceptor.disassociate_membership(GraphArn=arn)
    assert acceptor.list_invitations()["Invitations"] == []
    expect_error(
        lambda: acceptor.disassociate_membership(GraphArn=arn), "ResourceNotFoundException", 404
    )

    # DeleteMembers: only current members are removed.
    deleted = a.delete_members(GraphArn=arn, AccountIds=[m_deleted, stranger, admin, m_accept])
    assert deleted["AccountIds"] == [m_deleted]
    assert sorted(unprocessed_ids(deleted)) == sorted([stranger, admin, m_accept])
    assert detective(m_deleted).list_invitations()["Invitations"] == []
    assert member_ids(a.list_members(GraphArn=arn)["MemberDetails"]) == [m_leave_later]

    # DeleteGraph: memberships go with it, every later call naming it is a 404.
    a.delete_graph(GraphArn=arn)
    assert a.list_graphs()["GraphList"] == []
    assert detective(m_leave_later).list_invitations()["Invitations"] == []
    for call in (
        lambda: a.delete_graph(GraphArn=arn),
        lambda: a.list_members(GraphArn=arn),
        lambda: a.get_members(GraphArn=arn, AccountIds=[m_leave_later]),
        lambda: invite(a, arn, [stranger]),
        lambda: a.delete_members(GraphArn=arn, AccountIds=[m_leave_later]),
        lambda: detective(m_leave_later).accept_invitation(GraphArn=arn),
    ):
        expect_error(call, "ResourceNotFoundException", 404)

    # The administrator may then create a new graph, with a new ARN.
    new_arn = graphs.create(a, admin)
    assert new_arn != arn
    assert [g["Arn"] for g in a.list_graphs()["GraphList"]] == [new_arn]


def test_graphs_are_per_account_and_per_region(detective, accounts, graphs):
    one, two = accounts.many(2)
    arn_one = graphs.create(detective(one), one)
    arn_two = graphs.create(detective(two), two)
    assert arn_one != arn_two
    assert [g["Arn"] for g in detective(one).list_graphs()["GraphList"]] == [arn_one]
    assert [g["Arn"] for g in detective(two).list_graphs()["GraphList"]] == [arn_two]

    # Another region of the same account has its own state.
    west = detective(one, region="eu-west-1")
    assert west.list_graphs()["GraphList"] == []
    arn_west = graphs.create(west, one)
    assert_graph_arn(arn_west, one, "eu-west-1")
    assert arn_west != arn_one
    assert [g["Arn"] for g in detective(one).list_graphs()["GraphList"]] == [arn_one]


def test_verification_failure_uses_the_credentials_file_email(detective, accounts, graphs):
    """credentials.toml gives 100000000001 the root e-mail verify-me@example.com."""
    admin, other_admin = accounts.many(2)
    a = detective(admin)
    arn = graphs.create(a, admin)
    created = a.create_members(
        GraphArn=arn,
        Accounts=[{"AccountId": VERIFY_ACCOUNT, "EmailAddress": "someone-else@example.com"}],
    )
    (detail,) = created["Members"]
    assert detail["AccountId"] == VERIFY_ACCOUNT
    assert detail["Status"] == "VERIFICATION_FAILED"
    # A failed verification is still a member (ListMembers shows every status) ...
    (listed,) = a.list_members(GraphArn=arn)["MemberDetails"]
    assert listed["Status"] == "VERIFICATION_FAILED"
    # ... but not an invitation the account can see or accept.
    member = detective(VERIFY_ACCOUNT)
    assert arn not in invitations_of(member)
    expect_error(lambda: member.accept_invitation(GraphArn=arn), "ConflictException", 409)

    # The right address verifies.
    b = detective(other_admin)
    other_arn = graphs.create(b, other_admin)
    (ok,) = b.create_members(
        GraphArn=other_arn,
        Accounts=[{"AccountId": VERIFY_ACCOUNT, "EmailAddress": VERIFY_EMAIL}],
    )["Members"]
    assert ok["Status"] == "INVITED"
    assert invitations_of(member)[other_arn]["Status"] == "INVITED"


# --------------------------------------------------------------------------
# Pagination, with boto3's paginators.
# --------------------------------------------------------------------------


def test_list_members_paginator_walks_135_members(detective, accounts, graphs):
    admin = accounts()
    a = detective(admin)
    arn = graphs.create(a, admin)
    members = accounts.many(135)
    for start in range(0, len(members), 50):  # at most 50 accounts per request
        created = invite(a, arn, members[start : start + 50])
        assert len(created["Members"]) == len(members[start : start + 50])
        assert created["UnprocessedAccounts"] == []

    paginator = a.get_paginator("list_members")
    pages = list(paginator.paginate(GraphArn=arn, PaginationConfig={"PageSize": 20}))
    sizes = [len(p["MemberDetails"]) for p in pages]
    assert sizes == [20] * 6 + [15], sizes
    assert all("NextToken" in p for p in pages[:-1])
    assert "NextToken" not in pages[-1]
    walked = [d["AccountId"] for p in pages for d in p["MemberDetails"]]
    assert len(walked) == len(set(walked)), "a member was listed twice"
    assert sorted(walked) == sorted(members), "a member was skipped"
    for p in pages:
        for d in p["MemberDetails"]:
            assert d["Status"] == "INVITED"

    # The order is stable: a second walk with another page size gives the same sequence.
    again = [
        d["AccountId"]
        for p in paginator.paginate(GraphArn=arn, PaginationConfig={"PageSize": 7})
        for d in p["MemberDetails"]
    ]
    assert again == walked

    # build_full_result, and MaxItems/StartingToken resuming in the middle of the walk.
    full = paginator.paginate(GraphArn=arn, PaginationConfig={"PageSize": 50}).build_full_result()
    assert [d["AccountId"] for d in full["MemberDetails"]] == walked
    first = paginator.paginate(
        GraphArn=arn, PaginationConfig={"PageSize": 30, "MaxItems": 45}
    ).build_full_result()
    rest = paginator.paginate(
        GraphArn=arn, PaginationConfig={"PageSize": 30, "StartingToken": first["NextToken"]}
    ).build_full_result()
    resumed = [d["AccountId"] for d in first["MemberDetails"] + rest["MemberDetails"]]
    assert resumed == walked

    # Defaults and limits of MaxResults: 100 by default, up to 200.
    default_page = a.list_members(GraphArn=arn)
    assert len(default_page["MemberDetails"]) == 100
    assert "NextToken" in default_page
    big_page = a.list_members(GraphArn=arn, MaxResults=200)
    assert len(big_page["MemberDetails"]) == 135
    assert "NextToken" not in big_page


def test_list_invitations_and_list_graphs_paginators(detective, accounts, graphs):
    member = accounts()
    admins = accounts.many(3)
    arns = []
    for admin in admins:
        client = detective(admin)
        arn = graphs.create(client, admin)
        invite(client, arn, [member])
        arns.append(arn)

    m = detective(member)
    pages = list(m.get_paginator("list_invitations").paginate(PaginationConfig={"PageSize": 1}))
    assert [len(p["Invitations"]) for p in pages] == [1, 1, 1]
    assert sorted(i["GraphArn"] for p in pages for i in p["Invitations"]) == sorted(arns)

    a = detective(admins[0])
    pages = list(a.get_paginator("list_graphs").paginate(PaginationConfig={"PageSize": 1}))
    assert [g["Arn"] for p in pages for g in p["GraphList"]] == [arns[0]]


def test_bad_pagination_tokens_are_validation_errors(detective, accounts, graphs):
    admin, member, other_admin = accounts.many(3)
    a = detective(admin)
    arn = graphs.create(a, admin)
    invite(a, arn, accounts.many(3))
    token = a.list_members(GraphArn=arn, MaxResults=1)["NextToken"]
    assert a.list_members(GraphArn=arn, MaxResults=1, NextToken=token)["MemberDetails"]

    b = detective(other_admin)
    other_arn = graphs.create(b, other_admin)
    invite(b, other_arn, accounts.many(2))

    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for call in (
        lambda: a.list_members(GraphArn=arn, NextToken=tampered),
        lambda: a.list_members(GraphArn=arn, NextToken="not-a-token"),
        # Issued for another operation, another caller, another graph.
        lambda: a.list_invitations(NextToken=token),
        lambda: a.list_graphs(NextToken=token),
        lambda: b.list_members(GraphArn=other_arn, NextToken=token),
    ):
        response = expect_error(call, "ValidationException", 400)
        assert response.get("ErrorCode") == "INVALID_REQUEST_BODY", response


# --------------------------------------------------------------------------
# Errors as boto3 surfaces them.
# --------------------------------------------------------------------------


def test_resource_not_found_is_404(detective, accounts):
    admin, member = accounts.many(2)
    a = detective(admin)
    missing = unknown_graph_arn(admin)
    for call in (
        lambda: a.delete_graph(GraphArn=missing),
        lambda: a.list_members(GraphArn=missing),
        lambda: a.get_members(GraphArn=missing, AccountIds=[member]),
        lambda: invite(a, missing, [member]),
        lambda: a.delete_members(GraphArn=missing, AccountIds=[member]),
        lambda: detective(member).accept_invitation(GraphArn=missing),
        lambda: detective(member).reject_invitation(GraphArn=missing),
        lambda: detective(member).disassociate_membership(GraphArn=missing),
    ):
        expect_error(call, "ResourceNotFoundException", 404)


def test_only_the_administrator_manages_a_graph(detective, accounts, graphs):
    admin, member, stranger = accounts.many(3)
    a = detective(admin)
    arn = graphs.create(a, admin)
    invite(a, arn, [member])
    for caller in (member, stranger):
        c = detective(caller)
        for call in (
            lambda: c.list_members(GraphArn=arn),
            lambda: c.get_members(GraphArn=arn, AccountIds=[member]),
            lambda: invite(c, arn, [stranger]),
            lambda: c.delete_members(GraphArn=arn, AccountIds=[member]),
            lambda: c.delete_graph(GraphArn=arn),
        ):
            expect_error(call, "AccessDeniedException", 403)
    # Nothing changed.
    assert member_ids(a.list_members(GraphArn=arn)["MemberDetails"]) == [member]
    assert [g["Arn"] for g in a.list_graphs()["GraphList"]] == [arn]


def test_conflicts_are_409(detective, accounts, graphs):
    admin, member = accounts.many(2)
    a = detective(admin)
    arn = graphs.create(a, admin)
    invite(a, arn, [member])
    m = detective(member)
    expect_error(lambda: m.disassociate_membership(GraphArn=arn), "ConflictException", 409)
    m.accept_invitation(GraphArn=arn)
    expect_error(lambda: m.accept_invitation(GraphArn=arn), "ConflictException", 409)
    expect_error(lambda: m.reject_invitation(GraphArn=arn), "ConflictException", 409)
    expect_error(lambda: a.disassociate_membership(GraphArn=arn), "ConflictException", 409)


def test_invalid_graph_arn_is_a_validation_error(detective, accounts):
    account = accounts()
    # botocore does not check patterns, so this reaches the service even with validation on.
    c = detective(account)
    response = expect_error(
        lambda: c.list_members(GraphArn="arn:aws:detective:us-east-1:123:graph:nope"),
        "ValidationException",
        400,
    )
    assert response["ErrorCode"] == "INVALID_GRAPH_ARN", response
    unchecked = detective(account, parameter_validation=False)
    for call in (
        lambda: unchecked.delete_graph(GraphArn="not-an-arn"),
        lambda: unchecked.accept_invitation(GraphArn=""),
        lambda: unchecked.get_members(GraphArn="x", AccountIds=[account]),
    ):
        response = expect_error(call, "ValidationException", 400)
        assert response["ErrorCode"] == "INVALID_GRAPH_ARN", response


def test_invalid_request_bodies_are_validation_errors(detective, accounts, graphs):
    admin, member = accounts.many(2)
    a = detective(admin)
    arn = graphs.create(a, admin)

    # botocore catches some of these itself ...
    with pytest.raises(ParamValidationError):
        a.list_members(GraphArn=arn, MaxResults=0)
    with pytest.raises(ParamValidationError):
        a.create_members(GraphArn=arn, Accounts=[])
    with pytest.raises(ParamValidationError):
        a.list_members()

    # ... so send them without client-side validation: the service refuses them too.
    unchecked = detective(admin, parameter_validation=False)
    good = {"AccountId": member, "EmailAddress": email_of(member)}
    for call in (
        lambda: unchecked.list_members(GraphArn=arn, MaxResults=0),
        lambda: unchecked.list_members(GraphArn=arn, MaxResults=201),
        lambda: unchecked.list_graphs(MaxResults="ten"),
        lambda: unchecked.create_members(GraphArn=arn, Accounts=[]),
        lambda: unchecked.create_members(GraphArn=arn, Accounts=[good] * 51),
        lambda: unchecked.create_members(
            GraphArn=arn, Accounts=[good, {"AccountId": "12345", "EmailAddress": "a@example.com"}]
        ),
        lambda: unchecked.create_members(
            GraphArn=arn, Accounts=[{"AccountId": member, "EmailAddress": "not-an-email"}]
        ),
        lambda: unchecked.create_members(GraphArn=arn, Accounts=[good], Message=""),
        lambda: unchecked.create_members(GraphArn=arn, Accounts=[good], Message="x" * 1001),
        lambda: unchecked.get_members(GraphArn=arn, AccountIds=[]),
        lambda: unchecked.delete_members(GraphArn=arn, AccountIds=["abcdefghijkl"]),
        lambda: unchecked.create_graph(Tags={"aws:reserved": "x"}),
        lambda: unchecked.create_graph(Tags={"k" * 129: "x"}),
        lambda: unchecked.create_graph(Tags={f"k{i}": "v" for i in range(51)}),
    ):
        response = expect_error(call, "ValidationException", 400)
        assert response["ErrorCode"] == "INVALID_REQUEST_BODY", response

    # A missing GraphArn breaks no pattern: the spec files "a missing required
    # member" under INVALID_REQUEST_BODY (INVALID_GRAPH_ARN is for a GraphArn
    # that breaks its pattern).
    for call in (
        lambda: unchecked.list_members(),
        lambda: unchecked.delete_members(AccountIds=[member]),
    ):
        response = expect_error(call, "ValidationException", 400)
        assert response["ErrorCode"] == "INVALID_REQUEST_BODY", response

    # A request that fails changes nothing: the good account of the refused request was not invited.
    assert a.list_members(GraphArn=arn)["MemberDetails"] == []
    assert detective(member).list_invitations()["Invitations"] == []


def test_raw_bodies_and_unknown_operations(endpoint, accounts):
    account = accounts()
    not_json = signed_request(endpoint, "POST", "/graphs/list", b"{not json", account)
    assert (not_json.status, not_json.error_type) == (400, "ValidationException")
    assert not_json.json().get("ErrorCode") == "INVALID_REQUEST_BODY", not_json.body
    not_object = signed_request(endpoint, "POST", "/graphs/list", b"[1, 2]", account)
    assert (not_object.status, not_object.error_type) == (400, "ValidationException")
    assert not_object.json().get("ErrorCode") == "INVALID_REQUEST_BODY", not_object.body
    # A GraphArn of the wrong JSON type is a body error, not an ARN error.
    wrong_type = signed_request(endpoint, "POST", "/graph/members/list", b'{"GraphArn": 7}', account)
    assert (wrong_type.status, wrong_type.error_type) == (400, "ValidationException")
    assert wrong_type.json().get("ErrorCode") == "INVALID_REQUEST_BODY", wrong_type.body
    bad_arn = signed_request(
        endpoint, "POST", "/graph/members/list", b'{"GraphArn": "arn:nope"}', account
    )
    assert (bad_arn.status, bad_arn.error_type) == (400, "ValidationException")
    assert bad_arn.json().get("ErrorCode") == "INVALID_GRAPH_ARN", bad_arn.body
    # An empty body is `{}`, unknown members are ignored.
    empty = signed_request(endpoint, "POST", "/graphs/list", b"", account)
    assert empty.status == 200, empty.body
    assert empty.json() == {"GraphList": []}
    extra = signed_request(endpoint, "POST", "/graphs/list", b'{"Surprise": 1}', account)
    assert extra.status == 200, extra.body

    unknown = signed_request(endpoint, "POST", "/no/such/operation", b"{}", account)
    assert (unknown.status, unknown.error_type) == (404, "UnknownOperationException")
    wrong_method = signed_request(endpoint, "GET", "/graphs/list", b"", account)
    assert (wrong_method.status, wrong_method.error_type) == (404, "UnknownOperationException")
    for response in (not_json, not_object, wrong_type, bad_arn, empty, extra, unknown, wrong_method):
        assert response.headers.get("x-amzn-requestid"), response.headers


def test_service_quota_exceeded_needs_a_small_member_quota():
    pytest.skip(
        "402 ServiceQuotaExceededException needs `detective serve --member-quota N`; "
        "cargo xtask interop starts the emulator with the default quota of 1,200 members"
    )


# --------------------------------------------------------------------------
# Signatures and credentials.
# --------------------------------------------------------------------------


def test_wrong_secret_is_an_invalid_signature(detective, accounts):
    account = accounts()
    expect_error(
        lambda: detective(account, secret="not-test").list_graphs(),
        "InvalidSignatureException",
        403,
    )
    # The same account with the right secret is fine.
    assert detective(account).list_graphs()["GraphList"] == []


def test_unknown_access_key_is_unrecognized(detective):
    for key in ("AKIAUNKNOWNINTEROP", "12345678901", "1234567890123"):
        expect_error(
            lambda: detective(access_key=key).list_graphs(), "UnrecognizedClientException", 403
        )


def test_named_key_acts_as_its_account(detective, graphs):
    named = detective(access_key=NAMED_KEY_ID, secret=NAMED_KEY_SECRET)
    arn = graphs.create(named, NAMED_KEY_ACCOUNT)
    # The account's own 12-digit key (secret `test`) sees the same graph.
    own = detective(NAMED_KEY_ACCOUNT)
    assert [g["Arn"] for g in own.list_graphs()["GraphList"]] == [arn]
    assert own.create_graph()["GraphArn"] == arn
    expect_error(
        lambda: detective(access_key=NAMED_KEY_ID, secret="test").list_graphs(),
        "InvalidSignatureException",
        403,
    )
    named.delete_graph(GraphArn=arn)
    assert own.list_graphs()["GraphList"] == []


def test_configured_secret_overrides_the_convention(detective):
    """credentials.toml gives the 12-digit key 100000000003 the secret `not-the-default`."""
    expect_error(
        lambda: detective(OVERRIDDEN_ACCOUNT).list_graphs(), "InvalidSignatureException", 403
    )
    client = detective(OVERRIDDEN_ACCOUNT, secret=OVERRIDDEN_SECRET)
    assert client.list_invitations()["Invitations"] == []


def test_unsigned_requests_are_refused(detective, endpoint):
    unsigned = detective(access_key="ignored", signature_version=botocore.UNSIGNED)
    expect_error(unsigned.list_graphs, "MissingAuthenticationTokenException", 403)
    expect_error(unsigned.create_graph, "MissingAuthenticationTokenException", 403)

    raw = raw_request(
        endpoint, "POST", "/graphs/list", b"{}", {"Content-Type": "application/json"}
    )
    assert raw.status == 403
    assert raw.error_type == "MissingAuthenticationTokenException", raw.headers
    assert raw.headers.get("x-amzn-requestid"), raw.headers
    body = raw.json()
    assert body.get("Message") or body.get("message"), body


def test_signing_scope_and_clock_are_checked(detective, endpoint, accounts, graphs):
    account = accounts()
    client = detective(account)
    arn = graphs.create(client, account)

    right = signed_request(endpoint, "POST", "/graphs/list", b"{}", account)
    assert right.status == 200, right.body
    assert [g["Arn"] for g in right.json()["GraphList"]] == [arn]
    wrong_service = signed_request(
        endpoint, "POST", "/graphs/list", b"{}", account, service="guardduty"
    )
    assert (wrong_service.status, wrong_service.error_type) == (403, "InvalidSignatureException")
    # A body changed after signing breaks the signature.
    tampered = signed_request(
        endpoint, "POST", "/graphs/list", b"{}", account, send_body=b'{"MaxResults": 5}'
    )
    assert (tampered.status, tampered.error_type) == (403, "InvalidSignatureException")

    # More than 15 minutes off either way is refused; 5 minutes is fine.
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    with signing_clock(now - datetime.timedelta(minutes=20)):
        expect_error(client.list_graphs, "InvalidSignatureException", 403)
    with signing_clock(now + datetime.timedelta(minutes=20)):
        expect_error(client.list_graphs, "InvalidSignatureException", 403)
    with signing_clock(now - datetime.timedelta(minutes=5)):
        assert [g["Arn"] for g in client.list_graphs()["GraphList"]] == [arn]


def test_request_ids_on_success_and_error(detective, accounts):
    """The `detective` fixture checks every response; this states it for boto3's metadata too."""
    account = accounts()
    c = detective(account)
    ok = c.list_graphs()["ResponseMetadata"]
    assert ok["RequestId"] and ok["RequestId"] == ok["HTTPHeaders"]["x-amzn-requestid"]
    err = expect_error(
        lambda: c.list_members(GraphArn=unknown_graph_arn(account)),
        "ResourceNotFoundException",
        404,
    )["ResponseMetadata"]
    assert err["RequestId"] and err["RequestId"] != ok["RequestId"]
    assert err["HTTPHeaders"]["x-amzn-errortype"].split(":")[0] == "ResourceNotFoundException"
