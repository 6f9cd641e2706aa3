"""boto3 against `detective serve`: the 18 operations added since the preview.

Tags (with the ARN percent-encoded into the path by botocore and the request
signed over that path), data source packages, StartMonitoringMember,
organizations and investigations, each with the outcomes and errors the AWS
documentation describes. Each test uses accounts of its own, or accounts the
credentials file reserves for it, and deletes the graphs it made, because all
tests share one emulator.
"""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError

from interop_support import (
    assert_graph_arn,
    email_of,
    expect_error,
    unknown_graph_arn,
    unprocessed_ids,
)

# Accounts of credentials.toml reserved for this file (see the comments there).
ORG_MANAGEMENT = "100000000010"
ORG_ADMIN = "100000000011"
ORG_MEMBERS = ["100000000012", "100000000013"]
BIG_MEMBERS = ["100000000020", "100000000021"]

UTC = datetime.timezone.utc


def invite(client, graph_arn, account_ids):
    return client.create_members(
        GraphArn=graph_arn,
        Accounts=[{"AccountId": a, "EmailAddress": email_of(a)} for a in account_ids],
    )


def capture_urls(client):
    """The URLs of the requests `client` sends from now on, as they go on the wire."""
    urls = []
    client.meta.events.register(
        "before-send.detective", lambda request, **_: urls.append(request.url)
    )
    return urls


# ---------------------------------------------------------------------- tags


def test_tags_round_trip_through_the_percent_encoded_arn_path(detective, accounts, graphs):
    admin = accounts()
    client = detective(admin)
    arn = graphs.create(client, admin, Tags={"Team": "Blue"})
    urls = capture_urls(client)

    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Team": "Blue"}
    response = client.tag_resource(ResourceArn=arn, Tags={"Env": "prod", "cost:center/eu": "42"})
    # 204: boto3 gets no members, only the metadata.
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert set(response) == {"ResponseMetadata"}
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
        "Team": "Blue",
        "Env": "prod",
        "cost:center/eu": "42",
    }
    response = client.untag_resource(ResourceArn=arn, TagKeys=["cost:center/eu", "Team", "absent"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Env": "prod"}

    # botocore put the ARN in the path as one segment, every ':' encoded, and the
    # keys in repeated tagKeys parameters; the emulator verified its signature over that.
    encoded = arn.replace(":", "%3A")
    assert all(f"/tags/{encoded}" in url for url in urls), urls
    assert "tagKeys=cost%3Acenter%2Feu&tagKeys=Team&tagKeys=absent" in urls[3], urls[3]


def test_tag_errors(detective, accounts, graphs):
    admin, other = accounts.many(2)
    client = detective(admin)
    arn = graphs.create(client, admin)
    missing = unknown_graph_arn(admin)
    expect_error(lambda: client.list_tags_for_resource(ResourceArn=missing), "ResourceNotFoundException", 404)
    expect_error(lambda: client.tag_resource(ResourceArn=missing, Tags={"a": "b"}), "ResourceNotFoundException", 404)
    expect_error(lambda: client.untag_resource(ResourceArn=missing, TagKeys=["a"]), "ResourceNotFoundException", 404)
    stranger = detective(other)
    expect_error(lambda: stranger.list_tags_for_resource(ResourceArn=arn), "AccessDeniedException", 403)
    expect_error(lambda: stranger.tag_resource(ResourceArn=arn, Tags={"a": "b"}), "AccessDeniedException", 403)
    expect_error(lambda: stranger.untag_resource(ResourceArn=arn, TagKeys=["a"]), "AccessDeniedException", 403)
    # Tag constraints the service enforces: no `aws:` prefix, at most 50 tags on a resource.
    expect_error(lambda: client.tag_resource(ResourceArn=arn, Tags={"aws:owner": "x"}), "ValidationException", 400)
    client.tag_resource(ResourceArn=arn, Tags={f"k{i:02}": "v" for i in range(30)})
    response = expect_error(
        lambda: client.tag_resource(ResourceArn=arn, Tags={f"n{i:02}": "v" for i in range(21)}),
        "ValidationException",
        400,
    )
    assert "50" in response["Error"]["Message"], response
    # The refused requests changed nothing.
    assert len(client.list_tags_for_resource(ResourceArn=arn)["Tags"]) == 30
    expect_error(
        lambda: client.list_tags_for_resource(ResourceArn="arn:aws:detective:us-east-1:123:graph:x"),
        "ValidationException",
        400,
    )


# -------------------------------------------------------------- data sources


def test_datasource_packages_and_member_ingest_history(detective, accounts, graphs):
    admin, member, stranger = accounts.many(3)
    client = detective(admin)
    arn = graphs.create(client, admin)

    packages = client.list_datasource_packages(GraphArn=arn)["DatasourcePackages"]
    assert {name: p["DatasourcePackageIngestState"] for name, p in packages.items()} == {
        "DETECTIVE_CORE": "STARTED",
        "EKS_AUDIT": "DISABLED",
        "ASFF_SECURITYHUB_FINDING": "DISABLED",
    }
    created = packages["EKS_AUDIT"]["LastIngestStateChange"]["DISABLED"]["Timestamp"]
    assert isinstance(created, datetime.datetime)

    # Paged one package at a time.
    seen, token = [], None
    for _ in range(10):
        kwargs = {"GraphArn": arn, "MaxResults": 1}
        if token:
            kwargs["NextToken"] = token
        page = client.list_datasource_packages(**kwargs)
        seen.extend(page["DatasourcePackages"])
        token = page.get("NextToken")
        if not token:
            break
    assert seen == ["DETECTIVE_CORE", "EKS_AUDIT", "ASFF_SECURITYHUB_FINDING"]

    invite(client, arn, [member])
    detective(member).accept_invitation(GraphArn=arn)
    client.update_datasource_packages(GraphArn=arn, DatasourcePackages=["EKS_AUDIT"])
    eks = client.list_datasource_packages(GraphArn=arn)["DatasourcePackages"]["EKS_AUDIT"]
    assert eks["DatasourcePackageIngestState"] == "STARTED"
    assert set(eks["LastIngestStateChange"]) == {"STARTED", "DISABLED"}

    response = client.batch_get_graph_member_datasources(GraphArn=arn, AccountIds=[member, stranger])
    assert unprocessed_ids(response) == [stranger]
    [history] = response["MemberDatasources"]
    assert history["AccountId"] == member and history["GraphArn"] == arn
    assert set(history["DatasourcePackageIngestHistory"]) == {"DETECTIVE_CORE", "EKS_AUDIT"}
    assert "STARTED" in history["DatasourcePackageIngestHistory"]["EKS_AUDIT"]

    mine = detective(member).batch_get_membership_datasources(GraphArns=[arn, unknown_graph_arn(admin)])
    assert [m["GraphArn"] for m in mine["MembershipDatasources"]] == [arn]
    assert [g["GraphArn"] for g in mine["UnprocessedGraphs"]] == [unknown_graph_arn(admin)]
    assert all(g.get("Reason") for g in mine["UnprocessedGraphs"])

    expect_error(lambda: detective(stranger).list_datasource_packages(GraphArn=arn), "AccessDeniedException", 403)
    expect_error(
        lambda: client.update_datasource_packages(GraphArn=unknown_graph_arn(admin), DatasourcePackages=["EKS_AUDIT"]),
        "ResourceNotFoundException",
        404,
    )
    expect_error(
        lambda: client.update_datasource_packages(GraphArn=arn, DatasourcePackages=["NOT_A_PACKAGE"]),
        "ValidationException",
        400,
    )
    expect_error(
        lambda: detective(member).batch_get_graph_member_datasources(GraphArn=arn, AccountIds=[member]),
        "AccessDeniedException",
        403,
    )


def test_start_monitoring_member_after_volume_frees_up(detective, accounts, graphs):
    admin = accounts()
    first, second = BIG_MEMBERS
    client = detective(admin)
    arn = graphs.create(client, admin)
    invite(client, arn, BIG_MEMBERS)
    detective(first).accept_invitation(GraphArn=arn)
    detective(second).accept_invitation(GraphArn=arn)
    details = {d["AccountId"]: d for d in client.get_members(GraphArn=arn, AccountIds=BIG_MEMBERS)["MemberDetails"]}
    assert details[first]["Status"] == "ENABLED"
    assert details[second]["Status"] == "ACCEPTED_BUT_DISABLED"
    assert details[second]["DisabledReason"] == "VOLUME_TOO_HIGH"

    # Still no room for 6 more TB: 402, and the member stays as it was.
    expect_error(
        lambda: client.start_monitoring_member(GraphArn=arn, AccountId=second),
        "ServiceQuotaExceededException",
        402,
    )
    expect_error(lambda: client.start_monitoring_member(GraphArn=arn, AccountId=first), "ConflictException", 409)
    expect_error(
        lambda: client.start_monitoring_member(GraphArn=arn, AccountId=accounts()),
        "ResourceNotFoundException",
        404,
    )
    client.delete_members(GraphArn=arn, AccountIds=[first])
    client.start_monitoring_member(GraphArn=arn, AccountId=second)
    [detail] = client.get_members(GraphArn=arn, AccountIds=[second])["MemberDetails"]
    assert detail["Status"] == "ENABLED"
    assert "DisabledReason" not in detail


# ------------------------------------------------------------- organizations


def test_organization_administrator_and_auto_enable(detective, graphs):
    management = detective(ORG_MANAGEMENT)
    # The emulator may have served an earlier run: start from no administrator.
    for admin in management.list_organization_admin_accounts()["Administrators"]:
        management.disable_organization_admin_account()

    for outsider in [ORG_ADMIN, ORG_MEMBERS[0]]:
        expect_error(
            lambda: detective(outsider).enable_organization_admin_account(AccountId=ORG_ADMIN),
            "AccessDeniedException",
            403,
        )
        expect_error(lambda: detective(outsider).list_organization_admin_accounts(), "AccessDeniedException", 403)
        expect_error(lambda: detective(outsider).disable_organization_admin_account(), "AccessDeniedException", 403)
    expect_error(
        lambda: management.enable_organization_admin_account(AccountId="100000000099"),
        "ValidationException",
        400,
    )

    management.enable_organization_admin_account(AccountId=ORG_ADMIN)
    [admin] = management.list_organization_admin_accounts()["Administrators"]
    assert admin["AccountId"] == ORG_ADMIN
    assert isinstance(admin["DelegationTime"], datetime.datetime)
    arn = admin["GraphArn"]
    assert_graph_arn(arn, ORG_ADMIN)
    delegated = detective(ORG_ADMIN)
    graphs.track(management, arn)  # only the management account can end it (below)
    assert [g["Arn"] for g in delegated.list_graphs()["GraphList"]] == [arn]

    assert delegated.describe_organization_configuration(GraphArn=arn)["AutoEnable"] is False
    expect_error(
        lambda: management.describe_organization_configuration(GraphArn=arn), "AccessDeniedException", 403
    )
    expect_error(
        lambda: delegated.delete_graph(GraphArn=arn), "ValidationException", 400
    )
    delegated.update_organization_configuration(GraphArn=arn, AutoEnable=True)
    assert delegated.describe_organization_configuration(GraphArn=arn)["AutoEnable"] is True

    members = delegated.list_members(GraphArn=arn)["MemberDetails"]
    assert sorted(m["AccountId"] for m in members) == sorted(ORG_MEMBERS + [ORG_MANAGEMENT])
    for member in members:
        assert member["Status"] == "ENABLED", member
        assert member["InvitationType"] == "ORGANIZATION", member
    by_id = {m["AccountId"]: m for m in members}
    assert by_id["100000000012"]["EmailAddress"] == "org-member-12@example.com"
    # The members see an enabled membership, with no invitation to accept.
    invitations = detective(ORG_MEMBERS[0]).list_invitations()["Invitations"]
    assert [(i["GraphArn"], i["Status"]) for i in invitations] == [(arn, "ENABLED")]

    delegated.update_organization_configuration(GraphArn=arn, AutoEnable=False)
    assert delegated.describe_organization_configuration(GraphArn=arn)["AutoEnable"] is False

    management.disable_organization_admin_account()
    assert management.list_organization_admin_accounts()["Administrators"] == []
    # Disabling the administrator deleted the organization graph.
    assert delegated.list_graphs()["GraphList"] == []
    expect_error(lambda: management.disable_organization_admin_account(), "ValidationException", 400)


# ------------------------------------------------------------ investigations


def test_investigation_lifecycle_and_indicators(detective, accounts, graphs):
    admin = accounts()
    client = detective(admin)
    arn = graphs.create(client, admin)
    role = f"arn:aws:iam::{admin}:role/Responder"
    user = f"arn:aws:iam::{admin}:user/alice"
    end = datetime.datetime.now(UTC).replace(microsecond=0)
    start = end - datetime.timedelta(days=1)

    role_id = client.start_investigation(GraphArn=arn, EntityArn=role, ScopeStartTime=start, ScopeEndTime=end)[
        "InvestigationId"
    ]
    assert len(role_id) == 21 and role_id.isdigit()
    user_id = client.start_investigation(GraphArn=arn, EntityArn=user, ScopeStartTime=start, ScopeEndTime=end)[
        "InvestigationId"
    ]
    got = client.get_investigation(GraphArn=arn, InvestigationId=role_id)
    assert got["EntityArn"] == role and got["EntityType"] == "IAM_ROLE"
    assert got["GraphArn"] == arn and got["InvestigationId"] == role_id
    assert got["ScopeStartTime"] == start and got["ScopeEndTime"] == end
    assert got["State"] == "ACTIVE"
    # `detective serve` runs investigations with no delay unless told otherwise.
    assert got["Status"] == "SUCCESSFUL"
    assert got["Severity"] in {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
    assert client.get_investigation(GraphArn=arn, InvestigationId=user_id)["EntityType"] == "IAM_USER"

    client.update_investigation_state(GraphArn=arn, InvestigationId=user_id, State="ARCHIVED")
    listed = client.list_investigations(
        GraphArn=arn, SortCriteria={"Field": "CREATED_TIME", "SortOrder": "ASC"}
    )["InvestigationDetails"]
    assert [i["InvestigationId"] for i in listed] == [role_id, user_id]
    archived = client.list_investigations(GraphArn=arn, FilterCriteria={"State": {"Value": "ARCHIVED"}})
    assert [i["InvestigationId"] for i in archived["InvestigationDetails"]] == [user_id]
    by_entity = client.list_investigations(GraphArn=arn, FilterCriteria={"EntityArn": {"Value": role}})
    assert [i["InvestigationId"] for i in by_entity["InvestigationDetails"]] == [role_id]
    page = client.list_investigations(GraphArn=arn, MaxResults=1)
    assert len(page["InvestigationDetails"]) == 1 and page["NextToken"]
    rest = client.list_investigations(GraphArn=arn, MaxResults=1, NextToken=page["NextToken"])
    assert len(rest["InvestigationDetails"]) == 1 and "NextToken" not in rest

    indicators = client.list_indicators(GraphArn=arn, InvestigationId=role_id)
    assert indicators["GraphArn"] == arn and indicators["InvestigationId"] == role_id
    kinds = [i["IndicatorType"] for i in indicators["Indicators"]]
    assert kinds, "the built-in indicators"
    ttps = client.list_indicators(GraphArn=arn, InvestigationId=role_id, IndicatorType="TTP_OBSERVED")["Indicators"]
    assert ttps and all(i["IndicatorType"] == "TTP_OBSERVED" for i in ttps)
    assert all("TTPsObservedDetail" in i["IndicatorDetail"] for i in ttps)
    assert len(ttps) == kinds.count("TTP_OBSERVED")


def test_investigation_errors(detective, accounts, graphs):
    admin, other = accounts.many(2)
    client = detective(admin)
    arn = graphs.create(client, admin)
    role = f"arn:aws:iam::{admin}:role/Responder"
    end = datetime.datetime.now(UTC)
    start = end - datetime.timedelta(hours=1)
    # The scope must start before it ends; the entity must be an IAM user or role.
    expect_error(
        lambda: client.start_investigation(GraphArn=arn, EntityArn=role, ScopeStartTime=end, ScopeEndTime=start),
        "ValidationException",
        400,
    )
    expect_error(
        lambda: client.start_investigation(
            GraphArn=arn, EntityArn=f"arn:aws:iam::{admin}:group/Admins", ScopeStartTime=start, ScopeEndTime=end
        ),
        "ValidationException",
        400,
    )
    assert client.list_investigations(GraphArn=arn)["InvestigationDetails"] == []
    expect_error(
        lambda: client.start_investigation(
            GraphArn=unknown_graph_arn(admin), EntityArn=role, ScopeStartTime=start, ScopeEndTime=end
        ),
        "ResourceNotFoundException",
        404,
    )
    expect_error(
        lambda: detective(other).start_investigation(GraphArn=arn, EntityArn=role, ScopeStartTime=start, ScopeEndTime=end),
        "AccessDeniedException",
        403,
    )
    unknown = "9" * 21
    expect_error(lambda: client.get_investigation(GraphArn=arn, InvestigationId=unknown), "ResourceNotFoundException", 404)
    expect_error(lambda: client.list_indicators(GraphArn=arn, InvestigationId=unknown), "ResourceNotFoundException", 404)
    expect_error(
        lambda: client.update_investigation_state(GraphArn=arn, InvestigationId=unknown, State="ARCHIVED"),
        "ResourceNotFoundException",
        404,
    )
    # botocore checks the length (21); the digits-only pattern is the service's to check.
    expect_error(
        lambda: client.get_investigation(GraphArn=arn, InvestigationId="1234567890abcdefghijk"),
        "ValidationException",
        400,
    )
    expect_error(
        lambda: client.list_investigations(GraphArn=arn, SortCriteria={"Field": "NAME"}), "ValidationException", 400
    )


def test_every_new_operation_is_in_botocore_and_answered(detective, accounts, graphs):
    """boto3 knows all 29 operations, and none of the 18 new ones is 'not implemented'."""
    admin = accounts()
    client = detective(admin)
    names = client.meta.service_model.operation_names
    assert len(names) == 29, names
    arn = graphs.create(client, admin)
    calls = {
        "TagResource": lambda: client.tag_resource(ResourceArn=arn, Tags={"a": "b"}),
        "UntagResource": lambda: client.untag_resource(ResourceArn=arn, TagKeys=["a"]),
        "ListTagsForResource": lambda: client.list_tags_for_resource(ResourceArn=arn),
        "ListDatasourcePackages": lambda: client.list_datasource_packages(GraphArn=arn),
        "UpdateDatasourcePackages": lambda: client.update_datasource_packages(
            GraphArn=arn, DatasourcePackages=["ASFF_SECURITYHUB_FINDING"]
        ),
        "BatchGetGraphMemberDatasources": lambda: client.batch_get_graph_member_datasources(
            GraphArn=arn, AccountIds=[admin]
        ),
        "BatchGetMembershipDatasources": lambda: client.batch_get_membership_datasources(GraphArns=[arn]),
        "StartMonitoringMember": lambda: client.start_monitoring_member(GraphArn=arn, AccountId=accounts()),
        "EnableOrganizationAdminAccount": lambda: client.enable_organization_admin_account(AccountId=admin),
        "DisableOrganizationAdminAccount": lambda: client.disable_organization_admin_account(),
        "ListOrganizationAdminAccounts": lambda: client.list_organization_admin_accounts(),
        "DescribeOrganizationConfiguration": lambda: client.describe_organization_configuration(GraphArn=arn),
        "UpdateOrganizationConfiguration": lambda: client.update_organization_configuration(GraphArn=arn),
        "StartInvestigation": lambda: client.start_investigation(
            GraphArn=arn,
            EntityArn=f"arn:aws:iam::{admin}:user/u",
            ScopeStartTime=datetime.datetime(2026, 1, 1, tzinfo=UTC),
            ScopeEndTime=datetime.datetime(2026, 1, 2, tzinfo=UTC),
        ),
        "GetInvestigation": lambda: client.get_investigation(GraphArn=arn, InvestigationId="0" * 21),
        "ListInvestigations": lambda: client.list_investigations(GraphArn=arn),
        "ListIndicators": lambda: client.list_indicators(GraphArn=arn, InvestigationId="0" * 21),
        "UpdateInvestigationState": lambda: client.update_investigation_state(
            GraphArn=arn, InvestigationId="0" * 21, State="ACTIVE"
        ),
    }
    assert len(calls) == 18 and set(calls) <= set(names)
    for name, call in calls.items():
        try:
            call()
        except ClientError as e:
            # An outsider of the organization, an unknown member or investigation: a modeled error.
            code = e.response["Error"]["Code"]
            errors = {s.name for s in client.meta.service_model.operation_model(name).error_shapes}
            assert code in errors, (name, e.response)
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] != 501, (name, e.response)
