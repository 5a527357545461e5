"""One masking of an address, on the pages, in the API, the logs and the privacy audit."""

import pytest

from config.masking import mask_email


@pytest.mark.parametrize(
    "address, masked",
    [
        ("leyla@example.org", "l***@e***.org"),
        ("a@b.co.uk", "a***@b***.uk"),
        ("leyla@localhost", "l***@l***"),
    ],
)
def test_a_masked_address_shows_only_first_letters_and_the_top_level_domain(address, masked):
    assert mask_email(address) == masked
