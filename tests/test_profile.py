"""Dataset profiles: variants' default usage is data, validated at load."""
from __future__ import annotations

import pytest

from models.profile import ProfileError, parse_profile


def test_a_test_set_variant_is_evaluated_by_default(profile):
    assert profile.usages["RFW"] == "evaluate"
    assert profile.usages["MS1MV2"] == "train"


def test_a_bad_default_usage_names_the_variant():
    raw = {"slug": "x", "name": "X", "variants": {"X-test": {"aliases": ["XT"], "usage": "deploy"}}}
    with pytest.raises(ProfileError, match="X-test.*deploy"):
        parse_profile(raw, source="x.yaml")
