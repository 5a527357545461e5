"""Defending a petition's count: limits on bursts, bots, refused addresses, staff's lists.

- limits: per client address and per email domain, one cache round trip (django-ratelimit's rules);
- bots: the sign form's honeypot and minimum time;
- altcha: the proof of work asked on a petition "under attack";
- lists: staff's blocked domains and IP hashes, and networks free of the address limits;
- checks: what signing and asking for a new link must pass, for the pages and the API alike;
- selectors: the signing rate and its largest sources, for staff.
"""
