"""`python -m config.proxy`: nginx (Debian's nginx-light) in front of gunicorn, in the foreground.

What `make serve` runs as the Procfile's "proxy": it listens on PROXY_BIND (host:port) and
passes each request, once read whole, to gunicorn at BIND (unix:/path or host:port).
deploy/nginx.conf is the configuration; it is written with these values into var/nginx/.
"""

import os
import pwd
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TEMPLATE = BASE_DIR / "deploy" / "nginx.conf"


def upstream_address(bind):
    """nginx's name for gunicorn's BIND: unix:/path stays, host:port too."""
    return bind if bind.startswith("unix:") else bind.removeprefix("http://")


def nginx_configuration(*, listen, upstream, var_dir):
    """deploy/nginx.conf with its {{…}} filled in."""
    # As root, nginx would run its workers as nobody, who may not write var/ nor reach the
    # socket: they run as the checkout's owner instead.
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(BASE_DIR.stat().st_uid).pw_name};"
    values = {"user": user, "var": str(var_dir), "listen": listen, "upstream": upstream}
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def main():
    listen, bind = os.environ.get("PROXY_BIND"), os.environ.get("BIND")
    if not listen or not bind:
        sys.exit("config.proxy needs PROXY_BIND (where nginx listens) and BIND (gunicorn's)")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        sys.exit("nginx is not installed: apt-get install nginx-light")
    var_dir = Path(os.environ.get("PROXY_VAR_DIR", BASE_DIR / "var" / "nginx"))
    var_dir.mkdir(parents=True, exist_ok=True)
    configuration = var_dir / "nginx.conf"
    configuration.write_text(
        nginx_configuration(listen=listen, upstream=upstream_address(bind), var_dir=var_dir)
    )
    os.execv(nginx, [nginx, "-p", str(var_dir), "-c", str(configuration)])


if __name__ == "__main__":
    main()
