"""Signals that other apps answer, so that petitions need not know them.

The rights of the person (services/personal_data.py) cover everything held about a mailbox,
news emails included: the news app answers these with what it holds.
"""

from django.dispatch import Signal

# Sent with mailbox (the normalized address) when staff export a person's data; each receiver
# returns {section name: JSON-ready data} of what it holds about that mailbox.
personal_data_exported = Signal()
# Sent with mailbox when staff erase a person's data; each receiver erases what it holds about
# that mailbox and returns how many records it erased.
personal_data_erased = Signal()
