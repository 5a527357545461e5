"""Signals that other apps answer, so that petitions need not know them.

The rights of the person (services/personal_data.py) cover everything held about a mailbox,
news emails included: the news app answers these with what it holds. A withdrawal and the
retention end what other apps hold on a signature's strength the same way.
"""

from django.dispatch import Signal

# Sent with mailbox (the normalized address) when staff export a person's data; each receiver
# returns {section name: JSON-ready data} of what it holds about that mailbox.
personal_data_exported = Signal()
# Sent with mailbox when staff erase a person's data; each receiver erases what it holds about
# that mailbox and returns how many records it erased.
personal_data_erased = Signal()
# Sent with mailbox once a signature of that mailbox is withdrawn (by its link or an erasure);
# each receiver stops what it was to send on that signature's strength alone.
signature_withdrawn = Signal()
# Sent with before (a datetime) by each retention run; each receiver deletes the personal data
# it holds about signers that the retention no longer allows: of what ended before then.
retention_applied = Signal()
