"""The proxy `make serve` puts in front of gunicorn: nginx with deploy/nginx.conf."""

import shutil
import subprocess

from config.proxy import nginx_configuration, upstream_address
from tests.config.helpers import BASE_DIR
from tests.throwaway import skip_or_fail


def test_the_proxy_configuration_is_one_nginx_accepts(tmp_path):
    nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin")
    if nginx is None:
        skip_or_fail("nginx is not installed (apt-get install nginx-light; CI installs it)")
    configuration = tmp_path / "nginx.conf"
    configuration.write_text(
        nginx_configuration(
            listen="127.0.0.1:8000",
            upstream=upstream_address(f"unix:{tmp_path / 'web.sock'}"),
            var_dir=tmp_path,
        )
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(configuration)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "{{" not in configuration.read_text().split("\n", 4)[-1]


def test_make_serve_runs_the_proxy_in_front_of_gunicorn():
    processes = dict(
        line.split(":", 1)
        for line in (BASE_DIR / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert processes["proxy"].strip() == "python -m config.proxy"
    assert processes["web"].strip().startswith("gunicorn -c config/gunicorn.py")
