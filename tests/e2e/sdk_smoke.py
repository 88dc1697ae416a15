"""Smoke test of the Python SDK generated from the live spec (no hand edits): log in through
/login/token.php, call site info, create and fetch a user, and get a typed 403 error."""
import json
import os
import urllib.parse
import urllib.request

import lmsgate_client
from lmsgate_client.exceptions import ForbiddenException

BASE = os.environ["BASE"]
USERNAME = f"sdkpython{os.getpid()}"


def login(username: str, password: str, service: str) -> str:
    query = urllib.parse.urlencode({"username": username, "password": password, "service": service})
    with urllib.request.urlopen(f"{BASE}/login/token.php?{query}") as res:
        answer = json.load(res)
    assert "token" in answer, answer
    return answer["token"]


def client(token: str) -> lmsgate_client.ApiClient:
    return lmsgate_client.ApiClient(lmsgate_client.Configuration(host=f"{BASE}/api/v1", access_token=token))


admin = login("admin", os.environ["LMSGATE_ADMIN_PASSWORD"], "all_functions")
with client(admin) as api:
    info = lmsgate_client.CoreWebserviceApi(api).core_webservice_get_site_info(
        lmsgate_client.CoreWebserviceGetSiteInfoParams()
    )
    assert info.username == "admin" and info.sitename, info
    users = lmsgate_client.CoreUserApi(api)
    created = users.core_user_create_users(
        lmsgate_client.CoreUserCreateUsersParams(
            users=[
                lmsgate_client.CoreUserCreateUsersUser(
                    username=USERNAME, password="Sdk-pass-1", firstname="Sdk", lastname="Python",
                    email=f"{USERNAME}@example.org",
                )
            ]
        )
    )
    found = users.core_user_get_users_by_field(
        lmsgate_client.CoreUserGetUsersByFieldParams(field="id", values=[str(created[0].id)])
    )
    assert [u.username for u in found] == [USERNAME], found

# The new user's mobile token may not create users: a typed 403 with the error body.
with client(login(USERNAME, "Sdk-pass-1", "moodle_mobile_app")) as api:
    try:
        lmsgate_client.CoreUserApi(api).core_user_create_users(
            lmsgate_client.CoreUserCreateUsersParams(
                users=[
                    lmsgate_client.CoreUserCreateUsersUser(
                        username="intruder", createpassword=True, firstname="I", lastname="N",
                        email="intruder@example.org",
                    )
                ]
            )
        )
        raise AssertionError("expected 403")
    except ForbiddenException as e:
        error = e.data if isinstance(e.data, lmsgate_client.ErrorBody) else lmsgate_client.ErrorBody.from_json(e.body)
        assert e.status == 403 and error.errorcode == "accessexception", (e.status, e.body)

print(f"python SDK: site {info.sitename!r}, user {created[0].id} created and fetched, 403 {error.errorcode}")
