"""What organizers take away: counts exports, signer exports, delivery documents, charts.

Apart from the signing core (petitions.services), which reads without any of it.
"""
