"""Take the README's screenshots: the home, a petition and an event page, on a desktop and a phone,
and the petition page on a phone in each of the site's languages (petition-<language>.png).

Run from the checkout with `make screenshots`. It loads the demo campaign into a throwaway SQLite
database, serves it, and drives Debian's chromium through Playwright (never a downloaded
browser); each full-page PNG is reduced to 256 colours to stay small.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# Long pages are cut here: what a visitor sees in the first few screens.
MAX_HEIGHT = {"desktop": 2600, "phone": 4200}
LANGUAGES = ["en", "az", "ru", "tr", "fr", "es", "de", "ar"]


def main():
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as scratch, serving_the_demo(Path(scratch)) as origin:
        pages = {
            "home": "/",
            "petition": "/p/petition-to-world-leaders/",
            "event": next_event_path(origin),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for device, options in DEVICES.items():
                context = browser.new_context(locale="en-GB", **options)
                page = context.new_page()
                for name, path in pages.items():
                    screenshot(page, origin + path, OUTPUT / f"{name}-{device}.png", device)
                context.close()
            # Each language's petition page, on a phone: the page in the language of its URL.
            context = browser.new_context(locale="en-GB", **DEVICES["phone"])
            page = context.new_page()
            for language in LANGUAGES:
                url = f"{origin}/{language}{pages['petition']}"
                screenshot(page, url, OUTPUT / f"petition-{language}.png", "phone")
            context.close()
            browser.close()


def screenshot(page, url, target, device):
    page.goto(url, wait_until="networkidle")
    # Scroll through once, so that lazily loaded images (the map) are there.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=target, full_page=True)
    shrink(target, max_height=MAX_HEIGHT[device])
    print(f"{target.relative_to(BASE_DIR)}: {target.stat().st_size // 1024} KB")


class serving_the_demo:
    """Migrate a fresh SQLite database, load the demo campaign and serve it on a free port."""

    def __init__(self, scratch):
        self.environment = os.environ | {
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{scratch / 'demo.sqlite3'}",
            "EMAIL_FILE_PATH": str(scratch / "mail"),
            "REDIS_URL": "",
        }

    def manage(self, *arguments, **options):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=self.environment,
            check=True,
            **options,
        )

    def __enter__(self):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_campaign", stdout=subprocess.DEVNULL)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        origin = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(origin + "/healthz", timeout=2)
                return origin
            except OSError:
                time.sleep(0.2)
        self.server.kill()
        sys.exit("the demo server did not start")

    def __exit__(self, *exc):
        self.server.terminate()
        self.server.wait(timeout=10)


def next_event_path(origin):
    """The page of the next event in a capital: the demo's commemoration in Mexico City."""
    with urllib.request.urlopen(origin + "/api/v1/events/?country=MX", timeout=10) as response:
        (event,) = json.load(response)["results"]
    return f"/events/{event['id']}/"


def shrink(path, *, max_height):
    image = Image.open(path).convert("RGB")
    if image.height > max_height:
        image = image.crop((0, 0, image.width, max_height))
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


if __name__ == "__main__":
    main()
