"""`trustmesh webhooks` and `trustmesh lists`: real processes, one line per error."""

from __future__ import annotations

import json
import re

from tests.service.test_cli import env, run  # noqa: F401 (env is a fixture)
from tests.service.webhooks.receiver import Receiver


def test_webhook_commands_end_to_end(env: dict[str, str]) -> None:  # noqa: F811
    receiver = Receiver().start()
    try:
        added = run(["webhooks", "add", receiver.url, "--events", "account.band_changed",
                     "--by", "alice", "--parallel", "4"], env)  # fmt: skip
        assert added.returncode == 0, added.stderr
        sub_id, secret = added.stdout.split()[0], added.stdout.splitlines()[1]
        assert sub_id.startswith("wh_") and secret.startswith("whsec_")
        assert "shown once" in added.stderr
        listed = run(["webhooks", "list"], env)
        assert sub_id in listed.stdout and secret not in listed.stdout
        assert "(4 in flight, in order per account)" in listed.stdout
        assert run(["webhooks", "test", sub_id], env).returncode == 0
        delivered = run(["webhooks", "deliver", "--once"], env)
        assert delivered.returncode == 0 and "delivered 1," in delivered.stdout
        [call] = receiver.calls
        assert json.loads(call.body)["type"] == "webhook.test"
        assert run(["webhooks", "remove", sub_id], env).returncode == 0
        audit = run(["webhooks", "audit"], env).stdout
        assert re.search(r"alice\s+WEBHOOK_ADDED", audit) and "WEBHOOK_REMOVED" in audit
        assert secret not in audit
    finally:
        receiver.stop()
    bad = run(["webhooks", "add", "http://example.com/x", "--events", "account.band_changed"], env)
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "trustmesh: url: must be https (or http to localhost, for development)"
    )
    wrong = run(["webhooks", "add", "https://example.com/x", "--events", "band"], env)
    assert wrong.returncode == 2 and wrong.stderr.startswith("trustmesh: events: unknown band")
    gone = run(["webhooks", "remove", "wh_nope"], env)
    assert gone.returncode == 2 and "wh_nope: no such webhook" in gone.stderr


def test_list_commands_keep_valid_values_and_name_bad_ones(env: dict[str, str]) -> None:  # noqa: F811
    made = run(["lists", "create", "bad-phones", "--kind", "phone", "--effect", "deny",
                "--action", "block"], env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    added = run(["lists", "add", "bad-phones", "+351 912 345 678", "912", "--reason", "fraud",
                 "--expires", "2999-01-01"], env)  # fmt: skip
    assert added.returncode == 1  # finished, one value refused
    assert "added 1 value(s)" in added.stdout
    assert added.stderr.startswith("trustmesh: values[1]: give the number with its + country")
    shown = run(["lists", "show", "bad-phones"], env).stdout
    assert "912345678" not in shown.replace(" ", "") and "2999-01-01" in shown
    assert "deny -> BLOCK" in run(["lists", "list"], env).stdout
    assert run(["lists", "add", "nope", "x", "--reason", "r"], env).stderr.startswith(
        "trustmesh: nope: no such list"
    )
    assert "LIST_VALUES_ADDED" in run(["lists", "audit"], env).stdout
