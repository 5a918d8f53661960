"""present.py: how values read on a page: names as the publish policy allows, language fallback,
and whether an inspection conclusion was published on time."""

import datetime as dt

import pytest

from site_builder import present
from site_builder.errors import SourceLocation
from site_builder.present import Compliance, person_name, pick, publication_compliance
from site_builder.records import Entity, Record
from site_builder.site import index_records
from site_builder.vocabularies import load_default_vocabularies

HERE = SourceLocation("content/data/x.yaml", 1)


def person(publish):
    return Entity("person", "p", {"id": "p", "name": "Nguyễn Thanh Liêm", "publish": publish}, HERE)


@pytest.mark.parametrize("policy, shown", [("full_name", "Nguyễn Thanh Liêm"), ("initials", "N. T. L."),
                                           ("not_named", "")])
def test_person_name_follows_the_publish_policy(policy, shown):
    assert person_name(person(policy)) == shown


def test_pick():
    assert pick({"vi": "Hà Nội", "en": "Hanoi"}, "en") == ("Hanoi", False)
    assert pick({"vi": "Hà Nội", "en": "Hanoi"}, "vi") == ("Hà Nội", False)
    assert pick({"vi": "Hà Nội"}, "en") == ("Hà Nội", True)
    assert pick({"vi": "Hà Nội"}, "vi") == ("Hà Nội", False)
    assert pick("1234/QĐ-UBND", "en") == ("1234/QĐ-UBND", False)
    assert pick(None, "en") == ("", False)


def inspection(signed, posted_on, posted_until=None, regime="state_inspection", grain="single"):
    publication = {"posted_on": posted_on} if posted_on else {}
    if posted_until:
        publication["posted_until"] = posted_until
    fields = {"regime": regime, "grain": grain, "conclusion": {"number": "1/KL", "signed": signed},
              "publication": publication}
    return Record("inspection_result", "i", fields, "", "", HERE, "content/inspections")


SIGNED = dt.date(2025, 2, 10)
TODAY = dt.date(2025, 6, 15)


def test_posted_on_day_ten_and_kept_fifteen_days_complies():
    result = publication_compliance(inspection(SIGNED, dt.date(2025, 2, 20), dt.date(2025, 3, 6)), TODAY)
    assert result == Compliance(days_to_publish=10, on_time=True, days_online=15, long_enough=True,
                                still_online=False)


def test_posted_on_day_eleven_is_late_and_fourteen_days_is_too_short():
    result = publication_compliance(inspection(SIGNED, dt.date(2025, 2, 21), dt.date(2025, 3, 6)), TODAY)
    assert result == Compliance(days_to_publish=11, on_time=False, days_online=14, long_enough=False,
                                still_online=False)


def test_still_online_counts_up_to_today():
    result = publication_compliance(inspection(SIGNED, dt.date(2025, 2, 12)), TODAY)
    assert result.still_online and result.on_time and result.days_to_publish == 2
    assert result.days_online == (TODAY - dt.date(2025, 2, 12)).days + 1
    assert result.long_enough


def test_posted_before_signing_is_not_on_time():
    assert not publication_compliance(inspection(SIGNED, dt.date(2025, 2, 9)), TODAY).on_time


def test_posted_until_before_posted_on_gives_no_online_days():
    result = publication_compliance(inspection(SIGNED, dt.date(2025, 2, 12), dt.date(2025, 2, 11)), TODAY)
    assert result.days_online is None and not result.long_enough


@pytest.mark.parametrize("record", [
    inspection(SIGNED, dt.date(2025, 2, 12), regime="party_inspection"),
    inspection(SIGNED, dt.date(2025, 2, 12), grain="aggregate"),
    inspection(SIGNED, None),
    Record("commendation", "c", {}, "", "", HERE, "content/commendations"),
])
def test_compliance_only_for_single_state_inspections_with_dates(record):
    assert publication_compliance(record, TODAY) is None


def test_ref_node_and_successors(make_config):
    entities = {
        "locality": [Entity("locality", "huyen", {"id": "huyen", "name": {"vi": "Huyện Đông Anh", "en": "Dong Anh"},
                                                  "successors": ["mid"]}, HERE),
                     Entity("locality", "mid", {"id": "mid", "name": {"vi": "Giữa"}, "successors": ["ha-noi"]}, HERE),
                     Entity("locality", "ha-noi", {"id": "ha-noi", "name": {"vi": "Hà Nội", "en": "Hanoi"}}, HERE)],
        "person": [person("not_named")],
    }
    site = index_records(make_config(), load_default_vocabularies(), [], entities, [])
    node = present.ref_node(site, "huyen", "en")
    assert (node.text, node.url) == ("Dong Anh", "/en/localities/huyen/")
    assert [(n.text, n.url) for n in node.notes] == [("Hanoi", "/en/localities/ha-noi/")]
    assert present.ref_node(site, "p", "vi") is None  # a person who is not named is not shown at all
    assert present.ref_node(site, "no-such-id", "vi") is None
