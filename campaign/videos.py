"""Where a campaign video plays in our pages: the platform's privacy-enhanced player.

Nothing is requested from the platform before the visitor clicks play (static/js/video.js);
YouTube's player from youtube-nocookie.com, Vimeo's with dnt=1, which set no tracking cookie.
"""

import re
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtube-nocookie.com"}


def video_player_url(url):
    """Return the privacy-enhanced player's address of a YouTube or Vimeo video, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host == "youtu.be" and segments:
        video_id = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            video_id = segments[1]
    if video_id and YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
    if host in {"vimeo.com", "player.vimeo.com"}:
        numbers = [segment for segment in segments if segment.isdigit()]
        if numbers:
            return f"https://player.vimeo.com/video/{numbers[-1]}?autoplay=1&dnt=1"
    return None
